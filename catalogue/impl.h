// Catalogue internals shared by its .cc files.
#ifndef PROTOKOLL_CATALOGUE_IMPL_H_
#define PROTOKOLL_CATALOGUE_IMPL_H_

#include "catalogue/catalogue.h"
#include "catalogue/columns.h"
#include "catalogue/postings.h"
#include "catalogue/sqlite_util.h"
#include "catalogue/terms.h"

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace protokoll::catalogue {

// The schema version this build writes (PRAGMA user_version of a catalogue).
int CatalogueSchemaVersion();

// Who a person-or-party filter means (search's reserved_by, moved_by, present; the person page),
// as SQL over a row `p` with columns `party` and `name_key`: " AND p.party = ?" for a party
// ("SD", "fp", "Moderaterna"), else each word of the name a part of p.name_key. The text
// parameters are appended to `params` in order.
std::string PersonCondition(const std::string& who, std::vector<std::string>& params);

struct Catalogue::Impl {
  DbPtr db;
  std::string path;
  TermsMode terms_mode = TermsMode::kLemmasAndParts;
  std::unique_ptr<SwedishTerms> terms;  // made on first use (the dictionary takes ~0.15 s)

  std::unordered_set<std::string> known_words;  // in the vocabulary table (this process's view)

  std::future<std::unique_ptr<SwedishTerms>> pending;  // being made in the background

  // With KeepFilterColumns: the in-memory filter columns, and the filters of the search under
  // way, which the SQL function protokoll_passes(rowid) applies.
  std::shared_ptr<FilterColumns> columns;
  const FilterColumns::View* view = nullptr;
  // With KeepTermIndex: the common words' match lists (catalogue/postings.h).
  std::shared_ptr<TermIndex> term_index;
  // Holds the filter columns (registering protokoll_passes) without reading them.
  Status UseColumns();

  SwedishTerms& Terms() {
    if (!terms) terms = pending.valid() ? pending.get() : SwedishTerms::Create(terms_mode);
    return *terms;
  }
  // Base forms of a query word the vocabulary does not know. From the connection's own terms
  // when they are loaded; else from one dictionary shared by every connection of the process
  // (a server has a connection per thread: each loading the dictionary would cost 0.1 s).
  std::vector<std::string> QueryBaseForms(const std::string& word) {
    if (terms) return terms->BaseForms(word);
    return SharedQueryBaseForms(terms_mode, word);
  }
  // The search terms of an item whose title a person corrected, with its new words added to the
  // vocabulary: from the connection's own dictionary when it has one, else from one shared by
  // the process (a server's threads would each load ~50 MB for a rare edit).
  Result<ItemTerms> Retitle(const std::string& title, const std::string& text);
  static std::vector<std::string> SharedQueryBaseForms(TermsMode mode, const std::string& word) {
    static std::mutex mu;
    static std::map<TermsMode, std::unique_ptr<SwedishTerms>> shared;
    std::lock_guard<std::mutex> lock(mu);
    auto& t = shared[mode];
    if (!t) t = SwedishTerms::Create(mode == TermsMode::kLemmasAndParts ? TermsMode::kLemmas : mode);
    return word.empty() ? std::vector<std::string>{} : t->BaseForms(word);
  }
};

// Rolls back unless committed: a failure anywhere leaves the catalogue as it was.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Status Begin() {
    nested_ = !sqlite3_get_autocommit(db_);
    Status s = Exec(db_, nested_ ? "SAVEPOINT tx" : "BEGIN IMMEDIATE", "store");
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    Status s = Exec(db_, nested_ ? "RELEASE tx" : "COMMIT", "store");
    if (s.ok()) open_ = false;
    return s;
  }
  ~Transaction() {
    if (open_) sqlite3_exec(db_, nested_ ? "ROLLBACK TO tx; RELEASE tx" : "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
  bool open_ = false;
  bool nested_ = false;
};

// Indexes new items in items_fts, a document at a time (schemas/catalogue.sql says why not a
// trigger): the columns as the update and delete triggers give them. Followed by a condition.
inline constexpr char kIndexItems[] =
    "INSERT INTO items_fts(rowid, title, decision, text, title_terms, terms, parts, facets) "
    "SELECT rowid, title, coalesce(decision, ''), text, title_terms, terms, parts, facets FROM items WHERE ";

// Records the documents `condition` chooses (its parameters from ?2 on) as let go by change ?1
// (replaced_documents): the newest generation per file and origin is kept.
inline std::string LetGo(const std::string& condition) {
  return "INSERT INTO main.replaced_documents(sha256, origin, generation, seq) SELECT sha256, origin, generation, ?1 "
         "FROM main.documents WHERE " + condition + " ON CONFLICT(sha256, origin) DO UPDATE SET generation = "
         "max(generation, excluded.generation), seq = excluded.seq";
}

// The columns of document_quality in this order, read into a DocumentQuality from column `c`.
inline constexpr char kQualityColumns[] =
    "score, items, meetings, unsegmented, header_style, numbering_gaps, numbering_restarts, share_title, "
    "share_dnr, share_decision, ocr_confidence, reasons";
inline DocumentQuality ReadQuality(const Stmt& q, int c) {
  DocumentQuality d;
  d.score = q.Double(c);
  d.items = static_cast<int>(q.Int(c + 1));
  d.meetings = static_cast<int>(q.Int(c + 2));
  d.unsegmented = q.Int(c + 3) != 0;
  d.header_style = q.Text(c + 4);
  d.numbering_gaps = static_cast<int>(q.Int(c + 5));
  d.numbering_restarts = static_cast<int>(q.Int(c + 6));
  d.share_title = q.Double(c + 7);
  d.share_dnr = q.Double(c + 8);
  d.share_decision = q.Double(c + 9);
  if (!q.IsNull(c + 10)) d.ocr_confidence = q.Double(c + 10);
  d.reasons = q.Text(c + 11);
  return d;
}

// Makes the item's stored record its extracted record with its corrections applied (the newest
// per field), and its columns, search rows and filter tokens follow; `seq` and `now` mark it
// changed for export --since.
// `retitle` makes the search terms of a corrected title (Catalogue::Impl::Retitle).
using Retitler = std::function<Result<ItemTerms>(const std::string& title, const std::string& text)>;
Status ApplyCorrections(sqlite3* db, const std::string& item_id, long long seq, const std::string& now,
                        const Retitler& retitle);
std::string NowUtc();  // UTC, ISO 8601 with milliseconds: "2026-12-05T09:23:47.123Z"
std::string FormatUtcMs(long long ms_since_epoch);  // as NowUtc
// An ISO date or time ("2026-12-05", "2026-12-05T10:23", "2026-12-05 10:23:47.5+01:00", …; no
// zone: UTC) as milliseconds since the epoch; nothing when it is none.
std::optional<long long> ParseIsoTimeMs(const std::string& text);

// A change of the catalogue, inside the write transaction that makes it: its number (meta
// 'seq', export's cursor) and its time (meta 'clock'). The time is the clock's, but always
// after the catalogue's last change: change times in one catalogue increase strictly with the
// numbers, whatever the machine's clock does and whatever times a merged shard brought, so
// `export --since TIME` follows exactly as the number cursor does.
struct Change {
  long long seq = 0;
  std::string now;
};
Result<Change> NextChange(sqlite3* db);

// Writes the search-term columns of every item from its title and text, and the vocabulary.
Status ComputeAllTerms(sqlite3* db, SwedishTerms& terms);
// A row of the vocabulary table: a word and one of its base forms (kind 0) or compound parts (1).
struct VocabularyRow {
  std::string term, word;
  int kind = 0;
};
// The rows for the words not in `known` yet (which are added to it); no database involved.
std::vector<VocabularyRow> VocabularyRows(SwedishTerms& terms, const std::vector<std::string>& words,
                                          std::unordered_set<std::string>& known);
Status InsertVocabulary(sqlite3* db, const std::vector<VocabularyRow>& rows);
// Adds the words of one item to the vocabulary table (those not in `known` yet).
Status AddVocabulary(sqlite3* db, SwedishTerms& terms, const std::vector<std::string>& words,
                     std::unordered_set<std::string>& known);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_IMPL_H_
