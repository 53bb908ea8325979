// End to end: the real `protokoll` binary on the samples (golden exports), idempotent re-ingest,
// exit codes, a mixed batch with bad files, sample PDFs reproducible from their sources, and —
// when ../shared/corpus is beside the checkout — agreement with the Göteborg silver labels.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "test_util.h"
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Json = nlohmann::json;
using protokoll::testing::Q;
using protokoll::testing::Run;
using protokoll::testing::Slurp;

namespace {

// Runs the CLI in the source folder (so sample paths read "samples/…"); stderr goes to a file.
Run Cli(const std::string& args, const std::string& err_file = "/dev/null") {
  return protokoll::testing::Sh("cd " + Q(PROTOKOLL_SOURCE_DIR) + " && " + Q(PROTOKOLL_BINARY) + " " + args +
                                " 2>" + Q(err_file));
}

// Commands whose messages the test does not read.
Run Sh(const std::string& cmd) { return protokoll::testing::Sh(cmd + " 2>/dev/null"); }

std::string Tmp(const std::string& name) {
  fs::create_directories(PROTOKOLL_TEST_TMP);
  fs::path p = fs::path(PROTOKOLL_TEST_TMP) / name;
  fs::remove_all(p);
  for (const char* s : {"-wal", "-shm"}) fs::remove(p.string() + s);
  return p.string();
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("every sample's export equals its expected export") {
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(PROTOKOLL_SOURCE_DIR) / "samples")) {
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".txt" && ext != ".pdf" && ext != ".tif" && ext != ".png"))
      continue;
    std::string name = e.path().filename().string();
    fs::path expected = e.path().parent_path() / "expected" / (e.path().stem().string() + ".jsonl");
    CAPTURE(name);
    REQUIRE(fs::exists(expected));
    std::string db = Tmp("golden-" + name + ".sqlite");
    std::string err = Tmp("golden-" + name + ".err");
    int code = Cli("ingest --db " + Q(db) + " " + Q("samples/" + name), err).code;
    CAPTURE(Slurp(err));  // a sanitizer report lands here
    REQUIRE(code == 0);
    Run exp = Cli("export --db " + Q(db));
    REQUIRE(exp.code == 0);
    auto got = Lines(exp.out), want = Lines(Slurp(expected));
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      Json g = Json::parse(got[i]), w = Json::parse(want[i]);
      CAPTURE(g["paragraph_label"].get<std::string>());
      for (const char* key : {"paragraph", "paragraph_label", "title", "decision", "diarienummer",
                              "amounts", "dates", "years", "body", "meeting_date", "municipality", "page_start",
                              "page_end", "text", "id", "document", "source", "field_pages"})
        CHECK_MESSAGE(g[key] == w[key], key);
    }
    ++checked;
  }
  CHECK(checked >= 3);
}

TEST_CASE("the Ljungby sample: the fields the issue names") {
  std::string db = Tmp("ljungby.sqlite");
  REQUIRE(Cli("ingest --db " + Q(db) + " samples/ljungby-ks-2017-39.txt").code == 0);
  Json r = Json::parse(Cli("export --db " + Q(db)).out);
  CHECK(r["paragraph"] == 39);
  CHECK(r["diarienummer"][0]["board"] == "KS");
  CHECK(r["diarienummer"][0]["year"] == 2017);
  CHECK(r["diarienummer"][0]["serial"] == 73);
  CHECK(r["title"] == "Ansökan om service i samverkan");
  CHECK(r["decision"].get<std::string>().rfind(
            "Kommunstyrelsen beslutar att medfinansiera projektet Service i samverkan med 40 000 kronor per år", 0) == 0);
  CHECK(r["amounts"].size() == 1);
  CHECK(r["amounts"][0]["sek"] == 40000);
  CHECK(r["dates"] == Json::array({"2017-03-07", "2017-03-28"}));
  CHECK(r["years"] == Json::array({2017, 2019}));
}

TEST_CASE("ingesting the same folder twice changes nothing") {
  std::string db = Tmp("twice.sqlite");
  REQUIRE(Cli("ingest --db " + Q(db) + " samples/").code == 0);
  std::string err = Tmp("twice.err");
  std::string first = Cli("export --db " + Q(db), err).out;
  // "protokoll: export: N records, 0 removed; cursor C (next time: --since C)"
  std::string msg = Slurp(err);
  size_t at = msg.find("cursor ");
  REQUIRE(at != std::string::npos);
  std::string cursor = msg.substr(at + 7, msg.find(' ', at + 7) - at - 7);
  REQUIRE(Cli("ingest --db " + Q(db) + " samples/", err).code == 0);
  CHECK(Slurp(err).find(" 0 ingested") != std::string::npos);
  CHECK(Slurp(err).find(cursor + " unchanged") != std::string::npos);  // one document per change
  CHECK(Cli("export --db " + Q(db)).out == first);
  Run since = Cli("export --db " + Q(db) + " --since " + cursor);
  CHECK(since.code == 0);
  CHECK(since.out.empty());
}

TEST_CASE("search and show: output and exit codes") {
  std::string db = Tmp("search.sqlite");
  REQUIRE(Cli("ingest --db " + Q(db) + " samples/").code == 0);
  Run hit = Cli("search --db " + Q(db) + " skolskjuts");
  CHECK(hit.code == 0);
  CHECK(hit.out.find("Ramavtal för skolskjuts") != std::string::npos);
  Run json = Cli("search --db " + Q(db) + " --json skolskjuts");
  REQUIRE(json.code == 0);
  for (const std::string& l : Lines(json.out)) {
    Json j = Json::parse(l);
    for (const char* k : {"id", "paragraph", "paragraph_label", "document", "page_start", "body",
                          "meeting_date", "title", "snippet", "score"})
      CHECK(j.contains(k));
  }
  CHECK(Cli("search --db " + Q(db) + " ordetfinnsinte").code == 1);
  for (const char* q : {"'\"'", "'(('", "'NEAR AND'", "'*'", "'\"40 000'", "'-'"}) {
    int code = Cli("search --db " + Q(db) + " " + q).code;
    CHECK((code == 0 || code == 1));
  }
  CHECK(Cli("search --db " + Q(db) + " --years 2019..2019 skolskjuts").code == 0);
  CHECK(Cli("search --db " + Q(db) + " --year 2018 skolskjuts").code == 1);
  Run show = Cli("show --db " + Q(db) + " --json 'Ks2017/0073'");
  CHECK(show.code == 0);
  CHECK(Json::parse(show.out)["paragraph"] == 39);
  CHECK(Cli("show --db " + Q(db) + " 'KS 1999/1'").code == 1);
  Run csv = Cli("export --db " + Q(db) + " --format csv");
  CHECK(csv.code == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBFid,path,", 0) == 0);
  CHECK(Lines(csv.out).size() >= 10);
}

TEST_CASE("a batch with bad files: exit 2, the good files in, the failures recorded") {
  fs::path dir = Tmp("batch");
  fs::create_directories(dir);
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "ljungby-ks-2017-39.txt", dir / "god fil åäö.txt");
  std::ofstream(dir / "random.pdf") << "%PDF-1.4 \x01\x02 garbage";
  std::ofstream(dir / "empty.txt");
  std::ofstream(dir / "image.png") << "\x89PNG\r\n\x1a\n";
  std::string db = (dir / "c.sqlite").string();
  std::string err = Tmp("batch.err");
  Run r = Cli("ingest --db " + Q(db) + " " + Q(dir.string()), err);
  CHECK(r.code == 2);
  std::string messages = Slurp(err);
  CHECK(messages.find("random.pdf: pdf: ") != std::string::npos);
  CHECK(messages.find("empty.txt: source: ") != std::string::npos);
  CHECK(messages.find("1 ingested") != std::string::npos);
  Run failures = Cli("failures --db " + Q(db));
  CHECK(failures.code == 0);
  CHECK(Lines(failures.out).size() == 3);
  CHECK(Cli("search --db " + Q(db) + " samverkan").code == 0);
  Run retry = Cli("ingest --db " + Q(db) + " --retry-failed", err);
  CHECK(retry.code == 2);
  CHECK(Cli("failures --db " + Q(db)).out.find("2 attempts") != std::string::npos);
}

TEST_CASE("the sample PDFs are what their sources make") {
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "src")) {
    if (e.path().extension() != ".pdfsrc") continue;
    std::string out = Tmp(e.path().stem().string() + ".pdf");
    std::string cmd = Q(PROTOKOLL_MKPDF) + " " + Q(e.path().string()) + " " + Q(out);
    REQUIRE(std::system(cmd.c_str()) == 0);
    fs::path committed = fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / (e.path().stem().string() + ".pdf");
    CAPTURE(committed.string());
    CHECK(Slurp(out) == Slurp(committed));
    ++checked;
  }
  CHECK(checked >= 2);
}

TEST_CASE("Göteborg corpus: § numbers, ärendenummer and titles against the silver labels") {
  fs::path corpus = fs::path(PROTOKOLL_SOURCE_DIR) / ".." / "shared" / "corpus" / "goteborg-ks-2024";
  if (!fs::exists(corpus / "labels.jsonl")) {
    MESSAGE("../shared/corpus/goteborg-ks-2024 is not beside this checkout: skipped");
    return;
  }
  std::string db = Tmp("goteborg.sqlite");
  Cli("ingest --db " + Q(db) + " " + Q(corpus.string()));  // two meetings are empty files: exit 2
  std::map<std::pair<std::string, int>, Json> ours;
  for (const std::string& l : Lines(Cli("export --db " + Q(db)).out)) {
    Json r = Json::parse(l);
    std::string meeting = fs::path(r["document"]["path"].get<std::string>()).stem().string();
    ours.emplace(std::make_pair(meeting, r["paragraph"].get<int>()), r);
  }
  auto squash = [](std::string s) {
    std::string out;
    bool sp = false;
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\t') { sp = true; continue; }
      if (sp && !out.empty()) out.push_back(' ');
      sp = false;
      out.push_back(c);
    }
    while (!out.empty() && out.back() == '.') out.pop_back();
    return out;
  };
  int n = 0, found = 0, dnr = 0, title = 0, title_silver_error = 0;
  std::ifstream labels(corpus / "labels.jsonl");
  for (std::string line; std::getline(labels, line);) {
    Json g = Json::parse(line);
    ++n;
    auto it = ours.find({g["meeting"].get<std::string>(), std::stoi(g["paragraph"].get<std::string>())});
    if (it == ours.end()) continue;
    ++found;
    const Json& r = it->second;
    std::string want = g["arendenummer"].is_string() ? g["arendenummer"].get<std::string>() : "";
    std::string got = r["diarienummer"].empty() ? "" : r["diarienummer"][0]["raw"].get<std::string>();
    if (got.substr(0, want.size()) == want && (got.size() == want.size() || got[want.size()] == ':')) ++dnr;
    std::string t = squash(r["title"].get<std::string>()), w = squash(g["title"].get<std::string>());
    if (t == w) ++title;
    // The labels cut titles at 200 characters, or run on into the text after the title.
    else if ((w.size() >= 195 && t.rfind(w.substr(0, 190), 0) == 0) || w.rfind(t, 0) == 0) ++title_silver_error;
  }
  MESSAGE("silver items " << n << ", § found " << found << ", ärendenummer " << dnr << ", title " << title
                          << " (+" << title_silver_error << " where the label is cut or runs on)");
  CHECK(n == 2094);
  CHECK(found == n);
  CHECK(dnr == found);
  CHECK(title + title_silver_error == found);
  CHECK(title >= 0.97 * found);
}

TEST_CASE("scans: PNG and JPEG pages, a G4 TIFF, per-file lines in a log") {
  std::string png = Tmp("page.png"), jpg = Tmp("page.jpg");
  for (const std::string& out : {png, jpg}) {
    std::string mk = Q(fs::path(PROTOKOLL_MKPDF).parent_path() / "mkscan") + " --angle 0.3 --noise 4 " +
                     Q(std::string(PROTOKOLL_SOURCE_DIR) + "/samples/alvbacka-bun-2020-09-14.pdf") + " " + Q(out) +
                     " 2>/dev/null";
    REQUIRE(std::system(mk.c_str()) == 0);
  }
  std::string db = Tmp("images.sqlite");
  std::string err = Tmp("images.err");
  Run r = Cli("ingest --db " + Q(db) + " " + Q(png) + " " + Q(jpg) +
              " samples/alvbacka-bun-2020-09-14-skannad.tif", err);
  CHECK(r.code == 0);
  std::string log = Slurp(err);
  CAPTURE(log);
  CHECK(log.find("page.png: 1 pages (1 OCR), 3 § items") != std::string::npos);
  CHECK(log.find("page.jpg: 1 pages (1 OCR), 3 § items") != std::string::npos);
  CHECK(log.find("skannad.tif: 2 pages (2 OCR), 4 § items") != std::string::npos);
  Run hits = Cli("search --db " + Q(db) + " --json skolskjuts");
  CHECK(hits.code == 0);
  CHECK(Lines(hits.out).size() == 3);
  Run show = Cli("show --db " + Q(db) + " --json 'BUN 2020/140'");  // three scans of § 46
  REQUIRE(Lines(show.out).size() == 3);
  Json rec = Json::parse(Lines(show.out)[0]);
  CHECK(rec["source"] == "ocr");
  CHECK(rec["ocr_confidence"].get<double>() > 0.8);
}

TEST_CASE("scans: a page that times out is recorded, the other pages go in, a retry reads it") {
  fs::path dir = Tmp("timeout");
  fs::create_directories(dir);
  fs::path src = dir / "mixed.pdfsrc";
  std::ofstream(src) << "%layout header\n---\n§ 1 Val av justerare\nBeslut\nKommunstyrelsen utser Anna Berg att "
                        "justera protokollet.\n<<page>>\nBilaga två, sid 2\n";
  std::string pdf = (dir / "blandad.pdf").string();
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q(src.string()) + " " + Q(pdf)).c_str()) == 0);
  std::string db = (dir / "c.sqlite").string();
  std::string err = Tmp("timeout.err");
  Run r = Cli("ingest --db " + Q(db) + " --page-timeout 0.001 " + Q(pdf), err);
  CHECK(r.code == 0);  // the file went in; its second page is recorded
  CHECK(Slurp(err).find("blandad.pdf: ocr (page 2): timed out") != std::string::npos);
  Run f = Cli("failures --db " + Q(db));
  CHECK(f.code == 0);
  CHECK(f.out.find("blandad.pdf: page 2: ocr: timed out") != std::string::npos);
  CHECK(Cli("search --db " + Q(db) + " justera").code == 0);
  CHECK(Cli("ingest --db " + Q(db) + " --retry-failed").code == 0);
  CHECK(Cli("failures --db " + Q(db)).code == 1);
  CHECK(Cli("search --db " + Q(db) + " Bilaga").code == 0);
}

TEST_CASE("bad inputs: each a clear reason naming the file, recorded, the batch goes on") {
  fs::path dir = Tmp("bad inputs åäö");
  fs::create_directories(dir);
  const fs::path samples = fs::path(PROTOKOLL_SOURCE_DIR) / "samples";
  const std::string good_pdf = (samples / "alvbacka-bun-2020-09-14.pdf").string();
  const std::string pdf = Slurp(good_pdf);
  auto write = [&](const std::string& name, const std::string& bytes) { std::ofstream(dir / name, std::ios::binary) << bytes; };
  fs::copy_file(samples / "ljungby-ks-2017-39.txt", dir / "god fil med åäö.txt");
  write("tom.txt", "");
  std::string random;
  unsigned x = 7;
  for (int i = 0; i < 3000; ++i) random.push_back(static_cast<char>(((x = x * 1103515245 + 12345) >> 16) & 0xFF));
  write("slump.pdf", random);
  write("trunkerad.pdf", pdf.substr(0, 400));
  write("nul-bytes.txt", std::string("Ks § 1\n\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\x02\x03\x04", 28));
  write("pdf-som-heter.txt", pdf);  // a PDF with the wrong extension: read as a PDF
  write("noll-sidor.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                           "2 0 obj << /Type /Pages /Count 0 /Kids [] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  write("cykel.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     "2 0 obj << /Type /Pages /Count 1 /Kids [2 0 R] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  // A valid PNG (CRCs right) whose header claims 100000 × 100000 pixels.
  static const char kBomb[] =
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x01\x86\xa0\x00\x01\x86\xa0\x08"
      "\x00\x00\x00\x00\x8d\x39\x54\x14\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63\x60\x80\x01\x00\x00"
      "\x0a\x00\x01\x7f\x80\x74\x5e\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
  // An xref section whose trailer points back at itself (/Prev loop).
  {
    std::string loop = pdf;
    size_t sx = loop.rfind("startxref\n");
    std::string offset = loop.substr(sx + 10, loop.find('\n', sx + 10) - sx - 10);
    size_t info = loop.rfind("/Info 5 0 R >>");
    REQUIRE(info != std::string::npos);
    loop.replace(info, 14, "/Info 5 0 R /Prev " + offset + " >>");
    write("xref-slinga.pdf", loop);
  }
  write("bomb.png", std::string(kBomb, sizeof kBomb - 1));
  std::string tiff = Slurp(samples / "alvbacka-bun-2020-09-14-skannad.tif");
  write("trasig.tif", tiff.substr(0, 600));
  REQUIRE(Sh("qpdf --encrypt hemligt agare 256 -- " + Q(good_pdf) + " " + Q((dir / "krypterad.pdf").string())).code == 0);
  REQUIRE(Sh("qpdf --encrypt '' agare 256 -- " + Q(good_pdf) + " " + Q((dir / "agarlosen.pdf").string())).code == 0);
  fs::create_directory_symlink(dir, dir / "slinga");
  REQUIRE(mkfifo((dir / "fifo.txt").c_str(), 0600) == 0);

  std::string db = Tmp("bad.sqlite");
  std::string err = Tmp("bad.err");
  Run r = Cli("ingest --db " + Q(db) + " " + Q(dir.string()), err);
  std::string log = Slurp(err);
  CAPTURE(log);
  CHECK(r.code == 2);
  const std::pair<const char*, const char*> expect[] = {
      {"tom.txt: source: ", "empty"},
      {"slump.pdf: source: ", "binary"},
      {"trunkerad.pdf: ", ""},
      {"nul-bytes.txt: source: ", "binary"},
      {"noll-sidor.pdf: pdf: ", "no pages"},
      {"bomb.png: ", "over the limit"},
      {"trasig.tif: ", ""},
      {"krypterad.pdf: pdf: ", "needs a user password"},
      {"fifo.txt: read: ", "not a regular file"},
  };
  for (const auto& e : expect) {
    const std::string where = e.first, why = e.second;
    size_t at = log.find(where);
    CHECK_MESSAGE(at != std::string::npos, where);
    if (at != std::string::npos) CHECK_MESSAGE(log.find(why, at) != std::string::npos, where);
  }
  CHECK(log.find("cykel.pdf") != std::string::npos);  // a page-tree cycle: reported, no crash
  CHECK(log.find("god fil med åäö.txt: 1 pages, 1 § items") != std::string::npos);
  CHECK(log.find("pdf-som-heter.txt: 2 pages, 4 § items") != std::string::npos);
  CHECK(log.find("agarlosen.pdf: 2 pages, 4 § items") != std::string::npos);
  CHECK(log.find("xref-slinga.pdf: 2 pages, 4 § items") != std::string::npos);  // poppler breaks the loop
  Run f = Cli("failures --db " + Q(db));
  CHECK(Lines(f.out).size() >= 9);
  CHECK(Sh("sqlite3 " + Q(db) + " 'PRAGMA integrity_check'").out == "ok\n");
  // The encrypted one goes in with its password, on retry.
  Run retry = Cli("ingest --db " + Q(db) + " --password hemligt " + Q((dir / "krypterad.pdf").string()), err);
  CHECK(retry.code == 0);
  CHECK(Cli("failures --db " + Q(db)).out.find("krypterad.pdf") == std::string::npos);
}

TEST_CASE("bad inputs: a file the user may not read") {
  // Root reads everything, so the ingest runs as nobody (setpriv) on a folder nobody may use.
  if (geteuid() != 0 || Sh("command -v setpriv").code != 0 ||
      Sh("setpriv --reuid=65534 --regid=65534 --clear-groups test -x " + Q(PROTOKOLL_BINARY)).code != 0) {
    MESSAGE("not root, no setpriv, or the binary is not reachable by nobody: skipped");
    return;
  }
  fs::path dir = "/tmp/protokoll-perm-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::all);
  std::ofstream(dir / "hemlig.txt") << "Ks § 1\nTitel\nBeslut\nText.\n";
  fs::permissions(dir / "hemlig.txt", fs::perms::none);
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "ljungby-ks-2017-39.txt", dir / "ljungby.txt");
  fs::permissions(dir / "ljungby.txt", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::string db = (dir / "c.sqlite").string();
  Run r = Sh("(cd " + Q(dir.string()) + " && setpriv --reuid=65534 --regid=65534 --clear-groups " +
             Q(PROTOKOLL_BINARY) + " ingest --db " + Q(db) + " . 2>&1)");
  CAPTURE(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find("hemlig.txt: read: Permission denied") != std::string::npos);
  CHECK(r.out.find("1 ingested") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a bound volume: every item of every meeting, with its own date and body") {
  // Three meetings in one PDF: two of the board with numbering running on, one of another
  // board with numbering starting again and a lettered sub-item.
  std::string pdf = Tmp("bunden-volym-1998.pdf");
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " +
                       Q(std::string(PROTOKOLL_SOURCE_DIR) + "/tests/volumes/bunden-volym-1998.pdfsrc") + " " + Q(pdf))
                          .c_str()) == 0);
  std::string db = Tmp("volume.sqlite");
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q(pdf)).code == 0);
  std::vector<std::string> got;
  std::set<std::string> ids;
  for (const std::string& l : Lines(Cli("export --db " + Q(db)).out)) {
    Json r = Json::parse(l);
    std::string id = r["id"].get<std::string>();
    ids.insert(id);
    got.push_back(id.substr(17) + " " + std::to_string(r["meeting"].get<int>()) + " " +
                  r["paragraph_label"].get<std::string>() + " | " + r["body"].get<std::string>() + " | " +
                  r["meeting_date"].get<std::string>() + " | p" + std::to_string(r["page_start"].get<int>()));
  }
  const std::vector<std::string> want = {
      "1 1 KS § 1 | Kommunstyrelsen | 1998-01-20 | p1",
      "2 1 KS § 2 | Kommunstyrelsen | 1998-01-20 | p1",
      "3 1 KS § 3 | Kommunstyrelsen | 1998-01-20 | p1",
      "m2-4 2 KS § 4 | Kommunstyrelsen | 1998-02-17 | p2",
      "m2-5 2 KS § 5 | Kommunstyrelsen | 1998-02-17 | p2",
      "m3-1 3 BUN § 1 | Barn- och utbildningsnämnden | 1998-03-04 | p3",
      "m3-2 3 BUN § 2 | Barn- och utbildningsnämnden | 1998-03-04 | p3",
      "m3-2a 3 BUN § 2 a | Barn- och utbildningsnämnden | 1998-03-04 | p3",
  };
  CHECK(got == want);
  CHECK(ids.size() == want.size());
  // The front page of a meeting is not the previous item's text.
  for (const std::string& l : Lines(Cli("export --db " + Q(db)).out)) {
    Json r = Json::parse(l);
    CHECK(r["text"].get<std::string>().find("Plats och tid") == std::string::npos);
  }
}

TEST_CASE("nothing invisible: a document without § is kept searchable, one item a page, and reviewed first") {
  fs::path dir = Tmp("no-sign");
  fs::create_directories(dir);
  {
    std::ofstream(dir / "anteckningar.txt") << "Anteckningar från arbetsmöte om vinterväghållning\n\n"
                                              "Gruppen diskuterade plogning av cykelbanor.\n\f"
                                              "Nästa möte gäller sandning och halkbekämpning.\n";
  }
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "ljungby-ks-2017-39.txt", dir / "ljungby-ks-2017-39.txt");
  std::string db = (dir / "c.sqlite").string();
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q(dir.string())).code == 0);
  int pages = 0;
  for (const std::string& l : Lines(Cli("export --db " + Q(db)).out)) {
    Json r = Json::parse(l);
    if (r["document"]["path"].get<std::string>().find("anteckningar") == std::string::npos) {
      CHECK(r["unsegmented"] == false);
      continue;
    }
    ++pages;
    CHECK(r["unsegmented"] == true);
    CHECK(r["paragraph_label"] == "");
    CHECK(r["decision"].is_null());
    CHECK(r["id"].get<std::string>().find("-p" + std::to_string(r["page_start"].get<int>())) != std::string::npos);
  }
  CHECK(pages == 2);
  Run hit = Cli("search --db " + Q(db) + " halkbekämpning");
  CHECK(hit.code == 0);
  CHECK(hit.out.find("anteckningar.txt, page 2") != std::string::npos);
  // The work list: the unsegmented document first, with its reason and its pages.
  Run review = Cli("review --db " + Q(db));
  REQUIRE(review.code == 0);
  auto lines = Lines(review.out);
  REQUIRE(!lines.empty());
  CHECK(lines[0].find("anteckningar.txt") != std::string::npos);
  CHECK(review.out.find("no § found") != std::string::npos);
  CHECK(review.out.find("page 2") != std::string::npos);
  Run json = Cli("review --db " + Q(db) + " --json");
  auto first = Json::parse(Lines(json.out).at(0));
  CHECK(first["unsegmented"] == true);
  CHECK(first["score"].get<double>() < 0.5);
  auto second = Json::parse(Lines(json.out).at(1));
  CHECK(second["score"].get<double>() > first["score"].get<double>());
}

TEST_CASE("review on a mixed folder lists every badly read document before any clean one, with its reasons") {
  fs::path dir = Tmp("mixed");
  fs::create_directories(dir);
  for (const char* clean : {"alvbacka-bun-2020-09-14.pdf", "storvik-kf-2019-11-25.pdf"})
    fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / clean, dir / clean);
  const std::string item2 =
      "§ 2\nBudget för 2020\n\nKommunstyrelsen beslutar att anta budgeten för 2020 enligt förslaget.\n\n";
  const std::string head = "Kommunstyrelsen\nPlats och tid Kommunhuset 2019-03-04\nBeslutande Anna Berg\n\n";
  // A passage copied twice: the same § and title again.
  std::ofstream(dir / "dubbelskannad.txt")
      << head << "§ 1\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek.\n\n" << item2 << item2;
  // No date anywhere, not even in the file name.
  std::ofstream(dir / "odaterad.txt") << "Kommunstyrelsen\n\n§ 1\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek.\n\n"
                                      << item2;
  // A running page head left inside an item, and a § label that fits no numbering.
  std::ofstream(dir / "sidhuvud.txt") << head << "§ 1\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek.\n"
                                      << "SAMMANTRÄDESPROTOKOLL\n\n§ 9\n\n" << item2;
  std::string db = (dir / "c.sqlite").string();
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q(dir.string())).code == 0);
  Run json = Cli("review --db " + Q(db) + " --json");
  REQUIRE(json.code == 0);
  std::vector<Json> docs;
  for (const std::string& l : Lines(json.out)) docs.push_back(Json::parse(l));
  REQUIRE(docs.size() == 5);
  auto bad = [](const Json& d) {
    const std::string p = d["path"].get<std::string>();
    return p.find("dubbelskannad") != std::string::npos || p.find("odaterad") != std::string::npos ||
           p.find("sidhuvud") != std::string::npos;
  };
  for (size_t k = 0; k < docs.size(); ++k) {
    CAPTURE(docs[k].dump());
    CHECK(bad(docs[k]) == (k < 3));
    CHECK((docs[k]["score"].get<double>() < 0.8) == bad(docs[k]));
  }
  const std::string all = json.out;
  CHECK(all.find("items repeat the § and title of another") != std::string::npos);
  CHECK(all.find("meetings without a date") != std::string::npos);
  CHECK(all.find("header-like lines inside items") != std::string::npos);
  CHECK(all.find("not an item: line") != std::string::npos);
}

TEST_CASE("municipality: read from the head, set for a folder by its file, or for every file by --municipality") {
  const fs::path dir = fs::path(Tmp("municipality-in"));
  fs::create_directories(dir / "ks" / "2017");
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "ljungby-ks-2017-39.txt", dir / "ks" / "2017" / "ks-39.txt");
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "storvik-kf-2019-11-25.pdf", dir / "kf.pdf");
  const std::string db = Tmp("municipality.sqlite");
  auto municipality_of = [&](const std::string& name) {
    for (const std::string& line : Lines(Cli("export --db " + Q(db)).out)) {
      Json r = Json::parse(line);
      if (r["document"]["path"].get<std::string>().find(name) != std::string::npos) return r["municipality"];
    }
    return Json("(no record)");
  };
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q(dir.string())).code == 0);
  CHECK(municipality_of("kf.pdf") == "Storviks kommun");  // the running page header
  CHECK(municipality_of("ks-39.txt").is_null());             // the text names none in its head
  // A folder's file, two folders up: the stored document takes it at the next ingest, though
  // its bytes are the same; a comment line is skipped.
  std::ofstream(dir / "ks" / ".protokoll-municipality") << "# arkivbildare\n\nLjungby kommun\n";
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q(dir.string())).code == 0);
  CHECK(municipality_of("ks-39.txt") == "Ljungby kommun");
  CHECK(municipality_of("kf.pdf") == "Storviks kommun");  // no file above it
  Run found = Cli("search --db " + Q(db) + " --json --municipality ljungby");
  CHECK(found.code == 0);
  CHECK(found.out.find("\"municipality\":\"Ljungby kommun\"") != std::string::npos);
  CHECK(Cli("search --db " + Q(db) + " --json Ljungby").out.find("ks-39.txt") != std::string::npos);
  CHECK(Cli("show --db " + Q(db) + " ad0ea49120d4ad46-39").out.find("municipality:  Ljungby kommun") != std::string::npos);
  // --municipality is over both.
  REQUIRE(Cli("ingest -q --municipality " + Q("Region Kronoberg") + " --db " + Q(db) + " " + Q(dir.string())).code == 0);
  CHECK(municipality_of("ks-39.txt") == "Region Kronoberg");
  CHECK(municipality_of("kf.pdf") == "Region Kronoberg");
}

namespace {

// Every run of white space one space, none at the ends: how a PDF's text is compared with the
// catalogue's.
std::string OneSpaced(const std::string& s) {
  std::istringstream in(s);
  std::string out;
  for (std::string w; in >> w;) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string Sql(const std::string& db, const std::string& sql) { return Sh("sqlite3 " + Q(db) + " " + Q(sql)).out; }

}  // namespace

TEST_CASE("export --pdf: a G4 TIFF, a JPEG and a scanned PDF as searchable PDFs, OCR's text where Tesseract saw it") {
  const fs::path dir = Tmp("searchable");
  fs::create_directories(dir / "in");
  std::ofstream(dir / "src.pdfsrc")
      << "%layout header\n---\n# § 46 Skolskjuts för elever med växelvis boende\nDnr BUN 2020/140\n\n"
         "Förvaltningen har utrett frågan om skolskjuts för elever som bor\nväxelvis hos sina föräldrar. "
         "Kostnaden beräknas till 22 500 kronor\nper elev och läsår.\n\n# Beslut\nBarn- och utbildningsnämnden "
         "beslutar att elever med växelvis boende\nska erbjudas skolskjuts från båda adresserna från och med hösten "
         "2021.\n\n# § 47 Delegationsbeslut\nDnr BUN 2020/9\nRedovisningen lades till handlingarna.\n";
  const std::string src = (dir / "src.pdf").string();
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q((dir / "src.pdfsrc").string()) + " " + Q(src)).c_str()) == 0);
  const std::string mkscan = Q((fs::path(PROTOKOLL_MKPDF).parent_path() / "mkscan").string());
  for (const char* name : {"scan.tif", "scan.jpg", "scan.pdf"})
    REQUIRE(std::system((mkscan + " --angle 0 --noise 3 " + Q(src) + " " + Q((dir / "in" / name).string()) + " 2>/dev/null").c_str()) == 0);
  const std::string db = (dir / "c.sqlite").string(), out = (dir / "out").string(), err = (dir / "err").string();
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q((dir / "in").string())).code == 0);

  Run r = Cli("export --db " + Q(db) + " --pdf " + Q(out), err);
  CAPTURE(Slurp(err));
  CHECK(r.code == 0);
  CHECK(Slurp(err).find("3 searchable PDFs in " + out + " (3 pages given a text layer") != std::string::npos);
  REQUIRE(Lines(r.out).size() == 3);
  std::map<std::string, std::string> pdf_of;  // input name → the PDF made of it
  for (const std::string& line : Lines(r.out)) {
    const size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    pdf_of[fs::path(line.substr(tab + 1)).filename().string()] = line.substr(0, tab);
  }
  for (const char* name : {"scan.tif", "scan.jpg", "scan.pdf"}) {
    const std::string path = (dir / "in" / name).string();
    CAPTURE(path);
    const std::string sha = Lines(Sql(db, "SELECT sha256 FROM documents WHERE path = '" + path + "'")).at(0);
    const std::string pdf = pdf_of[name];
    CHECK(pdf == out + "/" + sha.substr(0, 16) + ".pdf");
    CHECK(Sh("qpdf --check " + Q(pdf) + " >/dev/null").code == 0);  // 0: no errors, no warnings
    // "Matches": the same words in the same order once every run of white space is one space —
    // pdftotext's reading order against the page's clean text in the catalogue, and the
    // content's own order (-raw) against the lines OCR read, as stored.
    const std::string page_text =
        Sql(db, "SELECT text FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.sha256 = '" + sha + "'");
    const std::string ocr_lines = Sql(db,
                                      "SELECT l.text FROM ocr_lines l JOIN documents d ON d.id = l.document_id WHERE "
                                      "d.sha256 = '" + sha + "' ORDER BY l.line");
    CAPTURE(page_text);
    REQUIRE(page_text.find("skolskjuts") != std::string::npos);
    CHECK(OneSpaced(Sh("pdftotext " + Q(pdf) + " -").out) == OneSpaced(page_text));
    CHECK(OneSpaced(Sh("pdftotext -raw " + Q(pdf) + " -").out) == OneSpaced(ocr_lines));
    // "skolskjuts" where Tesseract saw it: each edge of pdftotext's box within 3 pixels of the
    // stored word box (page image pixels, 300 dpi: the scan's own resolution).
    const std::vector<std::string> row =
        Lines(Sql(db, "SELECT l.text || char(10) || l.words FROM ocr_lines l JOIN documents d ON d.id = l.document_id "
                      "WHERE d.sha256 = '" + sha + "' AND l.text LIKE 'Förvaltningen har utrett%'"));
    REQUIRE(row.size() == 2);
    std::vector<std::string> tokens;
    std::vector<int> boxes;
    {
      std::istringstream t(row[0]), b(row[1]);
      for (std::string w; t >> w;) tokens.push_back(w);
      for (int v; b >> v;) boxes.push_back(v);
    }
    REQUIRE(boxes.size() == 4 * tokens.size());
    const size_t k = static_cast<size_t>(std::find(tokens.begin(), tokens.end(), "skolskjuts") - tokens.begin());
    REQUIRE(k < tokens.size());
    const double left = boxes[4 * k], top = boxes[4 * k + 1], right = left + boxes[4 * k + 2],
                 bottom = top + boxes[4 * k + 3];
    const std::string bbox = Sh("pdftotext -bbox " + Q(pdf) + " -").out;
    int near = 0;
    for (const std::string& l : Lines(bbox)) {
      double x0, y0, x1, y1;
      char word[64];
      if (std::sscanf(l.c_str(), " <word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%63[^<]</word>", &x0, &y0,
                      &x1, &y1, word) != 5 ||
          std::string(word) != "skolskjuts")
        continue;
      const double px = 300.0 / 72;
      near += std::abs(x0 * px - left) <= 3 && std::abs(y0 * px - top) <= 3 && std::abs(x1 * px - right) <= 3 &&
              std::abs(y1 * px - bottom) <= 3;
    }
    CHECK(near == 1);
  }
  // The scans' own image bytes: the JPEG file itself, the TIFF's G4 strip, the PDF's image.
  const fs::path img = dir / "img";
  fs::create_directories(img);
  REQUIRE(Sh("pdfimages -all " + Q(pdf_of["scan.jpg"]) + " " + Q((img / "j").string())).code == 0);
  CHECK(Slurp(img / "j-000.jpg") == Slurp(dir / "in" / "scan.jpg"));
  REQUIRE(Sh("pdfimages -all " + Q(pdf_of["scan.tif"]) + " " + Q((img / "t").string())).code == 0);
  const std::string strip = Slurp(img / "t-000.ccitt");
  CHECK(strip.size() > 1000);
  CHECK(Slurp(dir / "in" / "scan.tif").find(strip) != std::string::npos);
  CHECK(Slurp(img / "t-000.params").rfind("-4 ", 0) == 0);  // Group 4
  REQUIRE(Sh("pdfimages -all " + Q((dir / "in" / "scan.pdf").string()) + " " + Q((img / "pin").string())).code == 0);
  REQUIRE(Sh("pdfimages -all " + Q(pdf_of["scan.pdf"]) + " " + Q((img / "pout").string())).code == 0);
  CHECK(Slurp(img / "pin-000.jpg").size() > 1000);
  CHECK(Slurp(img / "pin-000.jpg") == Slurp(img / "pout-000.jpg"));

  // A correction belongs to the catalogue: the page text of the PDF stays OCR's reading.
  std::map<std::string, std::string> before;
  for (const auto& [name, pdf] : pdf_of) before[name] = Slurp(pdf);
  Run hit = Cli("search --db " + Q(db) + " --json delegationsbeslut");
  REQUIRE(hit.code == 0);
  const std::string id = Json::parse(Lines(hit.out).at(0))["id"].get<std::string>();
  REQUIRE(Cli("correct --db " + Q(db) + " " + Q(id) + " title 'Rättad rubrik'").code == 0);
  REQUIRE(Cli("export --db " + Q(db) + " --pdf " + Q(out)).code == 0);
  for (const auto& [name, pdf] : pdf_of) CHECK(Slurp(pdf) == before[name]);  // the same bytes

  // A catalogue from before schema 8 (no word boxes, no page image sizes) still exports: each
  // line's words spread over it, the same text.
  Sql(db, "UPDATE ocr_lines SET words = NULL; UPDATE pages SET image_width = NULL, image_height = NULL");
  REQUIRE(Cli("export --db " + Q(db) + " --pdf " + Q(out)).code == 0);
  for (const char* name : {"scan.tif", "scan.pdf"}) {
    const std::string pdf = pdf_of[name];
    CHECK(Sh("qpdf --check " + Q(pdf) + " >/dev/null").code == 0);
    const std::string sha = fs::path(pdf).stem().string();
    const std::string ocr_lines = Sql(db,
                                      "SELECT l.text FROM ocr_lines l JOIN documents d ON d.id = l.document_id WHERE "
                                      "substr(d.sha256, 1, 16) = '" + sha + "' ORDER BY l.line");
    CHECK(OneSpaced(Sh("pdftotext -raw " + Q(pdf) + " -").out) == OneSpaced(ocr_lines));
  }

  // A file gone, a file changed: each named with its reason, the other written, exit 2.
  fs::remove(dir / "in" / "scan.tif");
  std::ofstream(dir / "in" / "scan.jpg", std::ios::app) << "x";
  fs::remove(pdf_of["scan.pdf"]);
  r = Cli("export --db " + Q(db) + " --pdf " + Q(out), err);
  const std::string msg = Slurp(err);
  CAPTURE(msg);
  CHECK(r.code == 2);
  CHECK(msg.find((dir / "in" / "scan.tif").string() + ": original: no such file") != std::string::npos);
  CHECK(msg.find((dir / "in" / "scan.jpg").string() + ": original: the file has changed since it was ingested") !=
        std::string::npos);
  CHECK(msg.find("1 searchable PDF in") != std::string::npos);
  CHECK(msg.find("2 failed") != std::string::npos);
  CHECK(Lines(r.out).size() == 1);
  CHECK(fs::exists(pdf_of["scan.pdf"]));

  // A catalogue with no scan: nothing to do, exit 1; the record export options do not mix in.
  const std::string text_db = Tmp("searchable-text.sqlite");
  REQUIRE(Cli("ingest -q --db " + Q(text_db) + " samples/ljungby-ks-2017-39.txt").code == 0);
  CHECK(Cli("export --db " + Q(text_db) + " --pdf " + Q(out)).code == 1);
  CHECK(Cli("export --db " + Q(text_db) + " --pdf " + Q(out) + " --format csv").code != 0);
}

TEST_CASE("a mistyped --db is an error: only ingest and merge make a catalogue") {
  const std::string db = Tmp("no-such-catalogue.sqlite");
  fs::remove(db);
  const std::string err = Tmp("no-such-catalogue.err");
  for (const char* cmd : {"search skolskjuts", "export", "review", "failures", "show x-1"}) {
    CAPTURE(std::string(cmd));
    Run r = Cli(std::string(cmd).substr(0, std::string(cmd).find(' ')) + " --db " + Q(db) +
                    (std::string(cmd).find(' ') == std::string::npos ? "" : " " + std::string(cmd).substr(std::string(cmd).find(' ') + 1)),
                err);
    CHECK(r.code == 2);
    CHECK(Slurp(err).find("no catalogue here") != std::string::npos);
    CHECK_FALSE(fs::exists(db));
  }
}

namespace {

// A catalogue's records by id, as `export` gives them.
std::map<std::string, Json> ExportById(const std::string& db) {
  Run r = Cli("export --db " + Q(db));
  REQUIRE(r.code == 0);
  std::map<std::string, Json> out;
  for (const std::string& line : Lines(r.out)) {
    Json j = Json::parse(line);
    out[j["id"].get<std::string>()] = j;
  }
  return out;
}

// The cursors an export prints: the number, and the time ("" when it prints none).
std::pair<std::string, std::string> Cursors(const std::string& db) {
  const std::string err = Tmp("cursors.err");
  REQUIRE(Cli("export --db " + Q(db) + " --since 0", err).code == 0);
  // "… cursor 12 (next time: --since 12, or by time: --since 2026-12-05T09:23:47.123Z)"
  const std::string msg = Slurp(err);
  const size_t at = msg.find("cursor "), t = msg.find("by time: --since ");
  REQUIRE(at != std::string::npos);
  return {msg.substr(at + 7, msg.find(' ', at + 7) - at - 7),
          t == std::string::npos ? std::string() : msg.substr(t + 17, msg.find(')', t) - t - 17)};
}

}  // namespace

// Issue 22's defect 2 with the real commands: a shard re-run with --retry-failed or --reextract
// keeps its files' hashes, and merge took nothing of it ("shard 8 items, merged 4 items + 3 page
// problems"); a correction made in the shard after its merge was copied and never applied.
TEST_CASE("merge: a shard re-run after its merge (--retry-failed, --reextract, a correction) is what the merge then holds") {
  fs::path dir = Tmp("rerun-merge");
  fs::create_directories(dir / "in");
  fs::path src = dir / "mixed.pdfsrc";
  std::ofstream(src) << "%layout header\n---\n§ 1 Val av justerare\nBeslut\nKommunstyrelsen utser Anna Berg att "
                        "justera protokollet.\n<<page>>\nBilaga två, sid 2\n";
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q(src.string()) + " " + Q((dir / "in" / "blandad.pdf").string())).c_str()) == 0);
  fs::copy_file(fs::path(PROTOKOLL_SOURCE_DIR) / "samples" / "ljungby-ks-2017-39.txt", dir / "in" / "ljungby.txt");
  const std::string in = (dir / "in").string(), shard = (dir / "shard.sqlite").string(),
                    merged = (dir / "merged.sqlite").string();
  CHECK(Cli("ingest --db " + Q(shard) + " --page-timeout 0.001 " + Q(in)).code == 0);
  CHECK(Cli("merge --db " + Q(merged) + " " + Q(shard)).code == 0);
  CHECK(ExportById(merged) == ExportById(shard));
  CHECK(Cli("failures --db " + Q(merged)).code == 0);  // the pages that timed out, merged
  // --retry-failed reads the page that timed out (OCR this time, not its poor text layer).
  const auto first = ExportById(shard);
  CHECK(Cli("ingest --db " + Q(shard) + " --retry-failed").code == 0);
  CHECK(ExportById(shard) != first);
  CHECK(Cli("merge --db " + Q(merged) + " " + Q(shard)).code == 0);
  CHECK(ExportById(merged) == ExportById(shard));
  CHECK(Cli("failures --db " + Q(merged)).code == 1);
  // --reextract (here with a municipality for every file), then a correction, both in the shard.
  CHECK(Cli("ingest --db " + Q(shard) + " --reextract --municipality 'Kumla kommun' " + Q(in)).code == 0);
  const auto shard_records = ExportById(shard);
  REQUIRE(!shard_records.empty());
  const std::string id = shard_records.begin()->first;
  CHECK(Cli("correct --db " + Q(shard) + " " + Q(id) + " title 'Rättad rubrik'").code == 0);
  const auto [cursor, time] = Cursors(merged);
  REQUIRE(time.size() == 24);
  CHECK(Cli("merge --db " + Q(merged) + " " + Q(shard)).code == 0);
  // A follower by time (defect 9) gets what one by number gets: every item the merge replaced.
  const Run by_number = Cli("export --db " + Q(merged) + " --since " + cursor);
  CHECK(by_number.code == 0);
  CHECK(Lines(by_number.out).size() == ExportById(merged).size());
  CHECK(Cli("export --db " + Q(merged) + " --since " + time).out == by_number.out);
  const auto got = ExportById(merged);
  CHECK(got == ExportById(shard));
  CHECK(got.at(id)["title"] == "Rättad rubrik");
  for (const auto& [item, record] : got) CHECK(record["municipality"] == "Kumla kommun");
  CHECK(Cli("search --db " + Q(merged) + " 'Rättad rubrik'").code == 0);
  CHECK(Cli("search --db " + Q(merged) + " --municipality kumla bilaga").code == 0);
}


TEST_CASE("who decided and how, through the command line: search filters, show, export") {
  const std::string db = Tmp("people.sqlite");
  REQUIRE(Cli("ingest -q --db " + Q(db) + " tests/corpus/votes/written/w01_kommunstyrelsen_modern.txt "
              "tests/corpus/votes/written/w04_stadsfullmaktige_1921.txt tests/corpus/votes/written/w09_namnd_modern_anteckningar.txt")
              .code == 0);
  auto labels = [&](const std::string& args) {
    Run r = Cli("search --db " + Q(db) + " --json " + args);
    std::vector<std::string> out;
    for (const std::string& l : Lines(r.out)) out.push_back(Json::parse(l)["paragraph_label"].get<std::string>());
    std::sort(out.begin(), out.end());
    return std::make_pair(r.code, out);
  };
  CHECK(labels("--vote") == std::make_pair(0, std::vector<std::string>{"KS § 42", "§ 13."}));
  CHECK(labels("--reserved-by M") == std::make_pair(0, std::vector<std::string>{"KS § 42"}));
  CHECK(labels("--reserved-by Sundqvist") == std::make_pair(0, std::vector<std::string>{"§ 13."}));
  CHECK(labels("--moved-by 'Per Persson' förskola") == std::make_pair(0, std::vector<std::string>{"KS § 42"}));
  CHECK(labels("--reserved-by V").first == 1);  // nothing found: exit 1
  CHECK(labels("--present 'Sara Nyberg' taxa") == std::make_pair(0, std::vector<std::string>{"KS § 44"}));

  Run show = Cli("show --db " + Q(db) + " " +
                 Q(Json::parse(Lines(Cli("search --db " + Q(db) + " --json --vote förskola").out).at(0))["id"].get<std::string>()));
  REQUIRE(show.code == 0);
  CAPTURE(show.out);
  CHECK(show.out.find("chair:         Kent Johansson (C)") != std::string::npos);
  CHECK(show.out.find("motion:        Anna Andersson (M): återremiss") != std::string::npos);
  CHECK(show.out.find("vote:          omröstning: 5 ja, 3 nej, 0 avstår, 0 frånvarande, page 1") != std::string::npos);
  CHECK(show.out.find("reservation:   Maria Berg (KD), till förmån för eget yrkande") != std::string::npos);
  CHECK(show.out.find("unanimous:     no") != std::string::npos);
  // Statements (protokollsanteckningar): printed words, a written one; no dissent.
  Run shown = Cli("show --db " + Q(db) + " " +
                  Q(Json::parse(Lines(Cli("search --db " + Q(db) + " --json skolskjutsreglemente").out).at(0))["id"].get<std::string>()));
  REQUIRE(shown.code == 0);
  CAPTURE(shown.out);
  CHECK(shown.out.find("statement:     Per Persson (SD) — Vi anser att avståndsgränsen för skolskjuts är för snäv för landsbygdens barn, page 1") !=
        std::string::npos);
  CHECK(shown.out.find("statement:     Anna Ek (V) (skriftlig) — bilaga 3, page 1") != std::string::npos);
  CHECK(shown.out.find("unanimous:     yes") != std::string::npos);

  // Votes and reservations per organ and year, as CSV.
  Run stats = Cli("stats --votes --db " + Q(db));
  REQUIRE(stats.code == 0);
  CAPTURE(stats.out);
  CHECK(stats.out.rfind("body,year,items,votes,counted_votes,share_by_vote,reservations,reservations_by_party\r\n", 0) == 0);
  CHECK(stats.out.find("Kommunstyrelsen,2023,4,1,1,0.250,2,KD:1; M:1\r\n") != std::string::npos);
  CHECK(stats.out.find("Stadsfullmäktige,1921,3,1,1,0.333,1,-:1\r\n") != std::string::npos);
  CHECK(Cli("stats --db " + Q(db)).code == 2);  // --votes is required: a usage error

  Run exp = Cli("export --db " + Q(db));
  REQUIRE(exp.code == 0);
  bool jav = false;
  for (const std::string& l : Lines(exp.out)) {
    Json r = Json::parse(l);
    CHECK(r.contains("present"));
    CHECK(r.contains("unanimous"));
    if (r["paragraph_label"] == "KS § 43") {
      REQUIRE(r["conflicts"].size() == 1);
      CHECK(r["conflicts"][0]["name"] == "Johan Ek");
      CHECK(r["conflicts"][0]["party"] == "V");
      jav = true;
    }
  }
  CHECK(jav);
}

// Issue 22's defect 4: every task walked the whole archive, and the split by path gave each the
// same number of files, not the same work. `plan` walks once; each task takes its slice of the
// manifest, and the slices together are exactly one plain ingest.
TEST_CASE("plan: shards from a manifest are each file once, together one plain ingest, and a file gone is a failure") {
  fs::path dir = Tmp("plan-shards");
  fs::create_directories(dir / "in" / "text");
  fs::create_directories(dir / "in" / "pdf");
  const fs::path root(PROTOKOLL_SOURCE_DIR);
  for (const char* f : {"granby-kf-1978-11-27.txt", "malmsta-mbn-2003-04-09.txt", "torsby-tn-2012-03-20.txt"})
    fs::copy_file(root / "tests" / "corpus" / f, dir / "in" / "text" / f);
  fs::copy_file(root / "samples" / "ljungby-ks-2017-39.txt", dir / "in" / "text" / "ljungby-ks-2017-39.txt");
  for (const char* f : {"ekeby-sn-2021-02-24.pdf", "hagby-ks-1994-05-10.pdf", "kvarnby-ks-2024-01-15.pdf",
                        "lunda-kf-2014-06-16.pdf", "ostra-kfn-2008-10-21.pdf", "sjobo-au-2017-09-05.pdf"})
    fs::copy_file(root / "tests" / "corpus" / f, dir / "in" / "pdf" / f);
  for (const char* f : {"storvik-kf-2019-11-25.pdf", "alvbacka-bun-2020-09-14.pdf"})
    fs::copy_file(root / "samples" / f, dir / "in" / "pdf" / f);
  const std::string in = (dir / "in").string(), manifest = (dir / "manifest.tsv").string();
  const std::string single = (dir / "single.sqlite").string(), merged = (dir / "merged.sqlite").string();
  REQUIRE(Cli("ingest -q --db " + Q(single) + " " + Q(in)).code == 0);

  const std::string err = (dir / "plan.err").string();
  REQUIRE(Cli("plan --out " + Q(manifest) + " --shards 3 " + Q(in), err).code == 0);
  CHECK(Slurp(err).find("12 files") != std::string::npos);
  CHECK(Slurp(err).find("3 shards") != std::string::npos);
  const std::vector<std::string> lines = Lines(Slurp(manifest));
  REQUIRE(lines.size() == 2 + 12);
  CHECK(lines[0] == "# protokoll manifest 1");
  // A file added after the plan is not taken: the tasks read the manifest, not the archive.
  fs::copy_file(root / "tests" / "corpus" / "granby-kf-1978-11-27.txt", dir / "in" / "text" / "later.txt");

  std::map<std::string, int> documents;  // path → shards holding it
  std::vector<std::string> shards;
  for (int i = 0; i < 3; ++i) {
    const std::string shard = (dir / ("shard-" + std::to_string(i) + ".sqlite")).string();
    CHECK(Cli("ingest -q --manifest " + Q(manifest) + " --shard " + std::to_string(i) + "/3 --db " + Q(shard)).code == 0);
    std::set<std::string> paths;
    for (const auto& [id, record] : ExportById(shard)) paths.insert(record["document"]["path"].get<std::string>());
    for (const std::string& p : paths) ++documents[p];
    shards.push_back(shard);
  }
  CHECK(documents.size() == 12);
  for (const auto& entry : documents) {
    const std::string& path = entry.first;  // (not a structured binding: CAPTURE's lambda takes it)
    CAPTURE(path);
    CHECK(entry.second == 1);
    CHECK(path.find("later.txt") == std::string::npos);
  }
  std::string all;
  for (const std::string& s : shards) all += " " + Q(s);
  REQUIRE(Cli("merge --db " + Q(merged) + all).code == 0);
  CHECK(ExportById(merged) == ExportById(single));

  // A path that is not there is said by plan and listed: its task records the failure.
  const std::string with_missing = (dir / "with-missing.tsv").string();
  REQUIRE(Cli("plan --out " + Q(with_missing) + " " + Q(in) + " " + Q((dir / "nowhere.pdf").string()), err).code == 0);
  CHECK(Slurp(err).find("nowhere.pdf: walk: no such file or folder") != std::string::npos);
  CHECK(Lines(Slurp(with_missing)).size() == 2 + 13 + 1);  // later.txt is there now

  // PATHs and --manifest together are refused; so is a file that is no manifest.
  CHECK(Cli("ingest -q --manifest " + Q(manifest) + " --db " + Q((dir / "x.sqlite").string()) + " " + Q(in)).code == 2);
  CHECK(Cli("ingest -q --manifest " + Q(single) + " --db " + Q((dir / "y.sqlite").string())).code == 2);

  // A file listed but gone when its task runs: recorded as that shard's failure (exit 2), the
  // rest of the slice goes in.
  fs::remove(dir / "in" / "pdf" / "lunda-kf-2014-06-16.pdf");
  int failed = 0, items = 0;
  for (int i = 0; i < 3; ++i) {
    const std::string shard = (dir / ("gone-" + std::to_string(i) + ".sqlite")).string();
    const Run r = Cli("ingest -q --manifest " + Q(manifest) + " --shard " + std::to_string(i) + "/3 --db " + Q(shard));
    CHECK((r.code == 0 || r.code == 2));
    if (r.code == 2) {
      ++failed;
      const Run f = Cli("failures --json --db " + Q(shard));
      CHECK(f.code == 0);
      CHECK(f.out.find("lunda-kf-2014-06-16.pdf") != std::string::npos);
    }
    items += static_cast<int>(ExportById(shard).size());
  }
  CHECK(failed == 1);
  CHECK(items > 0);
  CHECK(items < static_cast<int>(ExportById(single).size()));
}

TEST_CASE("a scanned roll-call table: OCR reads each vote in the column it stands in, and the counts from the table") {
  // A protocol written here in the modern form, its voting list a table of a name and a mark in
  // the column of the vote ("Ledamot  Ja  Nej  Avstår"). Tesseract's page layout reads such a
  // table as separate blocks (names, then titles and misread marks): ReadVoteTables reads it
  // again as rows.
  const fs::path dir = Tmp("rollcall");
  fs::create_directories(dir / "in");
  std::ofstream(dir / "src.pdfsrc") << "%header-left Ekeby kommun\n%header-right SAMMANTRÄDESPROTOKOLL\n%tabs 330 380 430\n---\n"
                                       "# § 45   Dnr KS 2024/0112\n# Ny taxa för vatten och avlopp\n\n"
                                       "Karin Lund (M) yrkar bifall till arbetsutskottets förslag.\nOlle Berg (S) yrkar avslag.\n\n"
                                       "Omröstning begärs och verkställs. Ja-röst för bifall, nej-röst för avslag.\n"
                                       "Kommunstyrelsen beslutar enligt arbetsutskottets förslag.\n\n# Omröstningslista\n"
                                       "Ledamot\tJa\tNej\tAvstår\nKarin Lund (M)\tX\nPer Ek (M)\tX\nAnna Holm (C)\tX\nLars Sand (L)\tX\n"
                                       "Olle Berg (S)\t\tX\nMaria Ström (S)\t\tX\nEva Björk (V)\t\tX\nJonas Ås (SD)\t\t\tX\n";
  const std::string src = (dir / "src.pdf").string();
  REQUIRE(std::system((Q(PROTOKOLL_MKPDF) + " " + Q((dir / "src.pdfsrc").string()) + " " + Q(src)).c_str()) == 0);
  const std::string mkscan = Q((fs::path(PROTOKOLL_MKPDF).parent_path() / "mkscan").string());
  // A clean grey scan and a blurred, tilted bilevel one.
  REQUIRE(std::system((mkscan + " " + Q(src) + " " + Q((dir / "in" / "a.png").string()) + " 2>/dev/null").c_str()) == 0);
  REQUIRE(std::system((mkscan + " --angle -0.8 --noise 12 --blur " + Q(src) + " " + Q((dir / "in" / "b.tif").string()) + " 2>/dev/null").c_str()) == 0);
  const std::string db = (dir / "c.sqlite").string();
  REQUIRE(Cli("ingest -q --db " + Q(db) + " " + Q((dir / "in").string())).code == 0);
  Run r = Cli("export --db " + Q(db) + " --format jsonl");
  REQUIRE(r.code == 0);
  const std::vector<std::string> records = Lines(r.out);
  REQUIRE(records.size() == 2);
  for (const std::string& line : records) {
    const nlohmann::json rec = nlohmann::json::parse(line);
    CAPTURE(rec["document"].dump());
    const nlohmann::json& vote = rec["vote"];
    REQUIRE(vote.is_object());
    CHECK(vote["method"] == "omröstning");
    CHECK(vote["counts"]["ja"] == 4);
    CHECK(vote["counts"]["nej"] == 3);
    CHECK(vote["counts"]["avstår"] == 1);
    std::string roll;
    for (const auto& c : vote["roll_call"])
      roll += c["name"].dump() + " " + c["party"].dump() + " " + c["vote"].dump() + "; ";
    CHECK(roll == R"("Karin Lund" "M" "ja"; "Per Ek" "M" "ja"; "Anna Holm" "C" "ja"; "Lars Sand" "L" "ja"; "Olle Berg" "S" "nej"; )"
                  R"("Maria Ström" "S" "nej"; "Eva Björk" "V" "nej"; "Jonas Ås" "SD" "avstår"; )");
  }
  // How the page was read says so.
  CHECK(Sql(db, "SELECT count(*) FROM pages WHERE ocr_variant LIKE '%+table%'").find('2') != std::string::npos);
}
