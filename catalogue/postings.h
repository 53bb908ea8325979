// The common words' (and phrases') match lists, kept in memory by a long-running process (the web server), as
// a search engine keeps its posting lists: for a word found in a large share of the catalogue,
// every item it is in (ascending rowid) with the word's weighted count there, the one number the
// ranking needs of it. A search whose words are all held (or cheap to read) is then answered
// from these lists and the filter columns (catalogue/columns.h) alone, without walking FTS5's
// doclists a row at a time through SQLite: FTS5 takes 82 ms just to count a word found in 2.5M
// of 5M items, and half a second more to rank it.
//
// The answer is FTS5's to the last bit: each list is read from FTS5 itself (the phrase as a
// query of its own), the weighted count is summed as protokoll_rank sums it (the same weights,
// the same order of instances), and the phrases' scores are added in the query's order. The
// common words are read ahead (Warm); any other phrase's list is read from FTS5 when a search
// first needs it and kept when it is long (a common phrase, "läggs till handlingarna", is then
// as quick as a word from its second search on). A search with a diarienummer filter is left to
// FTS5. One copy per catalogue file per process, for one state of the catalogue (its change
// counter `meta.seq`): after any change no list is used, and searches take the FTS5 path, until
// Warm has read the common words again (reading a common word's list costs more than FTS5's
// pass over it, so searches do not read them one by one meanwhile).
#ifndef PROTOKOLL_CATALOGUE_POSTINGS_H_
#define PROTOKOLL_CATALOGUE_POSTINGS_H_

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalogue/catalogue.h"
#include "catalogue/columns.h"

namespace protokoll::catalogue {

class TermIndex {
 public:
  // One word's matches: per item, ascending, the rowid's distance from the one before and the
  // weighted count's place in `values` (two LEB128 numbers); a dozen distinct counts make up
  // nearly all of a list, so an entry is two or three bytes.
  static constexpr long long kBlock = 128;  // entries a block: where a walk may skip to
  struct List {
    Array<uint8_t> bytes;
    Array<double> values;
    long long count = 0;
    Array<uint32_t> block_offset;  // per block of kBlock entries: its first byte
    Array<long long> block_base;   // and the rowid before it
    // The memory the list holds (a mapped list: none of its own).
    size_t Size() const {
      return bytes.Bytes() + values.Bytes() + block_offset.Bytes() + block_base.Bytes() + sizeof(List);
    }
    // Per block, the newest meeting date key among its items (RankWindow::KeyOfDate; -1: none),
    // for the state of the filter columns `view` holds: made on first use, then kept (a list
    // belongs to one state of the catalogue).
    const Array<long long>& NewestPerBlock(const FilterColumns::View& view) const;
    // The list as a part of the lists file, and back (in place, checked: false when it does not
    // add up; the newest per block as made for the columns' state `seq`).
    void Save(ListsWriter& w, const FilterColumns::View& view) const;
    bool Load(ListsReader& r, std::shared_ptr<const MappedFile> file, long long seq);

   private:
    mutable std::mutex mu_;
    mutable Array<long long> newest_;
    mutable long long newest_seq_ = -1;
    std::shared_ptr<const MappedFile> file_;  // what a loaded list is mapped from
  };
  // Walks a list in rowid order.
  class Cursor {
   public:
    explicit Cursor(const List& l)
        : list_(&l), p_(l.bytes.data()), end_(p_ + l.bytes.size()), values_(l.values.data()), n_values_(l.values.size()) {
      Next();
    }
    bool done() const { return done_; }
    long long rowid() const { return rowid_; }
    double weight() const { return weight_; }
    void Next();
    // The block of the current entry, and a step to the next block's first entry.
    size_t block() const { return static_cast<size_t>((read_ - 1) / kBlock); }
    void NextBlock();
    // To the first entry at or after `rowid`, a block at a time while it can.
    void SkipTo(long long rowid);

   private:
    const List* list_;
    const uint8_t *p_, *end_;
    const double* values_;
    size_t n_values_;
    long long rowid_ = 0, read_ = 0;
    double weight_ = 0;
    bool done_ = false;
  };
  // The totals protokoll_rank averages lengths by (FTS5's row count and token count).
  struct Totals {
    long long rows = 0, tokens = 0;
  };

  // The copy for the catalogue at `path` (made empty on first call).
  static std::shared_ptr<TermIndex> ForFile(const std::string& path);

  // Lists of words found in at least `min_items` items are kept, up to `budget_bytes` in all.
  void Configure(long long min_items, size_t budget_bytes);
  long long min_items() const;

  // The list of `phrase` (as Gather takes it) read at catalogue state `seq`, if held.
  std::shared_ptr<const List> Find(const std::string& phrase, long long seq) const;
  // Keeps a list read at `seq` (if it is long enough and fits): a state newer than the copy's
  // drops everything held for the older one.
  void Offer(const std::string& term, std::shared_ptr<const List> list, long long seq);
  long long seq() const;
  // How many lists are held.
  long long Held() const;
  // The catalogue state Warm last read the common words at (-1: never).
  long long warmed_seq() const;

  // Reads the list of `phrase` (an FTS5 query of one phrase: "\"bidrag\"", "{title decision
  // text} : \"vatten och avlopp\"") from FTS5: every item it matches, with the phrase's
  // weighted count there.
  static Status Gather(sqlite3* db, const std::string& phrase, List* out);
  // FTS5's totals (what xRowCount and xColumnTotalSize(-1) give the ranking).
  static Result<Totals> ReadTotals(sqlite3* db);
  // The index terms FTS5 makes of `text` (unicode61, diacritics kept), in order.
  static Result<std::vector<std::string>> Tokens(sqlite3* db, const std::string& text);

  // Reads the lists of the catalogue's common words afresh, in one read transaction: the words
  // found in a sample of the items (every item up to 20,000, else 20,000 spread over the
  // rowids), read whole from FTS5 when the sample says they may be in `min_items` items, kept
  // when they are. Returns what it holds now.
  // Stops early when `cancel` becomes true (what was read is then dropped).
  using WarmStats = Catalogue::TermIndexStats;
  Result<WarmStats> Warm(sqlite3* db, const std::atomic<bool>* cancel);

  // The lists held (at seq()) as a section of the lists file, each with its newest meeting per
  // block for the columns' state `view`; and back, in place of what is held (false, holding
  // nothing, when the section does not add up).
  void Save(ListsWriter& w, const FilterColumns::View& view) const;
  Status Load(ListsReader& r, std::shared_ptr<const MappedFile> file);

 private:
  mutable std::mutex mu_;
  long long min_items_ = 10000;
  size_t budget_ = size_t{1} << 30;
  long long seq_ = -1, warmed_seq_ = -1;
  std::unordered_map<std::string, std::shared_ptr<const List>> lists_;
  size_t bytes_ = 0;
};

// The FTS5 auxiliary function protokoll_gather(items_fts, BUILDER): appends the row's rowid and
// the query's first phrase's weighted count to BUILDER (a pointer of type kGatherPointer).
// Registered by RegisterRankFunction.
inline constexpr char kGatherPointer[] = "protokoll_gather";
bool RegisterGatherFunction(fts5_api* api);

// A text as one FTS5 phrase: in double quotes, its own quotes doubled.
std::string QuotePhrase(std::string_view s);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_POSTINGS_H_
