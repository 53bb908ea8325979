// protokoll_rank: the ranking function of `protokoll search`, an FTS5 auxiliary function
// registered on protokoll's own connections.
#ifndef PROTOKOLL_CATALOGUE_RANK_H_
#define PROTOKOLL_CATALOGUE_RANK_H_

#include <sqlite3.h>

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
bool RegisterRankFunction(sqlite3* db);
inline constexpr char kViewPointer[] = "protokoll_view";

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_RANK_H_
