// Scanned volumes: empty pages found before any OCR, pages with little ink still read, pages the
// wrong way up turned, and the scan's own images taken from the PDF. Pages are made here with
// Leptonica from text rendered by tools/mkpdf; the real Tesseract reads them.
#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "pipeline/raster.h"
#include "pipeline/scan_image.h"
#include "test_util.h"

using namespace protokoll::pipeline;
namespace fs = std::filesystem;
using protokoll::testing::Q;
using protokoll::testing::Sh;
using protokoll::testing::Slurp;

namespace {

fs::path Dir(const std::string& name) {
  fs::path d = fs::path(PROTOKOLL_TEST_TMP) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Page `0` of a text-layer PDF made by mkpdf from `body`, at 300 dpi in grey.
PixPtr TextPage(const fs::path& dir, const std::string& name, const std::string& body) {
  const fs::path src = dir / (name + ".pdfsrc"), pdf = dir / (name + ".pdf");
  std::ofstream(src) << "%layout header\n---\n" << body;
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q(src.string()) + " " + Q(pdf.string())).c_str()) == 0);
  auto pix = RenderPdfPage(Slurp(pdf), 0, 300, "");
  REQUIRE(pix.ok());
  return std::move(*pix);
}

// Paper as a scanner sees it: grey 236 with noise; `ink` (a rendered page) printed on it at
// `contrast` of its darkness (1 = as printed, 0.3 = faint).
PixPtr Paper(int w, int h, const Pix* ink = nullptr, double contrast = 1.0, unsigned seed = 7) {
  Pix* p = pixCreate(w, h, 8);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 6);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double g = 236 + noise(rng);
      if (ink && x < pixGetWidth(ink) && y < pixGetHeight(ink)) {
        l_uint32 v = 255;
        pixGetPixel(const_cast<Pix*>(ink), x, y, &v);
        g -= (255.0 - v) * contrast * 236 / 255;
      }
      pixSetPixel(p, x, y, static_cast<l_uint32>(std::clamp(static_cast<int>(std::lround(g)), 0, 255)));
    }
  pixSetResolution(p, 300, 300);
  return PixPtr(p);
}

// A pencilled note: a wavy stroke 2 px wide, 3 cm long, grey 180 on the paper.
void Pencil(Pix* p, int x0, int y0) {
  for (int x = 0; x < 350; ++x) {
    const int y = y0 + static_cast<int>(std::lround(18 * std::sin(x / 20.0)));
    for (int dy = 0; dy < 2; ++dy) pixSetPixel(p, x0 + x, y + dy, 180);
  }
}

// A dark band down the right edge, where the scanner's lid did not cover the page.
void ScannerEdge(Pix* p) {
  for (int y = 0; y < pixGetHeight(p); ++y)
    for (int x = pixGetWidth(p) - 40; x < pixGetWidth(p); ++x) pixSetPixel(p, x, y, 35);
}

PixPtr Small(Pix* full) { return PixPtr(pixScaleAreaMap(full, 0.25f, 0.25f)); }

std::string Jpeg(Pix* p) {
  l_uint8* data = nullptr;
  size_t size = 0;
  REQUIRE(pixWriteMemJpeg(&data, &size, p, 60, 0) == 0);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

// A PDF of these page images, each in Leptonica's default encoding (grey: JPEG; bilevel: G4).
std::string Pdf(const std::vector<Pix*>& pages) {
  Pixa* a = pixaCreate(0);
  for (Pix* p : pages) pixaAddPix(a, p, L_COPY);
  l_uint8* data = nullptr;
  size_t size = 0;
  REQUIRE(pixaConvertToPdfData(a, 0, 1.0, L_DEFAULT_ENCODE, 60, nullptr, &data, &size) == 0);
  pixaDestroy(&a);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

const char kText[] =
    "# § 12 Skolskjuts för elever i Norra Råda\n\nKs2017/0073\n\n"
    "Barn- och utbildningsnämnden föreslår att skolskjuts ordnas för eleverna.\n\n"
    "Beslut\nKommunstyrelsen beslutar att bevilja 40 000 kronor per år.\n";

}  // namespace

TEST_CASE("volume: the ink probe — empty paper, scanner edges and show-through are empty, a faint line and a pencilled note are not") {
  fs::path d = Dir("ink-probe");
  PixPtr text = TextPage(d, "line", "Justerat den 12 mars 1923 av Karl Nilsson och Per Andersson\n");
  PixPtr empty = Paper(2480, 3508);
  CHECK(ProbeInk(Small(empty.get()).get()).empty);
  PixPtr edged = Paper(2480, 3508);
  ScannerEdge(edged.get());
  CHECK(ProbeInk(Small(edged.get()).get()).empty);
  // The page before, mirrored, at 6% of its contrast (print through thin paper).
  PixPtr page = TextPage(d, "page", kText);
  PixPtr mirrored(pixFlipLR(nullptr, page.get()));
  PixPtr ghost = Paper(2480, 3508, mirrored.get(), 0.06);
  CHECK(ProbeInk(Small(ghost.get()).get()).empty);

  PixPtr faint = Paper(2480, 3508, text.get(), 0.3);
  InkProbe f = ProbeInk(Small(faint.get()).get());
  CAPTURE(f.ink_pixels);
  CHECK_FALSE(f.empty);
  PixPtr pencilled = Paper(2480, 3508);
  Pencil(pencilled.get(), 1900, 300);
  InkProbe p = ProbeInk(Small(pencilled.get()).get());
  CAPTURE(p.ink_pixels);
  CHECK_FALSE(p.empty);
  // The probe as ingest makes it: a JPEG decoded at a quarter of its size.
  auto e = ReadPageForOcr(Jpeg(empty.get()), false, 0, 300, "");
  REQUIRE(e.ok());
  CHECK(e->pix == nullptr);
  auto t = ReadPageForOcr(Jpeg(faint.get()), false, 0, 300, "");
  REQUIRE(t.ok());
  CHECK(t->pix != nullptr);
}

TEST_CASE("volume: a scanned PDF page's own JPEG and G4 image are taken from the file") {
  fs::path d = Dir("scan-image");
  PixPtr page = Paper(2480, 3508, TextPage(d, "page", kText).get(), 1.0);
  const std::string pdf = Pdf({page.get()});
  auto image = ScanImageOfPage(pdf, 0);
  REQUIRE(image.has_value());
  CHECK(image->kind == ScanImage::Kind::kJpeg);
  CHECK(image->width == 2480);
  CHECK(image->height == 3508);
  CHECK(std::abs(image->page_width_in - 2480 / 300.0) < 0.01);
  auto quarter = DecodeScanImage(*image, 4);
  REQUIRE(quarter.ok());
  CHECK(PixWidth(quarter->get()) == 620);
  {
    // The probe's own libjpeg decoding (grey, fast DCT, rows straight into the Pix) gives the
    // pixels Leptonica's reader gives, in Leptonica's byte order: a swapped byte order would
    // differ by tens of levels wherever there is text.
    l_int32 warnings = 0;
    PixPtr lept(pixReadMemJpeg(reinterpret_cast<const l_uint8*>(image->data.data()), image->data.size(), 0, 4, &warnings, 0));
    REQUIRE(lept != nullptr);
    if (pixGetDepth(lept.get()) == 32) lept.reset(pixConvertRGBToLuminance(lept.get()));
    REQUIRE(pixGetWidth(lept.get()) == pixGetWidth(quarter->get()));
    REQUIRE(pixGetHeight(lept.get()) == pixGetHeight(quarter->get()));
    long long diff = 0, dark = 0;
    for (int y = 0; y < pixGetHeight(lept.get()); ++y)
      for (int x = 0; x < pixGetWidth(lept.get()); ++x) {
        l_uint32 a = 0, b = 0;
        pixGetPixel(lept.get(), x, y, &a);
        pixGetPixel(quarter->get(), x, y, &b);
        diff += std::abs(static_cast<int>(a) - static_cast<int>(b));
        dark += b < 128;
      }
    CHECK(dark > 1000);  // the page's text is there
    CHECK(static_cast<double>(diff) / (620.0 * pixGetHeight(lept.get())) < 1.5);
  }
  {
    // Located in place through the cross-reference table, not copied: the view is the file's.
    ScanImages all = ScanImagesOfPdf(pdf);
    REQUIRE(all.size() == 1);
    REQUIRE(all[0].has_value());
    CHECK(all[0]->owned == nullptr);
    CHECK(all[0]->data.data() >= pdf.data());
    CHECK(all[0]->data.data() + all[0]->data.size() <= pdf.data() + pdf.size());
    CHECK(all[0]->data == image->data);
    // A stream whose /Length does not end at "endstream" is not trusted in place.
    std::string broken = pdf;
    const size_t at = broken.find("/Length ");
    REQUIRE(at != std::string::npos);
    broken[at + 8] = broken[at + 8] == '9' ? '8' : static_cast<char>(broken[at + 8] + 1);
    ScanImages none = ScanImagesOfPdf(broken);
    CHECK((none.empty() || !none[0].has_value()));
  }
  auto ready = ReadPageForOcr(pdf, true, 0, 300, "");
  REQUIRE(ready.ok());
  CHECK(ready->probed_from_file);
  REQUIRE(ready->pix != nullptr);
  CHECK(std::abs(PixWidth(ready->pix.get()) - 2480) <= 1);  // Poppler rounds the page size
  // G4: the CCITT code as a PDF holds it, decoded through a TIFF wrapper, pixel for pixel.
  PixPtr bilevel(pixConvertTo1(page.get(), 150));
  L_COMP_DATA* cid = nullptr;
  REQUIRE(pixGenerateCIData(bilevel.get(), L_G4_ENCODE, 0, 0, &cid) == 0);
  ScanImage g4;
  g4.kind = ScanImage::Kind::kG4;
  g4.width = cid->w;
  g4.height = cid->h;
  g4.Own(std::string(reinterpret_cast<const char*>(cid->datacomp), cid->nbytescomp));
  l_CIDataDestroy(&cid);
  auto decoded = DecodeScanImage(g4, 1);
  REQUIRE(decoded.ok());
  l_int32 same = 0;
  pixEqual(decoded->get(), bilevel.get(), &same);
  CHECK(same == 1);
  // A page that is not one plain image (here: a text-layer PDF) is left to Poppler.
  CHECK_FALSE(ScanImageOfPage(Slurp(d / "page.pdf"), 0).has_value());
  CHECK_FALSE(ScanImageOfPage("%PDF-1.4 not really", 0).has_value());
}

TEST_CASE("volume: ingest records empty pages, reads a faint line and a pencilled page, and turns pages the wrong way up") {
  fs::path d = Dir("volume-ingest");
  PixPtr text = TextPage(d, "page", kText);
  PixPtr line = TextPage(d, "line", "Justerat den 12 mars 1923 av Karl Nilsson och Per Andersson\n");
  PixPtr upright = Paper(2480, 3508, text.get());
  PixPtr down = TurnPage(upright.get(), 2);
  PixPtr side = TurnPage(upright.get(), 1);
  PixPtr empty = Paper(2480, 3508, nullptr, 1.0, 11);
  ScannerEdge(empty.get());
  PixPtr faint = Paper(2480, 3508, line.get(), 0.35, 13);
  PixPtr pencilled = Paper(2480, 3508, nullptr, 1.0, 17);
  Pencil(pencilled.get(), 1900, 300);
  const fs::path pdf = d / "volym.pdf";
  std::ofstream(pdf, std::ios::binary)
      << Pdf({upright.get(), down.get(), empty.get(), faint.get(), pencilled.get(), side.get()});
  // An empty page in a text-layer PDF, too: a page with nothing drawn on it.
  const fs::path src = d / "tom.pdfsrc";
  std::ofstream(src) << "%layout header\n---\n" << kText << "<<page>>\n";
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q(src.string()) + " " + Q((d / "tom.pdf").string())).c_str()) == 0);
  const std::string db = (d / "c.sqlite").string();
  auto r = Sh(Q(PROTOKOLL_BINARY) + " ingest --jobs 2 --db " + Q(db) + " " + Q(pdf.string()) + " " + Q((d / "tom.pdf").string()));
  CAPTURE(r.out);
  REQUIRE(r.code == 0);
  auto page = [&](const std::string& file, int n, const std::string& column) {
    return Sh("sqlite3 " + Q(db) + " \"SELECT p." + column + " FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.path LIKE '%" +
              file + "' AND p.page = " + std::to_string(n) + "\"").out;
  };
  CHECK(page("volym.pdf", 1, "source") == "ocr\n");
  CHECK(page("volym.pdf", 1, "text").find("skolskjuts") != std::string::npos);
  // Upside down: turned, then read as well as the upright page.
  CHECK(page("volym.pdf", 2, "ocr_variant").find("+turned180") != std::string::npos);
  CHECK(page("volym.pdf", 2, "text").find("skolskjuts") != std::string::npos);
  CHECK(page("volym.pdf", 2, "text").find("40 000 kronor per år") != std::string::npos);
  CHECK(page("volym.pdf", 3, "source") == "empty\n");
  CHECK(page("volym.pdf", 3, "text") == "\n");
  CHECK(page("volym.pdf", 4, "source") == "ocr\n");
  CHECK(page("volym.pdf", 4, "text").find("Nilsson") != std::string::npos);
  CHECK(page("volym.pdf", 5, "source") == "ocr\n");  // read, whatever Tesseract makes of a scribble
  // Turned a quarter: Leptonica's count may not be decisive on a page of so few lines, and
  // Tesseract's layout analysis reads a page on its side by itself; either way it is read.
  CHECK(page("volym.pdf", 6, "text").find("skolskjuts") != std::string::npos);
  CHECK(page("volym.pdf", 6, "text").find("40 000 kronor per år") != std::string::npos);
  CHECK(page("tom.pdf", 1, "source") == "pdf\n");
  CHECK(page("tom.pdf", 2, "source") == "empty\n");
  // The page image shown on the web is turned as OCR turned it, so the line boxes fit.
  CHECK(QuarterTurnsOf(page("volym.pdf", 2, "ocr_variant")) == 2);
  CHECK(QuarterTurnsOf("psm3+eng§+turned90") == 1);
  CHECK(QuarterTurnsOf("psm6+sauvola+turned270") == 3);
  CHECK(QuarterTurnsOf("psm3+eng§") == 0);
  auto shown = RenderPagePreview(Slurp(pdf), true, 1, 300, 1100, 2);
  REQUIRE(shown.ok());
  CHECK(std::abs(shown->full_width - 2480) <= 1);
  CHECK(shown->full_height > shown->full_width);
  // In the searchable PDF the turned page's text is turned back with it: "Skolskjuts" on the
  // upside-down page stands where the page's own print of it is, the upright page's place
  // turned half a turn.
  const fs::path out = d / "pdf";
  auto exported = Sh(Q(PROTOKOLL_BINARY) + " export --db " + Q(db) + " --pdf " + Q(out.string()) + " 2>&1");
  CAPTURE(exported.out);
  fs::path searchable;
  for (const auto& e : fs::directory_iterator(out))
    if (Slurp(e.path()).find("/Count 6") != std::string::npos) searchable = e.path();
  REQUIRE(!searchable.empty());
  auto box = [&](int pg) {
    auto found = Sh("pdftotext -bbox -f " + std::to_string(pg) + " -l " + std::to_string(pg) + " " + Q(searchable.string()) + " - | grep -m1 '>Skolskjuts<'");
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::sscanf(found.out.c_str(), "%*[^\"]\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf", &x0, &y0, &x1, &y1);
    return std::array<double, 4>{x0, y0, x1, y1};
  };
  auto up = box(1), turned = box(2);
  CAPTURE(up[0]);
  CAPTURE(turned[0]);
  REQUIRE(up[2] > up[0]);
  const double W = 2480 * 72.0 / 300, H = 3508 * 72.0 / 300;
  CHECK(std::abs(turned[0] - (W - up[2])) < 15);
  CHECK(std::abs(turned[1] - (H - up[3])) < 15);
  // review counts them.
  auto review = Sh(Q(PROTOKOLL_BINARY) + " review --db " + Q(db));
  CHECK(review.out.find("1 empty page (no ink): not read") != std::string::npos);
}
