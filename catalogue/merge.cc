// merge: shard catalogues of a cluster job joined into one.
#include "catalogue/impl.h"

#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <array>
#include <memory>
#include <regex>
#include <vector>

namespace protokoll::catalogue {

namespace {
// Column lists written out: the same tables on both sides, whatever order ALTERs gave them.
constexpr char kItemColumns[] =
    "id, document_id, ordinal, paragraph, paragraph_label, page_start, page_end, body, meeting_date, title, "
    "decision, text, source, ocr_confidence, seq, changed_at, record, title_terms, terms, parts, facets, "
    "extracted, hidden";
}  // namespace

namespace {

// A file name as an SQLite URI path ("%", "?" and "#" escaped).
std::string UriPath(const std::string& path) {
  std::string out = path.empty() || path[0] != '/' ? "./" : "";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// What a shard is, read without writing a byte: opened read-only and immutable (no lock, no
// -wal or -shm file made — a shard on a read-only mount opens). Refused when it is no protokoll
// catalogue (an empty file, another program's database, a negative or newer schema version).
struct ShardInfo {
  int version = 0;
  bool pending_wal = false;  // a -wal file with committed pages the file itself does not hold yet
};
Result<ShardInfo> InspectShard(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::Error("merge", "no such shard file", path);
  if (std::filesystem::file_size(path, ec) == 0) return Status::Error("merge", "an empty file, not a protokoll catalogue", path);
  sqlite3* raw = nullptr;
  const std::string uri = "file:" + UriPath(path) + "?mode=ro&immutable=1";
  int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  DbPtr shard(raw);
  if (rc != SQLITE_OK) return Status::Error("merge", "cannot open it read-only: " + ErrMsg(raw), path);
  ShardInfo info;
  int tables = 0;
  {
    Stmt q(shard.get(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('documents', 'items', 'meta', 'pages')");
    if (!q.Step()) return Status::Error("merge", "not an SQLite database: " + q.error(), path);
    tables = static_cast<int>(q.Int(0));
  }
  {
    Stmt q(shard.get(), "PRAGMA user_version");
    if (q.Step()) info.version = static_cast<int>(q.Int(0));
  }
  if (tables != 4 || info.version < 1)
    return Status::Error("merge", "not a protokoll catalogue (no documents, items, pages and meta tables with a schema version)", path);
  if (info.version > CatalogueSchemaVersion())
    return Status::Error("merge", "schema version " + std::to_string(info.version) + " is newer than this protokoll understands (" +
                                      std::to_string(CatalogueSchemaVersion()) + ")", path);
  info.pending_wal = std::filesystem::file_size(path + "-wal", ec) > 0 && !ec;
  return info;
}

// A private copy of a shard (and its -wal) to read from when the shard itself cannot be read as
// it lies: an older schema to migrate, or committed pages still in its -wal. Removed with it.
struct ShardCopy {
  std::filesystem::path dir;
  ~ShardCopy() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

namespace {
// Shards merged in one transaction: attached together (SQLite attaches at most 10 and not
// inside a transaction) up to this many, or this many bytes of shard files. A group is one
// commit: the pages of the catalogue's indexes that are keyed at random (item ids, dates,
// diarienummer, names) and the full-text index's segments are written once for the group, not
// once per shard — the cost that grew with the catalogue (bench/RESULTS.md, "merge").
constexpr size_t kGroupShards = 8;
constexpr std::uintmax_t kGroupBytes = std::uintmax_t{2} << 30;
// The page cache of a merge (KiB): the dirty pages of a group's random-keyed indexes stay in
// memory until its commit instead of spilling to the -wal again and again.
constexpr long long kMergeCacheKiB = 64 * 1024;
// The full-text index during a merge (FTS5 settings, stored in the index; the catalogue's own
// are restored after): a group's new terms are flushed as a few large segments rather than one
// every megabyte, and no automatic merging runs — only FTS5's crisis merge, when sixteen
// segments lie on a level — so each term is rewritten about log16 rather than log4 times, the
// cost that grew with the index (automerge 8 was measured too: slower). Later writes go on
// merging the levels under the catalogue's own setting, a little at a time.
constexpr long long kMergeFtsHashBytes = 128ll << 20;
constexpr int kMergeFtsAutomerge = 0;
}  // namespace

// The statements that delete the rows of `table` that `where` chooses and, first, every row
// that refers to them, as the schema's ON DELETE CASCADE would: a merge runs with foreign keys
// off (foreign key checks make SQLite journal every page a statement touches; the merge
// inserts only rows whose parents it has just inserted or found).
std::vector<std::string> CascadeDeletes(sqlite3* db, const std::string& table, const std::string& where, int depth = 0) {
  std::vector<std::string> out;
  std::vector<std::array<std::string, 3>> children;  // table, its column, the parent's column
  {
    Stmt q(db, "SELECT m.name, f.\"from\", coalesce(f.\"to\", 'rowid') FROM main.sqlite_schema m, "
               "pragma_foreign_key_list(m.name, 'main') f WHERE m.type = 'table' AND f.\"table\" = ? ORDER BY m.name");
    q.Bind(1, table);
    while (q.Step()) children.push_back({q.Text(0), q.Text(1), q.Text(2)});
  }
  for (const auto& c : children) {
    if (depth > 8) break;  // the schema's references are two deep; never a cycle
    auto more = CascadeDeletes(db, c[0], c[1] + " IN (SELECT " + c[2] + " FROM main." + table + " WHERE " + where + ")",
                               depth + 1);
    out.insert(out.end(), more.begin(), more.end());
  }
  out.push_back("DELETE FROM main." + table + " WHERE " + where);
  return out;
}

// One shard's steps inside the group's transaction (the shard attached as `schema`).
Status Catalogue::MergeOne(const std::string& schema, const std::string& shard_path, MergeStats& st) {
  sqlite3* db = impl_->db.get();
  auto fail = [&](const std::string& why) { return Status::Error("merge", why, shard_path); };
  // The steps are written against "s."; the shard is attached under its own name.
  static const std::regex shard_ref(R"(([ (,])s\.)");
  auto In = [&](const std::string& sql) { return std::regex_replace(sql, shard_ref, "$1" + schema + "."); };
  Status result;
  // The merge is one change of this catalogue: its number and its time (never the shard's).
  auto change = NextChange(db);
  if (!change.ok()) return fail(change.status().message());
  const long long seq = change->seq;
  const std::string now = change->now;
  const bool trace = std::getenv("PROTOKOLL_MERGE_TRACE") != nullptr;
  auto exec = [&](const std::string& sql, const std::vector<long long>& binds = {}) -> Status {
    const std::clock_t c0 = std::clock();
    Stmt q(db, In(sql));
    int k = 0;
    for (long long b : binds) q.Bind(++k, b);
    while (q.Step()) {
    }
    if (trace)
      std::fprintf(stderr, "merge-trace %.3f %s\n", double(std::clock() - c0) / CLOCKS_PER_SEC, sql.substr(0, 60).c_str());
    return q.ok() ? Status{} : fail(q.error() + " in: " + sql.substr(0, 80));
  };
  std::vector<std::string> steps = {
      "DROP TABLE IF EXISTS temp.merge_docs", "DROP TABLE IF EXISTS temp.merge_old",
      "DROP TABLE IF EXISTS temp.doc_map", "DROP TABLE IF EXISTS temp.item_map",
      // The shard's readings to take: of files not here, or here as an earlier generation
      // from the same origin (a re-run there), unless let go here or at a path where a later
      // reading from that origin lies. Never by clocks; paths of other origins do not
      // decide (two batches may each have a file at /data/in/x.pdf: both are kept).
      // The same bytes read by another catalogue at another path: the smaller path's reading
      // stands, as one ingest of both folders keeps the file it meets first in its sorted walk
      // (so a merge of shards in any order equals one ingest).
      "CREATE TEMP TABLE merge_docs AS SELECT sd.id AS sid FROM s.documents sd WHERE NOT EXISTS (SELECT 1 FROM "
      "main.documents d WHERE d.sha256 = sd.sha256 AND NOT (d.origin = sd.origin AND d.generation < sd.generation) "
      "AND NOT (d.origin <> sd.origin AND sd.path < d.path)) "
      "AND NOT EXISTS (SELECT 1 FROM main.replaced_documents r WHERE r.sha256 = sd.sha256 AND r.origin = sd.origin "
      "AND r.generation >= sd.generation) AND NOT EXISTS (SELECT 1 FROM main.documents d WHERE d.path = sd.path AND "
      "d.path_bytes IS sd.path_bytes AND d.origin = sd.origin AND d.generation > sd.generation)",
      // Documents here that those replace: the same bytes (an earlier generation), or an
      // earlier reading from the same origin at the same path (the file changed there); and
      // readings the shard let go (a shard made by merging: its order of events travels).
      "CREATE TEMP TABLE merge_old AS SELECT d.id AS did FROM main.documents d JOIN s.documents sd ON sd.sha256 = "
      "d.sha256 WHERE sd.id IN (SELECT sid FROM temp.merge_docs) UNION SELECT d.id FROM main.documents d JOIN "
      "s.documents sd ON sd.path = d.path AND sd.path_bytes IS d.path_bytes AND sd.origin = d.origin AND "
      "d.generation < sd.generation WHERE sd.id IN (SELECT sid FROM temp.merge_docs) UNION SELECT d.id FROM "
      "main.documents d JOIN s.replaced_documents r ON r.sha256 = d.sha256 AND r.origin = d.origin AND "
      "r.generation >= d.generation"};
  for (const std::string& sql : steps)
    if (Status s = exec(sql); !s.ok()) {
      result = s;
      break;
    }
  if (result.ok()) {
    Stmt counts(db, In("SELECT (SELECT count(*) FROM temp.merge_docs), (SELECT count(*) FROM temp.merge_old), "
                    "(SELECT count(*) FROM s.documents)"));
    if (counts.Step()) {
      st.documents = counts.Int(0);
      st.replaced = counts.Int(1);
      st.skipped = counts.Int(2) - counts.Int(0);
    }
  }
  // (A vector of binds, not an initializer_list: a list's array would not outlive this line.)
  std::vector<std::pair<std::string, std::vector<long long>>> copy = {
      {LetGo("id IN (SELECT did FROM temp.merge_old)"), {seq}},
      {"INSERT INTO main.replaced_documents(sha256, origin, generation, seq) SELECT sha256, origin, generation, ?1 "
       "FROM s.replaced_documents WHERE true ON CONFLICT(sha256, origin) DO UPDATE SET generation = "
       "max(generation, excluded.generation), seq = excluded.seq", {seq}},
      {"INSERT INTO main.removed_items(id, seq, removed_at) SELECT id, " + std::to_string(seq) + ", '" + now +
           "' FROM main.items WHERE document_id IN (SELECT did FROM temp.merge_old)", {}},
  };
  for (const std::string& sql : CascadeDeletes(db, "documents", "id IN (SELECT did FROM temp.merge_old)"))
    copy.push_back({sql, {}});
  for (std::pair<std::string, std::vector<long long>> step : std::vector<std::pair<std::string, std::vector<long long>>>{
      {"INSERT INTO main.documents(sha256, path, size, pages, format, encoding, body, meeting_date, ingested_at, seq, "
       "municipality, path_bytes, origin, generation) SELECT sha256, path, size, pages, format, encoding, body, "
       "meeting_date, ingested_at, ?, municipality, path_bytes, origin, generation FROM s.documents "
       "WHERE id IN (SELECT sid FROM temp.merge_docs) ORDER BY id", {seq}},
      {"CREATE TEMP TABLE doc_map AS SELECT sd.id AS sid, d.id AS did FROM s.documents sd JOIN main.documents d ON "
       "d.sha256 = sd.sha256 WHERE sd.id IN (SELECT sid FROM temp.merge_docs)", {}},
      {"INSERT INTO main.pages(document_id, page, source, ocr_confidence, ocr_variant, text, image_width, "
       "image_height) SELECT m.did, p.page, p.source, p.ocr_confidence, p.ocr_variant, p.text, p.image_width, "
       "p.image_height FROM s.pages p JOIN temp.doc_map m ON m.sid = p.document_id", {}},
      {"INSERT INTO main.ocr_lines(document_id, page, line, confidence, left, top, width, height, text, words) SELECT "
       "m.did, l.page, l.line, l.confidence, l.left, l.top, l.width, l.height, l.text, l.words FROM s.ocr_lines l JOIN "
       "temp.doc_map m ON m.sid = l.document_id", {}},
      {"INSERT INTO main.page_problems(document_id, page, stage, reason) SELECT m.did, p.page, p.stage, p.reason FROM "
       "s.page_problems p JOIN temp.doc_map m ON m.sid = p.document_id", {}},
      {"INSERT INTO main.document_quality(document_id, score, items, meetings, unsegmented, header_style, "
       "numbering_gaps, numbering_restarts, share_title, share_dnr, share_decision, ocr_confidence, reasons) SELECT "
       "m.did, q.score, q.items, q.meetings, q.unsegmented, q.header_style, q.numbering_gaps, q.numbering_restarts, "
       "q.share_title, q.share_dnr, q.share_decision, q.ocr_confidence, q.reasons FROM s.document_quality q JOIN "
       "temp.doc_map m ON m.sid = q.document_id", {}},
      // Items in the shard's order, then their FTS rows.
      {std::string("INSERT INTO main.items(") + kItemColumns + ") SELECT i.id, m.did, i.ordinal, i.paragraph, "
       "i.paragraph_label, i.page_start, i.page_end, i.body, i.meeting_date, i.title, i.decision, i.text, i.source, "
       "i.ocr_confidence, ?, '" + now + "', i.record, i.title_terms, i.terms, i.parts, i.facets, i.extracted, i.hidden "
       "FROM s.items i JOIN temp.doc_map m ON m.sid = i.document_id ORDER BY i.rowid", {seq}},
      {"CREATE TEMP TABLE item_map AS SELECT si.rowid AS srow, mi.rowid AS mrow FROM s.items si JOIN main.items mi ON "
       "mi.id = si.id WHERE si.document_id IN (SELECT sid FROM temp.doc_map)", {}},
      // The search rows from the shard's copy of the items (the same columns kIndexItems takes),
      // not from the rows just written here: those have mostly left the page cache by now.
      {"INSERT INTO items_fts(rowid, title, decision, text, title_terms, terms, parts, facets) SELECT m.mrow, "
       "i.title, coalesce(i.decision, ''), i.text, i.title_terms, i.terms, i.parts, i.facets FROM temp.item_map m "
       "JOIN s.items i ON i.rowid = m.srow ORDER BY m.mrow", {}},
      {"INSERT INTO main.item_facets(item_rowid, year, meeting_date, body_key, ocr, municipality_key) SELECT m.mrow, "
       "f.year, f.meeting_date, f.body_key, f.ocr, f.municipality_key FROM s.item_facets f JOIN temp.item_map m ON "
       "m.srow = f.item_rowid", {}},
      {"INSERT INTO main.item_diarienummer(item_rowid, ordinal, raw, normalized, board, year, serial, page) SELECT "
       "m.mrow, n.ordinal, n.raw, n.normalized, n.board, n.year, n.serial, n.page FROM s.item_diarienummer n JOIN "
       "temp.item_map m ON m.srow = n.item_rowid", {}},
      {"INSERT INTO main.item_amounts(item_rowid, raw, sek, period, page) SELECT m.mrow, a.raw, a.sek, a.period, "
       "a.page FROM s.item_amounts a JOIN temp.item_map m ON m.srow = a.item_rowid", {}},
      {"INSERT INTO main.item_dates(item_rowid, date, page) SELECT m.mrow, d.date, d.page FROM s.item_dates d JOIN "
       "temp.item_map m ON m.srow = d.item_rowid", {}},
      {"INSERT INTO main.item_years(item_rowid, year, page) SELECT m.mrow, y.year, y.page FROM s.item_years y JOIN "
       "temp.item_map m ON m.srow = y.item_rowid", {}},
      {"INSERT INTO main.item_people(item_rowid, part, name, name_key, party, detail, page) SELECT m.mrow, p.part, "
       "p.name, p.name_key, p.party, p.detail, p.page FROM s.item_people p JOIN temp.item_map m ON m.srow = "
       "p.item_rowid", {}},
      {"INSERT INTO main.item_votes(item_rowid, method, ja, nej, avstar, franvarande, page) SELECT m.mrow, v.method, "
       "v.ja, v.nej, v.avstar, v.franvarande, v.page FROM s.item_votes v JOIN temp.item_map m ON m.srow = "
       "v.item_rowid", {}},
      {"INSERT INTO main.meeting_people(document_id, meeting, part, name, name_key, party, role, page) SELECT m.did, "
       "p.meeting, p.part, p.name, p.name_key, p.party, p.role, p.page FROM s.meeting_people p JOIN temp.doc_map m ON "
       "m.sid = p.document_id", {}},
      {"INSERT OR IGNORE INTO main.vocabulary(term, word, kind) SELECT term, word, kind FROM s.vocabulary", {}},
      {"INSERT INTO main.corrections(item_id, field, value, author, created_at, note) SELECT c.item_id, c.field, "
       "c.value, c.author, c.created_at, c.note FROM s.corrections c WHERE NOT EXISTS (SELECT 1 FROM "
       "main.corrections x WHERE x.item_id = c.item_id AND x.field = c.field AND x.value = c.value AND "
       "x.created_at = c.created_at) ORDER BY c.id", {}},
      // Files the shard could not read, unless this catalogue holds them now; and failures
      // here that the shard has since read.
      {"DELETE FROM main.failures WHERE path IN (SELECT path FROM s.documents WHERE id IN (SELECT sid FROM "
       "temp.doc_map))", {}},
      {"INSERT OR REPLACE INTO main.failures(path, sha256, stage, reason, failed_at, attempts, path_bytes) SELECT "
       "f.path, f.sha256, f.stage, f.reason, f.failed_at, f.attempts, f.path_bytes FROM s.failures f WHERE NOT EXISTS "
       "(SELECT 1 FROM main.documents d WHERE d.path = f.path AND d.path_bytes IS f.path_bytes)", {}},
       }) {
    // Rows copied many to a statement: a constraint broken rolls the whole transaction back (the
    // group is then merged again a shard at a time). So SQLite keeps no statement journal — a
    // copy, made before each statement changes it, of every page of the catalogue the statement
    // touches: with indexes keyed at random (item ids, dates, diarienummer) that is nearly every
    // page of them, and it was the cost that grew with the catalogue.
    const std::string plain = "INSERT INTO main.";
    if (step.first.rfind(plain, 0) == 0 && step.first.find("ON CONFLICT") == std::string::npos)
      step.first = "INSERT OR ROLLBACK INTO main." + step.first.substr(plain.size());
    copy.push_back(std::move(step));
  }
  long long corrections_before = 0;  // corrections here have ids up to this
  {
    Stmt q(db, "SELECT coalesce(max(id), 0) FROM main.corrections");
    if (q.Step()) corrections_before = q.Int(0);
    if (!q.ok()) result = fail(q.error());
  }
  for (const auto& [sql, binds] : copy) {
    if (!result.ok()) break;
    result = exec(sql, binds);
  }
  if (result.ok()) {
    Stmt n(db, In("SELECT (SELECT count(*) FROM temp.item_map), (SELECT count(*) FROM s.failures)"));
    if (n.Step()) {
      st.items = n.Int(0);
      st.failures = n.Int(1);
    }
    // Corrections apply to the new items (those made here before too), and the corrections
    // the shard brought to the items they correct, merged before or now (made in the shard
    // after its last merge, they were copied and never applied).
    Stmt c(db, "SELECT DISTINCT c.item_id FROM main.corrections c JOIN main.items i ON i.id = c.item_id WHERE "
               "i.rowid IN (SELECT mrow FROM temp.item_map) OR c.id > ? ORDER BY c.item_id");
    c.Bind(1, corrections_before);
    std::vector<std::string> ids;
    while (c.Step()) ids.push_back(c.Text(0));
    auto retitle = [&](const std::string& t, const std::string& x) { return impl_->Retitle(t, x); };
    for (const std::string& id : ids)
      if (result.ok()) result = ApplyCorrections(db, id, seq, now, retitle);
  }
  for (const char* sql : {"DROP TABLE IF EXISTS temp.merge_docs", "DROP TABLE IF EXISTS temp.merge_old",
                          "DROP TABLE IF EXISTS temp.doc_map", "DROP TABLE IF EXISTS temp.item_map"})
    sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return result;
}

Result<Catalogue::MergeStats> Catalogue::Merge(const std::string& shard_path) {
  return MergeAll({shard_path}).front();
}

std::vector<Result<Catalogue::MergeStats>> Catalogue::MergeAll(const std::vector<std::string>& shard_paths) {
  sqlite3* db = impl_->db.get();
  std::vector<Result<MergeStats>> out(shard_paths.size(), Status::Error("merge", "not merged"));
  long long cache_before = 0;
  {
    Stmt q(db, "PRAGMA cache_size");
    if (q.Step()) cache_before = q.Int(0);
  }
  sqlite3_exec(db, ("PRAGMA cache_size=-" + std::to_string(kMergeCacheKiB)).c_str(), nullptr, nullptr, nullptr);
  // The index's own settings (FTS5's defaults when never set), restored at the end.
  auto fts_setting = [&](const char* key, long long fallback) {
    Stmt q(db, "SELECT v FROM items_fts_config WHERE k = ?");
    q.Bind(1, std::string(key));
    return q.Step() ? q.Int(0) : fallback;
  };
  auto set_fts = [&](const char* key, long long value) {
    Stmt q(db, "INSERT INTO items_fts(items_fts, rank) VALUES(?, ?)");
    q.Bind(1, std::string(key)).Bind(2, value);
    q.Step();
  };
  // Kept in meta while the merge runs: a merge killed before it put them back leaves its own
  // settings in the index, and the next merge must restore the catalogue's, not those.
  long long automerge_before = fts_setting("automerge", 4), hashsize_before = fts_setting("hashsize", 1 << 20);
  {
    Stmt q(db, "SELECT value FROM meta WHERE key = 'fts_settings_before_merge'");
    if (q.Step()) {
      const std::string v = q.Text(0);
      const size_t sp = v.find(' ');
      if (sp != std::string::npos) {
        automerge_before = std::atoll(v.c_str());
        hashsize_before = std::atoll(v.c_str() + sp + 1);
      }
    } else {
      Stmt put(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('fts_settings_before_merge', ?)");
      put.Bind(1, std::to_string(automerge_before) + " " + std::to_string(hashsize_before));
      put.Step();
    }
  }
  set_fts("automerge", kMergeFtsAutomerge);
  set_fts("hashsize", kMergeFtsHashBytes);
  sqlite3_exec(db, "PRAGMA foreign_keys=OFF", nullptr, nullptr, nullptr);  // see CascadeDeletes
  size_t next = 0;
  while (next < shard_paths.size()) {
    // The shards are read without writing a byte: in place (immutable) when they are of this
    // schema and whole; else a private copy is migrated or recovered and read instead.
    struct Attached {
      size_t index;
      std::string schema;
      std::unique_ptr<ShardCopy> copy;
    };
    std::vector<Attached> group;
    std::uintmax_t bytes = 0;
    while (next < shard_paths.size() && group.size() < kGroupShards && (group.empty() || bytes < kGroupBytes)) {
      const size_t i = next++;
      const std::string& shard_path = shard_paths[i];
      auto info = InspectShard(shard_path);
      if (!info.ok()) {
        out[i] = info.status();
        continue;
      }
      auto copy = std::make_unique<ShardCopy>();
      std::string attach_name = "file:" + UriPath(shard_path) + "?mode=ro&immutable=1";
      if (info->version < CatalogueSchemaVersion() || info->pending_wal) {
        std::error_code ec;
        const char* tmp = std::getenv("TMPDIR");
        const std::string pattern = (tmp && *tmp ? std::string(tmp) : std::string("/tmp")) + "/protokoll-merge-XXXXXX";
        std::vector<char> buf(pattern.begin(), pattern.end());
        buf.push_back('\0');
        if (!mkdtemp(buf.data())) {
          out[i] = Status::Error("merge", "cannot make a folder for a copy of the shard (TMPDIR)", shard_path);
          continue;
        }
        copy->dir = buf.data();
        const std::filesystem::path to = copy->dir / "shard.sqlite";
        std::filesystem::copy_file(shard_path, to, ec);
        if (!ec && info->pending_wal) std::filesystem::copy_file(shard_path + "-wal", to.string() + "-wal", ec);
        if (ec) {
          out[i] = Status::Error("merge", "cannot copy the shard to read it: " + ec.message(), shard_path);
          continue;
        }
        auto migrated = Catalogue::Open(to.string());  // migrates the copy, and takes in its -wal
        if (!migrated.ok()) {
          out[i] = Status::Error("merge", migrated.status().message(), shard_path);
          continue;
        }
        attach_name = "file:" + UriPath(to.string()) + "?mode=ro";
      }
      const std::string schema = "s" + std::to_string(group.size());
      Stmt attach(db, "ATTACH DATABASE ? AS " + schema);
      attach.Bind(1, attach_name);
      attach.Step();
      if (!attach.ok()) {
        out[i] = Status::Error("merge", "cannot attach: " + attach.error(), shard_path);
        continue;
      }
      std::error_code ec;
      const std::uintmax_t size = std::filesystem::file_size(shard_path, ec);
      bytes += ec ? 0 : size;
      group.push_back({i, schema, std::move(copy)});
    }
    if (!group.empty()) {
      // One transaction for the group. No savepoint per shard: a savepoint journals every page
      // an earlier shard of the group already changed — the very pages the group is there to
      // write once. A shard that fails rolls the group back, and the group is merged again a
      // shard to a transaction, so that one bad shard costs only itself. A killed merge leaves
      // the catalogue as the last commit left it, and running it again goes on from there.
      auto run = [&](const std::vector<Attached*>& part) {
        Transaction tx(db);
        Status s = tx.Begin();
        std::vector<MergeStats> stats(part.size());
        for (size_t k = 0; s.ok() && k < part.size(); ++k)
          s = MergeOne(part[k]->schema, shard_paths[part[k]->index], stats[k]);
        if (s.ok()) s = tx.Commit();
        for (size_t k = 0; k < part.size(); ++k)
          out[part[k]->index] = s.ok() ? Result<MergeStats>(stats[k]) : Result<MergeStats>(s);
        return s.ok();
      };
      std::vector<Attached*> all;
      for (Attached& a : group) all.push_back(&a);
      if (!run(all) && all.size() > 1)
        for (Attached* a : all) run({a});
    }
    for (Attached& a : group) sqlite3_exec(db, ("DETACH DATABASE " + a.schema).c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
  set_fts("automerge", automerge_before);
  set_fts("hashsize", hashsize_before);
  sqlite3_exec(db, "DELETE FROM meta WHERE key = 'fts_settings_before_merge'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, ("PRAGMA cache_size=" + std::to_string(cache_before)).c_str(), nullptr, nullptr, nullptr);
  return out;
}

}  // namespace protokoll::catalogue
