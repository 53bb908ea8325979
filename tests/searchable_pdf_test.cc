// Searchable PDFs from the OCR already done: checked with the tools a reader's side has —
// qpdf --check, pdftotext (text and word boxes), pdfimages (the image streams' bytes) — on pages
// the tests make: a scanned PDF page shown turned by /Rotate, read by the real Tesseract; a PNG
// whose lines have no word boxes (a catalogue from before schema 8); inputs that must be refused.
#include "pipeline/searchable_pdf.h"

#include <doctest/doctest.h>
#include <leptonica/allheaders.h>
#include <tiffio.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "pipeline/ocr.h"
#include "pipeline/raster.h"
#include "test_util.h"

using namespace protokoll;
using namespace protokoll::pipeline;
namespace fs = std::filesystem;
using protokoll::testing::Q;
using protokoll::testing::Sh;
using protokoll::testing::Slurp;

namespace {

fs::path Tmp(const std::string& name) {
  fs::create_directories(PROTOKOLL_TEST_TMP);
  return fs::path(PROTOKOLL_TEST_TMP) / name;
}

void Write(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string MakePdf(const std::string& name, const std::string& body) {
  const fs::path src = Tmp(name + ".pdfsrc"), pdf = Tmp(name + ".pdf");
  std::ofstream(src) << "%layout header\n---\n" << body;
  REQUIRE(std::system(
              (Q(PROTOKOLL_MKPDF) + " " + Q(src.string()) + " " + Q(pdf.string())).c_str()) == 0);
  return Slurp(pdf);
}

// Every run of white space one space, none at the ends: how two texts are compared.
std::string Words(const std::string& s) {
  std::istringstream in(s);
  std::string out;
  for (std::string w; in >> w;) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct BoxedWord {
  std::string text;
  double x0, y0, x1, y1;  // points, origin top left of the page as shown
};

struct Bbox {
  double width = 0, height = 0;
  std::vector<BoxedWord> words;
};

// `pdftotext -bbox` of page 1.
Bbox WordBoxes(const fs::path& pdf) {
  const std::string out = Sh("pdftotext -bbox -f 1 -l 1 " + Q(pdf.string()) + " - 2>/dev/null").out;
  Bbox b;
  static const std::regex page("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
  static const std::regex word(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
      "yMax=\"([0-9.]+)\">([^<]*)</word>");
  std::smatch m;
  if (std::regex_search(out, m, page)) {
    b.width = std::stod(m[1]);
    b.height = std::stod(m[2]);
  }
  for (auto it = std::sregex_iterator(out.begin(), out.end(), word); it != std::sregex_iterator();
       ++it)
    b.words.push_back({(*it)[5], std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                       std::stod((*it)[4])});
  return b;
}

catalogue::OcrLineRecord Record(const OcrLine& l) {
  catalogue::OcrLineRecord r{l.confidence, l.left, l.top, l.width, l.height, l.text, {}};
  for (const OcrWord& w : l.words) r.words.push_back({w.left, w.top, w.width, w.height});
  return r;
}

}  // namespace

TEST_CASE(
    "searchable PDF: a scanned page shown turned by /Rotate gets each word where the page shows "
    "it") {
  // An upright page's pixels turned a quarter to the left, in a PDF whose page is shown turned a
  // quarter to the right: upright on screen, as scanners leave pages. Poppler renders it upright
  // for OCR, so the word boxes are in the shown page's pixels.
  const std::string src =
      MakePdf("spdf-rotated",
              "# § 46 Skolskjuts för elever med växelvis boende\nDnr BUN 2020/140\n\n"
              "Förvaltningen har utrett frågan om skolskjuts för elever som bor\n"
              "växelvis hos sina föräldrar.\n");
  auto upright = RenderPdfPage(src, 0, 300, "");
  REQUIRE(upright.ok());
  PixPtr turned(pixRotateOrth(upright->get(), 3));
  REQUIRE(turned);
  l_uint8* data = nullptr;
  size_t size = 0;
  REQUIRE(pixWriteMemPdf(&data, &size, turned.get(), 300, "turned") == 0);
  const fs::path sideways = Tmp("spdf-sideways.pdf"), rotated = Tmp("spdf-rotated-scan.pdf"),
                 out = Tmp("spdf-rotated-out.pdf");
  Write(sideways, std::string(reinterpret_cast<const char*>(data), size));
  lept_free(data);
  // (qpdf exits 3 for a warning about Leptonica's PDF, which it writes out mended.)
  const int rc =
      Sh("qpdf --rotate=+90 " + Q(sideways.string()) + " " + Q(rotated.string()) + " 2>&1").code;
  REQUIRE((rc == 0 || rc == 3));
  const std::string scan = Slurp(rotated);
  auto shown = RenderPdfPage(scan, 0, 300, "");
  REQUIRE(shown.ok());
  REQUIRE(PixWidth(shown->get()) < PixHeight(shown->get()));  // portrait, as read

  auto engine = OcrEngine::Create(ParagraphSignMode::kRereadLines);
  REQUIRE(engine.ok());
  auto page = (*engine)->Recognize(shown->get(), {});
  REQUIRE(page.ok());
  catalogue::Catalogue::TextLayer layer{"rotated.pdf", "", "pdf", {}};
  layer.pages.push_back(
      {1, catalogue::PageSource::kOcr, PixWidth(shown->get()), PixHeight(shown->get()), {}, ""});
  std::string lines;
  for (const OcrLine& l : page->lines) {
    layer.pages[0].lines.push_back(Record(l));
    lines += l.text + "\n";
  }
  CAPTURE(lines);
  REQUIRE(lines.find("skolskjuts") != std::string::npos);

  SearchablePdfStats st;
  auto pdf = MakeSearchablePdf(scan, layer, {}, &st);
  REQUIRE(pdf.ok());
  Write(out, *pdf);
  CHECK(st.pages == 1);
  CHECK(st.text_pages == 1);
  CHECK(Sh("qpdf --check " + Q(out.string()) + " >/dev/null 2>&1").code == 0);
  // The text in the content's order is OCR's reading; so is the reading order's.
  CHECK(Words(Sh("pdftotext -raw " + Q(out.string()) + " - 2>/dev/null").out) == Words(lines));
  CHECK(Words(Sh("pdftotext " + Q(out.string()) + " - 2>/dev/null").out) == Words(lines));
  // Each word where Tesseract saw it: the box pdftotext gives, in the pixels of the page image
  // (300 dpi), within 3 pixels left and right and, for a word with ascenders and a descender
  // (the line's height), above and below.
  Bbox b = WordBoxes(out);
  // (pdftotext gives the page's size unturned, the words' boxes on the page as shown.)
  CHECK(std::abs(b.width - PixHeight(shown->get()) * 72.0 / 300) < 1);
  CHECK(std::abs(b.height - PixWidth(shown->get()) * 72.0 / 300) < 1);
  int checked = 0;
  for (const OcrLine& l : page->lines) {
    for (const OcrWord& w : l.words) {
      if (w.text != "skolskjuts" && w.text != "Skolskjuts") continue;
      bool found = false;
      for (const BoxedWord& bw : b.words) {
        if (bw.text != w.text || std::abs(bw.x0 * 300 / 72 - w.left) > 3) continue;
        found = true;
        CAPTURE(bw.text);
        CHECK(std::abs(bw.x1 * 300 / 72 - (w.left + w.width)) <= 3);
        CHECK(std::abs(bw.y0 * 300 / 72 - w.top) <= 3);
        CHECK(std::abs(bw.y1 * 300 / 72 - (w.top + w.height)) <= 3);
      }
      CHECK(found);
      ++checked;
    }
  }
  CHECK(checked == 2);
  // The page's image stream is the scan's, byte for byte.
  const fs::path a = Tmp("spdf-images-in"), o = Tmp("spdf-images-out");
  fs::remove_all(a);
  fs::remove_all(o);
  fs::create_directories(a);
  fs::create_directories(o);
  REQUIRE(Sh("pdfimages -all " + Q(rotated.string()) + " " + Q((a / "i").string())).code == 0);
  REQUIRE(Sh("pdfimages -all " + Q(out.string()) + " " + Q((o / "i").string())).code == 0);
  int images = 0;
  for (const auto& e : fs::directory_iterator(a)) {
    ++images;
    CHECK(Slurp(e.path()) == Slurp(o / e.path().filename()));
  }
  CHECK(images == 1);
}

TEST_CASE(
    "searchable PDF: lines without word boxes are spread over their line, a PNG becomes plain "
    "pixels") {
  // A blank 1000 × 400 page at 200 dpi; two lines as a catalogue from before schema 8 has them.
  PixPtr pix(pixCreate(1000, 400, 8));
  REQUIRE(pix);
  pixSetAll(pix.get());
  pixSetResolution(pix.get(), 200, 200);
  l_uint8* data = nullptr;
  size_t size = 0;
  REQUIRE(pixWriteMem(&data, &size, pix.get(), IFF_PNG) == 0);
  const std::string png(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  catalogue::Catalogue::TextLayer layer{"tom.png", "", "image", {}};
  layer.pages.push_back({1, catalogue::PageSource::kOcr, 0, 0, {}, ""});
  layer.pages[0].lines.push_back(
      {0.9, 100, 100, 800, 50, "Ärendet bordläggs till nästa sammanträde", {}});
  layer.pages[0].lines.push_back({0.9, 100, 200, 300, 50, "Beslut §", {}});
  SearchablePdfStats st;
  auto pdf = MakeSearchablePdf(png, layer, {}, &st);
  REQUIRE(pdf.ok());
  CHECK(st.images_decoded == 1);
  CHECK(st.images_kept == 0);
  CHECK(st.words == 7);
  const fs::path out = Tmp("spdf-spread.pdf");
  Write(out, *pdf);
  CHECK(Sh("qpdf --check " + Q(out.string()) + " >/dev/null 2>&1").code == 0);
  CHECK(Words(Sh("pdftotext " + Q(out.string()) + " - 2>/dev/null").out) ==
        "Ärendet bordläggs till nästa sammanträde Beslut §");
  Bbox b = WordBoxes(out);
  CHECK(std::abs(b.width - 360) < 0.5);  // 1000 pixels at 200 dpi
  CHECK(std::abs(b.height - 144) < 0.5);
  REQUIRE(b.words.size() == 7);
  const double px = 72.0 / 200;
  CHECK(std::abs(b.words[0].x0 - 100 * px) < 0.5);  // the line's left edge
  CHECK(std::abs(b.words[4].x1 - 900 * px) < 0.5);  // its right edge
  CHECK(b.words[1].x0 > b.words[0].x1);             // in order, apart
  CHECK(std::abs(b.words[0].y0 - 100 * px) < 0.5);
  CHECK(std::abs(b.words[0].y1 - 150 * px) < 0.5);
  // The same page a second time: the same bytes (a deterministic /ID).
  CHECK(*MakeSearchablePdf(png, layer, {}) == *pdf);
}

TEST_CASE("searchable PDF: what cannot be made is a Status with the reason, never a crash") {
  catalogue::Catalogue::TextLayer layer{"x", "", "pdf", {}};
  layer.pages.push_back({1, catalogue::PageSource::kOcr, 0, 0, {}, ""});
  layer.pages[0].lines.push_back({0.9, 10, 10, 100, 20, "Beslut", {}});
  auto text = MakeSearchablePdf("Kommunstyrelsen beslutar\n", layer, {});
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().stage() == "pdf");
  CHECK(text.status().message().find("no page images") != std::string::npos);
  const std::string one_page = MakePdf("spdf-one", "Beslut\n");
  layer.pages.push_back({2, catalogue::PageSource::kOcr, 0, 0, {}, ""});
  auto pages = MakeSearchablePdf(one_page, layer, {});
  REQUIRE_FALSE(pages.ok());
  CHECK(pages.status().message() == "the file has 1 pages, the catalogue 2");
  layer.pages.pop_back();
  SearchablePdfOptions no_font;
  no_font.font_path = Tmp("nowhere/pdf.ttf").string();
  auto font = MakeSearchablePdf(one_page, layer, no_font);
  REQUIRE_FALSE(font.ok());
  CHECK(font.status().message().find("pdf.ttf") != std::string::npos);
  for (const std::string& junk : {std::string("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
                                  std::string("%PDF-1.7\n") + std::string(3000, '\xff'),
                                  one_page.substr(0, one_page.size() / 2)}) {
    auto r = MakeSearchablePdf(junk, layer, {});
    if (!r.ok()) CHECK(r.status().stage() == "pdf");  // (qpdf may also recover what is there)
  }
  // The original's bytes are checked against the stored hash.
  const fs::path f = Tmp("spdf-original.txt");
  Write(f, "abc");
  CHECK(ReadOriginal(f.string(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            .ok());
  auto changed = ReadOriginal(f.string(), std::string(64, '0'));
  REQUIRE_FALSE(changed.ok());
  CHECK(changed.status().message().find("changed since it was ingested") != std::string::npos);
  CHECK(changed.status().path() == f.string());
  CHECK(ReadOriginal(Tmp("spdf-no-such-file").string(), std::string(64, '0')).status().message() ==
        "no such file");
}

TEST_CASE(
    "searchable PDF: the text goes on the OCR'd page alone, though pages share their content and "
    "resources") {
  // Two pages with one content array and resources inherited from the page tree (qpdf mends the
  // cross-reference offsets of this hand-written file).
  const std::string hand =
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      "2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 612 792] /Resources << "
      "/Font << >> >> >> "
      "endobj\n3 0 obj << /Type /Page /Parent 2 0 R /Contents 5 0 R >> endobj\n"
      "4 0 obj << /Type /Page /Parent 2 0 R /Contents 5 0 R >> endobj\n5 0 obj [6 0 R] endobj\n"
      "6 0 obj << /Length 8 >> stream\n0 0 m S\nendstream endobj\ntrailer << /Root 1 0 R /Size 7 "
      ">>\n%%EOF\n";
  const fs::path in = Tmp("spdf-shared-hand.pdf"), mended = Tmp("spdf-shared.pdf"),
                 out = Tmp("spdf-shared-out.pdf");
  Write(in, hand);
  const int rc = Sh("qpdf " + Q(in.string()) + " " + Q(mended.string()) + " 2>/dev/null").code;
  REQUIRE((rc == 0 || rc == 3));
  catalogue::Catalogue::TextLayer layer{"shared.pdf", "", "pdf", {}};
  layer.pages.push_back(
      {1, catalogue::PageSource::kOcr, 2550, 3300, {}, ""});  // 612 × 792 pt at 300 dpi
  layer.pages[0].lines.push_back({0.9,
                                  300,
                                  300,
                                  900,
                                  60,
                                  "Kommunstyrelsen beslutar",
                                  {{300, 300, 600, 60}, {960, 300, 240, 60}}});
  layer.pages.push_back({2, catalogue::PageSource::kPdf, 0, 0, {}, ""});
  auto pdf = MakeSearchablePdf(Slurp(mended), layer, {});
  REQUIRE(pdf.ok());
  Write(out, *pdf);
  CHECK(Sh("qpdf --check " + Q(out.string()) + " >/dev/null 2>&1").code == 0);
  CHECK(Words(Sh("pdftotext -f 1 -l 1 " + Q(out.string()) + " - 2>/dev/null").out) ==
        "Kommunstyrelsen beslutar");
  CHECK(Words(Sh("pdftotext -f 2 -l 2 " + Q(out.string()) + " - 2>/dev/null").out).empty());
  Bbox b = WordBoxes(out);
  REQUIRE(b.words.size() == 2);
  CHECK(std::abs(b.words[1].x0 - 960 * 72.0 / 300) < 0.5);
  CHECK(std::abs(b.words[1].x1 - 1200 * 72.0 / 300) < 0.5);
}

namespace {

// A bilevel page, its left half black, as a G4 TIFF written by libtiff: `rows_per_strip` rows a
// strip, black as 1 (MinIsWhite) or as 0 (MinIsBlack).
std::string G4Tiff(const fs::path& p, int rows_per_strip, bool min_is_black) {
  const int w = 800, h = 600;
  TIFF* t = TIFFOpen(p.c_str(), "w");
  REQUIRE(t);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC,
               min_is_black ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_MINISWHITE);
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
  TIFFSetField(t, TIFFTAG_XRESOLUTION, 100.0);
  TIFFSetField(t, TIFFTAG_YRESOLUTION, 100.0);
  TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  std::vector<unsigned char> row(w / 8);
  for (int x = 0; x < w / 8; ++x) row[x] = (x < w / 16) == !min_is_black ? 0xFF : 0x00;
  for (int y = 0; y < h; ++y) REQUIRE(TIFFWriteScanline(t, row.data(), y, 0) == 1);
  TIFFClose(t);
  return Slurp(p);
}

// The mean grey (0 black … 255 white) of the left and right halves of page 1, as pdftoppm
// renders it.
std::pair<double, double> Halves(const fs::path& pdf) {
  const fs::path base = Tmp("spdf-halves");
  REQUIRE(
      Sh("pdftoppm -r 20 -gray -f 1 -l 1 -singlefile " + Q(pdf.string()) + " " + Q(base.string()))
          .code == 0);
  const std::string pgm = Slurp(base.string() + ".pgm");
  int w = 0, h = 0, max = 0, n = 0;
  REQUIRE(std::sscanf(pgm.c_str(), "P5 %d %d %d%n", &w, &h, &max, &n) == 3);
  const std::string px = pgm.substr(static_cast<size_t>(n) + 1);
  REQUIRE(px.size() >= static_cast<size_t>(w) * h);
  double left = 0, right = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      (x < w / 2 ? left : right) += static_cast<unsigned char>(px[static_cast<size_t>(y) * w + x]);
  return {left / (w / 2 * h), right / ((w - w / 2) * h)};
}

}  // namespace

TEST_CASE(
    "searchable PDF: G4 TIFF pages black where the scan is, kept as one strip, decoded when in "
    "several") {
  catalogue::Catalogue::TextLayer layer{"g4.tif", "", "image", {}};
  layer.pages.push_back({1, catalogue::PageSource::kOcr, 800, 600, {}, ""});
  layer.pages[0].lines.push_back({0.9, 450, 100, 300, 40, "Protokoll", {{450, 100, 300, 40}}});
  struct Case {
    const char* name;
    int rows_per_strip;
    bool min_is_black, kept;
  };
  for (const Case& c :
       {Case{"one strip, black 1", 600, false, true}, Case{"one strip, black 0", 600, true, true},
        Case{"strips of 64 rows", 64, false, false}}) {
    CAPTURE(c.name);
    const std::string tiff = G4Tiff(Tmp("spdf-g4.tif"), c.rows_per_strip, c.min_is_black);
    SearchablePdfStats st;
    auto pdf = MakeSearchablePdf(tiff, layer, {}, &st);
    REQUIRE(pdf.ok());
    CHECK(st.images_kept == (c.kept ? 1 : 0));
    CHECK(st.images_decoded == (c.kept ? 0 : 1));
    const fs::path out = Tmp("spdf-g4.pdf");
    Write(out, *pdf);
    CHECK(Sh("qpdf --check " + Q(out.string()) + " >/dev/null 2>&1").code == 0);
    const auto [left, right] = Halves(out);
    CHECK(left < 30);    // black, as scanned
    CHECK(right > 225);  // white
    CHECK(Words(Sh("pdftotext " + Q(out.string()) + " - 2>/dev/null").out) == "Protokoll");
    Bbox b = WordBoxes(out);
    CHECK(std::abs(b.width - 800 * 72.0 / 100) < 0.5);  // the TIFF's 100 dpi
  }
}
