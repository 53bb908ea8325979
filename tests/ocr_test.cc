// OCR with the real Tesseract and the Swedish model, on small images the test makes: a § header,
// an amount, a date. Also page images that must be refused, and the per-page deadline.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_util.h"
#include "pipeline/ocr.h"
#include "pipeline/raster.h"

using namespace protokoll::pipeline;
namespace fs = std::filesystem;
using protokoll::testing::Slurp;

namespace {


// A one-page text-layer PDF with these lines, made by tools/mkpdf.
std::string MakePdf(const std::string& name, const std::string& body, const std::string& layout = "header") {
  fs::create_directories(PROTOKOLL_TEST_TMP);
  fs::path src = fs::path(PROTOKOLL_TEST_TMP) / (name + ".pdfsrc");
  fs::path pdf = fs::path(PROTOKOLL_TEST_TMP) / (name + ".pdf");
  std::ofstream(src) << "%layout " << layout << "\n---\n" << body;
  std::string cmd = std::string("'") + PROTOKOLL_MKPDF + "' '" + src.string() + "' '" + pdf.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return Slurp(pdf);
}

}  // namespace

TEST_CASE("ocr: a § header, an amount and a date, with § recovered from the eng re-read") {
  std::string pdf = MakePdf("ocr-small",
                            "# Ks § 39\nKs2017/0073\n\n# Ansökan om service i samverkan\n\nBeslut\n"
                            "Kommunstyrelsen beslutar att bevilja 40 000 kronor per år.\n"
                            "Tjänsteskrivelse den 7 mars 2017.\n\n# BUN § 45\nÅrsredovisning för förskolan\n");
  auto pix = RenderPdfPage(pdf, 0, 300, "");
  REQUIRE(pix.ok());
  CHECK(PixWidth(pix->get()) > 2000);
  auto engine = OcrEngine::Create(ParagraphSignMode::kRereadLines);
  REQUIRE(engine.ok());
  auto page = (*engine)->Recognize(pix->get(), {});
  REQUIRE(page.ok());
  CAPTURE(page->text);
  CHECK(page->text.find("Ks § 39") != std::string::npos);
  CHECK(page->text.find("BUN § 45") != std::string::npos);
  CHECK(page->text.find("40 000 kronor per år") != std::string::npos);
  CHECK(page->text.find("7 mars 2017") != std::string::npos);
  CHECK(page->text.find("Årsredovisning för förskolan") != std::string::npos);
  CHECK(page->mean_confidence > 0.8);
  CHECK(page->mean_confidence <= 1.0);
  CHECK(page->signs_recovered >= 2);
  CHECK(page->variant.find("+eng§") != std::string::npos);
}

TEST_CASE("ocr: the Swedish model alone has no §") {
  std::string pdf = MakePdf("ocr-nosign", "# Ks § 39\nAnsökan om service i samverkan\n");
  auto pix = RenderPdfPage(pdf, 0, 300, "");
  REQUIRE(pix.ok());
  auto engine = OcrEngine::Create(ParagraphSignMode::kNone);
  REQUIRE(engine.ok());
  auto page = (*engine)->Recognize(pix->get(), {});
  REQUIRE(page.ok());
  CAPTURE(page->text);
  CHECK(page->text.find("§") == std::string::npos);
  CHECK(page->text.find("39") != std::string::npos);
}

TEST_CASE("ocr: Tesseract starts no OpenMP threads of its own beside the page workers") {
  // Its OpenMP threads would fight the workers (2–4× slower on 2 cores): each thread that runs it
  // limits them for itself. libgomp keeps the threads a thread started for as long as that thread
  // lives, so a worker that has run Tesseract counts the process's threads: itself and no more.
  std::string pdf = MakePdf("ocr-threads", "# Ks § 12\nBidrag till föreningen\n\nBeslut\nKommunstyrelsen beslutar att bevilja bidraget.\n");
  auto pix = RenderPdfPage(pdf, 0, 300, "");
  REQUIRE(pix.ok());
  auto threads = [] {
    int n = 0;
    for (const auto& e : fs::directory_iterator("/proc/self/task")) n += e.is_directory();
    return n;
  };
  const int before = threads();
  std::string text;
  int during = 0;
  std::thread worker([&] {
    auto engine = OcrEngine::Create(ParagraphSignMode::kRereadLines);
    if (!engine.ok()) return;
    auto page = (*engine)->Recognize(pix->get(), {});
    if (page.ok()) text = page->text;
    during = threads();
  });
  worker.join();
  CHECK(text.find("Bidrag") != std::string::npos);
  CHECK(during == before + 1);
}

TEST_CASE("ocr: a page past its deadline is a Status, not blanks") {
  std::string pdf = MakePdf("ocr-deadline", "Kommunstyrelsen beslutar att bevilja bidraget.\nEn rad till med text.\n");
  auto pix = RenderPdfPage(pdf, 0, 300, "");
  REQUIRE(pix.ok());
  auto engine = OcrEngine::Create(ParagraphSignMode::kNone);
  REQUIRE(engine.ok());
  OcrOptions o;
  o.timeout_ms = 1;
  auto page = (*engine)->Recognize(pix->get(), o);
  REQUIRE_FALSE(page.ok());
  CHECK(page.status().stage() == "ocr");
  CHECK(page.status().message() == "timed out");
  // The engine is still good for the next page.
  auto again = (*engine)->Recognize(pix->get(), {});
  REQUIRE(again.ok());
  CHECK(again->text.find("bidraget") != std::string::npos);
}

TEST_CASE("ocr: a degraded page (2° skew, heavy noise, low contrast) is read again") {
  // Tesseract's default segmentation loses whole lines of such a page (FACTS.md); Sauvola
  // thresholding with --psm 6 gets them back.
  fs::path png = fs::path(PROTOKOLL_TEST_TMP) / "degraded.png";
  std::string cmd = std::string("'") + (fs::path(PROTOKOLL_MKPDF).parent_path() / "mkscan").string() +
                    "' --angle 2 --noise 60 --contrast 0.4 --blur '" + PROTOKOLL_SOURCE_DIR +
                    "/samples/storvik-kf-2019-11-25.pdf' '" + png.string() + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto pix = DecodeImagePage(Slurp(png), 0);
  REQUIRE(pix.ok());
  auto engine = OcrEngine::Create(ParagraphSignMode::kNone);
  REQUIRE(engine.ok());
  OcrOptions once;
  once.retry_poor = false;
  auto first = (*engine)->Recognize(pix->get(), once);
  REQUIRE(first.ok());
  auto page = (*engine)->Recognize(pix->get(), {});
  REQUIRE(page.ok());
  CAPTURE(page->text);
  CHECK(page->variant.find("sauvola") != std::string::npos);
  CHECK(page->text.size() > first->text.size() + 500);
  // "Kommunfullmäktiges beslut" (the f may come out as a t at this noise level)
  CHECK(page->text.find("mäktiges beslut") != std::string::npos);
  CHECK(page->text.find("skolskjuts") != std::string::npos);
}

TEST_CASE("misread header lines") {
  for (const char* l : {"Ks 8 39", "Ks $ 40", "Ks 838", "KF 312", "BUN $45", "KF $& 102", "£ 45 Lokalplan", "§ 12"}) {
    CAPTURE(std::string(l));
    CHECK(LooksLikeMisreadHeader(l));
  }
  for (const char* l : {"Kommunstyrelsen beslutar att bevilja 40 000 kronor per år.", "Beslut", ""}) {
    CAPTURE(std::string(l));
    CHECK_FALSE(LooksLikeMisreadHeader(l));
  }
}

TEST_CASE("page images: refused before decoding, corrupt ones are a Status") {
  // A PNG header that claims 100000 × 100000 pixels: ten billion pixels, never allocated.
  // A valid PNG (CRCs right) whose header claims 100000 × 100000 pixels.
  static const char kPng[] =
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x01\x86\xa0\x00\x01\x86\xa0\x08"
      "\x00\x00\x00\x00\x8d\x39\x54\x14\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63\x60\x80\x01\x00\x00"
      "\x0a\x00\x01\x7f\x80\x74\x5e\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
  std::string png(kPng, sizeof kPng - 1);
  auto big = DecodeImagePage(png, 0);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().message().find("over the limit") != std::string::npos);
  std::string tiff = Slurp(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "alvbacka-bun-2020-09-14-skannad.tif");
  auto n = ImagePageCount(tiff);
  REQUIRE(n.ok());
  CHECK(*n == 2);
  auto page2 = DecodeImagePage(tiff, 1);
  REQUIRE(page2.ok());
  CHECK(PixWidth(page2->get()) > 2000);
  auto corrupt = DecodeImagePage(tiff.substr(0, tiff.size() / 2), 1);
  CHECK_FALSE(corrupt.ok());
  auto junk = ImagePageCount(std::string("II*\0garbage-garbage", 19));
  CHECK_FALSE(junk.ok());
}

TEST_CASE("page images: degenerate and absurd PDF pages") {
  std::string pdf = MakePdf("zero-page", "Sida ett\n");
  size_t box = pdf.find("[0 0 595 842]");
  REQUIRE(box != std::string::npos);
  // A zero-size MediaBox: poppler falls back to a default page; never a 1×1 "valid" image.
  std::string zero = pdf;
  zero.replace(box, 13, "[0 0 000 000]");  // same length: the xref offsets stay right
  auto pix = RenderPdfPage(zero, 0, 300, "");
  if (pix.ok()) CHECK(PixWidth(pix->get()) >= 16);
  else CHECK(pix.status().stage() == "render");
  // A 200-inch page (14400 pt): rendered coarser inside the pixel limits, not 1×1.
  std::string huge = pdf;
  huge.replace(box, 13, "[0 0 14400 14400]");
  // The longer box shifts later objects; poppler reconstructs the xref and still reads it.
  auto big = RenderPdfPage(huge, 0, 300, "");
  REQUIRE(big.ok());
  CHECK(PixWidth(big->get()) <= kMaxPageSide);
  CHECK(static_cast<long long>(PixWidth(big->get())) * PixHeight(big->get()) <= kMaxPagePixels);
  CHECK(PixWidth(big->get()) > 1000);
  CHECK(RenderPdfPage(pdf, 5, 300, "").status().message() == "no such page");
}

TEST_CASE("Swedish dictionary repairs of OCR slips") {
  auto sp = SwedishSpeller::Load();
  REQUIRE(sp);  // hunspell-sv is a dependency
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"att kommunfullmä ktige beslutar", "att kommunfullmäktige beslutar"},
      {"bevilja S torviks hembygdsförening", "bevilja Storviks hembygdsförening"},
      {"Arendet bordläggs.", "Ärendet bordläggs."},
      {"Ärendets behandling i nämnden", "Ärendets behandling i nämnden"},
      {"Lars Ek (V) yrkar bifall.", "Lars Ek (V) yrkar bifall."},
      {"Ärendenummer SLK-2024-00062", "Ärendenummer SLK-2024-00062"},
      {"Dnr KS 2019/00345", "Dnr KS 2019/00345"},
      {"40 000 kronor per år", "40 000 kronor per år"},
      // Specks read as punctuation, a letter misread, added or with a wrong diacritic.
      {"Redovisning av .uppdrag om", "Redovisning av uppdrag om"},
      {"Anmälan.av jäv", "Anmälan av jäv"},
      {"Utdelning ur. stiftelsen", "Utdelning ur stiftelsen"},
      {"om bemyndigande\" av förvärv", "om bemyndigande av förvärv"},
      {"kl. 18.00 i rådhuset", "kl. 18.00 i rådhuset"},
      {"struktur, ansvärsområden och", "struktur, ansvarsområden och"},
      {"förslag på utvecklingsarfbete i syfte", "förslag på utvecklingsarbete i syfte"},
      {"Beslutet gäller. Det är klart.", "Beslutet gäller. Det är klart."},
      {"citerade \"ett\" och", "citerade \"ett\" och"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.in));
    std::string line = c.in;
    sp->RepairLine(line);
    CHECK(line == c.out);
  }
}

TEST_CASE("word boxes: the words of a repaired line keep the places they were read at") {
  const OcrWord line{"", 100, 50, 600, 40};
  auto texts = [](const std::vector<OcrWord>& ws) {
    std::vector<std::string> out;
    for (const OcrWord& w : ws) out.push_back(w.text);
    return out;
  };
  // The same number of words: each keeps its box ("8" read again as "§").
  auto same = AlignWords("Ks § 39", {{"Ks", 100, 50, 40, 30}, {"8", 150, 52, 15, 28}, {"39", 175, 50, 35, 30}}, line);
  REQUIRE(same.size() == 3);
  CHECK(texts(same) == std::vector<std::string>{"Ks", "§", "39"});
  CHECK(same[1].left == 150);
  CHECK(same[1].width == 15);
  CHECK(same[1].top == 52);
  // Two read words joined by the dictionary: one box over both.
  auto joined = AlignWords("att kommunfullmäktige beslutar",
                           {{"att", 100, 50, 40, 30}, {"kommunfullmä", 150, 50, 180, 35}, {"ktige", 335, 50, 70, 35},
                            {"beslutar", 420, 50, 110, 30}},
                           line);
  REQUIRE(joined.size() == 3);
  CHECK(joined[1].text == "kommunfullmäktige");
  CHECK(joined[1].left == 150);
  CHECK(joined[1].left + joined[1].width == 405);
  CHECK(joined[2].left == 420);
  // A read word split in two: each part takes its share of the characters.
  auto split = AlignWords("Anmälan av jäv", {{"Anmälan.av", 100, 50, 200, 30}, {"jäv", 320, 50, 50, 30}}, line);
  REQUIRE(split.size() == 3);
  CHECK(split[0].left == 100);
  CHECK(split[0].left + split[0].width == 240);  // 7 of the 10 characters
  CHECK(split[1].left == 260);
  CHECK(split[1].left + split[1].width == 300);
  CHECK(split[2].left == 320);
  // "KF 312" read again as "KF § 12": the sign takes the place of the 3.
  auto sign = AlignWords("KF § 12", {{"KF", 100, 50, 40, 30}, {"312", 160, 50, 60, 30}}, line);
  REQUIRE(sign.size() == 3);
  CHECK(sign[1].left == 160);
  CHECK(sign[1].width == 20);
  CHECK(sign[2].left == 180);
  CHECK(sign[2].width == 40);
  // A word no read character stands for lies in the gap between its neighbours.
  auto inserted = AlignWords("Ks § 39", {{"Ks", 100, 50, 40, 30}, {"39", 200, 50, 40, 30}}, line);
  REQUIRE(inserted.size() == 3);
  CHECK(inserted[1].left > 140);
  CHECK(inserted[1].left + inserted[1].width < 200);
  // Nothing read: spread over the line by length (the spaces count), in order, inside it.
  auto spread = AlignWords("ab cdef g", {}, line);
  REQUIRE(spread.size() == 3);
  CHECK(spread[0].left == 100);
  CHECK(spread[1].left == 100 + 600 * 3 / 9);
  CHECK(spread[2].left + spread[2].width == 700);
  for (const OcrWord& w : spread) CHECK(w.height == 40);
  CHECK(AlignWords("", {{"x", 1, 1, 1, 1}}, line).empty());
  CHECK(AlignWords("  ", {}, line).empty());
}

TEST_CASE("ocr: every word of every line has a box, in order, inside its line") {
  std::string pdf = MakePdf("ocr-words",
                            "# Ks § 39\nKs2017/0073\n\n# Skolskjuts för elever med växelvis boende\n\n"
                            "Kommunstyrelsen beslutar att bevilja 40 000 kronor per år.\n");
  auto pix = RenderPdfPage(pdf, 0, 300, "");
  REQUIRE(pix.ok());
  auto engine = OcrEngine::Create(ParagraphSignMode::kRereadLines);
  REQUIRE(engine.ok());
  auto page = (*engine)->Recognize(pix->get(), {});
  REQUIRE(page.ok());
  REQUIRE(page->lines.size() >= 4);
  bool saw_sign = false;
  for (const OcrLine& l : page->lines) {
    CAPTURE(l.text);
    std::vector<std::string> tokens;
    std::istringstream in(l.text);
    for (std::string t; in >> t;) tokens.push_back(t);
    REQUIRE(l.words.size() == tokens.size());
    for (size_t k = 0; k < tokens.size(); ++k) {
      const OcrWord& w = l.words[k];
      CHECK(w.text == tokens[k]);
      CHECK(w.width > 0);
      CHECK(w.height > 0);
      CHECK(w.left >= l.left - 2);
      CHECK(w.left + w.width <= l.left + l.width + 2);
      CHECK(w.top >= l.top - 2);
      CHECK(w.top + w.height <= l.top + l.height + 2);
      if (k > 0) CHECK(w.left > l.words[k - 1].left);
    }
    if (l.text.rfind("Ks § 39", 0) == 0) {
      saw_sign = true;
      CHECK(l.words[1].left < l.words[2].left);  // the recovered sign before its number
    }
  }
  CHECK(saw_sign);
}
