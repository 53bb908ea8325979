// protokoll_rank: the ranking function of `protokoll search`, an FTS5 auxiliary function
// registered on protokoll's own connections.
#ifndef PROTOKOLL_CATALOGUE_RANK_H_
#define PROTOKOLL_CATALOGUE_RANK_H_

#include <sqlite3.h>

#include <vector>

#include "catalogue/columns.h"

namespace protokoll::catalogue {

// Registers protokoll_rank(items_fts, w1, w2, …): Okapi BM25 as FTS5's bm25() computes it
// (k1 1.2, b 0.75, per-column weights, the row's length against the average), lower is better,
// except that every phrase's inverse document frequency is 1. FTS5's bm25() finds each phrase's
// document count by reading its whole doclist on every query — 25 ms for a word in 400,000
// items, the cost that kept search slow on large catalogues — while a query's matches all
// contain its phrases: for one word the order is the same, and a query's words (or a word and
// its base forms) count alike. Returns false if FTS5 is not available.
// An optional argument after the weights, a FilterColumns::View bound as a pointer of type
// kViewPointer, gives the rows' lengths from memory.
// Also registers protokoll_window(W, KEY), which says whether the match being read needs a
// score: W a RankWindow bound as a pointer of type kWindowPointer, KEY the match's date key (or
// its rowid, when the window has a FilterColumns::View to look the date up in).
bool RegisterRankFunction(sqlite3* db);
// Okapi BM25's constants, as FTS5's bm25() has them.
inline constexpr double kRankK1 = 1.2;
inline constexpr double kRankB = 0.75;
inline constexpr char kViewPointer[] = "protokoll_view";
inline constexpr char kWindowPointer[] = "protokoll_window";

// The rank window of one search, in one pass over its matches (in any order): every match is
// ranked while there are at most `size` of them (0: no bound); past that, the `size` of the
// newest meetings — a choice by what the items are, never by where or when they were stored
// (the window was the most recently stored matches, so a merged catalogue ranked otherwise than
// one ingest of the same files). A match is admitted while its date could still be among the
// `size` newest seen; ties at the edge are admitted, and the caller's stable order decides them.
class RankWindow {
 public:
  RankWindow(long long size, const FilterColumns::View* view) : size_(size), view_(view) {}
  // Whether a match with this date key (higher is later; -1: no date) needs a score.
  bool Admit(long long date_key);
  // Whether a match older than Oldest() can no longer be admitted (`size` admitted), and the
  // oldest date key among the `size` newest seen.
  bool Full() const { return size_ > 0 && static_cast<long long>(newest_.size()) >= size_; }
  long long Oldest() const { return newest_.empty() ? -1 : newest_.front(); }
  // A match's date key: from the view's copy by rowid, or from an ISO date ("" none).
  long long KeyOfRow(long long rowid) const;
  static long long KeyOfDate(const char* iso_date);
  const FilterColumns::View* view() const { return view_; }

 private:
  long long size_;
  const FilterColumns::View* view_;
  std::vector<long long> newest_;  // a min-heap of the `size_` newest date keys seen
};

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_RANK_H_
