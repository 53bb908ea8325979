// Bounded by design: files mapped, never copied; what is clearly no protocol refused from its first
// bytes; a long text read in parts; paths kept as bytes; identical files read once.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "pipeline/document.h"
#include "pipeline/ingest.h"
#include "pipeline/mapped_file.h"
#include "pipeline/sha256.h"
#include "pipeline/source.h"
#include "test_util.h"

using namespace protokoll;
using namespace protokoll::pipeline;
namespace fs = std::filesystem;

namespace {
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
const std::string kProtocol =
    "Kommunstyrelsen\nSammanträdesdatum 2019-03-12\n\nKs § 5\nDnr KS 2019/12\n\nBudget 2020\n\nBeslut\n"
    "Kommunstyrelsen beslutar att anta budgeten.\n\nKs § 6\nDnr KS 2019/13\n\nMotion om cykelvägar\n\n"
    "Beslut\nMotionen avslås.\n";

struct Run {
  IngestReport report;
  std::vector<std::string> messages;
};
Run IngestInto(catalogue::Catalogue& cat, const std::string& db, const std::vector<std::string>& paths, int jobs) {
  Run r;
  IngestOptions o;
  o.jobs = jobs;
  o.db_path = db;
  r.report = Ingest(cat, CollectInputs(paths, db), o, [&](const std::string& m) { r.messages.push_back(m); });
  return r;
}
}  // namespace

TEST_CASE("paths: escaped to one line in messages, kept as they are when UTF-8") {
  CHECK(EscapePath("protokoll/ks 2019.txt") == "protokoll/ks 2019.txt");
  CHECK(EscapePath("Kommunstyrelsen å ä ö.pdf") == "Kommunstyrelsen å ä ö.pdf");
  CHECK(EscapePath("a\nb\tc\rd.txt") == "a\\nb\\tc\\rd.txt");
  CHECK(EscapePath("caf\xE9.txt") == "caf\\xe9.txt");         // Latin-1, not UTF-8
  CHECK(EscapePath("x\\y") == "x\\\\y");                    // a backslash, so that "\xNN" is always a byte
  CHECK(EscapePath("\x1b[31mred") == "\\x1b[31mred");        // no terminal escapes
  CHECK(EscapePath("a\xC2\x85" "b") == "a\\xc2\\x85b");        // NEL, a C1 line end
  CHECK(EscapePath("\xE2\x80\xAEtxt.exe") == "\\xe2\\x80\\xaetxt.exe");  // a right-to-left override
  CHECK(EscapePath("\xED\xA0\x80") == "\\xed\\xa0\\x80");    // a surrogate is no UTF-8
  CHECK(EscapePath("\xC0\xAF") == "\\xc0\\xaf");             // nor an overlong form
  CHECK(IsUtf8("åäö"));
  CHECK(!IsUtf8("caf\xE9"));
  CHECK(Status::Error("read", "gone", "a\nb.txt").ToString() == "protokoll: a\\nb.txt: read: gone");
}

TEST_CASE("sniff: what is clearly no protocol is known from its first bytes") {
  CHECK(NotAProtocol(kProtocol, true).empty());
  CHECK(NotAProtocol("%PDF-1.7\n\0\0\0binary streams", false).empty());
  CHECK(NotAProtocol(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), false).empty());
  CHECK(NotAProtocol(std::string("\xFF\xFEK\0s\0 \0\xA7\0", 10), true).empty());  // UTF-16 with its mark
  CHECK(NotAProtocol("PK\x03\x04\x14\0\0\0", false).find("ZIP archive") != std::string::npos);
  CHECK(NotAProtocol(std::string("SQLite format 3\0", 16), false) == "an SQLite database, not a protocol");
  CHECK(NotAProtocol("\x7F" "ELF\x02\x01\x01", false).find("ELF") != std::string::npos);
  CHECK(NotAProtocol("\x1F\x8B\x08\0", false).find("gzip") != std::string::npos);
  CHECK(NotAProtocol("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", false).find("Office") != std::string::npos);
  std::string tar(1024, '\0');
  tar.replace(0, 9, "notes.txt");
  tar.replace(257, 5, "ustar");
  CHECK(NotAProtocol(tar, false).find("tar archive") != std::string::npos);
  // Binary data where text would be: by its control bytes, as a whole file's are counted.
  const std::string zeros(kSniffBytes, '\0');
  CHECK(NotAProtocol(zeros, false) == "binary data in its first 64 KiB (65536 control bytes, 65536 of them NUL), not text");
  CHECK(NotAProtocol(std::string(100, '\x01'), true) == "binary data (100 control bytes, 0 of them NUL), not text");
  // A protocol with a few stray control bytes is still text.
  CHECK(NotAProtocol(kProtocol + "\x01\x02", true).empty());
}

TEST_CASE("ingest: a large file that is clearly no protocol is refused from its first bytes, never hashed") {
  fs::path d = FreshDir("bounded-refuse");
  // 4 GiB of zeros that take no disk (a sparse file), and a ZIP named like a protocol.
  {
    std::ofstream(d / "zeros.txt").close();
    fs::resize_file(d / "zeros.txt", 4ULL << 30);
  }
  Write(d / "archive.pdf.txt", std::string("PK\x03\x04\x14\0\0\0", 8) + std::string(100000, 'x'));
  Write(d / "ok.txt", kProtocol);
  const std::string db = (d / "c.sqlite").string();
  auto cat = catalogue::Catalogue::Open(db);
  REQUIRE(cat.ok());
  Run r = IngestInto(*cat, db, {d.string()}, 2);
  CHECK(r.report.ingested == 1);
  CHECK(r.report.failed == 2);
  auto failures = cat->Failures();
  REQUIRE(failures->size() == 2);
  for (const auto& f : *failures) {
    CAPTURE(f.path);
    CHECK(f.stage == "source");
    CHECK(f.sha256.empty());  // refused before its bytes were read through
  }
  CHECK((*failures)[0].reason.find("ZIP archive") != std::string::npos);
  CHECK((*failures)[1].reason.find("binary data in its first 64 KiB") != std::string::npos);
}

TEST_CASE("ingest: a name with a newline and a name that is not UTF-8: one-line messages, records that name the file") {
  fs::path d = FreshDir("bounded-names");
  const std::string newline = "ks\n2019.txt", latin1 = "kf-\xE5r-2019.txt", broken = "trasig-\xE9.txt";
  Write(d / newline, kProtocol);
  Write(d / latin1, kProtocol + "\nKs § 7\nDnr KS 2019/14\n\nÖvrigt\n\nBeslut\nInformationen noteras.\n");
  Write(d / broken, "");  // fails: its failure must name it too
  const std::string db = (d / "c.sqlite").string();
  auto cat = catalogue::Catalogue::Open(db);
  REQUIRE(cat.ok());
  Run r = IngestInto(*cat, db, {d.string()}, 2);
  CHECK(r.report.ingested == 2);
  CHECK(r.report.failed == 1);
  bool saw_broken = false;
  for (const std::string& m : r.messages) {
    CAPTURE(m);
    CHECK(m.find('\n') == std::string::npos);
    CHECK(IsUtf8(m));
    saw_broken |= m.find("trasig-\\xe9.txt: source: empty file") != std::string::npos;
  }
  CHECK(saw_broken);
  // The records: a UTF-8 name as it is (newline and all), the other escaped, flagged, and its
  // bytes kept so that the file is found again.
  auto exported = cat->Export(0, "");
  REQUIRE(exported.ok());
  std::map<std::string, nlohmann::json> by_path;
  for (const std::string& rec : exported->records) {
    auto j = nlohmann::json::parse(rec);
    by_path[j["document"]["path"]] = j["document"];
  }
  const std::string newline_path = (d / newline).string(), latin1_path = (d / latin1).string();
  REQUIRE(by_path.count(newline_path) == 1);
  CHECK(!by_path[newline_path].contains("path_escaped"));
  const std::string escaped = EscapePath(latin1_path);
  CHECK(escaped.find("kf-\\xe5r-2019.txt") != std::string::npos);
  REQUIRE(by_path.count(escaped) == 1);
  CHECK(by_path[escaped]["path_escaped"] == true);
  auto doc = cat->Document(by_path[escaped]["sha256"].get<std::string>());
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->path == escaped);
  CHECK((*doc)->file == latin1_path);
  CHECK(fs::exists((*doc)->file));
  auto failures = cat->Failures();
  REQUIRE(failures->size() == 1);
  CHECK((*failures)[0].path == EscapePath((d / broken).string()));
  CHECK((*failures)[0].file == (d / broken).string());
  // Retried by its bytes (as ingest --retry-failed does), the fixed file goes in and its failure goes.
  Write(d / broken, kProtocol + "\nKs § 9\nÄrende\n\nBeslut\nGodkänt.\n");
  Run again = IngestInto(*cat, db, {(*failures)[0].file}, 1);
  CHECK(again.report.ingested == 1);
  CHECK(cat->Failures()->empty());
  // The same file again: unchanged, found by its bytes whatever its name.
  Run third = IngestInto(*cat, db, {latin1_path}, 1);
  CHECK(third.report.unchanged == 1);
}

TEST_CASE("ingest: identical files in one run: the first in input order is read, the others are its duplicates") {
  fs::path d = FreshDir("bounded-duplicates");
  // Identical bytes under three names, the first in order large enough to be read last.
  std::string big = kProtocol;
  while (big.size() < (1 << 20)) big += "\nKs § 8\nDnr KS 2019/15\n\nÄrende\n\nBeslut\nGodkänt.\n";
  Write(d / "a-volym.txt", big);
  for (int i = 0; i < 6; ++i) Write(d / ("b-" + std::to_string(i) + ".txt"), kProtocol + std::string(static_cast<size_t>(i + 1), '\n'));
  Write(d / "c-kopia.txt", big);
  Write(d / "d-kopia.txt", big);
  for (int jobs : {1, 2, 4, 4, 3}) {
    CAPTURE(jobs);
    const std::string db = (d / ("c" + std::to_string(jobs) + ".sqlite")).string();
    fs::remove(db);
    auto cat = catalogue::Catalogue::Open(db);
    REQUIRE(cat.ok());
    Run r = IngestInto(*cat, db, {d.string()}, jobs);
    CHECK(r.report.files == 9);
    CHECK(r.report.ingested == 7);
    CHECK(r.report.duplicates == 2);
    CHECK(r.report.failed == 0);
    auto doc = cat->Document(Sha256Hex(big));
    REQUIRE(doc.ok());
    REQUIRE(doc->has_value());
    CHECK((*doc)->path == (d / "a-volym.txt").string());
    int named = 0;
    for (const std::string& m : r.messages)
      named += m.find("-kopia.txt: duplicate of " + (d / "a-volym.txt").string()) != std::string::npos;
    CHECK(named == 2);
    CHECK(cat->Stats()->documents == 7);
  }
}

TEST_CASE("text parts: a long text cut where items begin, every byte on one page, pages numbered on") {
  // Pages of the file: a short one, a long one without a break, and a few short ones again.
  std::string text = "Kommunstyrelsen\nSammanträdesprotokoll 2019-03-12\n\f" + protokoll::testing::OneLineVolume(300000) +
                     "\fKs § 900 Sista ärendet Beslut Godkänt.\f§ 901 Övrigt Beslut Noteras.\n\f";
  std::vector<std::pair<size_t, size_t>> released;
  auto parts = TextParts::Open(text, [&](size_t b, size_t e) { released.emplace_back(b, e); }, 64 << 10);
  REQUIRE(parts.ok());
  CHECK((*parts)->encoding() == "UTF-8");
  CHECK(!released.empty());
  std::string joined;
  int expected = 1, parts_seen = 0;
  std::vector<std::string> pages;
  std::vector<std::string> problems;
  while (auto part = (*parts)->Next()) {
    ++parts_seen;
    CHECK(part->format == Format::kText);
    size_t bytes = 0;
    for (const SourcePage& p : part->pages) {
      CHECK(p.number == expected++);
      bytes += p.text.size();
      joined += p.text;
      pages.push_back(p.text);
      if (!p.problem.empty()) problems.push_back(p.problem);
    }
    CHECK(bytes <= (64u << 10));
  }
  CHECK(parts_seen == (*parts)->parts());
  CHECK(expected - 1 == (*parts)->pages());
  // Nothing lost: the text is all there, less its form feeds (and the empty page after the last).
  std::string without_ff;
  for (char c : text)
    if (c != '\f') without_ff += c;
  CHECK(joined == without_ff);
  // The long page is cut into windows, each after the first beginning with an item's label.
  REQUIRE(pages.size() > 6);
  CHECK(pages[0].find("Sammanträdesprotokoll") != std::string::npos);
  for (size_t i = 2; i + 2 < pages.size(); ++i) {
    CAPTURE(i);
    CHECK(pages[i].rfind("§ ", 0) == 0);  // its organ ("Ks") stays behind, as where the segmenter cuts the line
  }
  // Said once, on the first window: which page of the file, and which pages it became.
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("text page 2 of the file") != std::string::npos);
  CHECK(problems[0].find("is pages 2–") != std::string::npos);
  CHECK(problems[0].find("where an item's label begins") != std::string::npos);
}

TEST_CASE("text parts: binary data and charsets are judged from the whole text") {
  std::string text = protokoll::testing::OneLineVolume(200000);
  std::string binary = text;
  for (size_t i = 150000; i < 160000; ++i) binary[i] = '\0';
  auto refused = TextParts::Open(binary, [](size_t, size_t) {}, 64 << 10);
  REQUIRE(!refused.ok());
  CHECK(refused.status().message().find("binary data") != std::string::npos);
  // Windows-1252 (å ä ö as single bytes) throughout: decoded part by part.
  std::string latin;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      latin += static_cast<char>(static_cast<unsigned char>(text[++i]) + 0x40);
    } else if (c == 0xC2 && i + 1 < text.size()) {
      latin += text[++i];
    } else {
      latin += static_cast<char>(c);
    }
  }
  auto parts = TextParts::Open(latin, [](size_t, size_t) {}, 64 << 10);
  REQUIRE(parts.ok());
  CHECK((*parts)->encoding() == "windows-1252");
  std::string joined;
  while (auto part = (*parts)->Next())
    for (const SourcePage& p : part->pages) joined += p.text;
  CHECK(joined == text);
  // UTF-16 by its byte-order mark (every character here is one UTF-16 unit).
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned cp = c;
    if (c >= 0xE0) {
      cp = (c & 0x0F) << 12 | (static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6 | (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      i += 3;
    } else if (c >= 0xC0) {
      cp = (c & 0x1F) << 6 | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      i += 2;
    } else {
      ++i;
    }
    utf16 += static_cast<char>(cp & 0xFF);
    utf16 += static_cast<char>(cp >> 8);
  }
  auto wide = TextParts::Open(utf16, [](size_t, size_t) {}, 64 << 10);
  REQUIRE(wide.ok());
  CHECK((*wide)->encoding() == "UTF-16LE");
  joined.clear();
  while (auto part = (*wide)->Next())
    for (const SourcePage& p : part->pages) joined += p.text;
  CHECK(joined == text);
}

// A text longer than kWholeTextBytes is read, segmented and stored in parts; the items are the
// items it has when read whole, and review says how it was read.
TEST_CASE("ingest: a long one-line text is read in parts: the items it has read whole, and review says so") {
  fs::path d = FreshDir("bounded-parts");
  const std::string text = protokoll::testing::OneLineVolume(kWholeTextBytes + (kWholeTextBytes >> 2));
  Write(d / "volym-2019.txt", text);
  const std::string db = (d / "c.sqlite").string();
  auto cat = catalogue::Catalogue::Open(db);
  REQUIRE(cat.ok());
  Run r = IngestInto(*cat, db, {(d / "volym-2019.txt").string()}, 2);
  CHECK(r.report.ingested == 1);
  CHECK(r.report.failed == 0);
  // Read whole, as a shorter text is.
  auto whole_src = ReadText(text);
  REQUIRE(whole_src.ok());
  auto whole = ProcessDocument(*whole_src, (d / "volym-2019.txt").string(), Sha256Hex(text),
                               static_cast<long long>(text.size()));
  CHECK(r.report.items == static_cast<long long>(whole.items.size()));
  std::multiset<std::string> read_whole, read_in_parts;
  for (const auto& it : whole.items) read_whole.insert(it.fields.paragraph_label + "|" + it.fields.title + "|" + it.fields.text);
  auto exported = cat->Export(0, "");
  REQUIRE(exported.ok());
  std::set<std::string> ids;
  int pages = 0;
  for (const std::string& rec : exported->records) {
    auto j = nlohmann::json::parse(rec);
    read_in_parts.insert(j["paragraph_label"].get<std::string>() + "|" + j["title"].get<std::string>() + "|" +
                         j["text"].get<std::string>());
    ids.insert(j["id"].get<std::string>());
    pages = j["document"]["pages"];
    CHECK(j["page_start"].get<int>() >= 1);
    CHECK(j["page_end"].get<int>() <= pages);
  }
  CHECK(read_in_parts == read_whole);
  CHECK(ids.size() == exported->records.size());
  CHECK(pages >= 3);
  // Review and the page problems say how it was read.
  auto review = cat->Review(10, 1);
  REQUIRE(review.ok());
  REQUIRE(review->size() == 1);
  CHECK((*review)[0].quality.reasons.find("read in ") != std::string::npos);
  CHECK((*review)[0].quality.items == static_cast<int>(whole.items.size()));
  auto problems = cat->PageFailures();
  REQUIRE(problems.ok());
  REQUIRE(problems->size() == 1);
  CHECK((*problems)[0].stage == "parts");
  CHECK((*problems)[0].reason.find("text page 1 of the file") != std::string::npos);
}
