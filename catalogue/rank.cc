#include "catalogue/rank.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <cstdlib>
#include <vector>

#include "catalogue/columns.h"
#include "catalogue/postings.h"

namespace protokoll::catalogue {
namespace {

constexpr double kK1 = kRankK1;
constexpr double kB = kRankB;

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
  int rc = WeightedCounts(
      api, fts, [&](int column) { return column < n_val ? sqlite3_value_double(values[column]) : 1.0; }, freq.data(), phrases);
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

void WindowFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* window = static_cast<RankWindow*>(sqlite3_value_pointer(argv[0], kWindowPointer));
  if (!window) {
    sqlite3_result_int(ctx, 1);
    return;
  }
  long long key = -1;
  if (window->view()) key = window->KeyOfRow(sqlite3_value_int64(argv[1]));
  else if (sqlite3_value_type(argv[1]) == SQLITE_TEXT)
    key = RankWindow::KeyOfDate(reinterpret_cast<const char*>(sqlite3_value_text(argv[1])));
  sqlite3_result_int(ctx, window->Admit(key) ? 1 : 0);
}

}  // namespace

bool RankWindow::Admit(long long date_key) {
  if (size_ <= 0) return true;
  auto later = std::greater<long long>();  // with it, the heap's front is the oldest kept
  if (static_cast<long long>(newest_.size()) < size_) {
    newest_.push_back(date_key);
    std::push_heap(newest_.begin(), newest_.end(), later);
    return true;
  }
  if (date_key < newest_.front()) return false;
  if (date_key > newest_.front()) {
    std::pop_heap(newest_.begin(), newest_.end(), later);
    newest_.back() = date_key;
    std::push_heap(newest_.begin(), newest_.end(), later);
  }
  return true;
}

long long RankWindow::KeyOfRow(long long rowid) const {
  return view_ ? view_->DateKey(rowid) : -1;
}

long long RankWindow::KeyOfDate(const char* iso_date) {
  // "2019-11-25" → 20191125; ISO dates compare as these numbers do (and as the copy ranks them).
  long long key = 0;
  int digits = 0;
  for (const char* p = iso_date; p && *p; ++p) {
    if (*p >= '0' && *p <= '9') {
      key = key * 10 + (*p - '0');
      ++digits;
    } else if (*p != '-') {
      return -1;
    }
  }
  return digits == 8 ? key : -1;
}

std::string RankWeightsSql() {
  std::string out;
  for (double w : kColumnWeights) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, w);  // shortest form that reads back the same double
    out += (out.empty() ? "" : ", ") + std::string(buf, r.ptr);
  }
  return out;
}

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api && api->iVersion >= 2 ? api : nullptr;
}

bool RegisterRankFunction(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (!api) return false;
  return api->xCreateFunction(api, "protokoll_rank", nullptr, RankFunction, nullptr) == SQLITE_OK &&
         RegisterGatherFunction(api) &&
         sqlite3_create_function(db, "protokoll_window", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr, WindowFunction,
                                 nullptr, nullptr) == SQLITE_OK;
}

}  // namespace protokoll::catalogue
