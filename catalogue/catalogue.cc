#include "catalogue/catalogue.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include "catalogue/impl.h"
#include "catalogue/mapped.h"
#include "catalogue/rank.h"
#include "extractors/diarienummer.h"
#include "extractors/text.h"
#include "schema_sql.h"

namespace protokoll::catalogue {

namespace {

constexpr int kSchemaVersion = 11;
constexpr int kBusyTimeoutMs = 30000;

// At most 300 bytes of a text, cut at a space and never inside a UTF-8 sequence, "…" after.
std::string ClippedDetail(const std::string& text) {
  constexpr size_t kMax = 300;
  if (text.size() <= kMax) return text;
  size_t cut = text.rfind(' ', kMax);
  if (cut == std::string::npos || cut < kMax / 2) {
    cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

// The item's own people (movers, reservations, statements, jäv, the roll call) and its vote, as
// rows.
Status StorePeople(const extractors::ItemFields& f, long long rowid, Stmt& person, Stmt& vote) {
  auto row = [&](const char* part, const std::string& name, const std::string& party, const std::string& detail,
                 int page) {
    person.Reset();
    person.Bind(1, rowid).Bind(2, part).BindOrNull(3, name).BindOrNull(4, name.empty() ? std::string() : extractors::Fold(name))
        .BindOrNull(5, party).BindOrNull(6, detail);
    if (page > 0) person.Bind(7, page);
    else person.BindNull(7);
    person.Step();
    return person.ok() ? Status() : Status::Error("store", person.error());
  };
  const extractors::Proceedings& p = f.proceedings;
  for (const auto& m : p.motions)
    if (Status s = row("motion", m.name, m.party, m.kind, m.page); !s.ok()) return s;
  for (const auto& r : p.reservations)
    if (Status s = row("reservation", r.name, r.party, r.in_favour_of, r.page); !s.ok()) return s;
  // A statement's text as the row's detail, clipped: the record keeps it whole.
  for (const auto& st : p.statements)
    if (Status s = row("statement", st.name, st.party, ClippedDetail(st.text), st.page); !s.ok()) return s;
  for (const auto& c : p.conflicts)
    if (Status s = row("conflict", c.name, c.party, "", c.page); !s.ok()) return s;
  if (p.vote) {
    for (const auto& c : p.vote->roll_call)
      if (Status s = row("vote", c.name, c.party, c.vote, p.vote->page); !s.ok()) return s;
    vote.Reset();
    vote.Bind(1, rowid).Bind(2, p.vote->method);
    auto count = [&](int i, const std::optional<int>& n) {
      if (n) vote.Bind(i, *n);
      else vote.BindNull(i);
    };
    count(3, p.vote->ja);
    count(4, p.vote->nej);
    count(5, p.vote->avstar);
    count(6, p.vote->franvarande);
    if (p.vote->page > 0) vote.Bind(7, p.vote->page);
    else vote.BindNull(7);
    vote.Step();
    if (!vote.ok()) return Status::Error("store", vote.error());
  }
  return Status();
}

// A meeting's attendance, once per meeting of a document.
Status StoreAttendance(const extractors::Attendance& a, long long doc_id, int meeting, Stmt& attendee) {
  auto row = [&](const char* part, const extractors::Person& p) {
    attendee.Reset();
    attendee.Bind(1, doc_id).Bind(2, meeting).Bind(3, part).Bind(4, p.name).Bind(5, extractors::Fold(p.name))
        .BindOrNull(6, p.party).BindOrNull(7, p.role);
    if (p.page > 0) attendee.Bind(8, p.page);
    else attendee.BindNull(8);
    attendee.Step();
    return attendee.ok() ? Status() : Status::Error("store", attendee.error());
  };
  for (const auto& p : a.present)
    if (Status s = row("present", p); !s.ok()) return s;
  if (a.chair)
    if (Status s = row("chair", *a.chair); !s.ok()) return s;
  if (a.secretary)
    if (Status s = row("secretary", *a.secretary); !s.ok()) return s;
  for (const auto& p : a.adjusters)
    if (Status s = row("adjuster", p); !s.ok()) return s;
  return Status();
}

}  // namespace

int CatalogueSchemaVersion() { return kSchemaVersion; }

std::string FormatUtcMs(long long ms) {
  const long long secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms - secs * 1000));
  return buf;
}

std::string NowUtc() {
  using namespace std::chrono;
  return FormatUtcMs(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::optional<long long> ParseIsoTimeMs(const std::string& text) {
  // YYYY-MM-DD, then optionally [T ]HH:MM[:SS[.fraction]] and Z or an offset ±HH[:]MM.
  auto digits = [&](size_t at, size_t n, int& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(text[k]))) return false;
      out = out * 10 + (text[k] - '0');
    }
    return true;
  };
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
  if (!digits(0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(5, 2, month) || text[7] != '-' ||
      !digits(8, 2, day))
    return std::nullopt;
  size_t at = 10;
  long long offset_min = 0;
  if (at < text.size() && (text[at] == 'T' || text[at] == ' ')) {
    if (!digits(at + 1, 2, hour) || at + 3 >= text.size() || text[at + 3] != ':' || !digits(at + 4, 2, minute))
      return std::nullopt;
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!digits(at + 1, 2, second)) return std::nullopt;
      at += 3;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        size_t k = at + 1;
        int scale = 100;
        while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
          ms += (text[k] - '0') * scale;  // milliseconds: digits past the third are cut
          scale /= 10;
          ++k;
        }
        if (k == at + 1) return std::nullopt;
        at = k;
      }
    }
    if (at < text.size() && text[at] == 'Z') {
      ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
      int oh = 0, om = 0;
      const size_t m = at + 3 < text.size() && text[at + 3] == ':' ? at + 4 : at + 3;
      if (!digits(at + 1, 2, oh) || !digits(m, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset_min = (text[at] == '+' ? 1 : -1) * (oh * 60LL + om);
      at = m + 2;
    }
  }
  if (at != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const long long secs = static_cast<long long>(timegm(&tm));
  return (secs - offset_min * 60) * 1000 + ms;
}

Result<Change> NextChange(sqlite3* db) {
  Change c;
  {
    Stmt q(db, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq' RETURNING value");
    if (!q.Step()) return Status::Error("store", "no change counter: " + q.error());
    c.seq = q.Int(0);
    while (q.Step()) {
    }
  }
  std::string last;
  {
    Stmt q(db, "SELECT value FROM meta WHERE key = 'clock'");
    if (q.Step()) last = q.Text(0);
    if (!q.ok()) return Status::Error("store", q.error());
  }
  c.now = NowUtc();
  // Never at or before the last change: a clock set back, or two changes in one millisecond.
  if (!last.empty() && c.now <= last) {
    if (auto ms = ParseIsoTimeMs(last)) c.now = FormatUtcMs(*ms + 1);
  }
  Stmt up(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('clock', ?)");
  up.Bind(1, c.now);
  up.Step();
  if (!up.ok()) return Status::Error("store", up.error());
  return c;
}

namespace {

void FoldFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* t = sqlite3_value_text(argv[0]);
  if (!t) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string folded = extractors::Fold(reinterpret_cast<const char*>(t));
  sqlite3_result_text(ctx, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}


// The FTS5 table and its triggers, as written in schemas/catalogue.sql.
std::string FtsSql() {
  std::string sql = kCatalogueSql;
  size_t begin = sql.find("-- @FTS_BEGIN"), end = sql.find("-- @FTS_END");
  return sql.substr(begin, end - begin);
}

// 8 → 9: documents.path_bytes and failures.path_bytes; a path stored before as it came, not
// UTF-8, becomes its escaped text with its bytes beside it (its items' records keep the path
// they were made with until the file is ingested again).
Status MigrateTo9(sqlite3* db) {
  for (const char* table : {"documents", "failures"}) {
    Stmt exists(db, std::string("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '") + table + "'");
    if (!exists.Step()) continue;  // (a file older than its failures table, as a test may make one)
    Stmt has(db, std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = 'path_bytes'");
    if (!has.Step()) {
      if (Status s = Exec(db, std::string("ALTER TABLE ") + table + " ADD COLUMN path_bytes BLOB", "migrate"); !s.ok())
        return s;
    }
    std::vector<std::pair<long long, std::string>> raw;
    {
      Stmt q(db, std::string("SELECT rowid, path FROM ") + table + " WHERE path_bytes IS NULL");
      while (q.Step()) {
        std::string path = q.Text(1);
        if (!IsUtf8(path)) raw.emplace_back(q.Int(0), std::move(path));
      }
      if (!q.ok()) return Status::Error("migrate", q.error());
    }
    Stmt up(db, std::string("UPDATE OR REPLACE ") + table + " SET path = ?, path_bytes = ? WHERE rowid = ?");
    for (const auto& [rowid, path] : raw) {
      up.Reset();
      up.BindPath(1, path).Bind(3, rowid);
      up.Step();
      if (!up.ok()) return Status::Error("migrate", up.error());
    }
  }
  return Exec(db, "PRAGMA user_version=9", "migrate");
}

// 9 → 10: the origin and generation of each document's reading, the catalogue's own id, the
// readings let go, and the time of the last change. Documents stored before are this
// catalogue's readings (it cannot tell which a merge brought), their generation the change
// number they were stored with.
Status MigrateTo10(sqlite3* db) {
  auto has_column = [&](const char* column) {
    Stmt q(db, "SELECT 1 FROM pragma_table_info('documents') WHERE name = ?");
    q.Bind(1, std::string(column));
    return q.Step();
  };
  std::string sql = kCatalogueSql;
  const size_t b = sql.find("CREATE TABLE replaced_documents"), e = sql.find("-- The clean text of every page");
  std::vector<std::string> steps;
  if (!has_column("origin")) steps.push_back("ALTER TABLE documents ADD COLUMN origin TEXT NOT NULL DEFAULT ''");
  if (!has_column("generation")) steps.push_back("ALTER TABLE documents ADD COLUMN generation INTEGER NOT NULL DEFAULT 0");
  auto has_table = [&](const char* table) {
    Stmt q(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    q.Bind(1, std::string(table));
    return q.Step();
  };
  if (!has_table("replaced_documents")) steps.push_back(sql.substr(b, e - b));
  steps.push_back("INSERT OR IGNORE INTO meta(key, value) VALUES ('id', lower(hex(randomblob(16))))");
  steps.push_back("UPDATE documents SET origin = (SELECT value FROM meta WHERE key = 'id'), generation = seq WHERE origin = ''");
  // (A test's bare schema 1 has no removed_items.)
  steps.push_back(std::string("INSERT OR IGNORE INTO meta(key, value) SELECT 'clock', max(t) FROM (SELECT max(changed_at) AS t "
                              "FROM items UNION ALL SELECT max(ingested_at) FROM documents") +
                  (has_table("removed_items") ? " UNION ALL SELECT max(removed_at) FROM removed_items" : "") +
                  ") HAVING max(t) IS NOT NULL");
  steps.push_back("PRAGMA user_version=10");
  for (const std::string& step : steps)
    if (Status s = Exec(db, step, "migrate"); !s.ok()) return s;
  return {};
}

// 1 → 2: search-term columns on items, and an FTS5 index over them.
Status MigrateTo2(sqlite3* db) {
  for (const char* sql :
       {"DROP TRIGGER IF EXISTS items_fts_insert", "DROP TRIGGER IF EXISTS items_fts_delete",
        "DROP TABLE IF EXISTS items_fts",
        "ALTER TABLE items ADD COLUMN title_terms TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN terms TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN parts TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN facets TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE vocabulary (term TEXT NOT NULL, word TEXT NOT NULL, kind INTEGER NOT NULL, "
        "PRIMARY KEY (term, word, kind)) WITHOUT ROWID",
        "CREATE INDEX vocabulary_word ON vocabulary(word)",
        "CREATE TABLE item_facets (item_rowid INTEGER PRIMARY KEY REFERENCES items(rowid) ON "
        "DELETE CASCADE, year INTEGER, meeting_date TEXT, body_key TEXT)",
        "INSERT INTO item_facets(item_rowid, year, meeting_date, body_key) SELECT rowid, "
        "CAST(substr(meeting_date, 1, 4) AS INTEGER), meeting_date, protokoll_fold(body) FROM items"}) {
    if (Status s = Exec(db, sql, "migrate"); !s.ok()) return s;
  }
  auto terms = SwedishTerms::Create(TermsMode::kLemmasAndParts);
  if (Status s = ComputeAllTerms(db, *terms); !s.ok()) return s;
  {
    // Filter tokens from what schema 1 stored.
    Stmt read(db, "SELECT rowid, coalesce(meeting_date, ''), coalesce(body, '') FROM items");
    Stmt amounts(db, "SELECT sek FROM item_amounts WHERE item_rowid = ?");
    Stmt dnrs(db, "SELECT normalized FROM item_diarienummer WHERE item_rowid = ? ORDER BY ordinal");
    Stmt write(db, "UPDATE items SET facets = ? WHERE rowid = ?");
    std::vector<std::pair<long long, std::string>> rows;
    while (read.Step()) {
      long long rowid = read.Int(0);
      std::vector<double> sek;
      if (amounts.ok()) {
        amounts.Reset();
        amounts.Bind(1, rowid);
        while (amounts.Step()) sek.push_back(amounts.Double(0));
      }
      std::vector<std::string> d;
      if (dnrs.ok()) {
        dnrs.Reset();
        dnrs.Bind(1, rowid);
        while (dnrs.Step()) d.push_back(dnrs.Text(0));
      }
      rows.emplace_back(rowid, FacetTokens(read.Text(1), read.Text(2), sek, d));
    }
    for (auto& [rowid, facets] : rows) {
      write.Reset();
      write.Bind(1, facets).Bind(2, rowid);
      write.Step();
      if (!write.ok()) return Status::Error("migrate", write.error());
    }
  }
  if (Status s = Exec(db, FtsSql(), "migrate"); !s.ok()) return s;
  for (std::string sql :
       {std::string("INSERT INTO items_fts(items_fts) VALUES ('rebuild')"),
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('terms', '" +
            std::string(TermsModeName(terms->mode())) + "')",
        std::string("PRAGMA user_version=2")}) {
    if (Status s = Exec(db, sql, "migrate"); !s.ok()) return s;
  }
  return {};
}

}  // namespace

// The vocabulary rows of words not yet in `known` (added to it): each word's base forms (kind
// 0) and the parts of those (kind 1). CPU only: made off the writer's thread by StoreDocument.
std::vector<VocabularyRow> VocabularyRows(SwedishTerms& terms, const std::vector<std::string>& words,
                                          std::unordered_set<std::string>& known) {
  std::vector<VocabularyRow> rows;
  if (terms.mode() == TermsMode::kSurface) return rows;
  for (const std::string& w : words) {
    if (!known.insert(w).second) continue;
    std::set<std::string> parts;
    for (const std::string& b : terms.BaseForms(w)) {
      rows.push_back({b, w, 0});
      for (const std::string& p : terms.CompoundParts(b)) parts.insert(p);
    }
    for (const std::string& p : parts) rows.push_back({p, w, 1});
  }
  return rows;
}

Status InsertVocabulary(sqlite3* db, const std::vector<VocabularyRow>& rows) {
  if (rows.empty()) return {};
  Stmt ins(db, "INSERT OR IGNORE INTO vocabulary(term, word, kind) VALUES (?,?,?)");
  for (const VocabularyRow& r : rows) {
    ins.Reset();
    ins.Bind(1, r.term).Bind(2, r.word).Bind(3, static_cast<long long>(r.kind));
    ins.Step();
    if (!ins.ok()) return Status::Error("vocabulary", ins.error());
  }
  return {};
}

Status AddVocabulary(sqlite3* db, SwedishTerms& terms, const std::vector<std::string>& words,
                     std::unordered_set<std::string>& known) {
  return InsertVocabulary(db, VocabularyRows(terms, words, known));
}

Status ComputeAllTerms(sqlite3* db, SwedishTerms& terms) {
  if (Status s = Exec(db, "DELETE FROM vocabulary", "terms"); !s.ok()) return s;
  Stmt read(db, "SELECT rowid, title, text FROM items");
  Stmt write(db, "UPDATE items SET title_terms = ?, terms = ?, parts = ? WHERE rowid = ?");
  std::vector<std::pair<long long, ItemTerms>> updates;
  while (read.Step()) updates.emplace_back(read.Int(0), terms.ForItem(read.Text(1), read.Text(2)));
  if (!read.ok()) return Status::Error("terms", read.error());
  std::unordered_set<std::string> known;
  for (auto& [rowid, t] : updates) {
    write.Reset();
    write.Bind(1, t.title_terms).Bind(2, t.terms).Bind(3, t.parts).Bind(4, rowid);
    write.Step();
    if (!write.ok()) return Status::Error("terms", write.error());
    if (Status s = AddVocabulary(db, terms, t.words, known); !s.ok()) return s;
  }
  return {};
}

void Catalogue::PrepareQueryTerms() { Impl::SharedQueryBaseForms(impl_->terms_mode, ""); }

Result<long long> Catalogue::KeepFilterColumns() {
  if (Status s = impl_->UseColumns(); !s.ok()) return s;
  if (Status s = impl_->columns->Refresh(impl_->db.get()); !s.ok()) return s;
  return impl_->columns->size();
}

Status Catalogue::Impl::UseColumns() {
  if (columns) return {};
  // protokoll_passes(rowid): 1 if the item passes the filters of the search under way.
  auto passes = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* impl = static_cast<Impl*>(sqlite3_user_data(ctx));
    sqlite3_result_int(ctx, !impl->view || impl->view->Passes(sqlite3_value_int64(argv[0])) == 1);
  };
  if (sqlite3_create_function(db.get(), "protokoll_passes", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, this, passes, nullptr,
                              nullptr) != SQLITE_OK)
    return Status::Error("catalogue", ErrMsg(db.get()), path);
  columns = FilterColumns::ForFile(path);
  return {};
}

namespace {

// The lists file's header: what it is, for which build's layout, of which catalogue and state,
// and where its two sections begin and it ends.
constexpr char kListsMagic[16] = "protokoll-lists";
constexpr uint64_t kListsVersion = 1;
struct ListsHeader {
  char magic[16] = {};
  uint64_t version = kListsVersion;
  char id[64] = {};  // meta.id
  long long seq = -1;
  uint64_t columns_at = 0, lists_at = 0, size = 0;
};

// The catalogue's id and state, read together.
Status CatalogueState(sqlite3* db, std::string* id, long long* seq) {
  ReadTransaction tx(db);
  if (!tx.status().ok()) return tx.status();
  Stmt q(db, "SELECT value FROM meta WHERE key = 'id'");
  *id = q.Step() ? q.Text(0) : "";
  if (!q.ok()) return Status::Error("lists", q.error());
  auto current = ChangeSeq(db);
  if (!current.ok()) return current.status();
  *seq = *current;
  return {};
}

}  // namespace

Result<Catalogue::ListsFileStats> Catalogue::WriteListsFile() {
  const auto start = std::chrono::steady_clock::now();
  sqlite3* db = impl_->db.get();
  ListsFileStats st;
  st.path = ListsFilePath(impl_->path);
  if (!impl_->term_index) return Status::Error("lists", "the term lists are not held", st.path);
  if (Status s = impl_->UseColumns(); !s.ok()) return s;  // (brought up to date below)
  std::string id;
  if (Status s = CatalogueState(db, &id, &st.seq); !s.ok()) return s;
  if (id.empty() || id.size() >= sizeof(ListsHeader::id)) return Status::Error("lists", "the catalogue has no id", st.path);
  if (Status s = impl_->columns->Refresh(db); !s.ok()) return s;
  if (impl_->columns->seq() != st.seq || impl_->term_index->seq() != st.seq ||
      impl_->term_index->warmed_seq() != st.seq)
    return Status::Error("lists", "the term lists are not read for the catalogue's present state", st.path);
  const std::string tmp = st.path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::Error("lists", std::strerror(errno), tmp);
  ListsHeader h;
  std::memcpy(h.magic, kListsMagic, sizeof kListsMagic);
  std::memcpy(h.id, id.data(), id.size());
  h.seq = st.seq;
  ListsWriter w(f);
  w.Value(h);  // (again below, with where the sections are)
  h.columns_at = w.written();
  impl_->columns->Save(w);
  h.lists_at = w.written();
  bool same_state = true;
  {
    SearchOptions all;
    FilterColumns::View view(*impl_->columns, all);
    same_state = view.seq() == st.seq;
    if (same_state) impl_->term_index->Save(w, view);
  }
  h.size = w.written();
  bool ok = w.ok() && same_state && std::fseek(f, 0, SEEK_SET) == 0 && std::fwrite(&h, sizeof h, 1, f) == 1 &&
            std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), st.path.c_str()) != 0) {
    const std::string why = !same_state ? "the catalogue changed while the file was written" : std::strerror(err ? err : errno);
    std::remove(tmp.c_str());
    return Status::Error("lists", why, st.path);
  }
  st.items = impl_->columns->size();
  st.terms = impl_->term_index->Held();
  st.bytes = h.size;
  st.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return st;
}

Result<bool> Catalogue::UseListsFile() {
  const std::string path = ListsFilePath(impl_->path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  auto file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  const MappedFile& m = **file;
  ListsHeader h;
  if (m.size() < sizeof h) return Status::Error("lists", "cut short", path);
  std::memcpy(&h, m.data(), sizeof h);
  if (std::memcmp(h.magic, kListsMagic, sizeof kListsMagic) != 0 || h.version != kListsVersion)
    return Status::Error("lists", "not a lists file of this build", path);
  if (h.size != m.size() || h.columns_at < sizeof h || h.lists_at < h.columns_at || h.lists_at > h.size)
    return Status::Error("lists", "cut short or damaged (its sections do not add up)", path);
  std::string id;
  long long seq = -1;
  if (Status s = CatalogueState(impl_->db.get(), &id, &seq); !s.ok()) return s;
  if (std::string(h.id, strnlen(h.id, sizeof h.id)) != id || h.seq != seq) return false;  // another state: ignored
  if (Status s = impl_->UseColumns(); !s.ok()) return s;
  KeepTermIndex();
  // Both sections or neither: a file whose term lists are damaged is not trusted for its columns
  // either (they are emptied again, and read from the catalogue as without the file).
  const bool columns_from_file = impl_->columns->seq() != seq;
  if (columns_from_file) {
    ListsReader r(m.data() + h.columns_at, h.lists_at - h.columns_at);
    if (Status s = impl_->columns->Load(r, *file); !s.ok() || !r.at_end()) {
      impl_->columns->Clear();
      return Status::Error("lists", "damaged (the filter columns do not add up)", path);
    }
  }
  if (impl_->term_index->seq() != seq || impl_->term_index->warmed_seq() != seq) {
    ListsReader r(m.data() + h.lists_at, h.size - h.lists_at);
    if (Status s = impl_->term_index->Load(r, *file); !s.ok() || !r.at_end()) {
      if (columns_from_file) impl_->columns->Clear();
      return Status::Error("lists", "damaged (the term lists do not add up)", path);
    }
  }
  return true;
}

void Catalogue::KeepTermIndex() {
  if (!impl_->term_index) impl_->term_index = TermIndex::ForFile(impl_->path);
}

Result<Catalogue::TermIndexStats> Catalogue::WarmTermIndex(long long min_items, size_t budget_bytes, bool stale_only,
                                                           const std::atomic<bool>* cancel) {
  KeepTermIndex();
  TermIndex& index = *impl_->term_index;
  index.Configure(min_items, budget_bytes);
  if (stale_only) {
    auto seq = ChangeSeq(impl_->db.get());
    if (!seq.ok()) return Status::Error("search", seq.status().message(), impl_->path);
    if (*seq == index.warmed_seq()) return TermIndexStats();
  }
  return index.Warm(impl_->db.get(), cancel);
}

void Catalogue::PrepareSearchTerms() {
  if (impl_->terms || impl_->pending.valid()) return;
  const TermsMode mode = impl_->terms_mode;
  impl_->pending = std::async(std::launch::async, [mode] { return SwedishTerms::Create(mode); });
}

void Catalogue::AwaitSearchTerms() { impl_->Terms(); }

Status Catalogue::SetTermsMode(TermsMode mode, bool reindex) {
  if (impl_->pending.valid()) impl_->pending.get();
  impl_->terms_mode = mode;
  impl_->terms.reset();
  impl_->known_words.clear();
  if (!reindex) return {};
  sqlite3* db = impl_->db.get();
  Transaction tx(db);
  if (Status s = tx.Begin(); !s.ok()) return s;
  if (Status s = ComputeAllTerms(db, impl_->Terms()); !s.ok()) return s;
  if (Status s = Exec(db, std::string("INSERT OR REPLACE INTO meta(key, value) VALUES ('terms', '") +
                              TermsModeName(impl_->Terms().mode()) + "')",
                      "terms");
      !s.ok())
    return s;
  return tx.Commit();
}

const char* PageSourceName(PageSource s) {
  switch (s) {
    case PageSource::kText: return "text";
    case PageSource::kPdf: return "pdf";
    case PageSource::kOcr: return "ocr";
    case PageSource::kNone: return "none";
    case PageSource::kEmpty: return "empty";
  }
  return "none";
}

Catalogue::Catalogue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalogue::~Catalogue() = default;
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;

Result<Catalogue> Catalogue::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  // URI names are understood (merge attaches its shards read-only and immutable by URI); a
  // path of ours that happens to begin with "file:" is made plainly relative so it stays a path.
  const std::string name = path.rfind("file:", 0) == 0 ? "./" + path : path;
  int rc = sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return Status::Error("catalogue", "cannot open: " + ErrMsg(raw), path);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_create_function(db.get(), "protokoll_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                          nullptr, FoldFunction, nullptr, nullptr);
  if (!RegisterRankFunction(db.get()))
    return Status::Error("catalogue", "SQLite has no FTS5 (the full-text index needs it)", path);
  // A new catalogue gets 16 KiB pages (set before anything is written, WAL included): a common
  // word's doclist and an item's text span a quarter of the pages, which is what a search
  // waits for when the file is not in the OS cache (first searches after a start: p95 on 1M
  // items 97–113 → 52–63 ms with filters, 50 → 24 ms without, bench/RESULTS.md). A catalogue
  // made before keeps its 4 KiB pages (VACUUM converts it; see the README).
  bool empty_file = false;
  {
    Stmt q(db.get(), "SELECT count(*) FROM sqlite_schema");
    empty_file = q.Step() && q.Int(0) == 0;
  }
  if (empty_file) {
    if (Status s = Exec(db.get(), "PRAGMA page_size=16384"); !s.ok()) return Status::Error("catalogue", s.message(), path);
  }
  // mmap: pages are read from the OS cache without a copy per connection (a server has one
  // connection per thread; each would otherwise warm its own cache).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA mmap_size=1073741824",
                             "PRAGMA foreign_keys=ON"}) {
    Status s = Exec(db.get(), pragma);
    if (!s.ok()) return Status::Error("catalogue", s.message(), path);
  }
  int version = 0;
  {
    Stmt q(db.get(), "PRAGMA user_version");
    if (!q.ok()) return Status::Error("catalogue", q.error(), path);
    if (q.Step()) version = static_cast<int>(q.Int(0));
    if (!q.ok()) return Status::Error("catalogue", q.error(), path);
  }
  if (version > kSchemaVersion) {
    return Status::Error("catalogue",
                         "schema version " + std::to_string(version) +
                             " is newer than this protokoll understands (" +
                             std::to_string(kSchemaVersion) + ")",
                         path);
  }
  if (version < kSchemaVersion) {
    Transaction tx(db.get());
    if (Status s = tx.Begin(); !s.ok()) return Status::Error("catalogue", s.message(), path);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    int now = 0;
    {
      Stmt q(db.get(), "PRAGMA user_version");
      now = q.Step() ? static_cast<int>(q.Int(0)) : 0;
    }  // finished before DROP TABLE, which a pending statement would block
    if (now == 0) {
      if (Status s = Exec(db.get(), kCatalogueSql, "catalogue"); !s.ok())
        return Status::Error("catalogue", "creating the schema: " + s.message(), path);
      if (Status s = Exec(db.get(), "PRAGMA user_version=" + std::to_string(kSchemaVersion)); !s.ok())
        return Status::Error("catalogue", s.message(), path);
    }
    // Migrations from version N to N+1, each guarded by `now`.
    if (now == 1) {
      if (Status s = MigrateTo2(db.get()); !s.ok())
        return Status::Error("catalogue", "migrating to schema 2: " + s.message(), path);
      now = 2;
    }
    if (now == 2) {
      // 2 → 3: the quality record. Documents stored before it have none until re-ingested;
      // review lists them as not assessed.
      std::string sql = kCatalogueSql;
      size_t b = sql.find("CREATE TABLE document_quality");
      size_t e = sql.find("-- Problems with single pages");
      if (Status s = Exec(db.get(), sql.substr(b, e - b), "migrate"); !s.ok())
        return Status::Error("catalogue", "migrating to schema 3: " + s.message(), path);
      if (Status s = Exec(db.get(), "PRAGMA user_version=3"); !s.ok())
        return Status::Error("catalogue", s.message(), path);
      now = 3;
    }
    if (now == 3) {
      // 3 → 4: corrections, the extracted record beside the corrected one.
      std::string sql = kCatalogueSql;
      size_t b = sql.find("CREATE TABLE corrections");
      size_t e = sql.find("-- Files that could not be ingested");
      for (const std::string& stmt :
           {std::string("ALTER TABLE items ADD COLUMN extracted TEXT NOT NULL DEFAULT ''"),
            std::string("ALTER TABLE items ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0"),
            std::string("CREATE INDEX items_hidden ON items(hidden) WHERE hidden"),
            std::string("UPDATE items SET extracted = record"), sql.substr(b, e - b),
            std::string("PRAGMA user_version=4")}) {
        if (Status s = Exec(db.get(), stmt, "migrate"); !s.ok())
          return Status::Error("catalogue", "migrating to schema 4: " + s.message(), path);
      }
      now = 4;
    }
    if (now == 4) {
      // 4 → 5: OCR or not among the narrow filter columns (the source filter no longer reads
      // the wide items row of every match).
      for (const char* stmt :
           {"ALTER TABLE item_facets ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0",
            "UPDATE item_facets SET ocr = 1 WHERE item_rowid IN (SELECT rowid FROM items WHERE source = 'ocr')",
            "PRAGMA user_version=5"}) {
        if (Status s = Exec(db.get(), stmt, "migrate"); !s.ok())
          return Status::Error("catalogue", "migrating to schema 5: " + s.message(), path);
      }
      now = 5;
    }
    if (now == 5) {
      // 5 → 6: new items indexed a document at a time by the writer (kIndexItems), not by a
      // trigger per item.
      for (const char* stmt : {"DROP TRIGGER IF EXISTS items_fts_insert", "PRAGMA user_version=6"}) {
        if (Status s = Exec(db.get(), stmt, "migrate"); !s.ok())
          return Status::Error("catalogue", "migrating to schema 6: " + s.message(), path);
      }
      now = 6;
    }
    if (now == 6) {
      // 6 → 7: the municipality of each document, its filter column, and `null` for it in every
      // record (known after `ingest --reextract`, or a folder's override at the next ingest).
      // The update trigger now fires only for the indexed columns: a record rewritten alone
      // (this migration, a new municipality) costs the full-text index nothing.
      std::string sql = FtsSql();
      const size_t b = sql.find("CREATE TRIGGER items_fts_update");
      // (A file marked older than its tables, as a test may make one, has the columns already.)
      auto has_column = [&](const char* table, const char* column) {
        Stmt q(db.get(), std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = ?");
        q.Bind(1, std::string(column));
        return q.Step();
      };
      const bool had = has_column("documents", "municipality") && has_column("item_facets", "municipality_key");
      for (const std::string& stmt :
           {std::string(had ? "SELECT 1" : "ALTER TABLE documents ADD COLUMN municipality TEXT"),
            std::string(had ? "SELECT 1" : "ALTER TABLE item_facets ADD COLUMN municipality_key TEXT"),
            std::string("DROP TRIGGER IF EXISTS items_fts_update"), sql.substr(b),
            std::string("UPDATE items SET record = json_set(record, '$.municipality', NULL), extracted = CASE WHEN "
                        "extracted = '' THEN '' ELSE json_set(extracted, '$.municipality', NULL) END WHERE "
                        "json_type(record, '$.municipality') IS NULL"),
            std::string("PRAGMA user_version=7")}) {
        if (Status s = Exec(db.get(), stmt, "migrate"); !s.ok())
          return Status::Error("catalogue", "migrating to schema 7: " + s.message(), path);
      }
      now = 7;
    }
    if (now == 7) {
      // 7 → 8: the boxes of each OCR line's words and the size of each OCR'd page image, for the
      // searchable PDF export. Lines and pages stored before have none (NULL): the export
      // spreads a line's words over its box and takes the page image to be 300 dpi.
      auto has_column = [&](const char* table, const char* column) {
        Stmt q(db.get(), std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = ?");
        q.Bind(1, std::string(column));
        return q.Step();
      };
      auto has_table = [&](const char* table) {
        Stmt q(db.get(), "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
        q.Bind(1, std::string(table));
        return q.Step();
      };
      for (const auto& [table, column, type] :
           {std::tuple{"ocr_lines", "words", "TEXT"}, std::tuple{"pages", "image_width", "INTEGER"},
            std::tuple{"pages", "image_height", "INTEGER"}}) {
        if (!has_table(table) || has_column(table, column)) continue;  // (a test's bare schema 1 has neither)
        if (Status s = Exec(db.get(), std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " + type, "migrate");
            !s.ok())
          return Status::Error("catalogue", "migrating to schema 8: " + s.message(), path);
      }
      if (Status s = Exec(db.get(), "PRAGMA user_version=8", "migrate"); !s.ok())
        return Status::Error("catalogue", "migrating to schema 8: " + s.message(), path);
      now = 8;
    }
    if (now == 8) {
      // 8 → 9: the bytes of a path that is not UTF-8 beside its escaped text (PathText), in
      // documents and failures. Paths stored before as they came are moved over.
      if (Status s = MigrateTo9(db.get()); !s.ok())
        return Status::Error("catalogue", "migrating to schema 9: " + s.message(), path);
      now = 9;
    }
    if (now == 9) {
      if (Status s = MigrateTo10(db.get()); !s.ok())
        return Status::Error("catalogue", "migrating to schema 10: " + s.message(), path);
      now = 10;
    }
    if (now == 10) {
      // 10 → 11: who decided and how, as rows to filter on. Items stored before keep their records
      // (without the new keys) and have no rows until ingested again.
      const std::string sql = kCatalogueSql;
      const size_t b = sql.find("-- @PEOPLE_BEGIN"), e = sql.find("-- @PEOPLE_END");
      // (A file marked older than its tables, as a test may make one, has them already.)
      std::string people = sql.substr(b, e - b);
      for (const std::string what : {"CREATE TABLE ", "CREATE INDEX "})
        for (size_t at = people.find(what); at != std::string::npos; at = people.find(what, at + what.size()))
          people.insert(at + what.size(), "IF NOT EXISTS ");
      for (const std::string& stmt : {people, std::string("PRAGMA user_version=11")}) {
        if (Status s = Exec(db.get(), stmt, "migrate"); !s.ok())
          return Status::Error("catalogue", "migrating to schema 11: " + s.message(), path);
      }
    }
    if (Status s = tx.Commit(); !s.ok()) return Status::Error("catalogue", s.message(), path);
  }
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  impl->path = path;
  return Catalogue(std::move(impl));
}

Result<bool> Catalogue::HasDocument(const std::string& sha256) {
  Stmt q(impl_->db.get(), "SELECT 1 FROM documents WHERE sha256 = ?");
  q.Bind(1, sha256);
  bool found = q.Step();
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return found;
}

namespace {

// What an item's rows need besides the database (StoreDocument).
struct PreparedItem {
  std::string record, facets;
  ItemTerms terms;
  std::vector<VocabularyRow> vocabulary;
};

// Documents with at least this many items have them prepared on a thread of their own.
constexpr size_t kPrepareAheadItems = 64;

// Items prepared in order by `fn`: ahead of the writer on a thread of their own, or else when
// taken. Take(k) waits for item k; an exception in `fn` becomes the Status of that Take.
class Prepared {
 public:
  using Fn = std::function<PreparedItem(size_t)>;
  Prepared(size_t n, Fn fn, bool ahead) : fn_(std::move(fn)), items_(n), ahead_(ahead) {
    if (ahead_) thread_ = std::thread([this, n] { Run(n); });
  }
  ~Prepared() { Stop(); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  // Ends the preparing thread (it stops after the item under way).
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  Result<PreparedItem> Take(size_t k) {
    if (!ahead_) {
      try {
        return fn_(k);
      } catch (const std::exception& e) {
        return Status::Error("store", e.what());
      }
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return ready_ > k || !error_.empty(); });
    if (ready_ > k) return std::move(items_[k]);
    return Status::Error("store", error_);
  }

 private:
  void Run(size_t n) {
    for (size_t k = 0; k < n && !stop_; ++k) {
      PreparedItem p;
      std::string error;
      try {
        p = fn_(k);
      } catch (const std::exception& e) {
        error = e.what()[0] ? e.what() : "preparing an item failed";
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error.empty()) error_ = error;
        else items_[k] = std::move(p), ready_ = k + 1;
      }
      cv_.notify_all();
      if (!error.empty()) return;
    }
  }

  Fn fn_;
  std::vector<PreparedItem> items_;
  const bool ahead_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  size_t ready_ = 0;  // items_[0, ready_) are made
  std::string error_;
  std::thread thread_;
};

}  // namespace

Status Catalogue::StoreDocument(const StoredDocument& doc) {
  sqlite3* db = impl_->db.get();
  std::function<void()> stop_preparing = [] {};
  auto fail = [&](const std::string& what) {
    stop_preparing();  // it adds to known_words
    impl_->known_words.clear();  // what this transaction added to the vocabulary is rolled back
    return Status::Error("store", what, doc.path);
  };
  Transaction tx(db);
  if (Status s = tx.Begin(); !s.ok()) return fail(s.message());
  // A later part of a document stored in parts: its pages and items join the document's row.
  const bool later_part = doc.part > 1;
  long long seq = 0, doc_id = 0;
  size_t first_ordinal = 0;
  if (later_part) {
    Stmt q(db, "SELECT id, seq, (SELECT coalesce(max(ordinal) + 1, 0) FROM items WHERE document_id = documents.id) FROM documents WHERE sha256 = ?");
    q.Bind(1, doc.sha256);
    if (!q.Step()) return fail(q.ok() ? "part " + std::to_string(doc.part) + " of a document whose first part is not stored" : q.error());
    doc_id = q.Int(0);
    seq = q.Int(1);
    first_ordinal = static_cast<size_t>(q.Int(2));
  }
  if (!later_part) {
    Stmt q(db, "SELECT 1 FROM documents WHERE sha256 = ?");
    q.Bind(1, doc.sha256);
    bool stored = q.Step();
    if (!q.ok()) return fail(q.error());
    if (stored && !doc.replace_existing) return {};  // stored meanwhile by another process
  }
  std::string now;
  if (!later_part) {
    auto change = NextChange(db);
    if (!change.ok()) return fail(change.status().message());
    seq = change->seq;
    now = change->now;
  } else {
    // A later part is the change its first part began (in the same transaction): its time.
    Stmt q(db, "SELECT value FROM meta WHERE key = 'clock'");
    now = q.Step() ? q.Text(0) : NowUtc();
  }
  // The same path with other bytes: the file changed; its old items go.
  if (!later_part) {
    Stmt old(db, "SELECT id FROM documents WHERE (path = ? AND path_bytes IS ?) OR sha256 = ?");
    old.BindPath(1, doc.path).Bind(3, doc.sha256);
    std::vector<long long> old_ids;
    while (old.Step()) old_ids.push_back(old.Int(0));
    if (!old.ok()) return fail(old.error());
    for (long long id : old_ids) {
      // Let go here: a merge does not bring this reading back.
      Stmt gone(db, LetGo("id = ?2"));
      gone.Bind(1, seq).Bind(2, id);
      gone.Step();
      if (!gone.ok()) return fail(gone.error());
      Stmt rm(db,
              "INSERT INTO removed_items(id, seq, removed_at) SELECT id, ?, ? FROM items WHERE "
              "document_id = ?");
      rm.Bind(1, seq).Bind(2, now).Bind(3, id);
      rm.Step();
      if (!rm.ok()) return fail(rm.error());
      for (const char* sql : {"DELETE FROM items WHERE document_id = ?",
                              "DELETE FROM documents WHERE id = ?"}) {
        Stmt del(db, sql);
        del.Bind(1, id);
        del.Step();
        if (!del.ok()) return fail(del.error());
      }
    }
  }
  if (!later_part) {
    Stmt ins(db,
             "INSERT INTO documents(sha256, size, pages, format, encoding, body, meeting_date, ingested_at, seq, "
             "municipality, path, path_bytes, origin, generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,"
             "(SELECT value FROM meta WHERE key = 'id'), ?9)");
    ins.Bind(1, doc.sha256).Bind(2, doc.size)
        .Bind(3, static_cast<long long>(doc.page_count > 0 ? static_cast<size_t>(doc.page_count) : doc.pages.size()))
        .Bind(4, doc.format).BindOrNull(5, doc.encoding).BindOrNull(6, doc.body).BindOrNull(7, doc.meeting_date)
        .Bind(8, now).Bind(9, seq).BindOrNull(10, doc.municipality).BindPath(11, doc.path);
    ins.Step();
    if (!ins.ok()) return fail(ins.error());
    doc_id = sqlite3_last_insert_rowid(db);
  }
  // The quality record: a whole document's or the first part's, made again by the last part
  // with what the caller summed over all parts.
  if (!later_part || doc.last_part) {
    const DocumentQuality& q = doc.quality;
    Stmt qual(db,
              "INSERT OR REPLACE INTO document_quality(document_id, score, items, meetings, unsegmented, "
              "header_style, numbering_gaps, numbering_restarts, share_title, share_dnr, "
              "share_decision, ocr_confidence, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    qual.Bind(1, doc_id).Bind(2, q.score).Bind(3, q.items).Bind(4, q.meetings)
        .Bind(5, q.unsegmented ? 1 : 0).Bind(6, q.header_style).Bind(7, q.numbering_gaps)
        .Bind(8, q.numbering_restarts).Bind(9, q.share_title).Bind(10, q.share_dnr)
        .Bind(11, q.share_decision).BindOrNull(12, q.ocr_confidence).Bind(13, q.reasons);
    qual.Step();
    if (!qual.ok()) return fail(qual.error());
  }
  {
    Stmt ins(db,
             "INSERT INTO pages(document_id, page, source, ocr_confidence, text, ocr_variant, image_width, "
             "image_height) VALUES (?,?,?,?,?,?,?,?)");
    for (const StoredPage& p : doc.pages) {
      ins.Reset();
      ins.Bind(1, doc_id).Bind(2, p.number).Bind(3, PageSourceName(p.source))
          .BindOrNull(4, p.ocr_confidence).Bind(5, p.text).BindOrNull(6, p.ocr_variant);
      if (p.image_width > 0 && p.image_height > 0) ins.Bind(7, p.image_width).Bind(8, p.image_height);
      else ins.BindNull(7).BindNull(8);
      ins.Step();
      if (!ins.ok()) return fail(ins.error());
    }
    Stmt line(db,
              "INSERT INTO ocr_lines(document_id, page, line, confidence, left, top, width, height, "
              "text, words) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const StoredPage& p : doc.pages) {
      for (size_t k = 0; k < p.ocr_lines.size(); ++k) {
        const OcrLineRecord& l = p.ocr_lines[k];
        line.Reset();
        line.Bind(1, doc_id).Bind(2, p.number).Bind(3, static_cast<long long>(k)).Bind(4, l.confidence)
            .Bind(5, l.left).Bind(6, l.top).Bind(7, l.width).Bind(8, l.height).Bind(9, l.text)
            .BindOrNull(10, EncodeWordBoxes(l.words));
        line.Step();
        if (!line.ok()) return fail(line.error());
      }
    }
    Stmt prob(db, "INSERT INTO page_problems(document_id, page, stage, reason) VALUES (?,?,?,?)");
    for (const PageProblem& p : doc.problems) {
      prob.Reset();
      prob.Bind(1, doc_id).Bind(2, p.page).Bind(3, p.stage).Bind(4, p.reason);
      prob.Step();
      if (!prob.ok()) return fail(prob.error());
    }
  }
  Stmt item(db,
            "INSERT INTO items(id, document_id, ordinal, paragraph, paragraph_label, page_start, "
            "page_end, body, meeting_date, title, decision, text, source, ocr_confidence, seq, "
            "changed_at, record, title_terms, terms, parts, facets) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Stmt dnr(db,
           "INSERT INTO item_diarienummer(item_rowid, ordinal, raw, normalized, board, year, "
           "serial, page) VALUES (?,?,?,?,?,?,?,?)");
  Stmt amount(db, "INSERT INTO item_amounts(item_rowid, raw, sek, period, page) VALUES (?,?,?,?,?)");
  Stmt date(db, "INSERT INTO item_dates(item_rowid, date, page) VALUES (?,?,?)");
  Stmt year(db, "INSERT INTO item_years(item_rowid, year, page) VALUES (?,?,?)");
  Stmt facets(db, "INSERT INTO item_facets(item_rowid, year, meeting_date, body_key, ocr, municipality_key) VALUES (?,?,?,?,?,?)");
  Stmt person(db, "INSERT INTO item_people(item_rowid, part, name, name_key, party, detail, page) VALUES (?,?,?,?,?,?,?)");
  Stmt vote(db, "INSERT INTO item_votes(item_rowid, method, ja, nej, avstar, franvarande, page) VALUES (?,?,?,?,?,?,?)");
  Stmt attendee(db,
                "INSERT INTO meeting_people(document_id, meeting, part, name, name_key, party, role, page) "
                "VALUES (?,?,?,?,?,?,?,?)");
  Stmt has_meeting(db, "SELECT 1 FROM meeting_people WHERE document_id = ? AND meeting = ? LIMIT 1");
  std::set<int> meetings_stored;  // a meeting's attendance is stored once, with its first item
  // What each item's rows need besides the database — its id, its export record, its search
  // terms, filter tokens and new vocabulary — is made on a second thread while this one writes
  // the items before it: SQLite and the dictionary then run at once.
  std::vector<std::string> item_ids;
  item_ids.reserve(doc.items.size());
  {
    std::set<std::string> ids;
    // A later part's items may repeat a label of the parts before (a meeting across the cut).
    Stmt earlier(db, "SELECT 1 FROM items WHERE id = ?");
    auto taken = [&](const std::string& id) {
      if (!ids.insert(id).second) return true;
      if (!later_part) return false;
      earlier.Reset();
      earlier.Bind(1, id);
      return earlier.Step();
    };
    for (const StoredItem& it : doc.items) {
      const std::string base = ItemId(doc.sha256, it.fields);
      std::string id = base;
      // Two items with one label in one meeting (a misprint): the second gets a counter.
      for (int n = 2; taken(id); ++n) id = base + "." + std::to_string(n);
      item_ids.push_back(std::move(id));
    }
  }
  SwedishTerms& swedish = impl_->Terms();
  auto prepare = [&](size_t k) {
    const StoredItem& it = doc.items[k];
    const auto& f = it.fields;
    PreparedItem p;
    p.record = ExportRecord(doc, it, item_ids[k]);  // as extracted: no corrections yet
    p.terms = swedish.ForItem(f.title, f.text);
    std::vector<double> sek;
    for (const auto& a : f.amounts) sek.push_back(a.sek);
    std::vector<std::string> d;
    for (const auto& n : f.diarienummer) d.push_back(n.normalized);
    p.facets = FacetTokens(f.meeting_date, f.body, sek, d, doc.municipality);
    p.vocabulary = VocabularyRows(swedish, p.terms.words, impl_->known_words);
    return p;
  };
  Prepared prepared(doc.items.size(), prepare, doc.items.size() >= kPrepareAheadItems);
  stop_preparing = [&] { prepared.Stop(); };
  for (size_t k = 0; k < doc.items.size(); ++k) {
    const StoredItem& it = doc.items[k];
    const auto& f = it.fields;
    const std::string& id = item_ids[k];
    Result<PreparedItem> ready = prepared.Take(k);
    if (!ready.ok()) return fail(ready.status().message());
    PreparedItem& p = *ready;
    item.Reset();
    item.Bind(1, id).Bind(2, doc_id).Bind(3, static_cast<long long>(first_ordinal + k)).Bind(4, f.paragraph)
        .Bind(5, f.paragraph_label).Bind(6, f.page_start).Bind(7, f.page_end)
        .BindOrNull(8, f.body).BindOrNull(9, f.meeting_date).Bind(10, f.title);
    if (f.decision) item.Bind(11, *f.decision); else item.BindNull(11);
    item.Bind(12, f.text).Bind(13, it.source).BindOrNull(14, it.ocr_confidence).Bind(15, seq)
        .Bind(16, now).Bind(17, p.record);  // `extracted` stays '': the same until corrected
    item.Bind(18, p.terms.title_terms).Bind(19, p.terms.terms).Bind(20, p.terms.parts);
    item.Bind(21, p.facets);
    if (Status s = InsertVocabulary(db, p.vocabulary); !s.ok()) return fail(s.message());
    item.Step();
    if (!item.ok()) return fail(item.error());
    long long rowid = sqlite3_last_insert_rowid(db);
    facets.Reset();
    facets.Bind(1, rowid);
    if (f.meeting_date.size() >= 4 && std::isdigit(static_cast<unsigned char>(f.meeting_date[0])))
      facets.Bind(2, static_cast<long long>(std::stoi(f.meeting_date.substr(0, 4))));
    else
      facets.BindNull(2);
    facets.BindOrNull(3, f.meeting_date).BindOrNull(4, extractors::Fold(f.body))
        .Bind(5, static_cast<long long>(it.source == "ocr")).BindOrNull(6, extractors::Fold(doc.municipality));
    facets.Step();
    if (!facets.ok()) return fail(facets.error());
    if (Status s = StorePeople(f, rowid, person, vote); !s.ok()) return fail(s.message());
    if (meetings_stored.insert(f.meeting).second) {
      bool stored = false;
      if (later_part) {  // a meeting across the cut: its first part stored it
        has_meeting.Reset();
        has_meeting.Bind(1, doc_id).Bind(2, static_cast<long long>(f.meeting + 1));
        stored = has_meeting.Step();
      }
      if (!stored)
        if (Status s = StoreAttendance(f.attendance, doc_id, f.meeting + 1, attendee); !s.ok()) return fail(s.message());
    }
    for (size_t i = 0; i < f.diarienummer.size(); ++i) {
      const auto& d = f.diarienummer[i];
      dnr.Reset();
      dnr.Bind(1, rowid).Bind(2, static_cast<long long>(i)).Bind(3, d.raw).Bind(4, d.normalized)
          .BindOrNull(5, d.board).Bind(6, d.year).Bind(7, static_cast<long long>(d.serial))
          .Bind(8, f.diarienummer_pages[i]);
      dnr.Step();
      if (!dnr.ok()) return fail(dnr.error());
    }
    for (size_t i = 0; i < f.amounts.size(); ++i) {
      const auto& a = f.amounts[i];
      amount.Reset();
      amount.Bind(1, rowid).Bind(2, a.raw).Bind(3, a.sek).BindOrNull(4, a.period)
          .Bind(5, f.amount_pages[i]);
      amount.Step();
      if (!amount.ok()) return fail(amount.error());
    }
    for (size_t i = 0; i < f.dates.size(); ++i) {
      date.Reset();
      date.Bind(1, rowid).Bind(2, f.dates[i]).Bind(3, f.date_pages[i]);
      date.Step();
      if (!date.ok()) return fail(date.error());
    }
    for (size_t i = 0; i < f.years.size(); ++i) {
      year.Reset();
      year.Bind(1, rowid).Bind(2, f.years[i]).Bind(3, f.year_pages[i]);
      year.Step();
      if (!year.ok()) return fail(year.error());
    }
  }
  prepared.Stop();  // done: the dictionary is this thread's again
  {
    Stmt index(db, std::string(kIndexItems) + "document_id = ? AND ordinal >= ?");
    index.Bind(1, doc_id).Bind(2, static_cast<long long>(first_ordinal));
    index.Step();
    if (!index.ok()) return fail(index.error());
  }
  // Corrections people made to these items before (the same bytes ingested again, or read
  // again by a newer protokoll) are applied again.
  {
    Stmt q(db, "SELECT DISTINCT c.item_id FROM corrections c JOIN items i ON i.id = c.item_id WHERE "
               "i.document_id = ? AND i.ordinal >= ?");
    q.Bind(1, doc_id).Bind(2, static_cast<long long>(first_ordinal));
    std::vector<std::string> corrected;
    while (q.Step()) corrected.push_back(q.Text(0));
    if (!q.ok()) return fail(q.error());
    auto retitle = [&](const std::string& t, const std::string& x) { return impl_->Retitle(t, x); };
    for (const std::string& id : corrected)
      if (Status s = ApplyCorrections(db, id, seq, now, retitle); !s.ok()) return fail(s.message());
  }
  if (!later_part) {
    Stmt clear(db, "DELETE FROM failures WHERE path = ? AND path_bytes IS ?");
    clear.BindPath(1, doc.path);
    clear.Step();
    if (!clear.ok()) return fail(clear.error());
  }
  if (Status s = tx.Commit(); !s.ok()) return fail(s.message());
  return {};
}

Status Catalogue::BeginBatch() {
  if (InBatch()) return Status::Error("store", "a batch is already open");
  return Exec(impl_->db.get(), "BEGIN IMMEDIATE", "store");
}

Status Catalogue::EndBatch() {
  if (!InBatch()) return {};
  Status s = Exec(impl_->db.get(), "COMMIT", "store");
  if (!s.ok()) {
    sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    impl_->known_words.clear();  // the batch's vocabulary rows are gone with it
  }
  return s;
}

void Catalogue::AbortBatch() {
  if (!InBatch()) return;
  sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  impl_->known_words.clear();  // the batch's vocabulary rows are gone with it
}

bool Catalogue::InBatch() const { return !sqlite3_get_autocommit(impl_->db.get()); }

Status Catalogue::RecordFailure(const std::string& path, const std::string& sha256,
                                const Status& why) {
  Stmt q(impl_->db.get(),
         "INSERT INTO failures(path, path_bytes, sha256, stage, reason, failed_at) VALUES (?,?,?,?,?,?) "
         "ON CONFLICT(path) DO UPDATE SET path_bytes = excluded.path_bytes, sha256 = excluded.sha256, "
         "stage = excluded.stage, reason = excluded.reason, failed_at = excluded.failed_at, attempts = attempts + 1");
  q.BindPath(1, path).BindOrNull(3, sha256).Bind(4, why.stage()).Bind(5, why.message()).Bind(6, NowUtc());
  q.Step();
  if (!q.ok()) return Status::Error("catalogue", "recording the failure: " + q.error(), path);
  return {};
}

Result<std::vector<Failure>> Catalogue::Failures() {
  Stmt q(impl_->db.get(),
         "SELECT path, coalesce(sha256, ''), stage, reason, failed_at, attempts, coalesce(path_bytes, path) "
         "FROM failures ORDER BY path");
  std::vector<Failure> out;
  while (q.Step())
    out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), static_cast<int>(q.Int(5)), q.Text(6)});
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

Result<std::vector<Catalogue::PageFailure>> Catalogue::PageFailures() {
  Stmt q(impl_->db.get(),
         "SELECT d.path, p.page, p.stage, p.reason, coalesce(d.path_bytes, d.path) FROM page_problems p JOIN documents d ON "
         "d.id = p.document_id ORDER BY d.path, p.page");
  std::vector<PageFailure> out;
  while (q.Step()) out.push_back({q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Text(4)});
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

Result<std::vector<std::string>> Catalogue::Show(const std::string& id_or_dnr) {
  sqlite3* db = impl_->db.get();
  std::vector<std::string> out;
  {
    Stmt q(db, "SELECT record FROM items WHERE id = ?");
    q.Bind(1, id_or_dnr);
    while (q.Step()) out.push_back(q.Text(0));
    if (!q.ok()) return Status::Error("catalogue", q.error());
  }
  if (!out.empty()) return out;
  auto d = extractors::ParseDiarienummer(id_or_dnr);
  if (!d) d = extractors::ParseDiarienummer("Dnr " + id_or_dnr);
  if (!d) return out;
  Stmt q(db,
         "SELECT i.record FROM item_diarienummer n JOIN items i ON i.rowid = n.item_rowid "
         "WHERE n.normalized = ? GROUP BY i.rowid ORDER BY min(n.ordinal), i.meeting_date, i.seq, "
         "i.ordinal");
  q.Bind(1, d->normalized);
  while (q.Step()) out.push_back(q.Text(0));
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return out;
}

Result<ExportBatch> Catalogue::Export(long long since_seq, const std::string& since_time) {
  sqlite3* db = impl_->db.get();
  ExportBatch batch;
  const bool by_time = !since_time.empty();
  // Compared with the stored times as text: in their form ("…T09:23:47.000Z" and not
  // "…T09:23:47Z", which sorts after every millisecond of that second).
  std::string since;
  if (by_time) {
    auto ms = ParseIsoTimeMs(since_time);
    if (!ms) return Status::Error("export", "not an ISO date or time: " + since_time);
    since = FormatUtcMs(*ms);
  }
  // Read in one transaction so the cursor matches what was read.
  Exec(db, "BEGIN");
  {
    Stmt q(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seq'");
    if (q.Step()) batch.cursor = q.Int(0);
  }
  {
    Stmt q(db, "SELECT value FROM meta WHERE key = 'clock'");
    if (q.Step()) batch.time_cursor = q.Text(0);
  }
  {
    Stmt q(db, by_time ? "SELECT record FROM items WHERE changed_at > ? AND NOT hidden ORDER BY seq, document_id, ordinal"
                       : "SELECT record FROM items WHERE seq > ? AND NOT hidden ORDER BY seq, document_id, ordinal");
    if (by_time) q.Bind(1, since); else q.Bind(1, since_seq);
    while (q.Step()) batch.records.push_back(q.Text(0));
    if (!q.ok()) {
      Exec(db, "ROLLBACK");
      return Status::Error("export", q.error());
    }
  }
  if (by_time || since_seq > 0) {
    Stmt q(db, by_time ? "SELECT DISTINCT id FROM removed_items r WHERE removed_at > ? AND NOT "
                         "EXISTS (SELECT 1 FROM items i WHERE i.id = r.id) ORDER BY seq, id"
                       : "SELECT DISTINCT id FROM removed_items r WHERE seq > ? AND NOT "
                         "EXISTS (SELECT 1 FROM items i WHERE i.id = r.id) ORDER BY seq, id");
    if (by_time) q.Bind(1, since); else q.Bind(1, since_seq);
    while (q.Step()) batch.removed.push_back(q.Text(0));
    // Items people marked "not an item" since then are removed for the integration job too.
    Stmt h(db, by_time ? "SELECT id FROM items WHERE hidden AND changed_at > ? ORDER BY seq, id"
                       : "SELECT id FROM items WHERE hidden AND seq > ? ORDER BY seq, id");
    if (by_time) h.Bind(1, since); else h.Bind(1, since_seq);
    while (h.Step()) batch.removed.push_back(h.Text(0));
  }
  Exec(db, "COMMIT");
  return batch;
}

Result<std::vector<Catalogue::VoteStatsRow>> Catalogue::VoteStats() {
  sqlite3* db = impl_->db.get();
  std::vector<VoteStatsRow> rows;
  std::map<std::pair<std::string, long long>, size_t> at;  // (body, year or -1) → row
  Stmt q(db,
         "SELECT coalesce(i.body, ''), f.year, count(*), sum(v.method = 'omröstning'), sum(v.ja IS NOT NULL) "
         "FROM items i LEFT JOIN item_facets f ON f.item_rowid = i.rowid LEFT JOIN item_votes v ON v.item_rowid = "
         "i.rowid WHERE NOT i.hidden GROUP BY 1, 2 ORDER BY 1, f.year IS NULL, 2");
  while (q.Step()) {
    VoteStatsRow r;
    r.body = q.Text(0);
    if (!q.IsNull(1)) r.year = static_cast<int>(q.Int(1));
    r.items = q.Int(2);
    r.votes = q.IsNull(3) ? 0 : q.Int(3);
    r.counted = q.IsNull(4) ? 0 : q.Int(4);
    at[{r.body, r.year ? *r.year : -1}] = rows.size();
    rows.push_back(std::move(r));
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  Stmt p(db,
         "SELECT coalesce(i.body, ''), f.year, coalesce(p.party, ''), count(*) FROM item_people p JOIN items i ON "
         "i.rowid = p.item_rowid LEFT JOIN item_facets f ON f.item_rowid = i.rowid WHERE p.part = 'reservation' AND "
         "NOT i.hidden GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3");
  while (p.Step()) {
    auto it = at.find({p.Text(0), p.IsNull(1) ? -1 : p.Int(1)});
    if (it == at.end()) continue;
    VoteStatsRow& r = rows[it->second];
    r.reservations += p.Int(3);
    r.reservations_by_party.emplace_back(p.Text(2), p.Int(3));
  }
  if (!p.ok()) return Status::Error("catalogue", p.error());
  return rows;
}

std::string VoteStatsCsv(const std::vector<Catalogue::VoteStatsRow>& rows) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::string out = "body,year,items,votes,counted_votes,share_by_vote,reservations,reservations_by_party\r\n";
  for (const auto& r : rows) {
    char share[32];
    std::snprintf(share, sizeof share, "%.3f", r.items ? static_cast<double>(r.votes) / static_cast<double>(r.items) : 0.0);
    std::string parties;
    for (const auto& [party, n] : r.reservations_by_party)
      parties += (parties.empty() ? "" : "; ") + (party.empty() ? std::string("-") : party) + ":" + std::to_string(n);
    out += field(r.body) + ',' + (r.year ? std::to_string(*r.year) : std::string()) + ',' + std::to_string(r.items) + ',' +
           std::to_string(r.votes) + ',' + std::to_string(r.counted) + ',' + share + ',' + std::to_string(r.reservations) +
           ',' + field(parties) + "\r\n";
  }
  return out;
}

Result<Catalogue::Counts> Catalogue::Stats() {
  Stmt q(impl_->db.get(),
         "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM items), "
         "(SELECT count(*) FROM pages), (SELECT count(*) FROM failures)");
  Counts c;
  if (q.Step()) {
    c.documents = q.Int(0);
    c.items = q.Int(1);
    c.pages = q.Int(2);
    c.failures = q.Int(3);
  }
  if (!q.ok()) return Status::Error("catalogue", q.error());
  return c;
}

}  // namespace protokoll::catalogue
