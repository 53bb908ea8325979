// protokoll_rank: the ranking function of `protokoll search`, an FTS5 auxiliary function
// registered on protokoll's own connections.
#ifndef PROTOKOLL_CATALOGUE_RANK_H_
#define PROTOKOLL_CATALOGUE_RANK_H_

#include <sqlite3.h>

#include <string>
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
// The ranking's column weights (title, decision, text, title_terms, terms, parts, facets), and
// the same as protokoll_rank's arguments in SQL ("5, 2, 1, 4, 1, 0.4, 0"): one source for the
// searches and for the term lists (catalogue/postings.h), whose scores must be FTS5's.
inline constexpr double kColumnWeights[7] = {5.0, 2.0, 1.0, 4.0, 1.0, 0.4, 0.0};
std::string RankWeightsSql();
// Each phrase's weighted count in the row FTS5 is on: its instances in FTS5's order (column,
// then offset), each adding `weight(column)`; phrases from `phrases` on are not counted.
// Returns an SQLite result code.
template <class Weight>
int WeightedCounts(const Fts5ExtensionApi* api, Fts5Context* fts, Weight weight, double* freq, int phrases) {
  const int columns = api->xColumnCount(fts);
  int inst = 0;
  int rc = api->xInstCount(fts, &inst);
  for (int i = 0; rc == SQLITE_OK && i < inst; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc != SQLITE_OK) break;
    const double w = weight(column);
    if (phrase >= 0 && phrase < phrases && column >= 0 && column < columns) freq[phrase] += w;
  }
  return rc;
}
// The connection's FTS5 interface (nullptr when FTS5 is missing or too old).
fts5_api* Fts5Api(sqlite3* db);
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
