#include "pipeline/searchable_pdf.h"

#include <leptonica/allheaders.h>
#include <tiffio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <sstream>
#include <vector>

#include "pipeline/ocr.h"
#include "extractors/text.h"
#include "pipeline/raster.h"
#include "pipeline/sha256.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {

namespace {

using catalogue::Catalogue;
using catalogue::OcrLineRecord;
using catalogue::PageSource;

// The glyphless font's advance: 500/1000 of the font size for every character (its /DW).
constexpr double kCharWidth = 0.5;

// A number as PDF content writes it: fixed point, at most three decimals, never an exponent,
// whatever the process's locale.
std::string Num(double v) {
  if (!std::isfinite(v)) v = 0;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
  std::string s(buf, r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

// Tesseract's glyphless font (pdf.ttf), read once.
Result<std::string> GlyphlessFont(const std::string& given) {
  std::vector<std::string> candidates;
  if (!given.empty()) {
    candidates.push_back(given);
  } else {
    if (const char* prefix = std::getenv("TESSDATA_PREFIX")) {
      candidates.push_back(std::string(prefix) + "/pdf.ttf");
      candidates.push_back(std::string(prefix) + "/tessdata/pdf.ttf");
    }
    for (const char* dir :
         {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
          "/usr/share/tessdata", "/usr/local/share/tessdata"})
      candidates.push_back(std::string(dir) + "/pdf.ttf");
  }
  for (const std::string& path : candidates) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    std::string font = ss.str();
    // A TrueType file begins with 00 01 00 00 (or 'true').
    if (font.size() >= 12 &&
        (font.compare(0, 4, std::string("\0\1\0\0", 4)) == 0 || font.compare(0, 4, "true") == 0))
      return font;
  }
  return Status::Error("pdf", "Tesseract's glyphless font pdf.ttf was not found (" +
                                  candidates.front() + "; it comes with tesseract-ocr)");
}

// The Type0 font of the text layer, added to `pdf` as indirect objects: a CIDFontType2 whose
// every CID shows the one empty glyph (CIDToGIDMap), Identity-H, and a ToUnicode CMap that maps
// each code to the same code point — so the text is the characters themselves, in any reader.
QPDFObjectHandle AddGlyphlessFont(QPDF& pdf, const std::string& ttf) {
  QPDFObjectHandle file = pdf.newStream(ttf);
  file.getDict().replaceKey("/Length1",
                            QPDFObjectHandle::newInteger(static_cast<long long>(ttf.size())));
  QPDFObjectHandle descriptor = pdf.makeIndirectObject(
      QPDFObjectHandle::parse("<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 "
                              "/FontBBox [0 0 500 1000] /ItalicAngle 0 "
                              "/Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 >>"));
  descriptor.replaceKey("/FontFile2", file);
  std::string map(2 * 65536, '\0');
  for (size_t i = 1; i < map.size(); i += 2) map[i] = '\1';  // every CID → glyph 1
  QPDFObjectHandle cid_to_gid = pdf.newStream(map);
  QPDFObjectHandle cid_font = pdf.makeIndirectObject(
      QPDFObjectHandle::parse("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont "
                              "/CIDSystemInfo << /Registry (Adobe) "
                              "/Ordering (Identity) /Supplement 0 >> /DW 500 >>"));
  cid_font.replaceKey("/FontDescriptor", descriptor);
  cid_font.replaceKey("/CIDToGIDMap", cid_to_gid);
  // Ranges may not cross a change of the first byte; the surrogate codes D800–DFFF map to nothing.
  std::vector<std::string> ranges;
  for (int hi = 0; hi < 256; ++hi) {
    if (hi >= 0xD8 && hi <= 0xDF) continue;
    char r[32];
    std::snprintf(r, sizeof r, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
    ranges.push_back(r);
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
      "(Adobe) "
      "/Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (size_t i = 0; i < ranges.size(); i += 100) {
    const size_t n = std::min<size_t>(100, ranges.size() - i);
    cmap += std::to_string(n) + " beginbfrange\n";
    for (size_t k = i; k < i + n; ++k) cmap += ranges[k];
    cmap += "endbfrange\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  QPDFObjectHandle font = pdf.makeIndirectObject(QPDFObjectHandle::parse(
      "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H >>"));
  QPDFObjectHandle descendants = QPDFObjectHandle::newArray();
  descendants.appendItem(cid_font);
  font.replaceKey("/DescendantFonts", descendants);
  font.replaceKey("/ToUnicode", pdf.newStream(cmap));
  return font;
}

// A word as the font's codes: UTF-16BE hex, one code a character; characters outside the Basic
// Multilingual Plane (which OCR of Swedish does not give) and broken UTF-8 become U+FFFD.
std::string HexCodes(const std::string& utf8, int* count) {
  std::string out;
  *count = 0;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = 0xFFFD;
    size_t n = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6 && i + 1 < utf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      n = 2;
    } else if ((c >> 4) == 0xE && i + 2 < utf8.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
      n = 3;
    } else if ((c >> 3) == 0x1E && i + 3 < utf8.size()) {
      n = 4;  // outside the BMP
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    char h[8];
    std::snprintf(h, sizeof h, "%04X", cp);
    out += h;
    ++*count;
    i += n;
  }
  return out;
}

// From the page image's pixels (origin top left) to points of the page as shown (origin bottom
// left, y up).
struct Mapping {
  double sx = 1, sy = 1, height = 0;
};

// The text layer of one page: BT … ET with every word of every line, invisible (3 Tr). Each line
// has one font size and one baseline, so that text extraction keeps its words on one line: the
// size is the line's height — the page's usual line height when within a quarter of it, so that
// a page's lines make one block — centred on the line's box; each word starts at its box's left
// edge and is stretched (Tz) to its box's width, and a space, stretched across the gap, follows
// every word but the last.
std::string TextOperators(const std::vector<OcrLineRecord>& lines, const Mapping& m,
                          const std::string& font, int* words) {
  std::vector<int> heights;
  for (const OcrLineRecord& l : lines)
    if (l.height > 0) heights.push_back(l.height);
  if (heights.empty()) return "";
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2),
                   heights.end());
  const double usual = heights[heights.size() / 2];
  std::string ops = "BT\n3 Tr\n";
  for (const OcrLineRecord& l : lines) {
    const std::vector<std::string> tokens = extractors::SplitAtSpaces(l.text);
    if (tokens.empty() || l.height <= 0) continue;
    std::vector<catalogue::WordBox> boxes = l.words;
    if (boxes.size() != tokens.size()) {
      // Not recorded (a catalogue before schema 8) or not this text: spread over the line.
      boxes.clear();
      for (const OcrWord& w : AlignWords(l.text, {}, OcrWord{"", l.left, l.top, l.width, l.height}))
        boxes.push_back({w.left, w.top, w.width, w.height});
    }
    const double size_px = std::abs(l.height - usual) <= 0.25 * usual ? usual : l.height;
    // Text extraction (Poppler's) puts a space between two words only where the gap is over
    // 0.15 of the font size: a word whose box touches or overlaps the next one (Tesseract's
    // boxes do: "Enligt" over "KS") ends that much short of it.
    const int min_gap = static_cast<int>(std::ceil(0.2 * size_px));
    for (size_t k = 0; k + 1 < boxes.size(); ++k) {
      catalogue::WordBox &a = boxes[k], &b = boxes[k + 1];
      if (b.left - (a.left + a.width) >= min_gap) continue;
      const int shortened = b.left - min_gap - a.left;
      a.width = std::max(std::max(1, a.width / 3), shortened);
      if (b.left < a.left + a.width + min_gap) b.left = a.left + a.width + min_gap;
    }
    const double size = size_px * m.sy;
    const double baseline = m.height - (l.top + l.height / 2.0 + size_px / 2.0) * m.sy;
    ops += font + " " + Num(size) + " Tf\n";
    for (size_t k = 0; k < tokens.size(); ++k) {
      int n = 0;
      const std::string hex = HexCodes(tokens[k], &n);
      if (n == 0) continue;
      const double x = boxes[k].left * m.sx, width = std::max(1, boxes[k].width) * m.sx;
      ops += Num(100 * width / (n * kCharWidth * size)) + " Tz 1 0 0 1 " + Num(x) + " " +
             Num(baseline) + " Tm <" + hex + "> Tj\n";
      ++*words;
      if (k + 1 < tokens.size()) {
        const double gap =
            std::max(0.01, (boxes[k + 1].left - (boxes[k].left + boxes[k].width)) * m.sx);
        ops += Num(100 * gap / (kCharWidth * size)) + " Tz <0020> Tj\n";
      }
    }
  }
  return ops + "ET\n";
}

// --- Image files ------------------------------------------------------------------------------

// An image XObject of a page of an image file, with the page's size in points.
struct PageImage {
  QPDFObjectHandle image;
  int width = 0, height = 0;  // pixels
  double xres = 0, yres = 0;  // dpi; 0 unknown
  bool kept = false;          // the file's own bytes
};

// libtiff over bytes in memory (read only).
struct MemTiff {
  const char* data;
  toff_t size, pos;
};
tsize_t TiffRead(thandle_t h, tdata_t buf, tsize_t n) {
  auto* m = static_cast<MemTiff*>(h);
  if (n <= 0 || m->pos >= m->size) return 0;
  const toff_t k = std::min<toff_t>(static_cast<toff_t>(n), m->size - m->pos);
  std::memcpy(buf, m->data + m->pos, k);
  m->pos += k;
  return static_cast<tsize_t>(k);
}
tsize_t TiffWrite(thandle_t, tdata_t, tsize_t) { return -1; }
toff_t TiffSeek(thandle_t h, toff_t off, int whence) {
  auto* m = static_cast<MemTiff*>(h);
  const toff_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->size : 0;
  m->pos = base + off;
  return m->pos;
}
int TiffClose(thandle_t) { return 0; }
toff_t TiffSize(thandle_t h) { return static_cast<MemTiff*>(h)->size; }
int TiffMap(thandle_t, tdata_t*, toff_t*) { return 0; }
void TiffUnmap(thandle_t, tdata_t, toff_t) {}

struct TiffCloser {
  void operator()(TIFF* t) const { TIFFClose(t); }
};

double Dpi(double v, uint16_t unit) {
  if (!(v > 0) || unit == RESUNIT_NONE) return 0;
  return unit == RESUNIT_CENTIMETER ? v * 2.54 : v;
}

// Page `index` of a TIFF as its own CCITT G4 data, when the page is one strip of bilevel G4 in
// the bit order PDF reads, upright; nullopt when it has to be decoded.
std::optional<PageImage> KeptG4Page(QPDF& pdf, std::string_view bytes, int index) {
  TIFFSetErrorHandler(nullptr);
  TIFFSetWarningHandler(nullptr);
  MemTiff mem{bytes.data(), bytes.size(), 0};
  std::unique_ptr<TIFF, TiffCloser> tif(TIFFClientOpen(
      "page", "rm", &mem, TiffRead, TiffWrite, TiffSeek, TiffClose, TiffSize, TiffMap, TiffUnmap));
  if (!tif || !TIFFSetDirectory(tif.get(), static_cast<tdir_t>(index))) return std::nullopt;
  TIFF* t = tif.get();
  uint16_t compression = 0, photometric = 99, bps = 1, spp = 1, fill = FILLORDER_MSB2LSB,
           orientation = ORIENTATION_TOPLEFT, unit = RESUNIT_INCH;
  uint32_t w = 0, h = 0, options = 0;
  TIFFGetField(t, TIFFTAG_COMPRESSION, &compression);
  if (compression != COMPRESSION_CCITTFAX4) return std::nullopt;
  TIFFGetField(t, TIFFTAG_PHOTOMETRIC, &photometric);
  TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(t, TIFFTAG_FILLORDER, &fill);
  TIFFGetFieldDefaulted(t, TIFFTAG_ORIENTATION, &orientation);
  TIFFGetField(t, TIFFTAG_T6OPTIONS, &options);
  if (!TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h))
    return std::nullopt;
  // Several strips are several G4 streams (each starts afresh): not one PDF image stream.
  if (bps != 1 || spp != 1 || TIFFIsTiled(t) || TIFFNumberOfStrips(t) != 1 ||
      fill != FILLORDER_MSB2LSB || orientation != ORIENTATION_TOPLEFT ||
      (photometric != PHOTOMETRIC_MINISWHITE && photometric != PHOTOMETRIC_MINISBLACK) ||
      (options & GROUP4OPT_UNCOMPRESSED) || w == 0 || h == 0 ||
      w > static_cast<uint32_t>(kMaxPageSide) || h > static_cast<uint32_t>(kMaxPageSide))
    return std::nullopt;
  const tmsize_t raw_size = TIFFRawStripSize(t, 0);
  if (raw_size <= 0 || static_cast<size_t>(raw_size) > bytes.size()) return std::nullopt;
  std::string raw(static_cast<size_t>(raw_size), '\0');
  if (TIFFReadRawStrip(t, 0, raw.data(), raw_size) != raw_size) return std::nullopt;
  PageImage out;
  out.width = static_cast<int>(w);
  out.height = static_cast<int>(h);
  float xr = 0, yr = 0;
  TIFFGetFieldDefaulted(t, TIFFTAG_RESOLUTIONUNIT, &unit);
  if (TIFFGetField(t, TIFFTAG_XRESOLUTION, &xr)) out.xres = Dpi(xr, unit);
  if (TIFFGetField(t, TIFFTAG_YRESOLUTION, &yr)) out.yres = Dpi(yr, unit);
  out.image = pdf.newStream();
  QPDFObjectHandle dict = QPDFObjectHandle::parse(
      "<< /Type /XObject /Subtype /Image /ColorSpace /DeviceGray /BitsPerComponent 1 >>");
  dict.replaceKey("/Width", QPDFObjectHandle::newInteger(w));
  dict.replaceKey("/Height", QPDFObjectHandle::newInteger(h));
  QPDFObjectHandle parms = QPDFObjectHandle::newDictionary();
  parms.replaceKey("/K", QPDFObjectHandle::newInteger(-1));
  parms.replaceKey("/Columns", QPDFObjectHandle::newInteger(w));
  parms.replaceKey("/Rows", QPDFObjectHandle::newInteger(h));
  // G4 codes white and black runs; MinIsWhite stores black as 1, as a fax decoder gives it with
  // BlackIs1 false and a DeviceGray 0 (black); MinIsBlack the other way round.
  parms.replaceKey("/BlackIs1", QPDFObjectHandle::newBool(photometric == PHOTOMETRIC_MINISBLACK));
  for (const auto& k : dict.getKeys()) out.image.getDict().replaceKey(k, dict.getKey(k));
  out.image.replaceStreamData(raw, QPDFObjectHandle::newName("/CCITTFaxDecode"), parms);
  out.kept = true;
  return out;
}

// A JPEG file as its own bytes, when it is 8-bit grey or colour (not CMYK or YCCK, whose
// Adobe inversion readers disagree on).
std::optional<PageImage> KeptJpeg(QPDF& pdf, std::string_view bytes) {
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 w = 0, h = 0, spp = 0, ycck = 0, cmyk = 0;
  if (readHeaderMemJpeg(data, bytes.size(), &w, &h, &spp, &ycck, &cmyk) != 0) return std::nullopt;
  if ((spp != 1 && spp != 3) || ycck || cmyk || w <= 0 || h <= 0 || w > kMaxPageSide ||
      h > kMaxPageSide)
    return std::nullopt;
  PageImage out;
  out.width = w;
  out.height = h;
  l_int32 xres = 0, yres = 0;
  if (readResolutionMemJpeg(data, bytes.size(), &xres, &yres) == 0) {
    out.xres = xres;
    out.yres = yres;
  }
  out.image = pdf.newStream();
  QPDFObjectHandle d = out.image.getDict();
  d.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
  d.replaceKey("/Subtype", QPDFObjectHandle::newName("/Image"));
  d.replaceKey("/Width", QPDFObjectHandle::newInteger(w));
  d.replaceKey("/Height", QPDFObjectHandle::newInteger(h));
  d.replaceKey("/ColorSpace", QPDFObjectHandle::newName(spp == 1 ? "/DeviceGray" : "/DeviceRGB"));
  d.replaceKey("/BitsPerComponent", QPDFObjectHandle::newInteger(8));
  out.image.replaceStreamData(std::string(bytes), QPDFObjectHandle::newName("/DCTDecode"),
                              QPDFObjectHandle::newNull());
  out.kept = true;
  return out;
}

// A page decoded by Leptonica (as OCR read it), as plain pixels that the writer compresses
// (Flate): bilevel, 8-bit grey or 8-bit RGB.
Result<PageImage> DecodedPage(QPDF& pdf, std::string_view bytes, int index) {
  auto decoded = DecodeImagePage(bytes, index);
  if (!decoded.ok()) return decoded.status();
  PixPtr owned = std::move(*decoded);
  if (pixGetColormap(owned.get()))
    owned.reset(pixRemoveColormap(owned.get(), REMOVE_CMAP_BASED_ON_SRC));
  if (owned && pixGetDepth(owned.get()) == 32 && pixGetSpp(owned.get()) == 4)
    owned.reset(pixRemoveAlpha(owned.get()));
  if (owned && pixGetDepth(owned.get()) != 1 && pixGetDepth(owned.get()) != 8 &&
      pixGetDepth(owned.get()) != 32)
    owned.reset(pixConvertTo8(owned.get(), 0));
  if (!owned) return Status::Error("pdf", "the page image cannot be converted", "", index + 1);
  Pix* pix = owned.get();
  const int w = PixWidth(pix), h = PixHeight(pix), depth = pixGetDepth(pix), wpl = pixGetWpl(pix);
  const l_uint32* data = pixGetData(pix);
  std::string raw;
  const size_t row_bytes =
      depth == 32 ? static_cast<size_t>(w) * 3 : (static_cast<size_t>(w) * depth + 7) / 8;
  raw.reserve(row_bytes * static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<long>(y) * wpl;
    if (depth == 32) {
      for (int x = 0; x < w; ++x) {
        l_int32 r, g, b;
        extractRGBValues(line[x], &r, &g, &b);
        raw.push_back(static_cast<char>(r));
        raw.push_back(static_cast<char>(g));
        raw.push_back(static_cast<char>(b));
      }
    } else {
      // Leptonica keeps a row in 32-bit words, the leftmost pixel in the high bits.
      for (size_t k = 0; k < row_bytes; ++k)
        raw.push_back(static_cast<char>((line[k / 4] >> (24 - 8 * (k % 4))) & 0xFF));
    }
  }
  PageImage out;
  out.width = w;
  out.height = h;
  out.xres = pixGetXRes(pix);
  out.yres = pixGetYRes(pix);
  out.image = pdf.newStream();
  QPDFObjectHandle d = out.image.getDict();
  d.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
  d.replaceKey("/Subtype", QPDFObjectHandle::newName("/Image"));
  d.replaceKey("/Width", QPDFObjectHandle::newInteger(w));
  d.replaceKey("/Height", QPDFObjectHandle::newInteger(h));
  d.replaceKey("/ColorSpace",
               QPDFObjectHandle::newName(depth == 32 ? "/DeviceRGB" : "/DeviceGray"));
  d.replaceKey("/BitsPerComponent", QPDFObjectHandle::newInteger(depth == 1 ? 1 : 8));
  if (depth == 1)
    d.replaceKey("/Decode", QPDFObjectHandle::parse("[1 0]"));  // Leptonica: 1 is black
  out.image.replaceStreamData(raw, QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());
  return out;
}

Status BuildFromImages(QPDF& pdf, std::string_view bytes, const Catalogue::TextLayer& layer,
                       const SearchablePdfOptions& o, const QPDFObjectHandle& font,
                       SearchablePdfStats& st) {
  auto count = ImagePageCount(bytes);
  if (!count.ok()) return count.status();
  if (*count != static_cast<int>(layer.pages.size()))
    return Status::Error("pdf", "the file has " + std::to_string(*count) +
                                    " pages, the catalogue " + std::to_string(layer.pages.size()));
  const bool tiff = bytes.size() >= 4 && (std::memcmp(bytes.data(), "II*\0", 4) == 0 ||
                                          std::memcmp(bytes.data(), "MM\0*", 4) == 0);
  const bool jpeg = bytes.size() >= 3 && std::memcmp(bytes.data(), "\xFF\xD8\xFF", 3) == 0;
  QPDFPageDocumentHelper pages(pdf);
  for (int i = 0; i < *count; ++i) {
    std::optional<PageImage> img = tiff   ? KeptG4Page(pdf, bytes, i)
                                   : jpeg ? KeptJpeg(pdf, bytes)
                                          : std::nullopt;
    if (!img) {
      auto decoded = DecodedPage(pdf, bytes, i);
      if (!decoded.ok()) return decoded.status();
      img = std::move(*decoded);
    }
    (img->kept ? st.images_kept : st.images_decoded)++;
    const double xres = img->xres >= 10 && img->xres <= 10000 ? img->xres : o.dpi;
    const double yres = img->yres >= 10 && img->yres <= 10000 ? img->yres : xres;
    const double width = img->width * 72.0 / xres, height = img->height * 72.0 / yres;
    std::string content = "q " + Num(width) + " 0 0 " + Num(height) + " 0 0 cm /Im0 Do Q\n";
    const Catalogue::TextLayerPage& lp = layer.pages[static_cast<size_t>(i)];
    QPDFObjectHandle resources = QPDFObjectHandle::newDictionary();
    QPDFObjectHandle xobjects = QPDFObjectHandle::newDictionary();
    xobjects.replaceKey("/Im0", pdf.makeIndirectObject(img->image));
    resources.replaceKey("/XObject", xobjects);
    if (lp.source == PageSource::kOcr && !lp.lines.empty()) {
      // The boxes are in the pixels OCR read: this image's, as stored — turned on by quarter
      // turns when OCR turned a page the wrong way up, and the text turned back with it.
      const int q = QuarterTurnsOf(lp.ocr_variant);
      const double shown_w = q % 2 ? height : width, shown_h = q % 2 ? width : height;
      const int iw = q % 2 ? img->height : img->width, ih = q % 2 ? img->width : img->height;
      Mapping m;
      m.sx = shown_w / (lp.image_width > 0 ? lp.image_width : iw);
      m.sy = shown_h / (lp.image_height > 0 ? lp.image_height : ih);
      m.height = shown_h;
      const std::string cm = q == 1   ? "0 1 -1 0 " + Num(width) + " 0"
                             : q == 2 ? "-1 0 0 -1 " + Num(width) + " " + Num(height)
                             : q == 3 ? "0 -1 1 0 0 " + Num(height)
                                      : "1 0 0 1 0 0";
      int words = 0;
      content += "q " + cm + " cm\n" + TextOperators(lp.lines, m, "/F0", &words) + "Q\n";
      QPDFObjectHandle fonts = QPDFObjectHandle::newDictionary();
      fonts.replaceKey("/F0", font);
      resources.replaceKey("/Font", fonts);
      st.words += words;
      ++st.text_pages;
    }
    QPDFObjectHandle page = QPDFObjectHandle::newDictionary();
    page.replaceKey("/Type", QPDFObjectHandle::newName("/Page"));
    QPDFObjectHandle box = QPDFObjectHandle::newArray();
    for (double v : {0.0, 0.0, width, height})
      box.appendItem(QPDFObjectHandle::newReal(v, 3, true));
    page.replaceKey("/MediaBox", box);
    page.replaceKey("/Resources", resources);
    page.replaceKey("/Contents", pdf.newStream(content));
    pages.addPage(QPDFPageObjectHelper(pdf.makeIndirectObject(page)), false);
    ++st.pages;
  }
  return {};
}

// --- PDF files --------------------------------------------------------------------------------

std::array<double, 4> Rect(QPDFObjectHandle box) {
  std::array<double, 4> r{0, 0, 0, 0};
  if (!box.isRectangle()) return r;
  const auto q = box.getArrayAsRectangle();
  r = {std::min(q.llx, q.urx), std::min(q.lly, q.ury), std::max(q.llx, q.urx),
       std::max(q.lly, q.ury)};
  return r;
}

Status AddToPdf(QPDF& pdf, const Catalogue::TextLayer& layer, const SearchablePdfOptions& o,
                const QPDFObjectHandle& font, SearchablePdfStats& st) {
  std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(pdf).getAllPages();
  if (pages.size() != layer.pages.size())
    return Status::Error("pdf", "the file has " + std::to_string(pages.size()) +
                                    " pages, the catalogue " + std::to_string(layer.pages.size()));
  st.pages = static_cast<int>(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    const Catalogue::TextLayerPage& lp = layer.pages[i];
    if (lp.source != PageSource::kOcr || lp.lines.empty()) continue;
    QPDFPageObjectHelper& page = pages[i];
    // The page as Poppler rendered it for OCR: its crop box (inside the media box), turned by
    // /Rotate.
    const auto media = Rect(page.getMediaBox());
    auto crop = Rect(page.getCropBox());
    crop = {std::max(crop[0], media[0]), std::max(crop[1], media[1]), std::min(crop[2], media[2]),
            std::min(crop[3], media[3])};
    if (!(crop[2] > crop[0] && crop[3] > crop[1])) crop = media;
    const double llx = crop[0], lly = crop[1], urx = crop[2], ury = crop[3];
    const double w = urx - llx, h = ury - lly;
    if (!(w > 0 && h > 0))
      return Status::Error("pdf", "page has no size", "", static_cast<int>(i + 1));
    int rotate = 0;
    if (QPDFObjectHandle r = page.getAttribute("/Rotate", false); r.isInteger())
      rotate = ((r.getIntValueAsInt() % 360) + 360) % 360;
    if (rotate % 90 != 0) rotate = 0;
    // OCR read the page as shown turned on by quarter turns (a page the wrong way up): its boxes
    // are in that image, so the text is turned back with it.
    rotate = (rotate + 90 * QuarterTurnsOf(lp.ocr_variant)) % 360;
    const bool turned = rotate == 90 || rotate == 270;
    const double shown_w = turned ? h : w, shown_h = turned ? w : h;
    Mapping m;
    if (lp.image_width > 0 && lp.image_height > 0) {
      m.sx = shown_w / lp.image_width;
      m.sy = shown_h / lp.image_height;
    } else {
      m.sx = m.sy = 72.0 / RenderResolution(w, h, o.dpi);
    }
    m.height = shown_h;
    // From the page as shown (origin bottom left) to its user space.
    std::string cm = rotate == 90    ? "0 1 -1 0 " + Num(urx) + " " + Num(lly)
                     : rotate == 180 ? "-1 0 0 -1 " + Num(urx) + " " + Num(ury)
                     : rotate == 270 ? "0 -1 1 0 " + Num(llx) + " " + Num(ury)
                                     : "1 0 0 1 " + Num(llx) + " " + Num(lly);
    QPDFObjectHandle resources = page.getAttribute("/Resources", true);
    if (!resources.isDictionary()) {
      resources = QPDFObjectHandle::newDictionary();
      page.getObjectHandle().replaceKey("/Resources", resources);
    }
    QPDFObjectHandle fonts = resources.getKey("/Font");
    if (!fonts.isDictionary()) {
      fonts = QPDFObjectHandle::newDictionary();
    } else if (fonts.isIndirect()) {
      fonts = fonts.shallowCopy();  // another page's too: this page's own copy
    }
    resources.replaceKey("/Font", fonts);
    int suffix = 0;
    const std::string name = resources.getUniqueResourceName("/OCRText", suffix);
    fonts.replaceKey(name, font);
    int words = 0;
    const std::string text = TextOperators(lp.lines, m, name, &words);
    // The page's own content is kept whole, inside q … Q, so the state it leaves cannot move
    // the text. (qpdf gives the page a new /Contents array: one other pages share stays theirs.)
    page.addPageContents(pdf.newStream(std::string("q\n")), true);
    page.addPageContents(pdf.newStream("Q\nq " + cm + " cm\n" + text + "Q\n"), false);
    st.words += words;
    ++st.text_pages;
  }
  return {};
}

}  // namespace

Result<std::string> MakeSearchablePdf(std::string_view original, const Catalogue::TextLayer& layer,
                                      const SearchablePdfOptions& options,
                                      SearchablePdfStats* stats) {
  auto ttf = GlyphlessFont(options.font_path);
  if (!ttf.ok()) return ttf.status();
  const Format format = SniffFormat(original);
  if (format != Format::kPdf && format != Format::kImage)
    return Status::Error("pdf",
                         std::string("a ") + FormatName(format) + " file has no page images");
  SearchablePdfStats st;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    bool encrypted = false;
    if (format == Format::kPdf) {
      pdf.processMemoryFile(layer.path.c_str(), original.data(), original.size());
      encrypted = pdf.isEncrypted();
      QPDFObjectHandle font = AddGlyphlessFont(pdf, *ttf);
      if (Status s = AddToPdf(pdf, layer, options, font, st); !s.ok()) return s;
    } else {
      pdf.emptyPDF();
      QPDFObjectHandle font = AddGlyphlessFont(pdf, *ttf);
      if (Status s = BuildFromImages(pdf, original, layer, options, font, st); !s.ok()) return s;
      QPDFObjectHandle info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
      info.replaceKey("/Producer", QPDFObjectHandle::newUnicodeString("protokoll export --pdf"));
      info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(
                                    std::filesystem::path(layer.path).filename().string()));
      pdf.getTrailer().replaceKey("/Info", info);
    }
    QPDFWriter w(pdf);
    w.setOutputMemory();
    // Streams as they are (the scan's images byte for byte); only new plain streams — the text,
    // the font's maps, decoded pixels — are compressed.
    w.setDecodeLevel(qpdf_dl_none);
    w.setCompressStreams(true);
    if (format == Format::kImage) w.setObjectStreamMode(qpdf_o_generate);
    if (!encrypted) w.setDeterministicID(true);  // the same inputs give the same file
    w.write();
    std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
    if (stats) *stats = st;
    return std::string(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize());
  } catch (const QPDFExc& e) {
    return Status::Error(
        "pdf", e.getMessageDetail().empty() ? std::string(e.what()) : e.getMessageDetail());
  } catch (const std::exception& e) {
    return Status::Error("pdf", e.what());
  }
}

Result<std::string> ReadOriginal(const std::string& path, const std::string& sha256) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::Error("original", "no such file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Error("original", std::string("cannot read: ") + std::strerror(errno), path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Error("original", "cannot read the file", path);
  std::string bytes = ss.str();
  if (Sha256Hex(bytes) != sha256)
    return Status::Error(
        "original",
        "the file has changed since it was ingested (its bytes are not the stored ones)", path);
  return bytes;
}

}  // namespace protokoll::pipeline
