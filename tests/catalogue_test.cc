// Catalogue on a real SQLite file: schema, idempotent store, replacement, failures, search
// (hostile input, å/ä/ö, filters), show, incremental export.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "catalogue/catalogue.h"

using namespace protokoll;
using namespace protokoll::catalogue;
namespace fs = std::filesystem;

namespace {

std::string FreshDb(const std::string& name) {
  fs::create_directories(PROTOKOLL_TEST_TMP);
  fs::path p = fs::path(PROTOKOLL_TEST_TMP) / (name + ".sqlite");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

StoredItem Item(int paragraph, const std::string& title, const std::string& text,
                const std::string& dnr = "", double amount = 0) {
  StoredItem it;
  auto& f = it.fields;
  f.paragraph = paragraph;
  f.paragraph_label = "§ " + std::to_string(paragraph);
  f.title = title;
  f.text = text;
  f.body = "Kommunstyrelsen";
  f.meeting_date = "2019-11-25";
  if (!dnr.empty()) {
    extractors::Diarienummer d;
    d.raw = dnr;
    d.normalized = dnr;
    d.board = "KS";
    d.year = 2019;
    d.serial = 12;
    f.diarienummer.push_back(d);
    f.diarienummer_pages.push_back(1);
  }
  if (amount > 0) {
    extractors::Amount a;
    a.raw = "x kronor";
    a.sek = amount;
    f.amounts.push_back(a);
    f.amount_pages.push_back(1);
  }
  it.source = "text";
  return it;
}

StoredDocument Doc(const std::string& path, const std::string& sha, std::vector<StoredItem> items) {
  StoredDocument d;
  d.path = path;
  d.sha256 = sha;
  d.format = "text";
  d.size = 100;
  d.pages.push_back({1, PageSource::kText, std::nullopt, "text", "", {}});
  d.items = std::move(items);
  return d;
}

std::string Sha(char c) { return std::string(64, c); }

}  // namespace

TEST_CASE("open: creates, migrates, reopens, a file that is not a catalogue is an error") {
  std::string db = FreshDb("open");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    CHECK(c->Stats()->documents == 0);
  }
  auto again = Catalogue::Open(db);
  CHECK(again.ok());
  fs::path bogus = fs::path(PROTOKOLL_TEST_TMP) / "bogus.sqlite";
  std::ofstream(bogus) << "this is not an SQLite database, it is a protocol text.";
  auto bad = Catalogue::Open(bogus.string());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().stage() == "catalogue");
}

TEST_CASE("store: idempotent by content, a changed file replaces its rows") {
  std::string db = FreshDb("store");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Budget", "Budget 2020"), Item(2, "Motion", "Motion")})).ok());
  CHECK(*c->HasDocument(Sha('a')));
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Budget", "Budget 2020")})).ok());  // same bytes
  CHECK(c->Stats()->items == 2);
  auto first = c->Export(0, "");
  REQUIRE(first.ok());
  long long cursor = first->cursor;
  CHECK(first->records.size() == 2);
  // The same path with new bytes: old items go (reported as removed), new ones come.
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('b'), {Item(1, "Budget", "Budget 2021")})).ok());
  CHECK(c->Stats()->documents == 1);
  CHECK(c->Stats()->items == 1);
  auto delta = c->Export(cursor, "");
  REQUIRE(delta.ok());
  CHECK(delta->records.size() == 1);
  CHECK(delta->records[0].find(Sha('b').substr(0, 16) + "-1") != std::string::npos);
  CHECK(delta->removed.size() == 2);
  auto nothing = c->Export(delta->cursor, "");
  CHECK(nothing->records.empty());
  CHECK(nothing->removed.empty());
}

TEST_CASE("store: ids are the content hash and the § number, made unique within a document") {
  std::string db = FreshDb("ids");
  auto c = Catalogue::Open(db);
  REQUIRE(c->StoreDocument(Doc("x.txt", Sha('c'), {Item(5, "A", "a"), Item(5, "B", "b")})).ok());
  auto e = c->Export(0, "");
  REQUIRE(e->records.size() == 2);
  CHECK(e->records[0].find("\"id\":\"" + Sha('c').substr(0, 16) + "-5\"") != std::string::npos);
  CHECK(e->records[1].find("\"id\":\"" + Sha('c').substr(0, 16) + "-5.2\"") != std::string::npos);
}

TEST_CASE("failures: recorded, counted, cleared when the file goes in") {
  std::string db = FreshDb("failures");
  auto c = Catalogue::Open(db);
  REQUIRE(c->RecordFailure("bad.pdf", "", Status::Error("pdf", "not a readable PDF")).ok());
  REQUIRE(c->RecordFailure("bad.pdf", "", Status::Error("pdf", "still not")).ok());
  auto f = c->Failures();
  REQUIRE(f->size() == 1);
  CHECK((*f)[0].attempts == 2);
  CHECK((*f)[0].reason == "still not");
  REQUIRE(c->StoreDocument(Doc("bad.pdf", Sha('d'), {Item(1, "A", "a")})).ok());
  CHECK(c->Failures()->empty());
}

TEST_CASE("search: any input is safe, quoted token by token") {
  CHECK(FtsQuery("förskola") == "\"förskola\"");
  CHECK(FtsQuery("KS 2017/0073") == "\"KS\" \"2017/0073\"");
  CHECK(FtsQuery("\"40 000 kronor\" budget") == "\"40 000 kronor\" \"budget\"");
  CHECK(FtsQuery("AND OR NOT") == "\"AND\" \"OR\" \"NOT\"");
  CHECK(FtsQuery("say \"hi") == "\"say\" \"hi\"");
  CHECK(FtsQuery("* - ( ) 😀 \"\"").empty());
  CHECK(FtsQuery("e\"post") == "\"e\" \"post\"");  // the quote opens a phrase
  std::string db = FreshDb("search-safe");
  auto c = Catalogue::Open(db);
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('e'), {Item(1, "Förskola", "Förskolan i Norrby byggs ut.")})).ok());
  const char* hostile[] = {"\"", "\"\"", "(", ")", "*", "-", "NEAR", "NEAR(a b)", "AND", "OR", "NOT",
                           "a AND", "^", "förskola*", "col:förskola", "2017-03-14", "e-post", "kr.",
                           "\"40 000", "😀", "'; DROP TABLE items; --", "", "   ", "{}[]"};
  for (const char* q : hostile) {
    CAPTURE(std::string(q));
    SearchOptions o;
    o.query = q;
    CHECK(c->Search(o).ok());
  }
  std::mt19937 rng(42);
  for (int i = 0; i < 300; ++i) {
    std::string q;
    int n = static_cast<int>(rng() % 20);
    for (int k = 0; k < n; ++k) q.push_back(static_cast<char>(rng() % 256));
    SearchOptions o;
    o.query = q;
    CHECK(c->Search(o).ok());
  }
}

TEST_CASE("search: å, ä and ö are letters of their own") {
  std::string db = FreshDb("search-aao");
  auto c = Catalogue::Open(db);
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('f'), {Item(1, "Budget för år 2020", "Beslut om år"),
                                                   Item(2, "Arkiv", "Ett ar är en areal.")})).ok());
  SearchOptions o;
  o.query = "år";
  auto hits = c->Search(o);
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().paragraph == 1);
  o.query = "ar";
  hits = c->Search(o);
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().paragraph == 2);
  o.query = "ÅR";  // case folds, diacritics stay
  CHECK(c->Search(o)->size() == 1);
}

TEST_CASE("search: filters, ranking by title, no query lists by filter") {
  std::string db = FreshDb("search-filters");
  auto c = Catalogue::Open(db);
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('g'), {Item(1, "Skolskjuts", "Avtal om resor.", "KS 2019/12", 1200000),
                                                   Item(2, "Budget", "Skolskjuts nämns i texten.", "", 5000)})).ok());
  SearchOptions o;
  o.query = "skolskjuts";
  auto hits = c->Search(o);
  REQUIRE(hits->size() == 2);
  CHECK(hits->front().paragraph == 1);  // title hit first
  o.min_amount = 1000000;
  CHECK(c->Search(o)->size() == 1);
  o.min_amount.reset();
  o.year_from = o.year_to = 2018;
  CHECK(c->Search(o)->empty());
  o.year_from = o.year_to = 2019;
  CHECK(c->Search(o)->size() == 2);
  o.body = "kommunstyrelsen";
  CHECK(c->Search(o)->size() == 2);
  o.body = "Socialnämnden";
  CHECK(c->Search(o)->empty());
  SearchOptions by_dnr;
  by_dnr.dnr = "KS 2019/12";
  CHECK(c->Search(by_dnr)->size() == 1);
  SearchOptions bad_dnr;
  bad_dnr.dnr = "inte ett nummer";
  CHECK_FALSE(c->Search(bad_dnr).ok());
}

TEST_CASE("show: by id, by any written form of the diarienummer") {
  std::string db = FreshDb("show");
  auto c = Catalogue::Open(db);
  StoredItem it = Item(39, "Ansökan", "Ks2017/0073 ansökan");
  it.fields.diarienummer.clear();
  it.fields.diarienummer_pages.clear();
  extractors::Diarienummer d;
  d.raw = "Ks2017/0073";
  d.normalized = "KS 2017/73";
  d.board = "KS";
  d.year = 2017;
  d.serial = 73;
  it.fields.diarienummer.push_back(d);
  it.fields.diarienummer_pages.push_back(1);
  REQUIRE(c->StoreDocument(Doc("l.txt", Sha('h'), {it})).ok());
  CHECK(c->Show(Sha('h').substr(0, 16) + "-39")->size() == 1);
  CHECK(c->Show("KS 2017/73")->size() == 1);
  CHECK(c->Show("Ks2017/0073")->size() == 1);
  CHECK(c->Show("Dnr KS 2017/00073")->size() == 1);
  CHECK(c->Show("KS 2017/74")->empty());
}
