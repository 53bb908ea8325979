#include "pipeline/scan_image.h"

#include <leptonica/allheaders.h>
// (jpeglib.h needs FILE and size_t before it.)
#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>
// (QPDF.hh first: clang with libstdc++ 12 needs qpdf's JSON complete before Pl_Buffer.hh's use.)
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFXRefEntry.hh>
#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

namespace protokoll::pipeline {
namespace {

bool Near(double a, double b, double tolerance) { return std::fabs(a - b) <= tolerance; }

// The page's content is exactly "[q] a 0 0 d e f cm /Name Do [Q]" with the image over the box.
bool DrawsOneImageOver(const std::string& content, const std::string& name, double x0, double y0, double w, double h) {
  std::istringstream in(content);
  std::vector<std::string> t;
  for (std::string tok; in >> tok && t.size() < 16;) t.push_back(tok);
  if (!t.empty() && t.front() == "q") t.erase(t.begin());
  if (!t.empty() && t.back() == "Q") t.pop_back();
  if (t.size() != 9 || t[6] != "cm" || t[7] != name || t[8] != "Do") return false;
  double m[6];
  for (int i = 0; i < 6; ++i) {
    char* end = nullptr;
    m[i] = std::strtod(t[static_cast<size_t>(i)].c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(m[i])) return false;
  }
  const double tol = std::max(1.0, 0.01 * std::max(w, h));
  return m[0] > 0 && m[3] > 0 && m[1] == 0 && m[2] == 0 && Near(m[0], w, tol) && Near(m[3], h, tol) &&
         Near(m[4], x0, tol) && Near(m[5], y0, tol);
}

double Number(QPDFObjectHandle o) { return o.isNumber() ? o.getNumericValue() : NAN; }

// A TIFF in memory around G4 code, so that libtiff (through Leptonica) decodes it.
std::string G4Tiff(const ScanImage& im) {
  std::string t;
  auto u16 = [&](uint16_t v) { t.push_back(static_cast<char>(v & 0xFF)); t.push_back(static_cast<char>(v >> 8)); };
  auto u32 = [&](uint32_t v) { for (int i = 0; i < 4; ++i) t.push_back(static_cast<char>((v >> (8 * i)) & 0xFF)); };
  struct Entry { uint16_t tag, type; uint32_t value; };
  const Entry entries[] = {
      {256, 4, static_cast<uint32_t>(im.width)}, {257, 4, static_cast<uint32_t>(im.height)},
      {258, 3, 1}, {259, 3, 4},  // 1 bit, CCITT T.6 (G4)
      {262, 3, 0},               // white is zero: the code's black runs come out black
      {273, 4, 0},               // strip offset: patched below
      {277, 3, 1}, {278, 4, static_cast<uint32_t>(im.height)}, {279, 4, static_cast<uint32_t>(im.data.size())},
      {293, 4, 0}};
  const uint16_t n = sizeof entries / sizeof entries[0];
  t += "II";
  u16(42);
  u32(8);
  u16(n);
  const uint32_t data_at = 8 + 2 + 12u * n + 4;
  for (const Entry& e : entries) {
    u16(e.tag);
    u16(e.type);
    u32(1);
    const uint32_t v = e.tag == 273 ? data_at : e.value;
    if (e.type == 3) {
      u16(static_cast<uint16_t>(v));
      u16(0);
    } else {
      u32(v);
    }
  }
  u32(0);
  t += im.data;
  return t;
}

}  // namespace

namespace {

// Where the stream's data of `image` lies in `pdf`, found from the cross-reference table: the
// object "N G obj", its dictionary, the keyword "stream" and an end of line, /Length bytes, an
// optional end of line and "endstream". Anything else (an offset that does not land on the
// object, a length that does not end at "endstream") is not trusted: empty.
using XRef = std::map<QPDFObjGen, QPDFXRefEntry>;
std::string_view StreamDataInPlace(std::string_view pdf, const XRef& xref, QPDFObjectHandle image) {
  const QPDFObjGen og = image.getObjGen();
  auto entry = xref.find(og);
  if (entry == xref.end() || entry->second.getType() != 1) return {};
  const qpdf_offset_t at = entry->second.getOffset();
  if (at < 0 || static_cast<uint64_t>(at) >= pdf.size()) return {};
  const std::string head = std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " obj";
  if (pdf.substr(static_cast<size_t>(at), head.size()) != head) return {};
  QPDFObjectHandle length = image.getDict().getKey("/Length");
  if (!length.isInteger() || length.getIntValue() <= 0) return {};
  const size_t n = static_cast<size_t>(length.getIntValue());
  // The first "stream" keyword after the dictionary's end: an image dictionary holds names and
  // numbers, and a "stream" inside a string would fail the "endstream" check below.
  const size_t window_end = std::min(pdf.size(), static_cast<size_t>(at) + 65536);
  size_t k = pdf.find("stream", static_cast<size_t>(at) + head.size());
  if (k == std::string_view::npos || k >= window_end) return {};
  size_t data = k + 6;
  if (data < pdf.size() && pdf[data] == '\r') ++data;
  if (data >= pdf.size() || pdf[data] != '\n') return {};
  ++data;
  if (n > pdf.size() - data) return {};
  size_t after = data + n;
  while (after < pdf.size() && after < data + n + 2 && (pdf[after] == '\r' || pdf[after] == '\n')) ++after;
  if (pdf.substr(after, 9) != "endstream") return {};
  return pdf.substr(data, n);
}

std::optional<ScanImage> ScanImageOf(std::string_view pdf, const XRef& xref, QPDFPageObjectHelper& page, bool copy_fallback) {
  try {
    QPDFObjectHandle rotate = page.getAttribute("/Rotate", false);
    if (!rotate.isNull() && !(rotate.isInteger() && rotate.getIntValue() % 360 == 0)) return std::nullopt;
    std::map<std::string, QPDFObjectHandle> images = page.getImages();
    if (images.size() != 1) return std::nullopt;
    const std::string name = images.begin()->first;
    QPDFObjectHandle image = images.begin()->second;
    QPDFObjectHandle dict = image.getDict();
    if (dict.hasKey("/SMask") || dict.hasKey("/Mask") || dict.hasKey("/Decode") || dict.hasKey("/ImageMask")) return std::nullopt;
    QPDFObjectHandle box = page.getMediaBox();
    QPDFObjectHandle crop = page.getAttribute("/CropBox", false);
    if (!box.isRectangle() || (!crop.isNull() && !(crop.isRectangle() && crop.unparse() == box.unparse()))) return std::nullopt;
    QPDFObjectHandle::Rectangle r = box.getArrayAsRectangle();
    const double w = r.urx - r.llx, h = r.ury - r.lly;
    if (!(w > 1 && h > 1)) return std::nullopt;
    Pl_Buffer content("content");
    page.pipeContents(&content);
    std::unique_ptr<Buffer> bytes(content.getBuffer());
    if (bytes->getSize() > 512) return std::nullopt;
    if (!DrawsOneImageOver(std::string(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize()), name, r.llx,
                           r.lly, w, h))
      return std::nullopt;

    ScanImage out;
    out.width = static_cast<int>(Number(dict.getKey("/Width")));
    out.height = static_cast<int>(Number(dict.getKey("/Height")));
    if (out.width <= 0 || out.height <= 0 || out.width > kMaxPageSide || out.height > kMaxPageSide ||
        static_cast<long long>(out.width) * out.height > kMaxPagePixels)
      return std::nullopt;
    out.page_width_in = w / 72.0;
    out.page_height_in = h / 72.0;
    QPDFObjectHandle filter = dict.getKey("/Filter");
    if (filter.isArray() && filter.getArrayNItems() == 1) filter = filter.getArrayItem(0);
    if (!filter.isName()) return std::nullopt;
    QPDFObjectHandle parms = dict.getKey("/DecodeParms");
    if (parms.isArray() && parms.getArrayNItems() == 1) parms = parms.getArrayItem(0);
    if (filter.getName() == "/DCTDecode") {
      QPDFObjectHandle cs = dict.getKey("/ColorSpace");
      const std::string space = cs.isName() ? cs.getName() : "";
      bool usable = space == "/DeviceGray" || space == "/DeviceRGB";
      if (cs.isArray() && cs.getArrayNItems() == 2 && cs.getArrayItem(0).isNameAndEquals("/ICCBased")) {
        QPDFObjectHandle n = cs.getArrayItem(1).isStream() ? cs.getArrayItem(1).getDict().getKey("/N") : QPDFObjectHandle();
        usable = n.isInteger() && (n.getIntValue() == 1 || n.getIntValue() == 3);
      }
      if (!usable || Number(dict.getKey("/BitsPerComponent")) != 8) return std::nullopt;
      out.kind = ScanImage::Kind::kJpeg;
    } else if (filter.getName() == "/CCITTFaxDecode") {
      if (!parms.isDictionary()) return std::nullopt;
      QPDFObjectHandle k = parms.getKey("/K"), cols = parms.getKey("/Columns"), rows = parms.getKey("/Rows");
      if (!k.isInteger() || k.getIntValue() >= 0) return std::nullopt;  // G4 only
      if (!cols.isInteger() || cols.getIntValue() != out.width) return std::nullopt;
      if (!rows.isNull() && !(rows.isInteger() && rows.getIntValue() == out.height)) return std::nullopt;
      if (parms.getKey("/EncodedByteAlign").isBool() && parms.getKey("/EncodedByteAlign").getBoolValue()) return std::nullopt;
      // BlackIs1 true shows the code's black runs white (a negative): left to Poppler.
      if (parms.getKey("/BlackIs1").isBool() && parms.getKey("/BlackIs1").getBoolValue()) return std::nullopt;
      out.kind = ScanImage::Kind::kG4;
    } else {
      return std::nullopt;
    }
    out.data = StreamDataInPlace(pdf, xref, image);
    if (out.data.empty()) {
      if (!copy_fallback) return std::nullopt;  // left to Poppler rather than a copy of every image
      std::shared_ptr<Buffer> raw = image.getRawStreamData();
      out.Own(std::string(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize()));
    }
    if (out.data.empty()) return std::nullopt;
    return out;
  } catch (const std::exception&) {
    return std::nullopt;  // left to Poppler, which says what is wrong if anything is
  }
}

}  // namespace

ScanImages ScanImagesOfPdf(std::string_view pdf, bool copy_fallback) {
  ScanImages out;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.setAttemptRecovery(false);
    q.processMemoryFile("scan", pdf.data(), pdf.size());
    if (q.isEncrypted()) return out;
    std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(q).getAllPages();
    const XRef xref = q.getXRefTable();
    out.reserve(pages.size());
    for (QPDFPageObjectHelper& page : pages) out.push_back(ScanImageOf(pdf, xref, page, copy_fallback));
  } catch (const std::exception&) {
    out.clear();  // left to Poppler, which says what is wrong if anything is
  }
  return out;
}

std::optional<ScanImage> ScanImageOfPage(std::string_view pdf, int index) {
  ScanImages all = ScanImagesOfPdf(pdf, true);
  if (index < 0 || static_cast<size_t>(index) >= all.size()) return std::nullopt;
  return std::move(all[static_cast<size_t>(index)]);
}

namespace {

// libjpeg's errors end in a longjmp back to JpegGreyInto: nothing there has a destructor.
struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf back;
};
void JpegErrorExit(j_common_ptr c) { std::longjmp(reinterpret_cast<JpegError*>(c->err)->back, 1); }
void JpegQuiet(j_common_ptr, int) {}

// The JPEG's grey samples at 1/reduction of its size, for the probe only: libjpeg gives the
// luminance alone (no colour conversion), scaled inside its inverse DCT, by the fast integer DCT,
// without smoothing. An empty page's cost is this decoding, and most of it is the entropy
// decoding that no setting avoids; Leptonica's reader (the slow DCT, colour, then grey) took
// 1.5–2.5 ms more per 300 dpi verso. Fails (false) on anything unusual, CMYK for one: the caller
// then takes Leptonica's way.
bool JpegGreyInto(const unsigned char* data, unsigned long size, int reduction, Pix** out) {
  jpeg_decompress_struct c;
  JpegError error;
  c.err = jpeg_std_error(&error.mgr);
  error.mgr.error_exit = JpegErrorExit;
  error.mgr.emit_message = JpegQuiet;
  Pix* volatile pix = nullptr;  // (volatile: set after setjmp and read after its longjmp)
  if (setjmp(error.back)) {
    jpeg_destroy_decompress(&c);
    Pix* made = pix;
    pixDestroy(&made);
    return false;
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, data, size);
  if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK || c.image_width > static_cast<unsigned>(kMaxPageSide) ||
      c.image_height > static_cast<unsigned>(kMaxPageSide) ||
      (c.jpeg_color_space != JCS_GRAYSCALE && c.jpeg_color_space != JCS_YCbCr)) {
    jpeg_destroy_decompress(&c);
    return false;
  }
  c.out_color_space = JCS_GRAYSCALE;
  c.scale_num = 1;
  c.scale_denom = static_cast<unsigned>(reduction);
  c.dct_method = JDCT_IFAST;
  c.do_fancy_upsampling = FALSE;
  c.do_block_smoothing = FALSE;
  jpeg_start_decompress(&c);
  pix = pixCreateNoInit(static_cast<l_int32>(c.output_width), static_cast<l_int32>(c.output_height), 8);  // every row written below
  if (!pix || c.output_components != 1) {
    jpeg_destroy_decompress(&c);
    Pix* made = pix;
    pixDestroy(&made);
    return false;
  }
  // Rows straight into the Pix's words as bytes in file order; Leptonica's order within a word
  // is then made by one pass (pixEndianByteSwap does nothing on a big-endian machine).
  auto* line = reinterpret_cast<JSAMPLE*>(pixGetData(pix));
  const size_t stride = static_cast<size_t>(pixGetWpl(pix)) * 4;
  while (c.output_scanline < c.output_height) {
    JSAMPROW rows[1] = {line + stride * c.output_scanline};
    if (jpeg_read_scanlines(&c, rows, 1) == 1)  // the row's padding zeroed (the Pix was not)
      std::memset(rows[0] + c.output_width, 0, stride - c.output_width);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  pixEndianByteSwap(pix);
  *out = pix;
  return true;
}

}  // namespace

Result<PixPtr> DecodeScanImage(const ScanImage& image, int reduction) {
  const auto* data = reinterpret_cast<const l_uint8*>(image.data.data());
  if (image.kind == ScanImage::Kind::kJpeg) {
    if (reduction > 1) {
      Pix* grey = nullptr;
      if (JpegGreyInto(data, image.data.size(), reduction, &grey)) return PixPtr(grey);
    }
    l_int32 warnings = 0;
    PixPtr pix(pixReadMemJpeg(data, image.data.size(), 0, reduction, &warnings, 0));
    if (!pix) return Status::Error("image", "the page's JPEG cannot be decoded");
    if (pixGetDepth(pix.get()) == 32) {
      pix.reset(pixConvertRGBToLuminance(pix.get()));
      if (!pix) return Status::Error("image", "the page's colour JPEG cannot be turned grey");
    } else if (pixGetDepth(pix.get()) != 8) {
      pix.reset(pixConvertTo8(pix.get(), 0));
      if (!pix) return Status::Error("image", "the page's JPEG has an unusual depth");
    }
    return pix;
  }
  const std::string tiff = G4Tiff(image);
  PixPtr pix(pixReadMemTiff(reinterpret_cast<const l_uint8*>(tiff.data()), tiff.size(), 0));
  if (!pix || pixGetWidth(pix.get()) != image.width || pixGetHeight(pix.get()) != image.height)
    return Status::Error("image", "the page's G4 image cannot be decoded");
  if (reduction <= 1) return pix;
  Pix* grey = reduction == 2 ? pixScaleToGray2(pix.get()) : reduction == 4 ? pixScaleToGray4(pix.get()) : pixScaleToGray8(pix.get());
  if (!grey) return Status::Error("image", "the page's G4 image cannot be reduced");
  return PixPtr(grey);
}

namespace {

// A small grey copy of a full page image for the probe.
PixPtr ProbeCopy(Pix* full) {
  const int res = PixResolution(full) > 0 ? PixResolution(full) : 300;
  if (pixGetDepth(full) == 1) {
    const int r = res >= 500 ? 8 : res >= 250 ? 4 : 2;
    return PixPtr(r == 8 ? pixScaleToGray8(full) : r == 4 ? pixScaleToGray4(full) : pixScaleToGray2(full));
  }
  PixPtr grey(pixConvertTo8(full, 0));
  if (!grey) return nullptr;
  const float f = std::min(1.0f, static_cast<float>(kProbeDpi) / static_cast<float>(res));
  return PixPtr(f >= 0.99f ? pixClone(grey.get()) : pixScaleAreaMap(grey.get(), f, f));
}

}  // namespace

Result<PageForOcr> ReadPageForOcr(std::string_view bytes, bool pdf, int index, int dpi, const std::string& password,
                                  const ScanImages* scans) {
  PageForOcr out;
  if (pdf) {
    // The probe from the file's own image when the page is a plain scan: a JPEG decoded at a
    // quarter (libjpeg scales while it decodes), G4 decoded and reduced to grey.
    std::optional<ScanImage> own;
    if (password.empty()) {
      if (!scans) own = ScanImageOfPage(bytes, index);
      else if (index >= 0 && static_cast<size_t>(index) < scans->size()) own = (*scans)[static_cast<size_t>(index)];
    }
    if (const std::optional<ScanImage>& scan = own) {
      const double image_dpi = scan->width / scan->page_width_in;
      const int reduction = image_dpi >= 500 ? 8 : image_dpi >= 250 ? 4 : image_dpi >= 125 ? 2 : 1;
      Result<PixPtr> small = DecodeScanImage(*scan, reduction);
      if (small.ok() && *small) {
        out.probe = ProbeInk(small->get());
        out.probed_from_file = true;
        if (out.probe.empty) return out;
      }
    }
    // The page to read is Poppler's rendering even of a plain scan: Poppler's resampling smooths
    // the scanner's noise a little, and Tesseract read the samples' scans better from it than
    // from the JPEG's own pixels ("KS § 187" became "KS 8 187", "Dnr KS" "DnreKS").
    if (!out.probed_from_file) {
      auto small = RenderPdfPage(bytes, index, kProbeDpi, password);
      if (!small.ok()) return small.status();
      out.probe = ProbeInk(small->get());
      if (out.probe.empty) return out;
    }
    auto full = RenderPdfPage(bytes, index, dpi, password);
    if (!full.ok()) return full.status();
    out.pix = std::move(*full);
    return out;
  }
  // An image file: a JPEG is glanced at in a quarter of its size before it is decoded whole.
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (index == 0 && bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 && pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) == 0 &&
      w > 0 && h > 0 && w <= kMaxPageSide && h <= kMaxPageSide && static_cast<long long>(w) * h <= kMaxPagePixels) {
    Pix* grey = nullptr;
    l_int32 warnings = 0;
    PixPtr small(JpegGreyInto(data, bytes.size(), 4, &grey) ? grey : pixReadMemJpeg(data, bytes.size(), 0, 4, &warnings, 0));
    if (small) {
      out.probe = ProbeInk(small.get());
      if (out.probe.empty) return out;
    }
  }
  auto full = DecodeImagePage(bytes, index);
  if (!full.ok()) return full.status();
  if (PixPtr small = ProbeCopy(full->get())) {
    out.probe = ProbeInk(small.get());
    if (out.probe.empty) return out;
  }
  out.pix = std::move(*full);
  return out;
}

}  // namespace protokoll::pipeline
