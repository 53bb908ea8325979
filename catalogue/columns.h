// What search filters and counts read for every match, kept in memory by a long-running
// process (the web server), as a search engine keeps its per-document values: the meeting year
// and date, the body, the municipality, the amounts, OCR or not, hidden, and the item's length in the full-text
// index (for the ranking, which would otherwise look it up in FTS5's docsize rows per match). A
// filter or a facet is then an array lookup per match instead of a b-tree lookup in SQLite
// (about 1.5 µs each: 40 ms for a word found in 25,000 items of a 100,000-item catalogue, twice
// over with the facets).
//
// One copy per catalogue file per process, shared by all its connections. Brought up to date
// before each search from `items.seq`, which every store, correction and merge raises: only the
// items changed since are read again. An item deleted since is never looked up (the full-text
// index no longer returns it).
#ifndef PROTOKOLL_CATALOGUE_COLUMNS_H_
#define PROTOKOLL_CATALOGUE_COLUMNS_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalogue/catalogue.h"
#include "catalogue/mapped.h"

namespace protokoll::catalogue {

class FilterColumns {
 public:
  // The copy for the catalogue at `path` (made empty on first call; Refresh fills it).
  static std::shared_ptr<FilterColumns> ForFile(const std::string& path);

  // Reads what changed since the last call: everything the first time, then the items whose
  // seq is higher than the highest seen. Cheap when nothing changed (one row read).
  Status Refresh(sqlite3* db);

  // The filters of one search, prepared against the copy: passes(rowid) is then a few array
  // reads. Holds the copy's read lock for its lifetime (a refresh waits).
  class View {
   public:
    View(const FilterColumns& c, const SearchOptions& o);
    // 1: the item passes every filter of `o` but the diarienummer (the full-text index has
    // that) and is not hidden; 0: it does not; -1: the copy does not hold it. Fastest when
    // called in ascending rowid order.
    int Passes(long long rowid) const;
    // Counts a passing item into the total, its body's and its decade's count.
    void Count(long long rowid);
    // Whether Passes met an item the copy does not hold (the answer must then come from SQL).
    bool missing() const { return missing_; }
    // The meeting date's rank among the dates of the copy (higher is later); -1: no date.
    int DateRank(long long rowid) const;
    // The meeting date as stored (ISO); nullptr: none, or the copy does not hold the item.
    const std::string* MeetingDate(long long rowid) const;
    // The meeting date as the rank window keys it (RankWindow::KeyOfDate); -1: none, or the
    // copy does not hold the item.
    long long DateKey(long long rowid) const;
    // The item's length in the full-text index (its tokens in all columns, what FTS5's
    // xColumnSize(-1) reads from items_fts_docsize); -1: the copy does not hold it.
    int Length(long long rowid) const;
    // What Count counted, as the SQL path groups it: per folded body key (NULL as "") and per
    // folded municipality key (NULL left out) its count and smallest rowid, per decade its count.
    void Summary(std::map<std::string, std::pair<long long, long long>>& bodies,
                 std::map<std::string, std::pair<long long, long long>>& municipalities,
                 std::map<long long, long long>& decades, long long& total) const;
    // Shares of the copy's items (0–1) with a meeting year in [from, to], with an amount of at
    // least 10^k: how selective a filter is, which decides whether its token is worth
    // intersecting inside the full-text index.
    double YearShare(int from, int to) const;
    double AmountShare(int k) const;
    // Every rowid of the copy, ascending.
    void ForEach(const std::function<void(long long)>& f) const;
    // The catalogue state (`meta.seq`) the copy holds.
    long long seq() const { return seq_; }

   private:
    long long Index(long long rowid) const;  // position in the copy, -1 if absent
    long long Find(long long rowid) const;   // the same, without the memo of the last row
    const FilterColumns& c_;
    std::shared_lock<std::shared_mutex> lock_;
    std::optional<int> year_from_, year_to_;
    std::optional<double> min_amount_, max_amount_;
    bool filter_dates_ = false, filter_body_ = false, filter_municipality_ = false;
    std::vector<char> date_ok_, body_ok_, municipality_ok_;  // per distinct date / body / municipality key
    int source_ = 0;                       // 1: OCR only, 2: text only
    std::vector<std::pair<long long, long long>> body_counts_;  // per body id: (count, smallest rowid)
    std::pair<long long, long long> no_body_{0, 0};
    std::vector<std::pair<long long, long long>> municipality_counts_;  // likewise, per municipality id
    std::vector<long long> decade_counts_;  // per decade from decade_base_ on
    long long decade_base_ = 0;
    long long total_ = 0;
    mutable size_t hint_ = 0;  // matches arrive in rowid order: the next lookup starts here
    mutable long long last_rowid_ = -1, last_index_ = -1;  // the filter's row, then its score's
    mutable bool missing_ = false;
    long long seq_ = -1;
  };

  long long size() const;
  // The catalogue state the copy holds (-1: none yet).
  long long seq() const;

  // The copy as a section of the lists file (catalogue/mapped.h), and back: Load uses the
  // mapped arrays in place (a later Refresh that finds the catalogue changed copies them
  // first). Load fails, leaving the copy empty, when the section does not add up.
  void Save(ListsWriter& w) const;
  Status Load(ListsReader& r, std::shared_ptr<const MappedFile> file);
  // Empties the copy, as a failed Load leaves it (the next Refresh reads everything).
  void Clear();

 private:
  void ClearLocked();
  struct Row {
    int32_t date = -1;  // index into dates_; -1: no meeting date
    int32_t body = -1;  // index into bodies_; -1: no body
    int32_t municipality = -1;  // index into municipalities_; -1: none known
    int32_t year = INT32_MIN;  // INT32_MIN: none
    uint32_t amount_begin = 0;  // amounts_[amount_begin, amount_begin + amount_count)
    uint16_t amount_count = 0;
    bool ocr = false, hidden = false;
    int32_t length = -1;  // tokens in the full-text index; -1: unknown
  };
  Status LoadAll(sqlite3* db);
  Status LoadChanged(sqlite3* db, long long since);
  long long IndexOf(long long rowid) const;
  int32_t Intern(std::vector<std::string>& pool, std::unordered_map<std::string, int32_t>& ids,
                 const std::string& s, bool* added);
  void RankDates();
  void IndexRowids();  // dense_ when the rowids are dense enough, and the hot columns below
  void Tally(const Row& r, int sign);  // the counts below, for one row in or out
  static int32_t DocsizeTotal(const void* blob, int bytes);  // an items_fts_docsize row, summed

  void Publish();  // the own arrays become what searches read (after a load)
  void OwnAll();   // the mapped arrays copied, before a load changes them

  mutable std::shared_mutex mu_;  // readers: searches (View); writer: Refresh
  std::mutex refresh_mu_;         // one refresh at a time
  long long seq_ = -1;            // the highest items.seq read; -1: never loaded
  long long removed_ = 0;         // items removed from the catalogue since the last full read
  Array<long long> rowids_;  // ascending
  Array<Row> rows_;         // parallel to rowids_
  Array<int32_t> dense_;     // per rowid from dense_base_: its position (-1: none); empty: sparse rowids
  long long dense_base_ = 0;
  // What every match reads (Passes, DateKey, Count), apart from rows_ and parallel to it, a
  // field to an array: a search then streams through the few bytes per item it needs (5 for a
  // word without filters) instead of the whole rows (28 bytes: at 5M items the pass over a
  // common word's matches waited on memory more than half of its time).
  Array<uint8_t> hot_flags_;  // 1: hidden, 2: OCR
  Array<int32_t> hot_date_, hot_body_, hot_municipality_, hot_year_;
  Array<double> hot_amount_max_;  // the item's largest amount; -inf: none
  Array<double> amounts_;
  std::vector<std::string> dates_, bodies_, municipalities_;
  std::unordered_map<std::string, int32_t> date_ids_, body_ids_, municipality_ids_;
  std::vector<int32_t> date_rank_;  // per date id: its position among the dates sorted
  std::vector<long long> date_keys_;  // per date id: RankWindow::KeyOfDate of it
  // Items per meeting year, and with an amount of at least 10^k (k = 0…12).
  std::map<int, long long> year_count_;
  long long magnitude_count_[13] = {};
  std::shared_ptr<const MappedFile> file_;  // what the arrays are mapped from (Load), if they are
};

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_COLUMNS_H_
