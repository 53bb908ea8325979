// Catalogue on a real SQLite file: schema, idempotent store, replacement, failures, search
// (hostile input, å/ä/ö, filters), show, incremental export.
#include <doctest/doctest.h>

#include <hunspell/hunspell.hxx>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "catalogue/catalogue.h"
#include "catalogue/lexicon.h"
#include <nlohmann/json.hpp>

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

// The id of the one item a search for `query` finds (the test stops if it finds another number).
std::string OnlyHit(Catalogue& c, const std::string& query) {
  SearchOptions o;
  o.query = query;
  auto hits = c.Search(o);
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  return hits->front().id;
}

// SQL run on the catalogue file through a connection of its own (as another program would).
void ExecOn(const std::string& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

// The first column of a query's first row, likewise ("" for NULL).
std::string FirstValue(const std::string& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const unsigned char* t = sqlite3_column_text(st, 0);
  std::string out = t ? reinterpret_cast<const char*>(t) : "";
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

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

namespace {

// Whether items_fts holds exactly what a rebuild from `items` would: every token of every item
// once, nothing of an item that is gone. Compared through fts5vocab's instance tables, since
// FTS5's own integrity-check does not compare an external-content index with its content.
void CheckIndexIsItems(const std::string& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  };
  REQUIRE(sqlite3_exec(raw,
                       "CREATE VIRTUAL TABLE main.check_fts USING fts5(title, decision, text, title_terms, terms, "
                       "parts, facets, content = 'items', content_rowid = 'rowid', "
                       "tokenize = \"unicode61 remove_diacritics 0\");"
                       "INSERT INTO check_fts(check_fts) VALUES ('rebuild');"
                       "CREATE VIRTUAL TABLE temp.kept USING fts5vocab(main, items_fts, instance);"
                       "CREATE VIRTUAL TABLE temp.rebuilt USING fts5vocab(main, check_fts, instance);",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  const long long kept = count("SELECT count(*) FROM temp.kept");
  CHECK(kept > 0);
  CHECK(kept == count("SELECT count(*) FROM temp.rebuilt"));
  CHECK(count("SELECT count(*) FROM (SELECT * FROM temp.kept EXCEPT SELECT * FROM temp.rebuilt)") == 0);
  CHECK(count("SELECT count(*) FROM (SELECT * FROM temp.rebuilt EXCEPT SELECT * FROM temp.kept)") == 0);
  sqlite3_exec(raw, "DROP TABLE temp.kept; DROP TABLE temp.rebuilt; DROP TABLE main.check_fts", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
}

}  // namespace

TEST_CASE("store: the full-text index holds each item once, through replacement, correction and merge") {
  std::string db = FreshDb("fts-once"), shard = FreshDb("fts-once-shard");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Budget", "Budget för förskolan 2020"),
                                                   Item(2, "Motion", "Motion om skolskjuts")}))
              .ok());
  REQUIRE(c->StoreDocument(Doc("b.txt", Sha('b'), {Item(1, "Bidrag", "Bidrag till föreningen")})).ok());
  CheckIndexIsItems(db);
  // The same path with new bytes: the old items leave the index.
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('c'), {Item(1, "Budget", "Budget för förskolorna 2021")})).ok());
  CheckIndexIsItems(db);
  SearchOptions o;
  o.query = "skolskjuts";
  CHECK(c->Search(o)->empty());
  REQUIRE(c->Correct({OnlyHit(*c, "bidrag"), "title", "\"Bidrag till idrottsföreningen\"", "test", "", "", 0}).ok());
  CheckIndexIsItems(db);
  // A shard merged in: its items are indexed once too.
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    StoredDocument d = Doc("d.txt", Sha('d'), {Item(5, "Detaljplan", "Detaljplan för Storvik"),
                                               Item(6, "Avgifter", "Avgifter för vatten och avlopp")});
    d.municipality = "Kumla kommun";
    REQUIRE(s->StoreDocument(d).ok());
  }
  REQUIRE(c->Merge(shard).ok());
  CheckIndexIsItems(db);
  o.query = "avgift";
  CHECK(c->Search(o)->size() == 1);
  // The municipality comes along: its filter and its word.
  SearchOptions m;
  m.municipality = "kumla";
  m.summarize = true;
  SearchStats st;
  REQUIRE(c->Search(m, &st).ok());
  CHECK(st.total == 2);
  o.query = "kumla";
  CHECK(c->Search(o)->size() == 2);
  CHECK(c->Stats()->items == 4);
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

// A long document's items are prepared (record, terms, vocabulary) on a second thread ahead of
// the writer; a short one's in line. Both must store the same rows.
TEST_CASE("store: a long document, prepared ahead of the writer, stores what item by item would") {
  const char* words[] = {"förskolan", "bidraget", "fastigheter", "nämnden", "årsarvodet",
                         "skolskjutsärendet", "budgetåret", "kommunstyrelsen", "timavgiften"};
  auto items = [&](int n, int offset) {
    std::vector<StoredItem> v;
    for (int i = 0; i < n; ++i) {
      const std::string w = words[(i + offset) % 9];
      v.push_back(Item(i + 1, "Ärende om " + w, "Beslut om " + w + " och " + words[(i * 7 + offset) % 9] + " " + std::to_string(i),
                       i % 3 ? "" : "KS 2019/" + std::to_string(i), i % 2 ? 40000.0 * i : 0));
    }
    return v;
  };
  auto rows = [](const std::string& path, const char* sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return out;
  };
  // One catalogue gets 130 items in one document (prepared ahead); the other the same items in
  // ten documents of 13 (in line). Items, terms and vocabulary must agree.
  const std::string ahead = FreshDb("prepare-ahead"), inline_db = FreshDb("prepare-inline");
  {
    auto c = Catalogue::Open(ahead);
    REQUIRE(c.ok());
    std::vector<StoredItem> all = items(130, 0);
    REQUIRE(c->StoreDocument(Doc("long.txt", Sha('l'), all)).ok());
  }
  {
    auto c = Catalogue::Open(inline_db);
    REQUIRE(c.ok());
    std::vector<StoredItem> all = items(130, 0);
    for (int d = 0; d < 10; ++d) {
      std::vector<StoredItem> part(all.begin() + d * 13, all.begin() + (d + 1) * 13);
      REQUIRE(c->StoreDocument(Doc("part" + std::to_string(d) + ".txt", Sha(static_cast<char>('a' + d)), part)).ok());
    }
  }
  const char* items_sql = "SELECT paragraph, title, title_terms, terms, parts, facets FROM items ORDER BY paragraph";
  const char* vocabulary_sql = "SELECT term, word, kind FROM vocabulary ORDER BY 1, 2, 3";
  const auto a = rows(ahead, items_sql), b = rows(inline_db, items_sql);
  REQUIRE(a.size() == 130);
  CHECK(a == b);
  const auto va = rows(ahead, vocabulary_sql), vb = rows(inline_db, vocabulary_sql);
  CHECK(va.size() > 20);
  CHECK(va == vb);
  CHECK(a[0].find("förskola") != std::string::npos);  // base forms made: the terms are real
  // And the records: the same export fields but the ids, which follow each document's hash.
  auto c = Catalogue::Open(ahead);
  auto e = c->Export(0, "");
  REQUIRE(e.ok());
  REQUIRE(e->records.size() == 130);
  CHECK(e->records[129].find("\"id\":\"" + Sha('l').substr(0, 16) + "-130\"") != std::string::npos);
  CHECK(e->records[3].find("KS 2019/3") != std::string::npos);
}

// Triggers the tests add to a catalogue: a store that writes an item titled FAIL fails (the
// statement is aborted), one titled ROLLBACK takes the whole transaction with it.
void AddRefusingTriggers(const std::string& path) {
  ExecOn(path,
         "CREATE TRIGGER test_fail BEFORE INSERT ON items WHEN NEW.title = 'FAIL' "
         "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
         "CREATE TRIGGER test_rollback BEFORE INSERT ON items WHEN NEW.title = 'ROLLBACK' "
         "BEGIN SELECT RAISE(ROLLBACK, 'rolled back by the test'); END;");
}

TEST_CASE("store: a batch commits its documents together, a failing document rolls back alone") {
  const std::string db = FreshDb("batch");
  { REQUIRE(Catalogue::Open(db).ok()); }
  AddRefusingTriggers(db);
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->BeginBatch().ok());
    CHECK(c->InBatch());
    CHECK_FALSE(c->BeginBatch().ok());  // one at a time
    REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Budget", "Budget 2020")})).ok());
    Status bad = c->StoreDocument(Doc("b.txt", Sha('b'), {Item(1, "Motion", "m"), Item(2, "FAIL", "x")}));
    CHECK_FALSE(bad.ok());
    CHECK(bad.message().find("refused by the test") != std::string::npos);
    CHECK(c->InBatch());  // the batch goes on without b
    REQUIRE(c->StoreDocument(Doc("c.txt", Sha('c'), {Item(1, "Taxa", "Taxa 2021")})).ok());
    REQUIRE(c->EndBatch().ok());
    CHECK_FALSE(c->InBatch());
    CHECK(*c->HasDocument(Sha('a')));
    CHECK_FALSE(*c->HasDocument(Sha('b')));  // none of b: not even its first item
    CHECK(*c->HasDocument(Sha('c')));
    CHECK(c->Stats()->items == 2);
    // An error that rolls back the transaction takes the batch's earlier documents with it; the
    // catalogue says so (no batch open any more), and the writer records them as failures.
    REQUIRE(c->BeginBatch().ok());
    REQUIRE(c->StoreDocument(Doc("d.txt", Sha('d'), {Item(1, "Avgift", "Avgift")})).ok());
    CHECK_FALSE(c->StoreDocument(Doc("e.txt", Sha('e'), {Item(1, "ROLLBACK", "x")})).ok());
    CHECK_FALSE(c->InBatch());
    CHECK_FALSE(*c->HasDocument(Sha('d')));
    // A batch never ended (the process killed) is not in the file.
    REQUIRE(c->BeginBatch().ok());
    REQUIRE(c->StoreDocument(Doc("f.txt", Sha('f'), {Item(1, "Plan", "Plan")})).ok());
  }
  auto again = Catalogue::Open(db);
  REQUIRE(again.ok());
  CHECK_FALSE(*again->HasDocument(Sha('f')));
  CHECK(again->Stats()->documents == 2);
  // Search terms and vocabulary of what was rolled back are made again when it comes back.
  REQUIRE(again->StoreDocument(Doc("d.txt", Sha('d'), {Item(1, "Förskolor", "Förskolan byggs ut")})).ok());
  SearchOptions so;
  so.query = "förskola";
  auto hits = again->Search(so);
  REQUIRE(hits.ok());
  CHECK(hits->size() == 1);
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
  CHECK(FtsQuery("KS 2017/0073") == "\"KS\" AND \"2017/0073\"");
  CHECK(FtsQuery("\"40 000 kronor\" budget") == "\"40 000 kronor\" AND \"budget\"");
  CHECK(FtsQuery("AND OR NOT") == "\"AND\" AND \"OR\" AND \"NOT\"");
  CHECK(FtsQuery("say \"hi") == "\"say\" AND \"hi\"");
  CHECK(FtsQuery("* - ( ) 😀 \"\"").empty());
  CHECK(FtsQuery("e\"post") == "\"e\" AND \"post\"");  // the quote opens a phrase
  auto terms = SwedishTerms::Create(TermsMode::kLemmasAndParts);
  REQUIRE(terms->mode() == TermsMode::kLemmasAndParts);
  CHECK(FtsQuery("förskolor", terms.get()) == "(\"förskola\" OR \"förskolor\")");
  CHECK(FtsQuery("\"service i samverkan\" Ks2017/0073", terms.get()) ==
        "{title decision text} : \"service i samverkan\" AND {title decision text} : \"Ks2017/0073\"");
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

TEST_CASE("search terms: Swedish base forms and compound parts (Hunspell sv_SE)") {
  auto t = SwedishTerms::Create(TermsMode::kLemmasAndParts);
  REQUIRE(t->mode() == TermsMode::kLemmasAndParts);
  auto has = [](const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
  };
  struct Case {
    const char* word;
    const char* base;
  };
  for (Case c : {Case{"bidraget", "bidrag"}, {"bidragen", "bidrag"}, {"bidrags", "bidrag"},
                 {"förskolan", "förskola"}, {"förskolor", "förskola"},
                 {"fastigheten", "fastighet"}, {"fastigheter", "fastighet"},
                 {"nämnden", "nämnd"}, {"kronor", "krona"},
                 {"sammanträdesarvodet", "sammanträdesarvode"}, {"årsarvodet", "årsarvode"},
                 // sv_SE gives these only as the verb "avgifta": the noun is added.
                 {"avgifter", "avgift"}, {"avgifterna", "avgift"}, {"avgiften", "avgift"}}) {
    CAPTURE(c.word);
    CHECK(has(t->BaseForms(c.word), c.base));
  }
  CHECK_FALSE(has(t->BaseForms("fastigheten"), "fast"));  // Snowball's over-stemming
  CHECK(t->BaseForms("år") == std::vector<std::string>{"år"});
  CHECK_FALSE(has(t->BaseForms("taxor"), "tax"));  // a plural in -or is not a noun's -er plural
  CHECK(has(t->BaseForms("taxor"), "taxa"));
  // An unknown word whose compound analysis crashed libhunspell (a null read) has no base form
  // but itself, and the process lives on.
  CHECK(t->BaseForms("xsmyckeshängare") == std::vector<std::string>{"xsmyckeshängare"});
  CHECK(t->BaseForms("ljungby") == std::vector<std::string>{"ljungby"});  // unknown: itself
  struct Compound {
    const char* base;
    std::vector<std::string> parts;
  };
  for (const Compound& c :
       {Compound{"skolskjutsärende", {"skolskjuts", "skola", "skjuts", "ärende"}},
        {"årsarvode", {"år", "arvode"}},
        {"sammanträdesarvode", {"sammanträde", "arvode"}},
        {"utbildningsnämnd", {"utbildning", "nämnd"}},
        {"kommunstyrelse", {"kommun", "styrelse"}},
        {"förskoleverksamhet", {"förskola", "verksamhet"}},
        {"budgetår", {"budget", "år"}},
        {"verksamhetsår", {"verksamhet", "år"}},
        {"riksdag", {"rike", "dag"}},
        {"timavgift", {"timme", "avgift"}}}) {
    CAPTURE(c.base);
    for (const std::string& p : c.parts) {
      CAPTURE(p);
      CHECK(has(t->CompoundParts(c.base), p));
    }
  }
  // Not compounds, though a split would find two words.
  for (const char* w : {"beslut", "procent", "verksamhet", "handling", "fastighet", "bidrag",
                        "kultur", "personal", "regional", "arvode", "fastställa"}) {
    CAPTURE(w);
    CHECK(t->CompoundParts(w).empty());
  }
  ItemTerms it = t->ForItem("Arvoden 2024", "Årsarvodet och sammanträdesarvodet höjs år 2024.");
  CHECK(it.title_terms == "arvode");
  CHECK(it.parts.find("arvode") != std::string::npos);
  CHECK(it.terms.find("2024") == std::string::npos);  // numbers are searched as written
}

TEST_CASE("search terms: a Swedish dictionary given back is the next one taken, not loaded again") {
  std::unique_ptr<Hunspell> first = TakeSwedishDictionary();
  REQUIRE(first);
  std::unique_ptr<Hunspell> second = TakeSwedishDictionary();  // the first is in use: another
  REQUIRE(second);
  CHECK(second.get() != first.get());
  Hunspell* kept = first.get();
  GiveBackSwedishDictionary(std::move(first));
  std::unique_ptr<Hunspell> again = TakeSwedishDictionary();
  CHECK(again.get() == kept);
  CHECK(again->spell(std::string("förskolan")));
  GiveBackSwedishDictionary(std::move(again));
  GiveBackSwedishDictionary(std::move(second));
  // SwedishTerms takes the dictionary given back last, and gives it back when it goes.
  std::unique_ptr<Hunspell> x = TakeSwedishDictionary();
  Hunspell* known = x.get();
  GiveBackSwedishDictionary(std::move(x));
  {
    auto t = SwedishTerms::Create(TermsMode::kLemmasAndParts);
    CHECK(t->BaseForms("förskolorna") == std::vector<std::string>{"förskola"});
    std::unique_ptr<Hunspell> other = TakeSwedishDictionary();  // `known` is t's now
    CHECK(other.get() != known);
    GiveBackSwedishDictionary(std::move(other));
    // (`other` is now the last given back; t's dictionary returns after it.)
  }
  std::unique_ptr<Hunspell> back = TakeSwedishDictionary();
  CHECK(back.get() == known);
  GiveBackSwedishDictionary(std::move(back));
}

TEST_CASE("search: inflections and compounds found, whole words ranked above parts") {
  std::string db = FreshDb("search-swedish");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'),
                               {Item(1, "Skolskjutsärenden 2021", "Tre skolskjutsärenden avgjordes."),
                                Item(2, "Skolskjuts till Norrby", "Skolskjuts ordnas för eleverna."),
                                Item(3, "Fast pris", "Avtalet har fast pris."),
                                Item(4, "Fastigheten Norrby 1:2", "Fastigheter säljs."),
                                Item(5, "Årsarvodet", "Årsarvodet för ordföranden höjs."),
                                Item(6, "Ar", "Arealen är 3 ar.")}))
              .ok());
  auto titles = [&](const char* q) {
    SearchOptions o;
    o.query = q;
    std::vector<std::string> out;
    auto hits = c->Search(o);
    REQUIRE(hits.ok());
    for (const SearchHit& h : *hits) out.push_back(h.title);
    return out;
  };
  CHECK(titles("skolskjuts") == std::vector<std::string>{"Skolskjuts till Norrby", "Skolskjutsärenden 2021"});
  CHECK(titles("fastighet") == std::vector<std::string>{"Fastigheten Norrby 1:2"});
  CHECK(titles("arvode") == std::vector<std::string>{"Årsarvodet"});
  CHECK(titles("år") == std::vector<std::string>{"Årsarvodet"});  // "år" is a part of "årsarvode"
  CHECK(titles("ar") == std::vector<std::string>{"Ar"});
  SearchOptions o;
  o.query = "skolskjutsar";
  auto hits = c->Search(o);
  REQUIRE(hits->size() == 2);
  CHECK(hits->front().snippet.find("[Skolskjuts]") != std::string::npos);
}

TEST_CASE("catalogue: a schema 1 file is migrated to 2 and its items become searchable by base form") {
  std::string db = FreshDb("migrate-1");
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    const char* v1 =
        "CREATE TABLE documents(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT NOT "
        "NULL, size INTEGER NOT NULL, pages INTEGER NOT NULL, format TEXT NOT NULL, encoding TEXT, "
        "body TEXT, meeting_date TEXT, ingested_at TEXT NOT NULL, seq INTEGER NOT NULL);"
        "CREATE TABLE items(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document_id INTEGER "
        "NOT NULL, ordinal INTEGER NOT NULL, paragraph INTEGER NOT NULL, paragraph_label TEXT NOT "
        "NULL, page_start INTEGER NOT NULL, page_end INTEGER NOT NULL, body TEXT, meeting_date "
        "TEXT, title TEXT NOT NULL, decision TEXT, text TEXT NOT NULL, source TEXT NOT NULL, "
        "ocr_confidence REAL, seq INTEGER NOT NULL, changed_at TEXT NOT NULL, record TEXT NOT NULL);"
        "CREATE VIRTUAL TABLE items_fts USING fts5(title, decision, text, content='items', "
        "content_rowid='rowid', tokenize=\"unicode61 remove_diacritics 0\");"
        "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN INSERT INTO items_fts(rowid, "
        "title, decision, text) VALUES (new.rowid, new.title, coalesce(new.decision, ''), new.text); END;"
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES('seq','1');"
        "INSERT INTO documents VALUES(1,'aa','old.txt',1,1,'text',NULL,NULL,NULL,'t',1);"
        "INSERT INTO items VALUES(1,'aa-1',1,0,1,'§ 1',1,1,NULL,NULL,'Förskolor','Nya förskolor.',"
        "'Nya förskolor byggs.','text',NULL,1,'t','{}');"
        "PRAGMA user_version=1;";
    REQUIRE(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto c = Catalogue::Open(db);
  INFO((c.ok() ? std::string() : c.status().message()));
  REQUIRE(c.ok());
  SearchOptions o;
  o.query = "förskola";
  auto hits = c->Search(o);
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().id == "aa-1");
  // The plain shell's MATCH reaches the base form.
  CHECK(FirstValue(db, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'förskola'") == "1");
}

TEST_CASE("catalogue: schema 5's insert trigger is dropped (6: the writer indexes a document at a time)") {
  std::string db = FreshDb("migrate-5");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor byggs.")})).ok());
  }
  auto triggers = [&] {
    return FirstValue(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'items_fts_insert'");
  };
  CHECK(triggers() == "0");
  // As schema 5 had it.
  ExecOn(db,
         "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN INSERT INTO items_fts(rowid, title, decision, "
         "text, title_terms, terms, parts, facets) VALUES (new.rowid, new.title, coalesce(new.decision, ''), new.text, "
         "new.title_terms, new.terms, new.parts, new.facets); END; PRAGMA user_version=5;");
  CHECK(triggers() == "1");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(triggers() == "0");
  REQUIRE(c->StoreDocument(Doc("b.txt", Sha('b'), {Item(2, "Förskolor i Storvik", "Två nya förskolor.")})).ok());
  SearchOptions o;
  o.query = "förskola";
  CHECK(c->Search(o)->size() == 2);
  CheckIndexIsItems(db);
}

TEST_CASE("search: a rank window bounds the work for very common words, exact below it") {
  std::string db = FreshDb("search-window");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  // § i met in 1960 + i, the newest stored first: the window is chosen by the meetings' dates,
  // not by the order of storage.
  for (int i = 60; i >= 1; --i) {
    StoredItem it = Item(i, "Bidrag " + std::to_string(i), i == 3 ? "Bidrag bidrag bidrag bidrag." : "Ett bidrag.");
    it.fields.meeting_date = std::to_string(1960 + i) + "-05-04";
    std::string sha = std::to_string(i);
    sha += std::string(64 - sha.size(), 'a');
    REQUIRE(c->StoreDocument(Doc("a" + std::to_string(i) + ".txt", sha, {it})).ok());
  }
  SearchOptions o;
  o.query = "bidrag";
  o.limit = 5;
  o.rank_window = 0;  // all ranked: the item that says it four times is first
  SearchStats all;
  auto hits = c->Search(o, &all);
  REQUIRE(hits.ok());
  CHECK_FALSE(all.window_full);
  REQUIRE(!hits->empty());
  CHECK(hits->front().paragraph == 3);
  o.rank_window = 100;  // more than the matches: the same, exact
  SearchStats big;
  CHECK(c->Search(o, &big)->front().paragraph == 3);
  CHECK_FALSE(big.window_full);
  o.rank_window = 20;  // the 20 newest meetings' matches (§ 41–60) are ranked
  SearchStats small;
  hits = c->Search(o, &small);
  REQUIRE(hits.ok());
  CHECK(small.window_full);
  REQUIRE(hits->size() == 5);
  for (const SearchHit& h : *hits) CHECK(h.paragraph > 40);
  // Every page of the total can be reached: past the window the older meetings' matches follow,
  // newest first (issue 21: relevance pages past 2,000 hits were empty).
  for (bool memory : {false, true}) {
    INFO("in memory: " << memory);
    if (memory) REQUIRE(c->KeepFilterColumns().ok());
    std::vector<int> seen;
    SearchOptions p = o;
    p.limit = 7;
    for (p.offset = 0; p.offset < 70; p.offset += p.limit) {
      auto page = c->Search(p, nullptr);
      REQUIRE(page.ok());
      for (const SearchHit& h : *page) seen.push_back(h.paragraph);
    }
    REQUIRE(seen.size() == 60);
    CHECK(std::set<int>(seen.begin(), seen.end()).size() == 60);
    for (size_t k = 0; k < 20; ++k) CHECK(seen[k] > 40);  // the window, ranked
    for (size_t k = 20; k < 60; ++k) CHECK(seen[k] == static_cast<int>(60 - k));  // then § 40 down to § 1
  }
}

namespace {

// A catalogue of many small documents with every kind of value the filters read: bodies (one a
// prefix of another, one missing), dates over decades (some missing), amounts (none, one,
// several), text and OCR items.
void StoreVaried(Catalogue& c, int documents, unsigned seed) {
  std::mt19937 rnd(seed);
  const char* bodies[] = {"Kommunstyrelsen", "Kommunstyrelsens arbetsutskott", "Barn- och utbildningsnämnden",
                          "Socialnämnden", ""};
  const char* words[] = {"förskola", "bidrag", "skolskjuts", "detaljplan", "budget", "motion", "taxa"};
  auto pick = [&](int n) { return static_cast<int>(rnd() % static_cast<unsigned>(n)); };
  for (int d = 0; d < documents; ++d) {
    const std::string body = bodies[pick(5)];
    const int year = 1975 + pick(50);
    const std::string date =
        pick(10) == 0 ? "" : std::to_string(year) + "-" + (pick(2) ? "03" : "11") + "-" + (pick(2) ? "04" : "25");
    std::vector<StoredItem> items;
    for (int i = 1; i <= 1 + pick(8); ++i) {
      std::string text = std::string("Ärendet gäller ") + words[pick(7)] + " och " + words[pick(7)] + ".";
      StoredItem it = Item(i, std::string("Om ") + words[pick(7)], text);
      it.fields.body = body;
      it.fields.meeting_date = date;
      it.source = pick(3) == 0 ? "ocr" : "text";
      for (int a = pick(4); a > 0; --a) {
        extractors::Amount x;
        x.raw = "belopp";
        x.sek = std::pow(10.0, 2 + pick(6)) * (1 + pick(9));
        it.fields.amounts.push_back(x);
        it.fields.amount_pages.push_back(1);
      }
      items.push_back(it);
    }
    std::string sha = std::to_string(d) + "-" + std::to_string(seed);
    sha += std::string(64 - sha.size(), 'f');
    REQUIRE(c.StoreDocument(Doc("varied/" + std::to_string(seed) + "-" + std::to_string(d) + ".txt", sha, items)).ok());
  }
}

SearchOptions RandomSearch(std::mt19937& rnd) {
  auto pick = [&](int n) { return static_cast<int>(rnd() % static_cast<unsigned>(n)); };
  const char* queries[] = {"förskola", "bidrag", "skolskjuts", "budget taxa", "\"gäller motion\"", ""};
  const char* bodies[] = {"Kommunstyrelsen", "kommunstyrelsens", "Barn- och", "Socialnämnden", "utskott", "nämnden",
                          "styrelse arbets"};
  SearchOptions o;
  o.query = queries[pick(6)];
  if (pick(3) == 0) o.year_from = 1975 + pick(50);
  if (pick(3) == 0) o.year_to = 1985 + pick(50);
  if (pick(4) == 0) o.body = bodies[pick(7)];
  if (pick(4) == 0) o.min_amount = std::pow(10.0, 2 + pick(6)) * (1 + pick(3));
  if (pick(5) == 0) o.max_amount = std::pow(10.0, 3 + pick(5));
  if (pick(5) == 0) o.date_from = std::to_string(1980 + pick(40)) + (pick(2) ? "-06-01" : "");
  if (pick(5) == 0) o.date_to = std::to_string(1990 + pick(40)) + "-03-04";
  if (pick(4) == 0) o.source = pick(2) ? "ocr" : "text";
  o.by_date = pick(3) == 0;
  o.rank_window = pick(2) ? 2000 : 15;  // small: the window's bound is exercised
  o.limit = 1 + pick(30);
  o.offset = pick(3) == 0 ? pick(20) : 0;
  o.summarize = true;
  return o;
}

std::string Describe(const SearchOptions& o) {
  return "q=" + o.query + " years=" + (o.year_from ? std::to_string(*o.year_from) : "") + ".." +
         (o.year_to ? std::to_string(*o.year_to) : "") + " body=" + o.body +
         " min=" + (o.min_amount ? std::to_string(*o.min_amount) : "") + " max=" +
         (o.max_amount ? std::to_string(*o.max_amount) : "") + " dates=" + o.date_from + ".." + o.date_to +
         " source=" + o.source + " by_date=" + std::to_string(o.by_date) + " window=" +
         std::to_string(o.rank_window) + " limit=" + std::to_string(o.limit) + " offset=" + std::to_string(o.offset);
}

// Both answers of one search, compared: hits in order with their scores (the same doubles, not
// only the same order) and snippets, the count, the facets, the window. `a` answers through SQL
// (or, with `a_in_memory`, from the filter columns), `b` from the columns (and, when
// `b_from_lists` says so, from the term lists or not).
void SameAnswer(Catalogue& a, Catalogue& b, const SearchOptions& o, std::optional<bool> b_from_lists = std::nullopt,
                bool a_in_memory = false) {
  INFO(Describe(o));
  SearchStats sa, sb;
  auto x = a.Search(o, &sa);
  auto y = b.Search(o, &sb);
  REQUIRE(x.ok());
  REQUIRE(y.ok());
  CHECK(sa.in_memory == a_in_memory);
  CHECK(sb.in_memory);
  if (b_from_lists) CHECK(sb.from_term_lists == *b_from_lists);
  REQUIRE(x->size() == y->size());
  for (size_t i = 0; i < x->size(); ++i) {
    CHECK((*x)[i].id == (*y)[i].id);
    CHECK((*x)[i].score == (*y)[i].score);
    CHECK((*x)[i].snippet == (*y)[i].snippet);
  }
  CHECK(sa.total == sb.total);
  CHECK(sa.by_body == sb.by_body);
  CHECK(sa.by_decade == sb.by_decade);
  CHECK(sa.by_municipality == sb.by_municipality);
  // (The SQL path says whether the window was full only when it ranks by relevance.)
  if (a_in_memory || (!o.query.empty() && !o.by_date)) CHECK(sa.window_full == sb.window_full);
}

}  // namespace

TEST_CASE("search: the in-memory filter columns give the SQL path's answers, and follow every change") {
  std::string db = FreshDb("columns");
  auto writer = Catalogue::Open(db);
  REQUIRE(writer.ok());
  StoreVaried(*writer, 60, 1);
  auto sql = Catalogue::Open(db);
  auto memory = Catalogue::Open(db);
  REQUIRE(sql.ok());
  REQUIRE(memory.ok());
  auto held = memory->KeepFilterColumns();
  REQUIRE(held.ok());
  std::mt19937 rnd(5);
  SUBCASE("random searches: hits, scores, counts and facets agree") {
    for (int i = 0; i < 300; ++i) SameAnswer(*sql, *memory, RandomSearch(rnd));
  }
  SUBCASE("after more documents, corrections and a hidden item, the copy answers the same") {
    for (int i = 0; i < 40; ++i) SameAnswer(*sql, *memory, RandomSearch(rnd));
    StoreVaried(*writer, 25, 2);  // another connection writes; the copy reads the changes
    SearchOptions all;
    all.query = "förskola";
    all.limit = 3;
    auto hits = writer->Search(all);
    REQUIRE(hits.ok());
    REQUIRE(hits->size() == 3);
    Catalogue::Correction body{(*hits)[0].id, "body", "\"Kulturnämnden\"", "test", "", "", 0};
    Catalogue::Correction date{(*hits)[1].id, "meeting_date", "\"1901-02-03\"", "test", "", "", 0};
    Catalogue::Correction gone{(*hits)[2].id, "not_an_item", "true", "test", "", "", 0};
    REQUIRE(writer->Correct(body).ok());
    REQUIRE(writer->Correct(date).ok());
    REQUIRE(writer->Correct(gone).ok());
    SearchOptions k;
    k.query = "förskola";
    k.body = "Kulturnämnden";
    auto moved = memory->Search(k);
    REQUIRE(moved.ok());
    REQUIRE(moved->size() == 1);
    CHECK(moved->front().id == (*hits)[0].id);
    SearchOptions old;
    old.query = "förskola";
    old.year_to = 1901;
    auto dated = memory->Search(old);
    REQUIRE(dated.ok());
    REQUIRE(dated->size() == 1);
    CHECK(dated->front().id == (*hits)[1].id);
    SearchOptions every;
    every.query = "förskola";
    every.limit = 0;
    auto visible = memory->Search(every);
    REQUIRE(visible.ok());
    for (const auto& h : *visible) CHECK(h.id != (*hits)[2].id);
    for (int i = 0; i < 100; ++i) SameAnswer(*sql, *memory, RandomSearch(rnd));
    // Files stored again with other bytes: their old items go, new ones come.
    for (int d = 0; d < 20; ++d) {
      StoredItem it = Item(1, "Om förskola", "Ärendet gäller förskola och bidrag, ny version.");
      it.fields.body = "Socialnämnden";
      it.fields.meeting_date = "2001-03-04";
      std::string sha = "new" + std::to_string(d);
      sha += std::string(64 - sha.size(), 'e');
      REQUIRE(writer->StoreDocument(Doc("varied/1-" + std::to_string(d) + ".txt", sha, {it})).ok());
    }
    for (int i = 0; i < 100; ++i) SameAnswer(*sql, *memory, RandomSearch(rnd));
    // Long items: a column of more than 127 (and 16,383) tokens has a length of two (three)
    // bytes in FTS5's record, which the copy reads for the ranking.
    std::string text;
    for (int w = 0; w < 20000; ++w) text += (w % 7 == 0 ? "förskola " : "ärendet ");
    REQUIRE(writer->StoreDocument(Doc("varied/long.txt", std::string(64, 'l'),
                                      {Item(1, "Lång förskola", text), Item(2, "Kort", text.substr(0, 1500))}))
                .ok());
    SearchOptions f;
    f.query = "förskola";
    f.limit = 0;
    SameAnswer(*sql, *memory, f);
    f.query = "ärendet";
    SameAnswer(*sql, *memory, f);
  }
}

TEST_CASE("search: the term lists give FTS5's answers to the last bit, and stand aside after a change until read again") {
  std::string db = FreshDb("termlists");
  auto writer = Catalogue::Open(db);
  REQUIRE(writer.ok());
  StoreVaried(*writer, 60, 3);
  auto sql = Catalogue::Open(db);
  auto columns = Catalogue::Open(db);  // the columns, FTS5 for the words
  auto lists = Catalogue::Open(db);    // the columns and the lists
  REQUIRE(sql.ok());
  REQUIRE(columns.ok());
  REQUIRE(lists.ok());
  REQUIRE(columns->KeepFilterColumns().ok());
  REQUIRE(lists->KeepFilterColumns().ok());
  // Every word of the sample kept (the catalogue is small): the lists answer every search.
  auto warm = lists->WarmTermIndex(1, size_t{64} << 20, false);
  REQUIRE(warm.ok());
  CHECK(warm->read);
  CHECK(warm->terms > 5);
  CHECK(warm->postings > warm->terms);
  auto same = [&](const SearchOptions& o, bool expect_lists) {
    SameAnswer(*columns, *lists, o, expect_lists, true);
    SameAnswer(*sql, *lists, o);  // and the command line's answer
  };
  std::mt19937 rnd(11);
  for (int i = 0; i < 200; ++i) {
    SearchOptions o = RandomSearch(rnd);
    same(o, !o.query.empty());
  }
  // Without facets (a block of a list older than the page is skipped): the same pages.
  for (int i = 0; i < 200; ++i) {
    SearchOptions o = RandomSearch(rnd);
    o.summarize = false;
    INFO(Describe(o));
    SearchStats a, b;
    auto x = columns->Search(o, &a);
    auto y = lists->Search(o, &b);
    REQUIRE(x.ok());
    REQUIRE(y.ok());
    CHECK(b.from_term_lists == !o.query.empty());
    REQUIRE(x->size() == y->size());
    for (size_t k = 0; k < x->size(); ++k) {
      CHECK((*x)[k].id == (*y)[k].id);
      CHECK((*x)[k].score == (*y)[k].score);
    }
    if (!o.by_date) CHECK(a.window_full == b.window_full);
  }
  // Two words, one of them in no item: nothing, from the lists.
  SearchOptions none;
  none.query = "bidrag ordsomintefinns";
  none.summarize = true;
  same(none, true);
  // A diarienummer filter is FTS5's (the copy does not hold the numbers).
  SearchOptions dnr;
  dnr.query = "bidrag";
  dnr.dnr = "KS 2017/73";
  same(dnr, false);
  // A phrase's list is read on its first search and kept.
  SearchOptions phrase;
  phrase.query = "\"gäller bidrag\"";
  phrase.summarize = true;
  same(phrase, true);
  auto held = lists->WarmTermIndex(1, size_t{64} << 20, true);  // nothing changed: nothing read
  REQUIRE(held.ok());
  CHECK_FALSE(held->read);
  // After a change no list is used (FTS5 answers, the same) until WarmTermIndex has read the
  // common words again.
  StoreVaried(*writer, 10, 4);
  SearchOptions o;
  o.query = "förskola";
  o.summarize = true;
  o.rank_window = 15;
  same(o, false);
  auto again = lists->WarmTermIndex(1, size_t{64} << 20, true);
  REQUIRE(again.ok());
  CHECK(again->read);
  same(o, true);
  for (int i = 0; i < 50; ++i) {
    SearchOptions r = RandomSearch(rnd);
    same(r, !r.query.empty());
  }
  // A budget too small for any list: the lists read for a search are not kept, and the answer
  // is the same.
  auto small = lists->WarmTermIndex(1, 16, false);
  REQUIRE(small.ok());
  CHECK(small->terms == 0);
  same(o, true);
}

TEST_CASE("corrections: a corrected title is found by the inflections of its words, like any title") {
  std::string db = FreshDb("retitle");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("retitle.txt", Sha('r'),
                               {Item(7, "Ärende 7", "Nämnden behandlade ärendet och beslutade enligt förslaget.")}))
              .ok());
  SearchOptions o;
  o.query = "förskola";
  auto before = c->Search(o);
  REQUIRE(before.ok());
  CHECK(before->empty());
  const std::string id = OnlyHit(*c, "ärendet");
  // A person gives the item its real title, in an inflected form the query does not use.
  REQUIRE(c->Correct({id, "title", "\"Lokalbehov för förskolorna\"", "test", "", "", 0}).ok());
  auto after = c->Search(o);
  REQUIRE(after.ok());
  REQUIRE(after->size() == 1);
  CHECK(after->front().title == "Lokalbehov för förskolorna");
  CHECK(after->front().snippet.find("förskolorna") == std::string::npos);  // the title is not in the text
  // Another connection (a server thread without its own dictionary) corrects it again.
  auto other = Catalogue::Open(db);
  REQUIRE(other.ok());
  REQUIRE(other->Correct({id, "title", "\"Avgifter i skolbarnomsorgen\"", "test", "", "", 0}).ok());
  CHECK(c->Search(o)->empty());  // the old title's terms are gone
  SearchOptions part;
  part.query = "barnomsorg";  // a compound part of the new title
  auto barnomsorg = c->Search(part);
  REQUIRE(barnomsorg.ok());
  CHECK(barnomsorg->size() == 1);
}

TEST_CASE("corrections: the record as extracted is stored once until a correction, then kept apart") {
  std::string db = FreshDb("extracted");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("x.txt", Sha('x'), {Item(4, "Bidrag till idrottsföreningen", "Bidrag om 5 000 kronor.")})).ok());
  const std::string id = OnlyHit(*c, "bidrag");
  auto column = [&](const char* sql) { return FirstValue(db, sql); };
  const std::string as_read = column("SELECT record FROM items");
  CHECK(column("SELECT extracted FROM items").empty());
  auto extracted = c->ExtractedRecord(id);
  REQUIRE(extracted.ok());
  CHECK(*extracted == as_read);
  // The first correction keeps the record as read apart; a second one does not overwrite it.
  REQUIRE(c->Correct({id, "title", "\"Bidrag till föreningen\"", "test", "", "", 0}).ok());
  REQUIRE(c->Correct({id, "body", "\"Kultur- och fritidsnämnden\"", "test", "", "", 0}).ok());
  CHECK(column("SELECT extracted FROM items") == as_read);
  CHECK(*c->ExtractedRecord(id) == as_read);
  const std::string corrected = column("SELECT record FROM items");
  CHECK(corrected.find("\"title\":\"Bidrag till föreningen\"") != std::string::npos);
  CHECK(corrected.find("Kultur- och fritidsnämnden") != std::string::npos);
  CHECK(as_read.find("Bidrag till idrottsföreningen") != std::string::npos);
}

TEST_CASE("corrections: corrected amounts, dates and diarienummer are what the filters and show read") {
  std::string db = FreshDb("side-tables");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("side.txt", Sha('s'), {Item(3, "Bidrag till föreningen", "Bidrag om 5 000 kronor.",
                                                           "KS 2019/12", 5000)}))
              .ok());
  const std::string id = OnlyHit(*c, "bidrag");
  SearchOptions by_text;
  by_text.query = "bidrag";
  REQUIRE(c->Correct({id, "amounts", "[250000]", "test", "", "", 0}).ok());
  REQUIRE(c->Correct({id, "diarienummer", "[\"BUN 2020/141\"]", "test", "", "", 0}).ok());
  REQUIRE(c->Correct({id, "dates", "[\"2020-05-04\"]", "test", "", "", 0}).ok());
  auto memory = Catalogue::Open(db);
  REQUIRE(memory.ok());
  REQUIRE(memory->KeepFilterColumns().ok());
  for (Catalogue* cat : {&*c, &*memory}) {
    SearchOptions big = by_text;
    big.min_amount = 200000;
    CHECK(cat->Search(big)->size() == 1);
    SearchOptions small = by_text;
    small.max_amount = 10000;  // the amount as read (5 000) is no longer the item's
    CHECK(cat->Search(small)->empty());
    SearchOptions dnr = by_text;
    dnr.dnr = "BUN 2020/141";
    CHECK(cat->Search(dnr)->size() == 1);
    dnr.dnr = "KS 2019/12";
    CHECK(cat->Search(dnr)->empty());
  }
  auto shown = c->Show("BUN 2020/141");
  REQUIRE(shown.ok());
  REQUIRE(shown->size() == 1);
  CHECK(shown->front().find("2020-05-04") != std::string::npos);
  CHECK(c->Show("KS 2019/12")->empty());
}

TEST_CASE("lexicon: the flat form answers as the sets it was made from, and a damaged file is refused") {
  LexiconSets sets;
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) words.push_back("ord" + std::to_string(i) + (i % 2 ? "å" : "ö"));
  for (int i = 0; i < 3000; ++i) (i % 3 ? sets.stems : sets.nouns).push_back(words[static_cast<size_t>(i)]);
  sets.ends = {"år", "ärende"};
  sets.begins = {{"skol", "skola"}, {"års", "år"}, {"skol", "skolan"}};  // the first of a key counts
  const std::string bytes = FlatLexicon::Build(sets);
  auto f = FlatLexicon::Open(bytes);
  REQUIRE(f.has_value());
  for (int i = 0; i < 3000; ++i) {
    const std::string& w = words[static_cast<size_t>(i)];
    CHECK(f->IsStem(w) == (i % 3 != 0));
    CHECK(f->IsNoun(w) == (i % 3 == 0));
  }
  CHECK(f->IsEnd("ärende"));
  CHECK_FALSE(f->IsEnd("arende"));  // å/ä/ö are letters of their own
  CHECK_FALSE(f->IsStem(""));
  CHECK_FALSE(f->IsStem("ord1"));
  CHECK(f->Begin("skol") == std::optional<std::string_view>("skola"));
  CHECK(f->Begin("års") == std::optional<std::string_view>("år"));
  CHECK_FALSE(f->Begin("kommun").has_value());
  // Truncated, foreign, or with a slot pointing outside: refused (the cache is made again).
  CHECK_FALSE(FlatLexicon::Open(std::string_view(bytes).substr(0, bytes.size() / 2)).has_value());
  CHECK_FALSE(FlatLexicon::Open(std::string(bytes.size(), 'x')).has_value());
  std::string bad = bytes;
  const uint32_t outside = static_cast<uint32_t>(bad.size() + 100);
  uint32_t where = 0;
  std::memcpy(&where, bad.data() + 8 + 4, 4);  // the stems' slots
  for (size_t k = where; k + 4 <= bad.size(); k += 4) {
    uint32_t v;
    std::memcpy(&v, bad.data() + k, 4);
    if (v != ~0u) {
      std::memcpy(bad.data() + k, &outside, 4);
      break;
    }
  }
  CHECK_FALSE(FlatLexicon::Open(bad).has_value());
}

TEST_CASE("search: the organ filter matches any part of the name, in SQL and in memory") {
  std::string db = FreshDb("organ-any-word");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  const char* bodies[] = {"Kommunfullmäktige", "Landstingsfullmäktige", "Kommunstyrelsens arbetsutskott",
                          "Kommunstyrelsen", "Barn- och utbildningsnämnden"};
  char sha = 'a';
  for (const char* b : bodies) {
    StoredItem it = Item(1, "Budget", "Budget för året.");
    it.fields.body = b;
    REQUIRE(c->StoreDocument(Doc(std::string(b) + ".txt", Sha(sha++), {it})).ok());
  }
  auto found = [&](Catalogue& cat, const std::string& body, const std::string& query) {
    SearchOptions o;
    o.query = query;
    o.body = body;
    o.limit = 0;
    o.summarize = true;
    SearchStats st;
    auto hits = cat.Search(o, &st);
    REQUIRE(hits.ok());
    std::set<std::string> out;
    for (const auto& h : *hits) out.insert(h.body);
    CHECK(st.total == static_cast<long long>(out.size()));
    return out;
  };
  auto memory = Catalogue::Open(db);
  REQUIRE(memory.ok());
  REQUIRE(memory->KeepFilterColumns().ok());
  for (Catalogue* cat : {&*c, &*memory}) {
    for (const char* q : {"budget", ""}) {
      INFO("in memory: " << (cat == &*memory) << ", query: " << q);
      CHECK(found(*cat, "fullmäktige", q) == std::set<std::string>{"Kommunfullmäktige", "Landstingsfullmäktige"});
      CHECK(found(*cat, "utskott", q) == std::set<std::string>{"Kommunstyrelsens arbetsutskott"});
      CHECK(found(*cat, "FULLMÄKTIGE", q).size() == 2);
      // A prefix still finds what it found before.
      CHECK(found(*cat, "Kommunstyrelsen", q) ==
            std::set<std::string>{"Kommunstyrelsen", "Kommunstyrelsens arbetsutskott"});
      // Every word given must be in the name.
      CHECK(found(*cat, "barn utbildning", q) == std::set<std::string>{"Barn- och utbildningsnämnden"});
      CHECK(found(*cat, "barn styrelse", q).empty());
    }
  }
}

TEST_CASE("municipality: stored, in the record, a filter and a facet (SQL and memory), a word of the main box") {
  std::string db = FreshDb("municipality");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  StoredDocument kumla = Doc("kumla.txt", Sha('k'), {Item(1, "Budget", "Budget för skolan."), Item(2, "Taxa", "Budget och taxa.")});
  kumla.municipality = "Kumla kommun";
  StoredDocument tingsryd = Doc("tingsryd.txt", Sha('t'), {Item(1, "Budget", "Budget för vägarna.")});
  tingsryd.municipality = "Tingsryds kommun";
  // A protocol of no known municipality whose text names Kumla.
  StoredDocument other = Doc("other.txt", Sha('o'), {Item(1, "Samverkan", "Budget för samverkan med Kumla om Kumla.")});
  for (const auto& d : {kumla, tingsryd, other}) REQUIRE(c->StoreDocument(d).ok());
  auto record = [&](const std::string& id) { return nlohmann::json::parse(c->Show(id)->front()); };
  CHECK(record(Sha('k').substr(0, 16) + "-1")["municipality"] == "Kumla kommun");
  CHECK(record(Sha('o').substr(0, 16) + "-1")["municipality"].is_null());
  CHECK(ExportCsvRow(c->Show(Sha('t').substr(0, 16) + "-1")->front()).find(",Tingsryds kommun\r\n") != std::string::npos);
  CHECK(ExportCsvHeader().find(",municipality\r\n") != std::string::npos);

  auto memory = Catalogue::Open(db);
  REQUIRE(memory.ok());
  REQUIRE(memory->KeepFilterColumns().ok());
  auto ids = [](const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.id.substr(0, 1) + h.id.substr(h.id.size() - 1));
    return out;
  };
  for (Catalogue* cat : {&*c, &*memory}) {
    INFO("in memory: " << (cat == &*memory));
    SearchOptions o;
    o.query = "budget";
    o.municipality = "kumla";
    o.summarize = true;
    SearchStats st;
    auto hits = cat->Search(o, &st);
    REQUIRE(hits.ok());
    CHECK(st.total == 2);
    for (const auto& h : *hits) CHECK(h.municipality == "Kumla kommun");
    o.municipality.clear();
    SearchStats all;
    REQUIRE(cat->Search(o, &all).ok());
    CHECK(all.by_municipality ==
          std::vector<std::pair<std::string, long long>>{{"Kumla kommun", 2}, {"Tingsryds kommun", 1}});
    // The municipality's name in the main box finds its items; an item whose text names it
    // ranks first.
    SearchOptions q;
    q.query = "Kumla";
    auto k = cat->Search(q);
    REQUIRE(k.ok());
    REQUIRE(k->size() == 3);
    CHECK(ids(*k)[0] == "o1");
    CHECK(std::set<std::string>{ids(*k)[1], ids(*k)[2]} == std::set<std::string>{"k1", "k2"});
    q.query = "Tingsryd";  // without the genitive s
    CHECK(ids(*cat->Search(q)) == std::vector<std::string>{"t1"});
    q.query = "kumla taxa";
    CHECK(ids(*cat->Search(q)) == std::vector<std::string>{"k2"});
    q.query = "kommun";  // the kind of body is no word of the items
    CHECK(cat->Search(q)->empty());
    // With a year filter (its token narrows inside the index) the place words still match.
    q.query = "Kumla";
    q.year_from = 2019;
    q.year_to = 2019;
    CHECK(cat->Search(q)->size() == 3);
  }
  // A municipality set later (a folder's override): the record, the filter and the words follow,
  // and export --since reports the items again.
  auto before = c->Export(0, "");
  REQUIRE(before.ok());
  auto set = c->SetMunicipality(Sha('o'), "Ljungby kommun");
  REQUIRE(set.ok());
  CHECK(*set);
  CHECK(*c->SetMunicipality(Sha('o'), "Ljungby kommun") == false);
  CHECK(record(Sha('o').substr(0, 16) + "-1")["municipality"] == "Ljungby kommun");
  auto since = c->Export(before->cursor, "");
  REQUIRE(since.ok());
  REQUIRE(since->records.size() == 1);
  for (Catalogue* cat : {&*c, &*memory}) {
    SearchOptions o;
    o.municipality = "Ljungby";
    o.summarize = true;
    SearchStats st;
    REQUIRE(cat->Search(o, &st).ok());
    CHECK(st.total == 1);
    SearchOptions q;
    q.query = "ljungby";
    CHECK(cat->Search(q)->size() == 1);
  }
}

TEST_CASE("municipality: a schema 6 catalogue gets the column, null in every record, and takes a municipality") {
  std::string db = FreshDb("migrate-6");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->StoreDocument(Doc("a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor byggs.")})).ok());
  }
  // As schema 6 had it.
  ExecOn(db,
         "ALTER TABLE documents DROP COLUMN municipality; ALTER TABLE item_facets DROP COLUMN municipality_key; "
         "UPDATE items SET record = json_remove(record, '$.municipality'); PRAGMA user_version=6;");
  CHECK(FirstValue(db, "SELECT json_type(record, '$.municipality') FROM items") == "");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(FirstValue(db, "PRAGMA user_version") == "11");  // and on to the newest
  CHECK(FirstValue(db, "SELECT json_type(record, '$.municipality') FROM items") == "null");
  REQUIRE(*c->SetMunicipality(Sha('a'), "Kumla kommun"));
  SearchOptions o;
  o.query = "förskola";
  o.municipality = "kumla";
  CHECK(c->Search(o)->size() == 1);
  CheckIndexIsItems(db);
}

TEST_CASE("twins: the same item read from a scan and a text file, found both ways, not across meetings") {
  std::string db = FreshDb("twins");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  StoredDocument text = Doc("kf.pdf", Sha('a'), {Item(45, "Lokalförsörjningsplan för förskolan", "x"),
                                                 Item(46, "Skolskjuts 2020–2022", "y")});
  StoredItem scanned45 = Item(45, "Lokalförsörjnings plan för förskolan", "x");
  StoredItem scanned46 = Item(46, "Skolskjuts 2020-2022", "y");
  StoredItem other_date = Item(46, "Skolskjuts 2020-2022", "y");
  other_date.fields.meeting_date = "2019-12-01";
  for (StoredItem* i : {&scanned45, &scanned46, &other_date}) i->source = "ocr";
  StoredDocument scan = Doc("kf-skannad.pdf", Sha('b'), {scanned45, scanned46});
  StoredDocument later = Doc("kf-dec.pdf", Sha('c'), {other_date});
  StoredItem retitled = Item(45, "Något annat", "x");
  retitled.source = "ocr";
  StoredDocument different = Doc("annan.pdf", Sha('d'), {retitled});
  for (const auto& d : {text, scan, later, different}) REQUIRE(c->StoreDocument(d).ok());
  const std::string a45 = Sha('a').substr(0, 16) + "-45", b45 = Sha('b').substr(0, 16) + "-45";
  auto twins = c->Twins(a45);
  REQUIRE(twins.ok());
  REQUIRE(twins->size() == 1);  // not the other title, not another text copy
  CHECK(twins->front().id == b45);
  CHECK(twins->front().source == "ocr");
  REQUIRE(c->Twins(b45)->size() == 1);
  CHECK(c->Twins(b45)->front().id == a45);
  CHECK(c->Twins(Sha('a').substr(0, 16) + "-46")->size() == 1);  // "–" and "-" are one title
  CHECK(c->Twins(Sha('c').substr(0, 16) + "-46")->empty());      // another meeting date
  // A title corrected on one of them: still twins (the correction is what the other is offered).
  REQUIRE(c->Correct({b45, "title", "\"Lokalförsörjningsplan 2021\"", "test", "", "", 0}).ok());
  CHECK(c->Twins(a45)->size() == 1);
  // An item marked "not an item" has no twin, and is no one's.
  REQUIRE(c->Correct({b45, "not_an_item", "true", "test", "", "", 0}).ok());
  CHECK(c->Twins(a45)->empty());
  CHECK(c->Twins(b45)->empty());
}

namespace {

// A scanned document: page 1 OCR'd (two lines with their word boxes, a 2480×3508 page image),
// page 2 read from its text layer.
StoredDocument ScannedDoc(const std::string& path, const std::string& sha) {
  StoredDocument d = Doc(path, sha, {Item(46, "Skolskjuts", "Skolskjuts för elever")});
  d.format = "pdf";
  d.pages.clear();
  StoredPage ocr{1, PageSource::kOcr, 0.91, "§ 46 Skolskjuts\nför elever\n", "psm3", {}, 2480, 3508};
  ocr.ocr_lines.push_back({0.93, 250, 1280, 420, 44, "§ 46 Skolskjuts", {{250, 1283, 29, 42}, {289, 1283, 57, 42}, {420, 1282, 250, 44}}});
  ocr.ocr_lines.push_back({0.88, 250, 1340, 240, 40, "för elever", {}});  // as a schema 7 line: no boxes
  d.pages.push_back(ocr);
  d.pages.push_back({2, PageSource::kPdf, std::nullopt, "Bilaga", "", {}, 0, 0});
  return d;
}

}  // namespace

TEST_CASE("word boxes: four integers a word, stored with their line, read back for the text layer") {
  const std::vector<WordBox> boxes = {{250, 1283, 29, 42}, {289, 1283, 57, 42}};
  CHECK(EncodeWordBoxes(boxes) == "250 1283 29 42 289 1283 57 42");
  CHECK(DecodeWordBoxes("250 1283 29 42 289 1283 57 42") == boxes);
  CHECK(EncodeWordBoxes({}).empty());
  // Anything else is no boxes (the export then spreads the line's words), never a crash.
  for (const char* bad : {"", "1 2 3", "1 2 3 4 5", "a b c d", "1 2 3 4x", "1,2,3,4", "99999999999 1 1 1"})
    CHECK(DecodeWordBoxes(bad).empty());

  std::string db = FreshDb("word-boxes");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(ScannedDoc("skannad.pdf", Sha('a'))).ok());
  REQUIRE(c->StoreDocument(Doc("text.txt", Sha('b'), {Item(1, "Budget", "Budget")})).ok());
  CHECK(FirstValue(db, "SELECT words FROM ocr_lines WHERE line = 0") == "250 1283 29 42 289 1283 57 42 420 1282 250 44");
  CHECK(FirstValue(db, "SELECT count(*) FROM ocr_lines WHERE line = 1 AND words IS NULL") == "1");
  auto lines = c->OcrLines(Sha('a'), 1);
  REQUIRE(lines.ok());
  REQUIRE(lines->size() == 2);
  CHECK((*lines)[0].words.size() == 3);
  CHECK((*lines)[0].words[2] == WordBox{420, 1282, 250, 44});
  CHECK((*lines)[1].words.empty());
  auto layer = c->DocumentTextLayer(Sha('a').substr(0, 16));
  REQUIRE(layer.ok());
  REQUIRE(layer->has_value());
  const auto& t = **layer;
  CHECK(t.path == "skannad.pdf");
  CHECK(t.format == "pdf");
  REQUIRE(t.pages.size() == 2);
  CHECK(t.pages[0].source == PageSource::kOcr);
  CHECK(t.pages[0].image_width == 2480);
  CHECK(t.pages[0].image_height == 3508);
  REQUIRE(t.pages[0].lines.size() == 2);
  CHECK(t.pages[0].lines[0].text == "§ 46 Skolskjuts");
  CHECK(t.pages[0].lines[0].words.size() == 3);
  CHECK(t.pages[1].source == PageSource::kPdf);
  CHECK(t.pages[1].lines.empty());
  CHECK_FALSE(c->DocumentTextLayer(Sha('f'))->has_value());
  CHECK_FALSE(c->DocumentTextLayer("../../etc/passwd")->has_value());
  // Only documents with an OCR'd page make searchable PDFs.
  auto scanned = c->ScannedDocuments();
  REQUIRE(scanned.ok());
  CHECK(*scanned == std::vector<std::string>{Sha('a')});
  // A correction of the item leaves the page's OCR text as it was read.
  REQUIRE(c->Correct({Sha('a').substr(0, 16) + "-46", "title", "\"Skolskjutsar\"", "test", "", "", 0}).ok());
  CHECK((*c->DocumentTextLayer(Sha('a')))->pages[0].lines[0].text == "§ 46 Skolskjuts");
}

TEST_CASE("word boxes: a schema 7 catalogue gets the columns (its lines none, new lines theirs), merge carries them") {
  std::string db = FreshDb("migrate-7");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    StoredDocument old = ScannedDoc("gammal.pdf", Sha('a'));
    old.pages[0].ocr_lines[1].words.clear();
    REQUIRE(c->StoreDocument(old).ok());
  }
  // As schema 7 had it.
  ExecOn(db,
         "ALTER TABLE ocr_lines DROP COLUMN words; ALTER TABLE pages DROP COLUMN image_width; ALTER TABLE pages DROP "
         "COLUMN image_height; PRAGMA user_version=7;");
  CHECK(FirstValue(db, "SELECT count(*) FROM pragma_table_info('ocr_lines') WHERE name = 'words'") == "0");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(FirstValue(db, "PRAGMA user_version") == "11");  // on through 7 → 8 → 9 → 10 → 11
  CHECK(FirstValue(db, "SELECT count(*) FROM ocr_lines WHERE words IS NULL") == "2");
  CHECK(FirstValue(db, "SELECT count(*) FROM pages WHERE image_width IS NULL") == "2");
  auto layer = c->DocumentTextLayer(Sha('a'));
  REQUIRE(layer.ok());
  REQUIRE(layer->has_value());
  CHECK((**layer).pages[0].image_width == 0);
  CHECK((**layer).pages[0].lines[0].words.empty());
  CHECK((**layer).pages[0].lines[0].text == "§ 46 Skolskjuts");  // the lines themselves stay
  // Opening again changes nothing; a document stored now keeps its boxes.
  REQUIRE(Catalogue::Open(db).ok());
  REQUIRE(c->StoreDocument(ScannedDoc("ny.pdf", Sha('b'))).ok());
  CHECK((*c->DocumentTextLayer(Sha('b')))->pages[0].lines[0].words.size() == 3);
  CHECK((*c->DocumentTextLayer(Sha('b')))->pages[0].image_height == 3508);

  // A shard's boxes and page image sizes come along in a merge.
  std::string main_db = FreshDb("merge-words"), shard = FreshDb("merge-words-shard");
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(ScannedDoc("shard.pdf", Sha('c'))).ok());
  }
  auto m = Catalogue::Open(main_db);
  REQUIRE(m.ok());
  REQUIRE(m->Merge(shard).ok());
  auto merged = m->DocumentTextLayer(Sha('c'));
  REQUIRE(merged.ok());
  REQUIRE(merged->has_value());
  CHECK((**merged).pages[0].image_width == 2480);
  REQUIRE((**merged).pages[0].lines.size() == 2);
  CHECK((**merged).pages[0].lines[0].words == std::vector<WordBox>{{250, 1283, 29, 42}, {289, 1283, 57, 42}, {420, 1282, 250, 44}});
  CHECK(*m->ScannedDocuments() == std::vector<std::string>{Sha('c')});
}

// Issue 22's defect 8: merge read its shards by opening them as catalogues, which migrated an
// older shard in place, turned a foreign or empty file into a catalogue and needed WAL side files
// (a read-only mount failed). A shard is now read, never written.
TEST_CASE("merge: shards are read and never written, and what is no protokoll catalogue is refused") {
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  std::string main_db = FreshDb("merge-ro"), shard = FreshDb("merge-ro-shard");
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(ScannedDoc("skannad.pdf", Sha('d'))).ok());
  }
  REQUIRE(!std::filesystem::exists(shard + "-wal"));  // closed cleanly: all in the file
  const std::string before = bytes(shard);
  auto m = Catalogue::Open(main_db);
  REQUIRE(m.ok());
  auto r = m->Merge(shard);
  REQUIRE(r.ok());
  CHECK(r->documents == 1);
  CHECK(bytes(shard) == before);
  CHECK_FALSE(std::filesystem::exists(shard + "-wal"));
  CHECK_FALSE(std::filesystem::exists(shard + "-shm"));

  // An older schema: a private copy is migrated and read; the shard keeps its version and bytes.
  std::string old_shard = FreshDb("merge-ro-old");
  {
    auto s = Catalogue::Open(old_shard);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(ScannedDoc("gammal.pdf", Sha('e'))).ok());
  }
  ExecOn(old_shard,
         "ALTER TABLE ocr_lines DROP COLUMN words; ALTER TABLE pages DROP COLUMN image_width; ALTER TABLE pages DROP "
         "COLUMN image_height; PRAGMA user_version=7;");
  const std::string old_before = bytes(old_shard);
  auto o = m->Merge(old_shard);
  REQUIRE(o.ok());
  CHECK(o->documents == 1);
  CHECK(bytes(old_shard) == old_before);
  CHECK(FirstValue(old_shard, "PRAGMA user_version") == "7");

  // Refused, each left as it was: an empty file, another program's database, a negative version.
  const std::string empty = FreshDb("merge-ro-empty");
  std::ofstream(empty).close();
  const std::string foreign = FreshDb("merge-ro-foreign");
  ExecOn(foreign, "CREATE TABLE documents(x); CREATE TABLE notes(y);");
  const std::string negative = FreshDb("merge-ro-negative");
  {
    auto s = Catalogue::Open(negative);
    REQUIRE(s.ok());
  }
  ExecOn(negative, "PRAGMA user_version=-1;");
  for (const std::string& bad : {empty, foreign, negative}) {
    CAPTURE(bad);
    const std::string was = bytes(bad);
    auto b = m->Merge(bad);
    REQUIRE_FALSE(b.ok());
    CHECK(b.status().message().find(bad == empty ? "empty file" : "not a protokoll catalogue") != std::string::npos);
    CHECK(bytes(bad) == was);
  }
  CHECK(FirstValue(main_db, "SELECT count(*) FROM documents") == "2");
}

TEST_CASE("merge: shards in groups: one that breaks mid-merge costs only itself, the rest as merged one by one") {
  // Eleven shards, the sixth readable as a catalogue but broken inside its items table: it
  // fails where its rows are read, after the shards before it in its group were merged.
  std::vector<std::string> shards;
  for (int k = 0; k < 11; ++k) {
    shards.push_back(FreshDb("merge-group-" + std::to_string(k)));
    auto s = Catalogue::Open(shards.back());
    REQUIRE(s.ok());
    std::vector<StoredItem> items;
    for (int p = 1; p <= (k == 5 ? 400 : 3); ++p)
      items.push_back(Item(p, "Ärende " + std::to_string(p), "Skolskjuts beviljas för läsåret " + std::to_string(k)));
    REQUIRE(s->StoreDocument(Doc("in/" + std::to_string(k) + ".txt", Sha(static_cast<char>('a' + k)), items)).ok());
  }
  const long long root = std::stoll(FirstValue(shards[5], "SELECT rootpage FROM sqlite_schema WHERE name = 'items'"));
  const long long page_size = std::stoll(FirstValue(shards[5], "PRAGMA page_size"));
  {
    std::fstream f(shards[5], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((root - 1) * page_size);
    const std::string junk(64, '\xEE');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string grouped = FreshDb("merge-group-all"), single = FreshDb("merge-group-single");
  {
    auto m = Catalogue::Open(grouped);
    REQUIRE(m.ok());
    auto results = m->MergeAll(shards);
    REQUIRE(results.size() == shards.size());
    for (size_t k = 0; k < shards.size(); ++k) {
      CAPTURE(k);
      CHECK(results[k].ok() == (k != 5));
      if (results[k].ok()) CHECK(results[k]->items == 3);
    }
    CHECK(results[5].status().message().find("malformed") != std::string::npos);
  }
  {
    auto m = Catalogue::Open(single);
    REQUIRE(m.ok());
    for (size_t k = 0; k < shards.size(); ++k)
      if (k != 5) REQUIRE(m->Merge(shards[k]).ok());
  }
  const std::string items = "SELECT group_concat(id || ':' || title, ',') FROM (SELECT id, title FROM items ORDER BY id)";
  CHECK(FirstValue(grouped, "SELECT count(*) FROM items") == "30");
  CHECK(FirstValue(grouped, items) == FirstValue(single, items));
  CHECK(FirstValue(grouped, "SELECT count(*) FROM documents WHERE path = 'in/5.txt'") == "0");
  // The full-text index is whole and finds every item; its own settings are back.
  ExecOn(grouped, "INSERT INTO items_fts(items_fts) VALUES('integrity-check')");
  CHECK(FirstValue(grouped, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'skolskjuts'") == "30");
  CHECK(FirstValue(grouped, "SELECT v FROM items_fts_config WHERE k = 'automerge'") == "4");
  CHECK(FirstValue(grouped, "SELECT v FROM items_fts_config WHERE k = 'hashsize'") == "1048576");
  CHECK(FirstValue(grouped, "SELECT count(*) FROM meta WHERE key = 'fts_settings_before_merge'") == "0");
  // A merge killed while its own settings were in the index: the next one restores the
  // catalogue's, which it finds in meta, not the killed merge's.
  ExecOn(single, "INSERT INTO meta(key, value) VALUES ('fts_settings_before_merge', '4 1048576'); "
                 "INSERT INTO items_fts(items_fts, rank) VALUES ('automerge', 0); "
                 "INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', 134217728);");
  {
    auto m = Catalogue::Open(single);
    REQUIRE(m.ok());
    REQUIRE(m->Merge(shards[0]).ok());
  }
  CHECK(FirstValue(single, "SELECT v FROM items_fts_config WHERE k = 'automerge'") == "4");
  CHECK(FirstValue(single, "SELECT v FROM items_fts_config WHERE k = 'hashsize'") == "1048576");
}

TEST_CASE("catalogue: a schema 8 file gets the bytes of paths that are not UTF-8, escaped text beside them") {
  std::string db = FreshDb("migrate-8-paths");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->StoreDocument(Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor byggs.")})).ok());
  }
  // As schema 8 had it: the columns not there, a name that is not UTF-8 stored as it came.
  ExecOn(db,
         "ALTER TABLE documents DROP COLUMN path_bytes; ALTER TABLE failures DROP COLUMN path_bytes; "
         "UPDATE documents SET path = CAST(X'696E2F636166E92E747874' AS TEXT); "
         "INSERT INTO failures(path, sha256, stage, reason, failed_at) VALUES (CAST(X'696E2F78FF2E706466' AS TEXT), "
         "NULL, 'pdf', 'broken', 't'); INSERT INTO failures(path, sha256, stage, reason, failed_at) VALUES "
         "('in/ok.pdf', NULL, 'pdf', 'broken', 't'); PRAGMA user_version=8;");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(FirstValue(db, "PRAGMA user_version") == "11");  // on to the newest
  CHECK(FirstValue(db, "SELECT path FROM documents") == "in/caf\\xe9.txt");
  CHECK(FirstValue(db, "SELECT hex(path_bytes) FROM documents") == "696E2F636166E92E747874");
  auto doc = c->Document(Sha('a'));
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->path == "in/caf\\xe9.txt");
  CHECK((*doc)->file == "in/caf\xe9.txt");
  auto failures = c->Failures();
  REQUIRE(failures.ok());
  REQUIRE(failures->size() == 2);
  CHECK((*failures)[0].path == "in/ok.pdf");
  CHECK((*failures)[0].file == "in/ok.pdf");
  CHECK((*failures)[1].path == "in/x\\xff.pdf");
  CHECK((*failures)[1].file == "in/x\xff.pdf");
  // Stored again from its bytes, the document replaces itself (same path), its failure goes.
  REQUIRE(c->RecordFailure("in/x\xff.pdf", "", Status::Error("pdf", "broken again")).ok());
  CHECK(c->Failures()->size() == 2);
  REQUIRE(c->StoreDocument(Doc("in/x\xff.pdf", Sha('b'), {Item(2, "Skolor", "Skolor byggs.")})).ok());
  CHECK(c->Failures()->size() == 1);
  // A literal "\xff" in a UTF-8 name is another file than the byte: neither replaces the other.
  REQUIRE(c->StoreDocument(Doc("in/x\\xff.pdf", Sha('c'), {Item(3, "Vägar", "Vägar byggs.")})).ok());
  CHECK(c->Stats()->documents == 3);
}

TEST_CASE("catalogue: a document stored in parts is one document: items numbered on, ids apart, pages and quality of the whole") {
  std::string db = FreshDb("parts");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  auto part = [&](int n, bool last, std::vector<StoredItem> items, int first_page) {
    StoredDocument d = Doc("in/volym.txt", Sha('p'), std::move(items));
    d.pages = {{first_page, PageSource::kText, std::nullopt, "sida " + std::to_string(first_page), "", {}},
               {first_page + 1, PageSource::kText, std::nullopt, "sida " + std::to_string(first_page + 1), "", {}}};
    d.part = n;
    d.last_part = last;
    d.page_count = 6;
    d.quality.items = static_cast<int>(d.items.size());
    d.quality.score = last ? 0.5 : 0.9;
    d.quality.reasons = last ? "the whole\n" : "part one\n";
    return d;
  };
  REQUIRE(c->BeginBatch().ok());
  REQUIRE(c->StoreDocument(part(1, false, {Item(1, "Förskolor", "Nya förskolor."), Item(2, "Skolor", "Nya skolor.")}, 1)).ok());
  // Part 2 repeats § 2 (a meeting across the cut): its id gets a counter, as a misprint's does.
  REQUIRE(c->StoreDocument(part(2, false, {Item(2, "Skolor igen", "Skolor igen."), Item(3, "Vägar", "Nya vägar.")}, 3)).ok());
  REQUIRE(c->StoreDocument(part(3, true, {Item(4, "Parker", "Nya parker.")}, 5)).ok());
  REQUIRE(c->EndBatch().ok());
  CHECK(c->Stats()->documents == 1);
  CHECK(c->Stats()->items == 5);
  CHECK(c->Stats()->pages == 6);
  CHECK(FirstValue(db, "SELECT pages FROM documents") == "6");
  CHECK(FirstValue(db, "SELECT group_concat(ordinal || ':' || substr(id, 18), ',') FROM (SELECT * FROM items ORDER BY ordinal)") ==
        "0:1,1:2,2:2.2,3:3,4:4");
  CHECK(FirstValue(db, "SELECT reasons FROM document_quality") == "the whole\n");
  CHECK(FirstValue(db, "SELECT count(*) FROM document_quality") == "1");
  CHECK(FirstValue(db, "SELECT group_concat(DISTINCT json_extract(record, '$.document.pages')) FROM items") == "6");
  CHECK(OnlyHit(*c, "parker").find("-4") != std::string::npos);  // every part searchable
  auto batch = c->Export(0, "");
  REQUIRE(batch.ok());
  CHECK(batch->records.size() == 5);
}

namespace {

// An integration job that follows a catalogue through `export --since`: by the number cursor, or
// by the time cursor the previous export gave. Holds the records by id, as its target would.
struct Follower {
  bool by_time = false;
  long long cursor = 0;
  std::string time;
  std::map<std::string, std::string> records;
  // What this poll gave: the records in order, then the removed ids, each as "-id".
  std::vector<std::string> Poll(Catalogue& c) {
    auto b = by_time ? c.Export(0, time.empty() ? "1970-01-01" : time) : c.Export(cursor, "");
    REQUIRE(b.ok());
    std::vector<std::string> got = b->records;
    for (const std::string& r : b->records) records[nlohmann::json::parse(r)["id"].get<std::string>()] = r;
    for (const std::string& id : b->removed) {
      records.erase(id);
      got.push_back("-" + id);
    }
    cursor = b->cursor;
    time = b->time_cursor;
    return got;
  }
};

// Every record of a catalogue by id (a full export).
std::map<std::string, std::string> AllRecords(Catalogue& c) {
  auto b = c.Export(0, "");
  REQUIRE(b.ok());
  std::map<std::string, std::string> out;
  for (const std::string& r : b->records) out[nlohmann::json::parse(r)["id"].get<std::string>()] = r;
  return out;
}

}  // namespace

// Issue 22's defect 9: merged items kept the shard's changed_at while they got a new change
// number, so a follower by time missed what a merge brought (shards read before its last poll)
// or, from a node whose clock ran ahead, skipped what came after.
TEST_CASE("merge: export --since a time follows merges, corrections and replacements exactly as the number cursor") {
  const std::string db = FreshDb("since-time"), early = FreshDb("since-time-early"), ahead = FreshDb("since-time-ahead");
  {
    auto s = Catalogue::Open(early);  // read before the catalogue's first change
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor."), Item(2, "Skolor", "Skolor.")})).ok());
    REQUIRE(s->StoreDocument(Doc("in/b.txt", Sha('b'), {Item(3, "Vägar", "Nya vägar.")})).ok());
  }
  {
    auto s = Catalogue::Open(ahead);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("in/c.txt", Sha('c'), {Item(4, "Parker", "Nya parker."), Item(5, "Bad", "Ett bad.")})).ok());
  }
  // A node whose clock ran a century ahead.
  ExecOn(ahead, "UPDATE items SET changed_at = '2099-01-01T00:00:00.000Z'; UPDATE documents SET ingested_at = "
                "'2099-01-01T00:00:00.000Z'");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  Follower by_number, by_time;
  by_time.by_time = true;
  auto step = [&](const std::string& what, size_t records, size_t removed) {
    INFO(what);
    const std::vector<std::string> n = by_number.Poll(*c), t = by_time.Poll(*c);
    CHECK(t == n);
    CHECK(static_cast<size_t>(std::count_if(n.begin(), n.end(), [](const std::string& x) { return x[0] == '{'; })) == records);
    CHECK(n.size() - records == removed);
    CHECK(by_time.records == AllRecords(*c));
    CHECK(by_number.records == by_time.records);
  };
  REQUIRE(c->StoreDocument(Doc("local/d.txt", Sha('d'), {Item(6, "Taxa", "En taxa.")})).ok());
  step("a document stored here", 1, 0);
  REQUIRE(c->Merge(early).ok());
  step("a shard read before", 3, 0);
  REQUIRE(c->Merge(ahead).ok());
  step("a shard from a clock ahead", 2, 0);
  REQUIRE(c->StoreDocument(Doc("local/e.txt", Sha('e'), {Item(7, "Motion", "En motion.")})).ok());
  step("a document stored after it", 1, 0);
  REQUIRE(c->Correct({Sha('a').substr(0, 16) + "-1", "title", "\"Förskolor i Kumla\"", "test", "", "", 0}).ok());
  step("a correction of a merged item", 1, 0);
  REQUIRE(c->StoreDocument(Doc("in/b.txt", Sha('f'), {Item(8, "Broar", "Nya broar.")})).ok());
  step("a merged document replaced here", 1, 1);
  REQUIRE(c->Merge(early).ok());
  step("the same shard again: nothing new", 0, 0);
  CHECK(by_time.records.size() == 7);
  // The time cursor increases with the number, whatever the shards' clocks said.
  CHECK(by_time.time < "2099");
  CHECK(FirstValue(db, "SELECT count(*) FROM items WHERE changed_at > '2099'") == "0");
  // A time is compared as a time: whole seconds, an offset, a date.
  const std::string last = by_time.time;  // "2026-12-05T09:23:47.123Z"
  REQUIRE(last.size() == 24);
  const std::string item_changed = FirstValue(db, "SELECT max(changed_at) FROM items");
  if (item_changed.substr(20, 3) != "000") {
    // The second of the last item's change, without a fraction: that change is after it.
    auto b = c->Export(0, item_changed.substr(0, 19) + "Z");
    REQUIRE(b.ok());
    CHECK(b->records.size() ==
          std::stoul(FirstValue(db, "SELECT count(*) FROM items WHERE changed_at > '" + item_changed.substr(0, 19) + ".000Z'")));
    CHECK_FALSE(b->records.empty());
  }
  auto all = c->Export(0, "2000-01-01");
  REQUIRE(all.ok());
  CHECK(all->records.size() == 7);
  auto offset = c->Export(0, last.substr(0, 10) + "T" + last.substr(11, 12) + "+00:00");
  REQUIRE(offset.ok());
  CHECK(offset->records.empty());
  for (const char* bad : {"2026-13-01", "2026-01-01T25:00", "yesterday", "2026-01-01T10:00+5"}) {
    CAPTURE(bad);
    CHECK_FALSE(c->Export(0, bad).ok());
  }
}

namespace {

// A copy of a closed catalogue (a shard as it was at some time).
std::string CopyOf(const std::string& db, const std::string& name) {
  const std::string to = FreshDb(name);
  fs::copy_file(db, to, fs::copy_options::overwrite_existing);
  return to;
}

// The records of a catalogue by id, with what a merge may not change (the order numbers).
std::map<std::string, std::string> Records(const std::string& db) {
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  return AllRecords(*c);
}

}  // namespace

// Issue 22's defect 2: a shard re-run (--reextract, --retry-failed) keeps the file's hash, and
// merge skipped the document as already there; a correction made in the shard after its merge
// was copied and never applied.
TEST_CASE("merge: a shard's re-run after its merge replaces what was merged, and its later corrections are applied") {
  const std::string shard = FreshDb("rerun-shard"), db = FreshDb("rerun-merged");
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    StoredDocument d = Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor."), Item(2, "Skolor", "Skolor.")});
    d.problems.push_back({1, "ocr", "timed out"});
    REQUIRE(s->StoreDocument(d).ok());
    REQUIRE(s->StoreDocument(Doc("in/b.txt", Sha('b'), {Item(3, "Vägar", "Nya vägar.")})).ok());
  }
  const std::string first_run = CopyOf(shard, "rerun-shard-first");
  auto m = Catalogue::Open(db);
  REQUIRE(m.ok());
  REQUIRE(m->Merge(shard).ok());
  CHECK(AllRecords(*m) == Records(shard));
  auto before = m->Export(0, "");
  REQUIRE(before.ok());
  {
    // The re-run reads a.txt again (its failed page now read: two more items, one gone) and a
    // person corrects b.txt's item there.
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    StoredDocument d = Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor i Kumla."), Item(4, "Parker", "Parker."),
                                                  Item(5, "Bad", "Ett bad.")});
    d.replace_existing = true;
    REQUIRE(s->StoreDocument(d).ok());
    REQUIRE(s->Correct({Sha('b').substr(0, 16) + "-3", "title", "\"Vägar i Kumla\"", "test", "", "", 0}).ok());
  }
  auto r = m->Merge(shard);
  REQUIRE(r.ok());
  CHECK(r->documents == 1);
  CHECK(r->replaced == 1);
  const auto merged = AllRecords(*m);
  CHECK(merged == Records(shard));
  CHECK(merged.size() == 4);  // a's three, b's one: nothing twice
  CHECK(FirstValue(db, "SELECT count(*) FROM page_problems") == "0");
  CHECK(nlohmann::json::parse(merged.at(Sha('b').substr(0, 16) + "-3"))["title"] == "Vägar i Kumla");
  SearchOptions o;
  o.query = "kumla";
  CHECK(m->Search(o)->size() == 2);
  CheckIndexIsItems(db);
  // What changed is exported; § 2, gone in the re-run, is reported removed.
  auto delta = m->Export(before->cursor, "");
  REQUIRE(delta.ok());
  CHECK(delta->records.size() == 4);
  CHECK(delta->removed == std::vector<std::string>{Sha('a').substr(0, 16) + "-2"});
  // The first run's copy merged again (late, or from a backup) takes nothing back.
  auto late = m->Merge(first_run);
  REQUIRE(late.ok());
  CHECK(late->documents == 0);
  CHECK(AllRecords(*m) == Records(shard));
  // A new municipality set in the shard is a new generation too.
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    REQUIRE(*s->SetMunicipality(Sha('b'), "Kumla kommun"));
  }
  REQUIRE(m->Merge(shard).ok());
  CHECK(AllRecords(*m) == Records(shard));
  CHECK(nlohmann::json::parse(AllRecords(*m).at(Sha('b').substr(0, 16) + "-3"))["municipality"] == "Kumla kommun");
  // Merged once more, unchanged: nothing is taken, nothing changes.
  auto cursor = m->Export(0, "")->cursor;
  auto again = m->Merge(shard);
  REQUIRE(again.ok());
  CHECK(again->documents == 0);
  CHECK(m->Export(cursor, "")->records.empty());
}

// Issue 22's defect 3: the same path with other bytes was decided by the later ingested_at (node
// clocks), and paths that collide across batches (every Kubernetes batch starts at /data/in)
// lost items. Now a shard's own order of events decides, and only for its own readings.
TEST_CASE("merge: the same bytes at two paths in two shards: the smaller path stands, whatever the order, as in one ingest") {
  const std::string a = FreshDb("twin-a"), b = FreshDb("twin-b");
  {
    auto s = Catalogue::Open(a);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("corpus/votes/hogsby.txt", Sha('7'), {Item(1, "Förskolor", "Nya förskolor.")})).ok());
  }
  {
    auto s = Catalogue::Open(b);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("corpus/real/hogsby.txt", Sha('7'), {Item(1, "Förskolor", "Nya förskolor.")})).ok());
  }
  for (const std::vector<std::string>& order : {std::vector<std::string>{a, b}, std::vector<std::string>{b, a}}) {
    const std::string db = FreshDb("twin-merged");
    auto m = Catalogue::Open(db);
    REQUIRE(m.ok());
    for (const std::string& shard : order) REQUIRE(m->Merge(shard).ok());
    CHECK(FirstValue(db, "SELECT group_concat(path) FROM documents") == "corpus/real/hogsby.txt");
    CHECK(FirstValue(db, "SELECT count(*) FROM items") == "1");
    // Merged again, nothing moves.
    for (const std::string& shard : order) REQUIRE(m->Merge(shard).ok());
    CHECK(FirstValue(db, "SELECT group_concat(path) FROM documents") == "corpus/real/hogsby.txt");
    CheckIndexIsItems(db);
  }
}

TEST_CASE("merge: the same path with other bytes: the shard's order decides, not clocks, and other batches' paths are both kept") {
  const std::string a = FreshDb("path-a"), b = FreshDb("path-b");
  {
    auto s = Catalogue::Open(a);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("/data/in/x.pdf", Sha('1'), {Item(1, "Förskolor", "Nya förskolor."), Item(2, "Skolor", "Skolor.")})).ok());
    REQUIRE(s->StoreDocument(Doc("/data/in/y.pdf", Sha('2'), {Item(3, "Vägar", "Nya vägar.")})).ok());
  }
  const std::string a_before = CopyOf(a, "path-a-before");
  {
    auto s = Catalogue::Open(a);  // x.pdf changed, and was read again there
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("/data/in/x.pdf", Sha('3'), {Item(1, "Förskolor", "Två nya förskolor.")})).ok());
  }
  // Node clocks: shard a's last reading says it came first, shard b's batch says it came last.
  ExecOn(a, "UPDATE documents SET ingested_at = '2001-01-01T00:00:00.000Z'");
  {
    auto s = Catalogue::Open(b);  // another batch: other files at the same paths
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("/data/in/x.pdf", Sha('4'), {Item(7, "Taxa", "En taxa."), Item(8, "Motion", "En motion.")})).ok());
    REQUIRE(s->StoreDocument(Doc("/data/in/z.pdf", Sha('5'), {Item(9, "Bad", "Ett bad.")})).ok());
  }
  ExecOn(b, "UPDATE documents SET ingested_at = '2099-01-01T00:00:00.000Z'");
  // Every order of merging a's states and b gives the same catalogue: a's later x.pdf, its y.pdf,
  // and b's two files.
  const std::vector<std::vector<std::string>> orders = {
      {a_before, a, b}, {a, a_before, b}, {b, a_before, a}, {b, a, a_before}, {a, b}, {b, a}};
  std::map<std::string, std::string> expected;
  for (size_t k = 0; k < orders.size(); ++k) {
    CAPTURE(k);
    const std::string db = FreshDb("path-merged-" + std::to_string(k));
    auto m = Catalogue::Open(db);
    REQUIRE(m.ok());
    for (const std::string& shard : orders[k]) REQUIRE(m->Merge(shard).ok());
    const auto got = AllRecords(*m);
    CHECK(got.size() == 5);
    std::set<std::string> docs;
    for (const auto& [id, record] : got) docs.insert(nlohmann::json::parse(record)["document"]["sha256"].get<std::string>());
    CHECK(docs == std::set<std::string>{Sha('2'), Sha('3'), Sha('4'), Sha('5')});
    CHECK(FirstValue(db, "SELECT count(*) FROM documents WHERE path = '/data/in/x.pdf'") == "2");
    if (k == 0) expected = got;
    CHECK(got == expected);
    CheckIndexIsItems(db);
  }
  // A shard made by merging (a tree of merges) brings what it let go: a catalogue that merged a's
  // first state and then stored other bytes at x.pdf itself, merged with a's first state in
  // either order, holds what it holds.
  const std::string middle = FreshDb("path-middle");
  {
    auto mid = Catalogue::Open(middle);
    REQUIRE(mid.ok());
    REQUIRE(mid->Merge(a_before).ok());
    REQUIRE(mid->StoreDocument(Doc("/data/in/x.pdf", Sha('6'), {Item(1, "Förskolor", "Tre nya förskolor.")})).ok());
  }
  const auto middle_records = Records(middle);
  for (const auto& order : std::vector<std::vector<std::string>>{{a_before, middle}, {middle, a_before}}) {
    const std::string top = FreshDb("path-top");
    auto t = Catalogue::Open(top);
    REQUIRE(t.ok());
    for (const std::string& shard : order) REQUIRE(t->Merge(shard).ok());
    CHECK(AllRecords(*t) == middle_records);
  }
  // Merged in order, the first reading's items are reported removed when the later one comes.
  const std::string db = FreshDb("path-merged-since");
  auto m = Catalogue::Open(db);
  REQUIRE(m.ok());
  REQUIRE(m->Merge(a_before).ok());
  const long long cursor = m->Export(0, "")->cursor;
  REQUIRE(m->Merge(a).ok());
  auto delta = m->Export(cursor, "");
  REQUIRE(delta.ok());
  CHECK(delta->removed == std::vector<std::string>{Sha('1').substr(0, 16) + "-1", Sha('1').substr(0, 16) + "-2"});
  CHECK(delta->records.size() == 1);
}

TEST_CASE("catalogue: a schema 9 file gets its id, each document's origin and generation, and the time of its last change") {
  const std::string db = FreshDb("migrate-9");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->StoreDocument(Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor byggs.")})).ok());
    REQUIRE(c->StoreDocument(Doc("in/b.txt", Sha('b'), {Item(2, "Skolor", "Nya skolor byggs.")})).ok());
  }
  // As schema 9 had it.
  ExecOn(db,
         "DROP TABLE replaced_documents; ALTER TABLE documents DROP COLUMN origin; ALTER TABLE documents DROP COLUMN "
         "generation; DELETE FROM meta WHERE key IN ('id', 'clock'); PRAGMA user_version=9;");
  const std::string last_change = FirstValue(db, "SELECT max(changed_at) FROM items");
  const std::string shard = CopyOf(db, "migrate-9-shard");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(FirstValue(db, "PRAGMA user_version") == "11");  // on to the newest
  const std::string id = FirstValue(db, "SELECT value FROM meta WHERE key = 'id'");
  CHECK(id.size() == 32);
  CHECK(FirstValue(db, "SELECT count(*) FROM documents WHERE origin = '" + id + "' AND generation = seq") == "2");
  CHECK(FirstValue(db, "SELECT value FROM meta WHERE key = 'clock'") == last_change);
  CHECK(FirstValue(db, "SELECT count(*) FROM replaced_documents") == "0");
  // A change after it is later; a document stored again at its path is let go, and a new
  // catalogue has an id of its own.
  REQUIRE(c->StoreDocument(Doc("in/a.txt", Sha('c'), {Item(1, "Förskolor", "Två nya förskolor byggs.")})).ok());
  CHECK(FirstValue(db, "SELECT value FROM meta WHERE key = 'clock'") > last_change);
  CHECK(FirstValue(db, "SELECT origin || ' ' || generation FROM replaced_documents WHERE sha256 = '" + Sha('a') + "'") ==
        id + " 1");
  const std::string other = FreshDb("migrate-9-other");
  REQUIRE(Catalogue::Open(other).ok());
  CHECK(FirstValue(other, "SELECT value FROM meta WHERE key = 'id'").size() == 32);
  CHECK(FirstValue(other, "SELECT value FROM meta WHERE key = 'id'") != id);
  // The schema 9 file as a shard: read from a migrated private copy, its documents merge.
  auto m = Catalogue::Open(other);
  REQUIRE(m.ok());
  auto r = m->Merge(shard);
  REQUIRE(r.ok());
  CHECK(r->documents == 2);
  CHECK(FirstValue(shard, "PRAGMA user_version") == "9");
}

// Issue 22's defect 6: relevance ranked only the most recently stored matches and ties came out
// in storage order, so a merged catalogue (another storage order) answered otherwise than one
// ingest of the same files. The same documents stored in other orders, or merged from shards in
// other orders, now give the same pages, ties included, from SQL and from the in-memory copy.
TEST_CASE("search: the same documents in any storage order (ingest order, shards merged) give the same answers") {
  const char* texts[] = {"Ett bidrag.", "Ett bidrag.", "Bidrag till förskolan.", "Budget och bidrag.", "Ett bidrag.",
                         "Förskola i Kumla."};
  const char* dates[] = {"2019-11-25", "2019-11-25", "2018-03-04", "", "2020-01-02"};
  std::vector<StoredDocument> docs;
  for (int d = 0; d < 30; ++d) {
    std::vector<StoredItem> items;
    for (int i = 1; i <= 1 + d % 4; ++i) {
      StoredItem it = Item(i, "Ärende", texts[(d + i) % 6]);  // many items alike: equal scores
      it.fields.meeting_date = dates[d % 5];                   // many meetings alike: equal dates
      items.push_back(it);
    }
    std::string sha = "order" + std::to_string(d);
    sha += std::string(64 - sha.size(), 'e');
    docs.push_back(Doc("in/" + std::to_string(d) + ".txt", sha, items));
  }
  auto store = [&](const std::string& name, const std::vector<int>& order) {
    const std::string db = FreshDb(name);
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    for (int d : order) REQUIRE(c->StoreDocument(docs[static_cast<size_t>(d)]).ok());
    return db;
  };
  std::vector<int> forward, backward, odd, even, shuffled;
  for (int d = 0; d < 30; ++d) {
    forward.push_back(d);
    backward.insert(backward.begin(), d);
    (d % 2 ? odd : even).push_back(d);
  }
  shuffled = forward;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(22));
  std::vector<std::string> dbs = {store("order-forward", forward), store("order-backward", backward),
                                  store("order-shuffled", shuffled)};
  const std::string odd_shard = store("order-odd", odd), even_shard = store("order-even", even);
  for (const auto& [name, first, second] :
       {std::tuple{"order-merged-1", odd_shard, even_shard}, std::tuple{"order-merged-2", even_shard, odd_shard}}) {
    const std::string db = FreshDb(name);
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->Merge(first).ok());
    REQUIRE(c->Merge(second).ok());
    dbs.push_back(db);
  }
  auto answer = [](Catalogue& c, const SearchOptions& o) {
    SearchStats st;
    auto hits = c.Search(o, &st);
    REQUIRE(hits.ok());
    std::vector<std::string> out;
    for (const SearchHit& h : *hits) out.push_back(h.id + " " + std::to_string(h.score));
    out.push_back("window full: " + std::to_string(st.window_full));
    return out;
  };
  std::vector<SearchOptions> searches;
  for (const char* q : {"bidrag", "förskola", "bidrag budget", "\"ett bidrag\"", "kumla"})
    for (int window : {2000, 0, 7})
      for (bool by_date : {false, true})
        for (int offset : {0, 5, 20}) {
          SearchOptions o;
          o.query = q;
          o.rank_window = window;
          o.by_date = by_date;
          o.offset = offset;
          o.limit = 9;
          searches.push_back(o);
        }
  SearchOptions list;  // no words: by filter only
  list.year_from = 2018;
  list.limit = 50;
  searches.push_back(list);
  std::vector<std::vector<std::string>> expected;
  size_t ties = 0;
  for (size_t k = 0; k < dbs.size(); ++k) {
    for (bool memory : {false, true}) {
      CAPTURE(dbs[k]);
      CAPTURE(memory);
      auto c = Catalogue::Open(dbs[k]);
      REQUIRE(c.ok());
      if (memory) REQUIRE(c->KeepFilterColumns().ok());
      for (size_t s = 0; s < searches.size(); ++s) {
        INFO(Describe(searches[s]));
        std::vector<std::string> got = answer(*c, searches[s]);
        if (expected.size() <= s) {
          expected.push_back(got);
          for (size_t h = 1; h + 1 < got.size(); ++h) {
            const std::string a = got[h - 1].substr(got[h - 1].find(' ')), b = got[h].substr(got[h].find(' '));
            ties += a == b;  // equal scores (or both unranked), next to each other
          }
        }
        CHECK(got == expected[s]);
      }
    }
  }
  CHECK(ties > 50);  // the answers compared are full of ties
  CHECK(expected[0].size() == 10);
}

namespace {

// An item whose meeting two people attended and in which one moved, the other reserved herself,
// after a counted vote.
StoredItem VotedItem(int paragraph, const std::string& title) {
  StoredItem it = Item(paragraph, title, title + ". Omröstning begärs och verkställs.");
  auto& f = it.fields;
  extractors::Person chair;
  chair.name = "Kent Johansson";
  chair.party = "C";
  chair.role = "ordförande";
  chair.page = 1;
  extractors::Person member;
  member.name = "Anna Andersson";
  member.party = "M";
  member.role = "ledamot";
  member.page = 1;
  f.attendance.present = {chair, member};
  f.attendance.chair = chair;
  f.proceedings.motions.push_back({"Per Persson", "SD", "bifall", "bifall till arbetsutskottets förslag", false, 1});
  extractors::Vote v;
  v.method = "omröstning";
  v.ja = 8, v.nej = 5, v.avstar = 2, v.franvarande = 0;
  v.page = 1;
  f.proceedings.vote = v;
  f.proceedings.reservations.push_back({"Anna Andersson", "M", "eget yrkande", false, 1});
  // A statement's long text: the record keeps it whole, the row a clipped copy.
  std::string words;
  for (int i = 0; i < 100; ++i) words += "långa ord ";
  f.proceedings.statements.push_back({"", "KD", "skrivelse från den 6 februari 2024", true, 1});
  f.proceedings.statements.push_back({"Per Persson", "SD", words + "slut", false, 1});
  f.proceedings.unanimous = false;
  return it;
}

}  // namespace

TEST_CASE("catalogue: who decided and how — stored once per meeting, searched by vote, mover, reservation, presence") {
  std::string db = FreshDb("people");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("in/ks.txt", Sha('p'), {VotedItem(1, "Ny förskola"), VotedItem(2, "Ny skola"),
                                                       Item(3, "Taxa", "Taxan antas.")}))
              .ok());
  // The attendance once for the meeting, not once per item.
  CHECK(FirstValue(db, "SELECT count(*) FROM meeting_people WHERE part = 'present'") == "2");
  CHECK(FirstValue(db, "SELECT count(*) FROM item_votes WHERE ja = 8 AND nej = 5 AND avstar = 2") == "2");
  auto titles = [&](SearchOptions o) {
    std::vector<std::string> out;
    auto hits = c->Search(o);
    REQUIRE(hits.ok());
    for (const auto& h : *hits) out.push_back(h.title);
    std::sort(out.begin(), out.end());
    return out;
  };
  SearchOptions o;
  o.vote = true;
  CHECK(titles(o) == std::vector<std::string>{"Ny förskola", "Ny skola"});
  o = {};
  o.reserved_by = "M";  // a party by its code
  CHECK(titles(o).size() == 2);
  o.reserved_by = "Moderaterna";  // and by its name
  CHECK(titles(o).size() == 2);
  o.reserved_by = "andersson";  // a person by a part of the name, any case
  CHECK(titles(o).size() == 2);
  o.reserved_by = "SD";
  CHECK(titles(o).empty());
  o = {};
  o.moved_by = "sd";
  CHECK(titles(o).size() == 2);
  o.moved_by = "Per Persson";
  o.query = "förskola";
  CHECK(titles(o) == std::vector<std::string>{"Ny förskola"});
  o = {};
  o.present = "Kent";  // every item of the meeting: the attendance is the meeting's
  CHECK(titles(o).size() == 3);
  o.present = "Olof";
  CHECK(titles(o).empty());
  // The record carries it all; replacing the document removes its rows.
  const std::string record = FirstValue(db, "SELECT record FROM items WHERE paragraph = 1");
  const std::string* rec = &record;
  CHECK(rec->find("\"counts\":{\"ja\":8,\"nej\":5,\"avstår\":2,\"frånvarande\":0}") != std::string::npos);
  CHECK(rec->find("\"reservations\":[{\"name\":\"Anna Andersson\",\"party\":\"M\"") != std::string::npos);
  CHECK(rec->find("\"statements\":[{\"name\":null,\"party\":\"KD\",\"text\":\"skrivelse från den 6 februari 2024\",\"written\":true,"
                  "\"page\":1},{\"name\":\"Per Persson\"") != std::string::npos);
  CHECK(rec->find("slut\",\"written\":false") != std::string::npos);
  // As rows of part 'statement', the detail its text cut at a word to 300 bytes with "…".
  CHECK(FirstValue(db, "SELECT count(*) FROM item_people WHERE part = 'statement'") == "4");
  CHECK(FirstValue(db, "SELECT detail FROM item_people WHERE part = 'statement' AND party = 'KD' LIMIT 1") ==
        "skrivelse från den 6 februari 2024");
  const std::string clipped = FirstValue(db, "SELECT detail FROM item_people WHERE part = 'statement' AND party = 'SD' LIMIT 1");
  CHECK(clipped.size() <= 303);
  CHECK(clipped.size() > 250);
  CHECK(clipped.rfind("långa ord", 0) == 0);
  CHECK(clipped.substr(clipped.size() - 3) == "\xE2\x80\xA6");
  // Per organ and year: 3 items, 2 went to a vote, both counted; 2 reservations, both M's.
  auto stats = c->VoteStats();
  REQUIRE(stats.ok());
  REQUIRE(stats->size() == 1);
  CHECK((*stats)[0].body == "Kommunstyrelsen");
  CHECK((*stats)[0].year == 2019);
  CHECK((*stats)[0].items == 3);
  CHECK((*stats)[0].votes == 2);
  CHECK((*stats)[0].counted == 2);
  CHECK((*stats)[0].reservations == 2);
  CHECK((*stats)[0].reservations_by_party == std::vector<std::pair<std::string, long long>>{{"M", 2}});
  StoredDocument again = Doc("in/ks.txt", Sha('q'), {Item(1, "Ny förskola", "Förskolan byggs.")});
  REQUIRE(c->StoreDocument(again).ok());
  CHECK(FirstValue(db, "SELECT count(*) FROM meeting_people") == "0");
  CHECK(FirstValue(db, "SELECT count(*) FROM item_people") == "0");
  CHECK(FirstValue(db, "SELECT count(*) FROM item_votes") == "0");
}

TEST_CASE("catalogue: a schema 10 file gets the tables of who decided, its records stay, new items fill them") {
  std::string db = FreshDb("migrate-10-people");
  {
    auto c = Catalogue::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c->StoreDocument(Doc("in/a.txt", Sha('a'), {Item(1, "Förskolor", "Nya förskolor byggs.")})).ok());
  }
  // As schema 10 had it: none of the three tables.
  ExecOn(db, "DROP TABLE meeting_people; DROP TABLE item_people; DROP TABLE item_votes; PRAGMA user_version=10;");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  CHECK(FirstValue(db, "PRAGMA user_version") == "11");
  CHECK(FirstValue(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('meeting_people', 'item_people', 'item_votes')") == "3");
  CHECK(FirstValue(db, "SELECT count(*) FROM items") == "1");
  SearchOptions o;
  o.query = "förskolor";
  CHECK(c->Search(o)->size() == 1);
  o.vote = true;
  CHECK(c->Search(o)->empty());
  REQUIRE(c->StoreDocument(Doc("in/b.txt", Sha('b'), {VotedItem(4, "Förskolor i Norrby")})).ok());
  CHECK(c->Search(o)->size() == 1);
}

TEST_CASE("merge: who decided and how comes along from the shards") {
  std::string shard = FreshDb("people-shard"), main_db = FreshDb("people-main");
  {
    auto s = Catalogue::Open(shard);
    REQUIRE(s.ok());
    REQUIRE(s->StoreDocument(Doc("in/a.txt", Sha('a'), {VotedItem(1, "Ny förskola"), VotedItem(2, "Ny skola")})).ok());
  }
  auto c = Catalogue::Open(main_db);
  REQUIRE(c.ok());
  REQUIRE(c->StoreDocument(Doc("in/b.txt", Sha('b'), {VotedItem(7, "Taxa")})).ok());
  auto m = c->Merge(shard);
  REQUIRE(m.ok());
  CHECK(m->items == 2);
  CHECK(FirstValue(main_db, "SELECT count(*) FROM meeting_people WHERE part = 'present'") == "4");  // once a meeting each
  CHECK(FirstValue(main_db, "SELECT count(*) FROM item_votes") == "3");
  CHECK(FirstValue(main_db, "SELECT count(*) FROM item_people WHERE part = 'reservation'") == "3");
  SearchOptions o;
  o.present = "Kent Johansson";
  CHECK(c->Search(o)->size() == 3);
}

TEST_CASE("catalogue: a person's activity — moved, voted, reserved, jäv, attended — matched as the filters match") {
  std::string db = FreshDb("person-activity");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  StoredItem rolled = VotedItem(2, "Ny skola");
  rolled.fields.proceedings.vote->roll_call = {{"Anna Andersson", "M", "nej"}, {"Kent Johansson", "C", "ja"}};
  rolled.fields.proceedings.conflicts.push_back({"Anna-Lisa Berg", "S", 1});
  StoredItem first = VotedItem(1, "Ny förskola");
  first.fields.attendance.present[1].party_written = "m";  // the meeting's list, stored with its first item
  StoredItem hidden = VotedItem(3, "Gömd");
  REQUIRE(c->StoreDocument(Doc("in/ks.txt", Sha('p'), {first, rolled, hidden})).ok());
  REQUIRE(c->StoreDocument(Doc("in/ks2.txt", Sha('r'), {Item(5, "Taxa", "Taxan antas.")})).ok());
  Catalogue::Correction hide;
  hide.item_id = std::string(16, 'p') + "-3";
  hide.field = "not_an_item";
  hide.value_json = "true";
  hide.author = "test";
  REQUIRE(c->Correct(hide).ok());

  auto rows = c->PersonActivity("anna andersson");
  REQUIRE(rows.ok());
  std::map<std::string, std::vector<std::string>> by_part;  // part → titles
  for (const auto& r : *rows) {
    CHECK(r.name == "Anna Andersson");  // "Anna-Lisa Berg" shares no word with her surname
    by_part[r.part].push_back(r.title);
  }
  CHECK(by_part["reservation"] == std::vector<std::string>{"Ny förskola", "Ny skola"});
  CHECK(by_part["vote"] == std::vector<std::string>{"Ny skola"});
  CHECK(by_part["motion"].empty());
  // Attended once: the meeting, by its first item; the party as printed kept from the list.
  REQUIRE(by_part["present"].size() == 1);
  CHECK(by_part["present"][0] == "Ny förskola");
  for (const auto& r : *rows) {
    if (r.part == "vote") CHECK(r.detail == "nej");
    if (r.part == "reservation") CHECK(r.detail == "eget yrkande");
    if (r.part == "present") {
      CHECK(r.party == "M");
      CHECK(r.party_written == "m");
      CHECK(r.detail == "ledamot");
      CHECK(r.item_id == std::string(16, 'p') + "-1");
    }
    CHECK(r.title != "Gömd");  // the hidden item is left out
  }
  // A word of the name, any case, as the filters; jäv; a party by its code.
  CHECK(c->PersonActivity("BERG")->empty());  // in capitals a local party's letters, as the filters read it
  auto berg = c->PersonActivity("berg");
  REQUIRE(berg.ok());
  REQUIRE(berg->size() == 1);
  CHECK((*berg)[0].part == "conflict");
  CHECK((*berg)[0].party == "S");
  auto sd = c->PersonActivity("SD");
  REQUIRE(sd.ok());
  // Per Persson (SD) moved and made a statement on each of the two items shown.
  REQUIRE(sd->size() == 4);
  for (const auto& r : *sd) CHECK(((r.part == "motion" || r.part == "statement") && r.name == "Per Persson"));
  auto limited = c->PersonActivity("Anna Andersson", 1);
  REQUIRE(limited.ok());
  CHECK(limited->size() == 2);  // one item row, one attendance row
  CHECK(c->PersonActivity("Olof")->empty());
  CHECK(!c->PersonActivity("").ok());
  CHECK(!c->PersonActivity("  ,. ").ok());
}

TEST_CASE("search: the party facet counts the matches each party moved in or reserved against") {
  std::string db = FreshDb("party-facet");
  auto c = Catalogue::Open(db);
  REQUIRE(c.ok());
  StoredItem two = VotedItem(2, "Ny skola");
  two.fields.proceedings.motions.push_back({"Lena Holm", "S", "avslag", "avslag", false, 1});
  two.fields.proceedings.motions.push_back({"Olle Ek", "S", "avslag", "avslag", true, 1});  // S counts once
  two.fields.proceedings.reservations.push_back({"", "V", "", true, 1});
  REQUIRE(c->StoreDocument(Doc("in/ks.txt", Sha('p'), {VotedItem(1, "Ny förskola"), two, Item(3, "Taxa", "Taxan antas.")})).ok());
  using Counts = std::vector<std::pair<std::string, long long>>;
  for (int mode : {0, 1, 2}) {  // SQL; the filter columns; the columns and the term lists
    CAPTURE(mode);
    const bool memory = mode > 0;
    if (memory) REQUIRE(c->KeepFilterColumns().ok());
    if (mode == 2) c->KeepTermIndex();
    SearchOptions o;
    o.summarize = true;
    o.body = "kommunstyrelsen";
    SearchStats s;
    REQUIRE(c->Search(o, &s).ok());
    CHECK(s.total == 3);
    CHECK(s.by_party_moved == Counts{{"SD", 2}, {"S", 1}});
    CHECK(s.by_party_reserved == Counts{{"M", 2}, {"V", 1}});
    // With words: the matches' parties only.
    o.query = "skola";
    SearchStats w;
    REQUIRE(c->Search(o, &w).ok());
    CHECK(w.total == 1);
    CHECK(w.by_party_moved == Counts{{"S", 1}, {"SD", 1}});
    CHECK(w.by_party_reserved == Counts{{"M", 1}, {"V", 1}});
    // The facet's count is what its filter finds.
    o.query.clear();
    o.moved_by = "S";
    SearchStats f;
    auto hits = c->Search(o, &f);
    REQUIRE(hits.ok());
    CHECK(hits->size() == 1);
    CHECK(f.total == 1);
  }
}

TEST_CASE("stats: the CSV of votes per organ and year quotes what needs it and gives the share") {
  std::vector<Catalogue::VoteStatsRow> rows(2);
  rows[0].body = "Bygg-, miljö och \"hälsa\"";
  rows[0].year = 2019;
  rows[0].items = 4;
  rows[0].votes = 1;
  rows[0].counted = 1;
  rows[0].reservations = 3;
  rows[0].reservations_by_party = {{"M", 2}, {"", 1}};
  rows[1].body = "KS";
  CHECK(VoteStatsCsv(rows) ==
        "body,year,items,votes,counted_votes,share_by_vote,reservations,reservations_by_party\r\n"
        "\"Bygg-, miljö och \"\"hälsa\"\"\",2019,4,1,1,0.250,3,M:2; -:1\r\n"
        "KS,,0,0,0,0.000,0,\r\n");
}
