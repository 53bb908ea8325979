#include "catalogue/rank.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "catalogue/columns.h"

namespace protokoll::catalogue {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// Per query: the average row length, computed once (xSetAuxdata).
struct QueryData {
  double avgdl = 1;
};

void RankFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val,
                  sqlite3_value** values) {
  auto* data = static_cast<QueryData*>(api->xGetAuxdata(fts, 0));
  if (!data) {
    data = new QueryData();
    sqlite3_int64 rows = 0, tokens = 0;
    if (api->xRowCount(fts, &rows) == SQLITE_OK && api->xColumnTotalSize(fts, -1, &tokens) == SQLITE_OK &&
        rows > 0)
      data->avgdl = std::max(1.0, static_cast<double>(tokens) / static_cast<double>(rows));
    if (api->xSetAuxdata(fts, data, [](void* p) { delete static_cast<QueryData*>(p); }) != SQLITE_OK) {
      delete data;
      sqlite3_result_error_code(ctx, SQLITE_NOMEM);
      return;
    }
  }
  const int phrases = api->xPhraseCount(fts);
  const int columns = api->xColumnCount(fts);
  std::vector<double> freq(static_cast<size_t>(phrases), 0.0);
  int inst = 0;
  int rc = api->xInstCount(fts, &inst);
  for (int i = 0; rc == SQLITE_OK && i < inst; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc != SQLITE_OK) break;
    double w = column < n_val ? sqlite3_value_double(values[column]) : 1.0;
    if (phrase >= 0 && phrase < phrases && column >= 0 && column < columns) freq[static_cast<size_t>(phrase)] += w;
  }
  // The row's length: from the in-memory columns when the search passes them (an optional last
  // argument, SearchColumns), else FTS5 reads it from items_fts_docsize (a b-tree lookup per
  // match: a third of a filtered search's time on 1,000,000 items).
  int length = -1;
  if (n_val > columns)
    if (const auto* view = static_cast<const FilterColumns::View*>(sqlite3_value_pointer(values[n_val - 1], kViewPointer)))
      length = view->Length(api->xRowid(fts));
  if (rc == SQLITE_OK && length < 0) rc = api->xColumnSize(fts, -1, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double norm = kK1 * (1 - kB + kB * length / data->avgdl);
  double score = 0;
  for (double f : freq) score += f * (kK1 + 1) / (f + norm);
  sqlite3_result_double(ctx, -score);
}

}  // namespace

bool RegisterRankFunction(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!api || api->iVersion < 2) return false;
  return api->xCreateFunction(api, "protokoll_rank", nullptr, RankFunction, nullptr) == SQLITE_OK;
}

}  // namespace protokoll::catalogue
