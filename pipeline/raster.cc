#include "pipeline/raster.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <tiffio.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>

namespace protokoll::pipeline {

void PixDestroyer::operator()(Pix* p) const {
  if (p) pixDestroy(&p);
}

int PixWidth(const Pix* p) { return p ? static_cast<int>(pixGetWidth(p)) : 0; }
int PixHeight(const Pix* p) { return p ? static_cast<int>(pixGetHeight(p)) : 0; }
int PixResolution(const Pix* p) { return p ? static_cast<int>(pixGetXRes(p)) : 0; }

namespace {
// Leptonica prints its complaints to stderr; protokoll reports its own Status instead.
void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    leptSetStderrHandler([](const char*) {});  // "Bad file: amount too big" and the like
    // libtiff prints "Bad file: …" for corrupt TIFFs; the Status says it instead.
    TIFFSetErrorHandler(nullptr);
    TIFFSetWarningHandler(nullptr);
  });
}
// The ink a page needs to be read (ProbeInk): 15 pixels at 75 dpi, a pencilled figure of a few
// millimetres, far less than a typed word.
constexpr long kLeastInk = 15;
}  // namespace

double RenderResolution(double width_pt, double height_pt, int dpi) {
  const double w_in = width_pt / 72.0, h_in = height_pt / 72.0;
  if (!(w_in > 0 && h_in > 0)) return dpi;
  // Capped so the image stays inside the limits (a 200-inch page is rendered coarser, not
  // refused; poppler would otherwise hand back a "valid" 1×1 image).
  double d = dpi;
  d = std::min(d, kMaxPageSide / std::max(w_in, h_in));
  d = std::min(d, std::sqrt(static_cast<double>(kMaxPagePixels) / (w_in * h_in)));
  return d;
}

Result<PixPtr> RenderPdfPage(std::string_view pdf, int index, int dpi, const std::string& password) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      pdf.data(), static_cast<int>(pdf.size()), password, password));
  if (!doc) return Status::Error("render", "the PDF cannot be loaded");
  if (doc->is_locked()) return Status::Error("render", "encrypted PDF is locked");
  if (index < 0 || index >= doc->pages()) return Status::Error("render", "no such page", "", index + 1);
  std::unique_ptr<poppler::page> page(doc->create_page(index));
  if (!page) return Status::Error("render", "page cannot be read (broken page tree)", "", index + 1);
  poppler::rectf box = page->page_rect();
  const double w_in = box.width() / 72.0, h_in = box.height() / 72.0;
  if (!(w_in > 0.05 && h_in > 0.05))
    return Status::Error("render", "page has no size", "", index + 1);
  const double d = RenderResolution(box.width(), box.height(), dpi);
  if (d < 30) return Status::Error("render", "page is too large to render legibly", "", index + 1);
  poppler::page_renderer r;
  r.set_image_format(poppler::image::format_gray8);
  r.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
  poppler::image img = r.render_page(page.get(), d, d);
  const int w = img.width(), h = img.height();
  if (!img.is_valid() || w < 16 || h < 16)
    return Status::Error("render", "poppler rendered no usable image", "", index + 1);
  Pix* pix = pixCreate(w, h, 8);
  if (!pix) return Status::Error("render", "out of memory for the page image", "", index + 1);
  pixSetResolution(pix, static_cast<int>(d), static_cast<int>(d));
  const char* src = img.const_data();
  const int stride = img.bytes_per_row();
  l_uint32* dst = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = reinterpret_cast<const unsigned char*>(src + static_cast<long>(y) * stride);
    l_uint32* line = dst + static_cast<long>(y) * wpl;
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return PixPtr(pix);
}

Result<int> ImagePageCount(std::string_view bytes) {
  QuietLeptonica();
  l_int32 format = 0;
  l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0)
    return Status::Error("image", "not a readable image (bad header)");
  if (format == IFF_TIFF || format == IFF_TIFF_G3 || format == IFF_TIFF_G4 ||
      format == IFF_TIFF_PACKBITS || format == IFF_TIFF_RLE || format == IFF_TIFF_LZW ||
      format == IFF_TIFF_ZIP || format == IFF_TIFF_JPEG) {
    FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
    if (!f) return Status::Error("image", "cannot open the TIFF");
    l_int32 n = 0;
    l_ok bad = tiffGetCount(f, &n);
    fclose(f);
    if (bad || n <= 0) return Status::Error("image", "corrupt TIFF: no readable pages");
    return static_cast<int>(n);
  }
  return 1;
}

Result<PixPtr> DecodeImagePage(std::string_view bytes, int index) {
  QuietLeptonica();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  Pix* pix = nullptr;
  bool tiff = bytes.size() >= 4 && (std::memcmp(bytes.data(), "II*\0", 4) == 0 ||
                                    std::memcmp(bytes.data(), "MM\0*", 4) == 0);
  if (tiff) {
    // The header of page `index` itself: pages of one TIFF may differ in size.
    l_int32 res = 0;
    if (readHeaderMemTiff(data, bytes.size(), index, &w, &h, &bps, &spp, &res, &cmap, &format) != 0)
      return Status::Error("image", "corrupt TIFF: page header unreadable", "", index + 1);
  } else if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0) {
    return Status::Error("image", "not a readable image (bad header)", "", index + 1);
  }
  if (w <= 0 || h <= 0) return Status::Error("image", "image has no size", "", index + 1);
  if (w > kMaxPageSide || h > kMaxPageSide || static_cast<long long>(w) * h > kMaxPagePixels)
    return Status::Error("image",
                         "image of " + std::to_string(w) + "×" + std::to_string(h) +
                             " pixels is over the limit; refused before decoding",
                         "", index + 1);
  pix = tiff ? pixReadMemTiff(data, bytes.size(), index) : pixReadMem(data, bytes.size());
  if (!pix) return Status::Error("image", "the image data cannot be decoded (corrupt?)", "", index + 1);
  PixPtr owned(pix);
  if (PixWidth(pix) > kMaxPageSide || PixHeight(pix) > kMaxPageSide ||
      static_cast<long long>(PixWidth(pix)) * PixHeight(pix) > kMaxPagePixels)
    return Status::Error("image", "page image is over the size limit", "", index + 1);
  return owned;
}

InkProbe ProbeInk(const Pix* small) {
  InkProbe out;
  // An 8-bit grey image is read as it is (pixConvertTo8 would copy it).
  Pix* in = const_cast<Pix*>(small);
  PixPtr grey(pixGetDepth(in) == 8 && !pixGetColormap(in) ? pixClone(in) : pixConvertTo8(in, 0));
  if (!grey) return out;
  const int w = pixGetWidth(grey.get()), h = pixGetHeight(grey.get());
  if (w < 8 || h < 8) return out;
  // The paper: the median grey; its noise: the mean deviation of pixels near it.
  long histogram[256] = {};
  const l_uint32* data = pixGetData(grey.get());
  const int wpl = pixGetWpl(grey.get());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) ++histogram[GET_DATA_BYTE(data + static_cast<long>(y) * wpl, x)];
  const long total = static_cast<long>(w) * h;
  long seen = 0;
  int paper = 255;
  for (int v = 0; v < 256; ++v) {
    seen += histogram[v];
    if (seen * 2 >= total) {
      paper = v;
      break;
    }
  }
  double dev = 0;
  long near = 0;
  for (int v = std::max(0, paper - 40); v <= std::min(255, paper + 40); ++v) {
    dev += static_cast<double>(histogram[v]) * std::abs(v - paper);
    near += histogram[v];
  }
  const double noise = near ? dev / near : 0;
  out.paper = paper;
  // Ink: darker than the paper by 20 levels, or by 5 times the noise on a noisy scan.
  const int threshold = paper - std::max(20, static_cast<int>(std::lround(5 * noise)));
  if (threshold <= 0) return out;  // a black page, or no paper to speak of: read it
  // Fewer pixels darker than that in all than a mark needs: empty, without looking for marks
  // (the common empty verso: paper and its noise, nothing near the threshold).
  long darker = 0;
  for (int v = 0; v < threshold; ++v) darker += histogram[v];
  if (darker < kLeastInk) {
    out.ink_pixels = 0;
    out.empty = true;
    return out;
  }
  PixPtr ink(pixThresholdToBinary(grey.get(), threshold));
  if (!ink) return out;
  PixPtr inner(pixRemoveBorderConnComps(ink.get(), 8));
  if (!inner) return out;
  Boxa* boxes = nullptr;
  Pixa* marks = nullptr;
  boxes = pixConnComp(inner.get(), &marks, 8);
  const int n = boxes ? boxaGetCount(boxes) : 0;
  for (int i = 0; i < n; ++i) {
    Pix* mark = pixaGetPix(marks, i, L_CLONE);
    l_int32 count = 0;
    pixCountPixels(mark, &count, nullptr);
    pixDestroy(&mark);
    if (count >= 3) out.ink_pixels += count;
  }
  boxaDestroy(&boxes);
  pixaDestroy(&marks);
  out.empty = out.ink_pixels < kLeastInk;
  return out;
}

int UprightTurns(Pix* page, bool* decisive) {
  *decisive = false;
  PixPtr bin(pixGetDepth(page) == 1 ? pixClone(page) : pixConvertTo1(page, 160));
  if (!bin) return 0;
  // Leptonica's detector wants text of 150–300 dpi; a 400 dpi page is halved.
  const int res = PixResolution(page) > 0 ? PixResolution(page) : 300;
  if (res > 250) bin.reset(pixReduceRankBinary2(bin.get(), 1, nullptr));
  if (!bin) return 0;
  l_float32 up = 0, left = 0;
  l_int32 orient = 0;
  if (pixOrientDetect(bin.get(), &up, &left, 0, 0) != 0) return 0;
  // Leptonica's defaults: up/down confidence ≥ 8, and 2.5 times the other direction's.
  if (makeOrientDecision(up, left, 0, 0, &orient, 0) != 0) return 0;
  switch (orient) {
    case L_TEXT_ORIENT_UP: *decisive = true; return 0;
    case L_TEXT_ORIENT_LEFT: *decisive = true; return 1;
    case L_TEXT_ORIENT_DOWN: *decisive = true; return 2;
    case L_TEXT_ORIENT_RIGHT: *decisive = true; return 3;
    default: return 0;
  }
}

PixPtr TurnPage(Pix* page, int quarter_turns) {
  const int q = ((quarter_turns % 4) + 4) % 4;
  PixPtr out(q == 0 ? pixCopy(nullptr, page) : pixRotateOrth(page, q));
  if (out) pixCopyResolution(out.get(), page);
  return out;
}

int QuarterTurnsOf(std::string_view ocr_variant) {
  const size_t at = ocr_variant.find("+turned");
  if (at == std::string_view::npos) return 0;
  std::string_view deg = ocr_variant.substr(at + 7, 3);
  return deg == "90" || deg.substr(0, 2) == "90" ? 1 : deg == "180" ? 2 : deg == "270" ? 3 : 0;
}

Result<PagePreview> RenderPagePreview(std::string_view bytes, bool pdf, int index, int dpi, int max_width, int quarter_turns) {
  QuietLeptonica();
  Result<PixPtr> page = pdf ? RenderPdfPage(bytes, index, dpi, "") : DecodeImagePage(bytes, index);
  if (!page.ok()) return page.status();
  if (quarter_turns % 4 != 0) {
    PixPtr turned = TurnPage(page->get(), quarter_turns);
    if (!turned) return Status::Error("render", "the page image cannot be turned", "", index + 1);
    *page = std::move(turned);
  }
  Pix* pix = page->get();
  PagePreview out;
  out.full_width = PixWidth(pix);
  out.full_height = PixHeight(pix);
  PixPtr shown;
  if (out.full_width > max_width) {
    const float f = static_cast<float>(max_width) / static_cast<float>(out.full_width);
    // Bilevel scans are scaled to grey so thin strokes stay readable.
    shown.reset(pixGetDepth(pix) == 1 ? pixScaleToGray(pix, f) : pixScale(pix, f, f));
    if (!shown) return Status::Error("render", "the page image cannot be scaled", "", index + 1);
    pix = shown.get();
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix, IFF_PNG) != 0 || !data)
    return Status::Error("render", "the page image cannot be encoded as PNG", "", index + 1);
  out.png.assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace protokoll::pipeline
