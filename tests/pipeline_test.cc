// Pipeline: sources (real poppler), decoding, walking folders, batch ingest into a real SQLite file.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "catalogue/catalogue.h"
#include "test_util.h"
#include "pipeline/document.h"
#include "pipeline/ingest.h"
#include "pipeline/sha256.h"
#include "pipeline/source.h"

using namespace protokoll;
using namespace protokoll::pipeline;
namespace fs = std::filesystem;
using protokoll::testing::Slurp;

namespace {
std::string Sample(const char* name) { return std::string(PROTOKOLL_SOURCE_DIR) + "/samples/" + name; }
fs::path FreshDir(const std::string& name) {
  fs::path d = fs::path(PROTOKOLL_TEST_TMP) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
void Write(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}
}  // namespace

TEST_CASE("sha256 of known inputs") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("format is sniffed from bytes, not the name") {
  CHECK(SniffFormat("%PDF-1.4\n...") == Format::kPdf);
  CHECK(SniffFormat("\x89PNG\r\n\x1a\n....") == Format::kImage);
  CHECK(SniffFormat(std::string("II*\0", 4)) == Format::kImage);
  CHECK(SniffFormat("\xFF\xD8\xFF\xE0") == Format::kImage);
  CHECK(SniffFormat("Ks § 39\nBeslut") == Format::kText);
  CHECK(SniffFormat("BMN § 12 börjar som en BMP") == Format::kText);
}

TEST_CASE("text decoding: UTF-8, Windows-1252, IBM850, UTF-16") {
  std::string cs;
  CHECK(*DecodeText("Beslut år 2019", &cs) == "Beslut år 2019");
  CHECK(cs == "UTF-8");
  // "Kommunstyrelsen beslutar att bevilja bidrag för år 2019 – § 12" in Windows-1252.
  std::string w1252 = "Kommunstyrelsen beslutar att bevilja bidrag f\xF6r \xE5r 2019 \x96 \xA7 12. \xC4ndring i \xF6versikten.";
  auto r = DecodeText(w1252, &cs);
  REQUIRE(r.ok());
  CHECK(*r == "Kommunstyrelsen beslutar att bevilja bidrag för år 2019 – § 12. Ändring i översikten.");
  CHECK(cs == "windows-1252");
  // The same words from a DOS export (IBM850): å = 0x86, ä = 0x84, ö = 0x94, Ä = 0x8E.
  std::string dos = "Kommunstyrelsen beslutar att bevilja bidrag f\x94r \x86r 2019. \x8Endring i \x94versikten s\x84gs.";
  r = DecodeText(dos, &cs);
  REQUIRE(r.ok());
  CHECK(*r == "Kommunstyrelsen beslutar att bevilja bidrag för år 2019. Ändring i översikten sägs.");
  CHECK(cs == "IBM850");
  std::string utf16le("\xFF\xFE" "\xE5\x00" "r\x00", 6);
  r = DecodeText(utf16le, &cs);
  REQUIRE(r.ok());
  CHECK(*r == "år");
  CHECK(cs == "UTF-16LE");
}

TEST_CASE("text source: pages at form feeds, binary and empty input are refused") {
  auto doc = ReadText("§ 1\nA\f§ 2\nB\f");
  REQUIRE(doc.ok());
  CHECK(doc->pages.size() == 2);
  CHECK(doc->pages[1].text == "§ 2\nB");
  auto bin = ReadText(std::string("\x00\x01\x02\x00\x00\x00 binary \x00\x00\x00\x00", 18));
  REQUIRE_FALSE(bin.ok());
  CHECK(bin.status().message().find("NUL") != std::string::npos);
  std::string random;
  unsigned x = 12345;
  for (int i = 0; i < 4096; ++i) random.push_back(static_cast<char>(((x = x * 1103515245 + 12345) >> 16) & 0xFF));
  auto noise = ReadText(random);
  REQUIRE_FALSE(noise.ok());
  CHECK(noise.status().message().find("binary") != std::string::npos);
  // A few NULs in a long text (a damaged export) are dropped by the normaliser, not fatal.
  std::string text(5000, 'a');
  text[100] = '\0';
  CHECK(ReadText("Ks § 1\n" + text).ok());
  auto empty = ReadText("   \n\n  ");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().message().find("empty") != std::string::npos);
}

TEST_CASE("PDF source: the text layer of each page, with real poppler") {
  std::string bytes = Slurp(Sample("storvik-kf-2019-11-25.pdf"));
  auto doc = ReadPdf(bytes, {});
  REQUIRE(doc.ok());
  REQUIRE(doc->pages.size() == 3);
  CHECK(doc->pages[0].source == PageSource::kPdf);
  CHECK(doc->pages[0].text.find("KF § 102") != std::string::npos);
  // poppler's own text() would join "Barn-" + "och" into "Barnoch"; the word-based reader keeps it.
  CHECK(doc->pages[0].text.find("Barnoch") == std::string::npos);
  CHECK(doc->pages[2].text.find("KF § 104") != std::string::npos);
}

TEST_CASE("PDF source: a long PDF read on several threads gives the pages one thread gives") {
  fs::path dir = FreshDir("pdf-threads");
  std::ostringstream src;
  src << "%layout header\n%footer-right Sida {page} av {pages}\n---\n";
  for (int i = 1; i <= 50; ++i) {
    if (i > 1) src << "<<page>>\n";
    src << "# KS § " << i << "\nÄrende " << i << " om förskolan i Barn- och utbildningsnämndens område\n\n"
        << "Beslut\nKommunstyrelsen beslutar att bevilja " << i * 1000 << " kronor.\n";
  }
  Write(dir / "long.pdfsrc", src.str());
  const std::string cmd = std::string("'") + PROTOKOLL_MKPDF + "' '" + (dir / "long.pdfsrc").string() + "' '" +
                          (dir / "long.pdf").string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string bytes = Slurp(dir / "long.pdf");
  auto one = ReadPdf(bytes, {});
  REQUIRE(one.ok());
  REQUIRE(one->pages.size() == 50);
  CHECK(one->pages[49].text.find("KS § 50") != std::string::npos);
  for (int threads : {2, 3, 8}) {
    SourceOptions o;
    o.threads = threads;
    auto many = ReadPdf(bytes, o);
    REQUIRE(many.ok());
    REQUIRE(many->pages.size() == one->pages.size());
    for (size_t i = 0; i < one->pages.size(); ++i) {
      CAPTURE(threads);
      CAPTURE(i);
      CHECK(many->pages[i].number == static_cast<int>(i) + 1);
      CHECK(many->pages[i].source == one->pages[i].source);
      CHECK(many->pages[i].text == one->pages[i].text);
      CHECK(many->pages[i].problem == one->pages[i].problem);
    }
  }
}

TEST_CASE("PDF source: broken files are a Status, never a crash") {
  auto junk = ReadSource("%PDF-1.4\nthis is not a pdf at all\n", {});
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.status().stage() == "pdf");
  CHECK_FALSE(junk.status().message().empty());
  std::string whole = Slurp(Sample("alvbacka-bun-2020-09-14.pdf"));
  auto truncated = ReadSource(whole.substr(0, whole.size() / 3), {});
  // poppler may rebuild a damaged file; either it reads pages or it says why not.
  if (truncated.ok()) CHECK(!truncated->pages.empty());
  else CHECK_FALSE(truncated.status().message().empty());
  auto empty = ReadSource("", {});
  CHECK_FALSE(empty.ok());
}

TEST_CASE("document: the meeting date from the file name when the text has none") {
  CHECK(DateFromFileName("arkiv/ks-2024-01-10.txt") == "2024-01-10");
  CHECK(DateFromFileName("protokoll_20240110.pdf") == "2024-01-10");
  CHECK(DateFromFileName("ljungby-ks-2017-39.txt").empty());
  auto src = ReadText("Ks § 39\nAnsökan\nBeslut\nKommunstyrelsen beslutar att bevilja.");
  auto doc = ProcessDocument(*src, "arkiv/ks-2017-04-04.txt", "00", 10);
  REQUIRE(doc.items.size() == 1);
  CHECK(doc.items[0].fields.meeting_date == "2017-04-04");
  CHECK(doc.items[0].source == "text");
}

TEST_CASE("collect inputs: recursion, extensions, links, FIFOs, the catalogue itself") {
  fs::path d = FreshDir("collect");
  Write(d / "a.txt", "§ 1\nA");
  Write(d / "b.pdf", "not really");
  Write(d / "notes.jsonl", "{}");
  fs::create_directories(d / "sub");
  Write(d / "sub" / "c.TXT", "§ 2\nB");
  Write(d / "med mellanslag och åäö.txt", "§ 3\nC");
  fs::create_directory_symlink(d, d / "sub" / "loop");
  fs::create_symlink(d / "missing.txt", d / "dangling.txt");
  REQUIRE(mkfifo((d / "fifo.txt").c_str(), 0600) == 0);
  Write(d / "cat.sqlite", "x");
  auto in = CollectInputs({d.string(), (d / "nope.txt").string()}, (d / "cat.sqlite").string());
  std::map<std::string, std::string> got;
  for (const auto& f : in) got[fs::path(f.path).filename().string()] = f.error;
  CHECK(got.count("a.txt"));
  CHECK(got.count("b.pdf"));
  CHECK(got.count("c.TXT"));
  CHECK(got.count("med mellanslag och åäö.txt"));
  CHECK_FALSE(got.count("notes.jsonl"));
  CHECK_FALSE(got.count("cat.sqlite"));
  CHECK(got["fifo.txt"] == "not a regular file");
  CHECK(got["dangling.txt"].find("link") != std::string::npos);
  CHECK(got["nope.txt"] == "no such file or folder");
  CHECK(in.size() == 7);  // loop not followed: nothing twice
}

TEST_CASE("ingest: one bad file never stops the batch, and is recorded") {
  fs::path d = FreshDir("batch");
  Write(d / "1-good.txt", "KS § 5\nDnr KS 2019/12\n\nBudget\n\nBeslut\nKommunstyrelsen beslutar att anta budgeten.\n");
  Write(d / "2-broken.pdf", "%PDF-1.7\ngarbage");
  Write(d / "3-empty.txt", "");
  Write(d / "4-good.txt", "§ 7 Motion\nBeslut\nMotionen avslås.\n");
  std::string db = (d / "c.sqlite").string();
  auto cat = catalogue::Catalogue::Open(db);
  REQUIRE(cat.ok());
  std::vector<std::string> messages;
  IngestOptions o;
  o.jobs = 2;
  o.db_path = db;
  auto report = Ingest(*cat, CollectInputs({d.string()}, db), o,
                       [&](const std::string& m) { messages.push_back(m); });
  CHECK(report.files == 4);
  CHECK(report.ingested == 2);
  CHECK(report.failed == 2);
  auto failures = cat->Failures();
  REQUIRE(failures.ok());
  REQUIRE(failures->size() == 2);
  CHECK((*failures)[0].path.find("2-broken.pdf") != std::string::npos);
  CHECK((*failures)[0].stage == "pdf");
  bool named = false;
  for (const auto& m : messages) named |= m.find("2-broken.pdf: pdf: ") != std::string::npos;
  CHECK(named);
  // Again: the good files are unchanged, the bad ones fail again and count a second attempt.
  auto again = Ingest(*cat, CollectInputs({d.string()}, db), o, [](const std::string&) {});
  CHECK(again.unchanged == 2);
  CHECK(again.failed == 2);
  CHECK((*cat->Failures())[0].attempts == 2);
  // Fixed file: the failure is cleared when it goes in.
  Write(d / "3-empty.txt", "§ 9\nNu med text\nBeslut\nGodkänt.\n");
  Ingest(*cat, CollectInputs({(d / "3-empty.txt").string()}, db), o, [](const std::string&) {});
  CHECK(cat->Failures()->size() == 1);
}

// Documents are committed in batches; an error that rolls back a batch's transaction must not
// lose the other documents in it: each is stored or recorded as a failure, and a retry stores
// them. (Which documents share a batch depends on timing; the outcome must not.)
TEST_CASE("ingest: a batch rolled back by an error loses nothing: its documents are recorded and retried") {
  fs::path d = FreshDir("batch-rollback");
  for (int i = 1; i <= 12; ++i)
    Write(d / ("p" + std::to_string(100 + i) + ".txt"),
          "KS § " + std::to_string(i) + "\nÄrende " + std::to_string(i) + "\n\nBeslut\nGodkänt.\n");
  Write(d / "p107.txt", "KS § 7\nROLLBACK\n\nBeslut\nGodkänt.\n");  // its title rolls the transaction back
  Write(d / "p113.txt", "");  // fails before the store: its failure record may be in a lost batch too
  std::string db = (d / "c.sqlite").string();
  { REQUIRE(catalogue::Catalogue::Open(db).ok()); }
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TRIGGER test_rollback BEFORE INSERT ON items WHEN NEW.title = 'ROLLBACK' "
                              "BEGIN SELECT RAISE(ROLLBACK, 'rolled back by the test'); END;",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto cat = catalogue::Catalogue::Open(db);
  REQUIRE(cat.ok());
  IngestOptions o;
  o.jobs = 2;
  o.db_path = db;
  std::vector<std::string> messages;
  auto report = Ingest(*cat, CollectInputs({d.string()}, db), o, [&](const std::string& m) { messages.push_back(m); });
  CHECK(report.files == 13);
  CHECK(report.ingested + report.failed == 13);
  CHECK(report.failed >= 2);
  auto failures = cat->Failures();
  REQUIRE(failures.ok());
  CHECK(static_cast<int>(failures->size()) == report.failed);
  CHECK(cat->Stats()->documents == report.ingested);  // what was reported stored is stored
  CHECK(cat->Stats()->items == report.items);
  for (int i = 1; i <= 12; ++i) {  // every file is in the catalogue or in the failures
    const std::string name = "p" + std::to_string(100 + i) + ".txt";
    bool failed = false;
    for (const auto& f : *failures) failed |= f.path.find(name) != std::string::npos;
    auto bytes = Slurp((d / name).string());
    CAPTURE(name);
    CHECK(failed != *cat->HasDocument(Sha256Hex(bytes)));
  }
  bool empty_recorded = false;
  for (const auto& f : *failures) empty_recorded |= f.path.find("p113.txt") != std::string::npos && f.stage == "source";
  CHECK(empty_recorded);
  // The trigger gone, a retry of the failures stores every one (the empty file fails again).
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "DROP TRIGGER test_rollback", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  std::vector<std::string> retry;
  for (const auto& f : *failures) retry.push_back(f.path);
  auto again = Ingest(*cat, CollectInputs(retry, db), o, [](const std::string&) {});
  CHECK(again.failed == 1);
  CHECK(cat->Stats()->documents == 12);
  CHECK(cat->Failures()->size() == 1);
}

TEST_CASE("text layer: usable, or garbage that needs OCR") {
  CHECK(TextLayerIsUsable("Kommunstyrelsen beslutar att bevilja bidraget till föreningen."));
  CHECK_FALSE(TextLayerIsUsable(""));
  CHECK_FALSE(TextLayerIsUsable("  3  \n x "));                           // a few stray characters
  CHECK_FALSE(TextLayerIsUsable("KommunfullmÃ¤ktige beslutar att Ã¥terremittera Ã¤rendet till "
                                "fÃ¶rvaltningen fÃ¶r Ã¶versyn."));       // UTF-8 read as Latin-1
  CHECK_FALSE(TextLayerIsUsable("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD abcdefghij klmnopqrst "
                                "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));
  CHECK_FALSE(TextLayerIsUsable("Qxzrt pklmn dfghj wrtzp kllmn bcdfg hjklm nprst vwxzq"));  // no vowels: glyph ids
  CHECK(TextLayerIsUsable("KS § 12 Dnr KS 2019/345 Budget 2020 för barn- och utbildningsnämnden"));
}
