#include "catalogue/postings.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>
#include <type_traits>
#include <unordered_set>

#include "catalogue/rank.h"
#include "catalogue/sqlite_util.h"

namespace protokoll::catalogue {
namespace {

void PutVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// What protokoll_gather appends to, a row at a time.
struct Builder {
  TermIndex::List* list = nullptr;
  long long last = 0;
  std::unordered_map<uint64_t, uint32_t> ids;  // a weighted count's bits → its place in values
};

void GatherFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val,
                    sqlite3_value** values) {
  auto* b = n_val >= 1 ? static_cast<Builder*>(sqlite3_value_pointer(values[0], kGatherPointer)) : nullptr;
  if (!b) {
    sqlite3_result_error(ctx, "protokoll_gather: no list to gather into", -1);
    return;
  }
  // The weighted count as protokoll_rank sums it (the same code, the same weights).
  double f = 0;
  const int rc = WeightedCounts(api, fts, [](int column) { return column < 7 ? kColumnWeights[column] : 1.0; }, &f, 1);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const long long rowid = api->xRowid(fts);
  uint64_t bits = 0;
  std::memcpy(&bits, &f, sizeof bits);
  TermIndex::List& l = *b->list;
  auto [it, added] = b->ids.emplace(bits, static_cast<uint32_t>(l.values.own.size()));
  if (added) l.values.own.push_back(f);
  if (l.count % TermIndex::kBlock == 0) {
    l.block_offset.own.push_back(static_cast<uint32_t>(l.bytes.own.size()));
    l.block_base.own.push_back(b->last);
  }
  PutVarint(l.bytes.own, static_cast<uint64_t>(rowid - b->last));
  PutVarint(l.bytes.own, it->second);
  b->last = rowid;
  ++b->list->count;
  sqlite3_result_null(ctx);
}

// The table's tokenizer (schemas/catalogue.sql: unicode61, remove_diacritics 0), made on one
// connection and used for a text at a time.
class Tokenizer {
 public:
  explicit Tokenizer(sqlite3* db) {
    fts5_api* api = Fts5Api(db);
    void* user = nullptr;
    if (!api || api->xFindTokenizer(api, "unicode61", &user, &t_) != SQLITE_OK) return;
    const char* args[] = {"remove_diacritics", "0"};
    if (t_.xCreate(user, args, 2, &tok_) != SQLITE_OK) tok_ = nullptr;
  }
  ~Tokenizer() {
    if (tok_) t_.xDelete(tok_);
  }
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;
  bool ok() const { return tok_ != nullptr; }
  template <class F>
  bool Each(std::string_view text, F&& f) {
    auto cb = [](void* ctx, int, const char* token, int n, int, int) -> int {
      (*static_cast<std::remove_reference_t<F>*>(ctx))(std::string_view(token, static_cast<size_t>(n)));
      return SQLITE_OK;
    };
    return t_.xTokenize(tok_, &f, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()), cb) == SQLITE_OK;
  }

 private:
  fts5_tokenizer t_{};
  Fts5Tokenizer* tok_ = nullptr;
};

}  // namespace

std::string QuotePhrase(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

bool RegisterGatherFunction(fts5_api* api) {
  return api->xCreateFunction(api, "protokoll_gather", nullptr, GatherFunction, nullptr) == SQLITE_OK;
}

void TermIndex::Cursor::SkipTo(long long rowid) {
  // Whole blocks whose last entry is before `rowid`, then entry by entry.
  while (!done_ && rowid_ < rowid) {
    const size_t b = block() + 1;
    if (b < list_->block_base.size() && list_->block_base[b] < rowid) NextBlock();
    else Next();
  }
}

void TermIndex::Cursor::NextBlock() {
  const size_t b = block() + 1;
  if (done_ || b >= list_->block_offset.size() || list_->block_offset[b] >= list_->bytes.size()) {
    p_ = end_;
  } else {
    p_ = list_->bytes.data() + list_->block_offset[b];
    rowid_ = list_->block_base[b];
    read_ = static_cast<long long>(b) * kBlock;
  }
  Next();
}

const Array<long long>& TermIndex::List::NewestPerBlock(const FilterColumns::View& view) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (newest_seq_ != view.seq()) {
    std::vector<long long>& newest = newest_.own;
    newest.assign(block_offset.size(), -1);
    for (Cursor c(*this); !c.done(); c.Next()) {
      long long& n = newest[std::min(c.block(), newest.size() - 1)];
      n = std::max(n, view.DateKey(c.rowid()));
    }
    newest_.Publish();
    newest_seq_ = view.seq();
  }
  return newest_;
}

void TermIndex::List::Save(ListsWriter& w, const FilterColumns::View& view) const {
  const Array<long long>& newest = NewestPerBlock(view);
  w.Value(count);
  w.Values(bytes);
  w.Values(values);
  w.Values(block_offset);
  w.Values(block_base);
  w.Values(newest);
}

bool TermIndex::List::Load(ListsReader& r, std::shared_ptr<const MappedFile> file, long long seq) {
  if (!(r.Value(&count) && r.Values(&bytes) && r.Values(&values) && r.Values(&block_offset) && r.Values(&block_base) &&
        r.Values(&newest_)))
    return false;
  // The blocks as Gather makes them: one per kBlock entries, each beginning inside the bytes.
  const long long blocks = (count + kBlock - 1) / kBlock;
  if (count < 0 || static_cast<long long>(block_offset.size()) != blocks || block_base.size() != block_offset.size() ||
      newest_.size() != block_offset.size() || (count > 0 && values.empty()))
    return false;
  // (Each block's first byte is checked when a walk skips to it: looking at them all here
  // would read every list's block index for every process that maps the file.)
  newest_seq_ = seq;
  file_ = std::move(file);
  return true;
}

void TermIndex::Cursor::Next() {
  if (p_ >= end_) {
    done_ = true;
    rowid_ = INT64_MAX;
    return;
  }
  uint64_t delta = 0, id = 0;
  for (int shift = 0; p_ < end_; shift += 7) {
    const uint8_t c = *p_++;
    delta |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) break;
  }
  for (int shift = 0; p_ < end_; shift += 7) {
    const uint8_t c = *p_++;
    id |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) break;
  }
  rowid_ += static_cast<long long>(delta);
  weight_ = id < n_values_ ? values_[id] : 0.0;  // (out of range only in a damaged lists file)
  ++read_;
}

std::shared_ptr<TermIndex> TermIndex::ForFile(const std::string& path) { return OnePerFile<TermIndex>(path); }

void TermIndex::Configure(long long min_items, size_t budget_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  min_items_ = std::max(1LL, min_items);
  budget_ = budget_bytes;
}

long long TermIndex::min_items() const {
  std::lock_guard<std::mutex> lock(mu_);
  return min_items_;
}

long long TermIndex::seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return seq_;
}

long long TermIndex::Held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<long long>(lists_.size());
}

long long TermIndex::warmed_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return warmed_seq_;
}

std::shared_ptr<const TermIndex::List> TermIndex::Find(const std::string& term, long long seq) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (seq != seq_) return nullptr;
  auto it = lists_.find(term);
  return it == lists_.end() ? nullptr : it->second;
}

Result<TermIndex::Totals> TermIndex::ReadTotals(sqlite3* db) {
  // FTS5's averages record (its data row 1): the row count, then each column's tokens, as
  // SQLite varints (fts5_index.c, sqlite3Fts5IndexGetAverages).
  Stmt q(db, "SELECT block FROM items_fts_data WHERE id = 1");
  Totals t;
  if (q.Step()) {
    const auto* p = static_cast<const uint8_t*>(q.Blob(0));
    const int n = q.Bytes(0);
    int i = 0;
    auto varint = [&]() -> uint64_t {
      uint64_t v = 0;
      for (int k = 0; k < 9 && i < n; ++k) {
        const uint8_t c = p[i++];
        if (k == 8) return (v << 8) | c;
        v = (v << 7) | (c & 0x7F);
        if (!(c & 0x80)) break;
      }
      return v;
    };
    t.rows = static_cast<long long>(varint());
    while (i < n) t.tokens += static_cast<long long>(varint());
  }
  if (!q.ok()) return Status::Error("search", q.error());
  return t;
}

void TermIndex::Offer(const std::string& term, std::shared_ptr<const List> list, long long seq) {
  std::lock_guard<std::mutex> lock(mu_);
  if (seq < seq_) return;
  if (seq > seq_) {
    lists_.clear();
    bytes_ = 0;
    seq_ = seq;
  }
  // A word's list is worth keeping when long; a phrase's always (FTS5 reads all of its words'
  // position lists to find it, however few items it is in).
  const bool phrase = !term.empty() && (term.front() != '"' || term.find(' ') != std::string::npos);
  if (!list || (!phrase && list->count < min_items_) || lists_.count(term) || bytes_ + list->Size() > budget_) return;
  bytes_ += list->Size();
  lists_.emplace(term, std::move(list));
}

Status TermIndex::Gather(sqlite3* db, const std::string& phrase, List* out) {
  out->bytes = {};
  out->values = {};
  out->block_offset = {};
  out->block_base = {};
  out->count = 0;
  Builder b;
  b.list = out;
  Stmt q(db, "SELECT protokoll_gather(items_fts, ?2) FROM items_fts WHERE items_fts MATCH ?1");
  q.Bind(1, phrase).BindPointer(2, &b, kGatherPointer);
  while (q.Step()) {
  }
  if (!q.ok()) return Status::Error("search", q.error());
  out->bytes.own.shrink_to_fit();
  out->values.own.shrink_to_fit();
  out->block_offset.own.shrink_to_fit();
  out->block_base.own.shrink_to_fit();
  out->bytes.Publish();
  out->values.Publish();
  out->block_offset.Publish();
  out->block_base.Publish();
  return {};
}

Result<std::vector<std::string>> TermIndex::Tokens(sqlite3* db, const std::string& text) {
  Tokenizer t(db);
  if (!t.ok()) return Status::Error("search", "the full-text tokenizer is not available");
  std::vector<std::string> out;
  auto add = [&](std::string_view s) { out.emplace_back(s); };
  if (!t.Each(text, add)) return Status::Error("search", "the full-text tokenizer failed");
  return out;
}

Result<TermIndex::WarmStats> TermIndex::Warm(sqlite3* db, const std::atomic<bool>* cancel) {
  const auto start = std::chrono::steady_clock::now();
  WarmStats st;
  st.read = true;
  ReadTransaction tx(db);
  if (!tx.status().ok()) return tx.status();
  {
    auto seq = ChangeSeq(db);
    if (!seq.ok()) return seq.status();
    st.seq = *seq;
  }
  long long lo = 0, hi = -1;
  {
    Stmt q(db, "SELECT min(rowid), max(rowid) FROM items");
    if (q.Step() && !q.IsNull(0)) {
      lo = q.Int(0);
      hi = q.Int(1);
    }
    if (!q.ok()) return Status::Error("search", q.error());
  }
  const long long min_items = this->min_items();
  // The sample: every item of a small catalogue, else rowids spread evenly (an item each).
  constexpr long long kSample = 20000;
  std::unordered_map<std::string, long long> seen;  // term → sampled items it is in
  if (hi >= lo) {
    Tokenizer t(db);
    if (!t.ok()) return Status::Error("search", "the full-text tokenizer is not available");
    Stmt q(db, "SELECT rowid, title, coalesce(decision, ''), text, title_terms, terms, parts, facets FROM items "
               "WHERE rowid >= ? ORDER BY rowid LIMIT 1");
    long long last = lo - 1;
    const long long span = hi - lo + 1;
    std::unordered_set<std::string> in_item;
    for (long long k = 0; k < std::min(kSample, span); ++k) {
      const long long want = lo + static_cast<long long>(static_cast<double>(span) * static_cast<double>(k) /
                                                         static_cast<double>(std::min(kSample, span)));
      if (want <= last) continue;
      q.Reset();
      q.Bind(1, want);
      if (!q.Step()) break;
      last = q.Int(0);
      in_item.clear();
      auto add = [&](std::string_view s) { in_item.emplace(s); };
      for (int c = 1; c <= 7; ++c)
        if (!t.Each(q.TextView(c), add)) return Status::Error("search", "the full-text tokenizer failed");
      for (const std::string& w : in_item) ++seen[w];
      ++st.sampled;
    }
    if (!q.ok()) return Status::Error("search", q.error());
  }
  // FTS5's row count: what the sample's shares are shares of.
  auto totals = ReadTotals(db);
  if (!totals.ok()) return totals.status();
  st.items = std::max(totals->rows, st.sampled);
  // A word in a share p of the sample is in about p × items items: read every word that may
  // reach min_items (half of it, for the sample's error), most common first.
  std::vector<std::pair<long long, std::string>> candidates;
  for (auto& [w, n] : seen)
    if (st.sampled > 0 && static_cast<double>(n) * static_cast<double>(st.items) / static_cast<double>(st.sampled) >=
                              static_cast<double>(min_items) / 2)
      candidates.emplace_back(-n, w);
  std::sort(candidates.begin(), candidates.end());
  st.candidates = static_cast<long long>(candidates.size());
  TermIndex fresh;
  {
    std::lock_guard<std::mutex> lock(mu_);
    fresh.min_items_ = min_items_;
    fresh.budget_ = budget_;
  }
  // Two readers, one a core: this connection, and a second read-only one on the same state of
  // the file, each reading every other candidate (the most common first) and offering it as
  // read; a reader stops when a list no longer fits. Whatever the second did not read (it could
  // not open, or found another state) is read here after it.
  std::mutex fresh_mu;
  std::vector<char> done(candidates.size(), 0);
  std::atomic<bool> full{false};
  auto read = [&](sqlite3* conn, size_t k) -> Status {
    auto list = std::make_shared<List>();
    const std::string phrase = QuotePhrase(candidates[k].second);
    if (Status s = Gather(conn, phrase, list.get()); !s.ok()) return s;
    std::lock_guard<std::mutex> lock(fresh_mu);
    const size_t before = fresh.lists_.size();
    const bool long_enough = list->count >= fresh.min_items_;
    fresh.Offer(phrase, std::move(list), st.seq);
    if (long_enough && fresh.lists_.size() == before) full = true;  // (over the budget)
    done[k] = 1;
    return {};
  };
  const char* file = sqlite3_db_filename(db, "main");
  std::thread helper;
  if (candidates.size() > 1 && file && *file)
    helper = std::thread([&, path = std::string(file)] {
      sqlite3* second = nullptr;
      if (sqlite3_open_v2(path.c_str(), &second, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
          RegisterRankFunction(second) && sqlite3_exec(second, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) {
        auto seq = ChangeSeq(second);
        if (seq.ok() && *seq == st.seq)
          for (size_t k = 1; k < candidates.size() && !full && !(cancel && cancel->load()); k += 2)
            if (!read(second, k).ok()) break;
        sqlite3_exec(second, "COMMIT", nullptr, nullptr, nullptr);
      }
      sqlite3_close_v2(second);
    });
  Status failed;
  for (size_t k = 0; k < candidates.size() && failed.ok() && !full; k += helper.joinable() ? 2 : 1) {
    if (cancel && cancel->load()) break;
    failed = read(db, k);
  }
  if (helper.joinable()) helper.join();
  for (size_t k = 0; k < candidates.size() && failed.ok() && !full; ++k) {
    if (cancel && cancel->load()) break;
    if (!done[k]) failed = read(db, k);
  }
  if (!failed.ok()) return failed;
  if (cancel && cancel->load()) return st;
  std::lock_guard<std::mutex> lock(mu_);
  if (st.seq >= seq_) {
    // Lists searches read meanwhile for this state (phrases) stay, as far as the budget goes.
    if (st.seq == seq_)
      for (auto& [w, l] : lists_)
        if (!fresh.lists_.count(w) && fresh.bytes_ + l->Size() <= fresh.budget_) {
          fresh.bytes_ += l->Size();
          fresh.lists_.emplace(w, l);
        }
    seq_ = warmed_seq_ = st.seq;
    lists_ = std::move(fresh.lists_);
    bytes_ = fresh.bytes_;
  }
  st.terms = static_cast<long long>(lists_.size());
  for (const auto& [w, l] : lists_) st.postings += l->count;
  st.bytes = bytes_;
  st.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return st;
}

}  // namespace protokoll::catalogue

namespace protokoll::catalogue {

namespace {
constexpr uint64_t kListsMagic = 0x31737473696c6d74ULL;  // "tmlists1"
}  // namespace

void TermIndex::Save(ListsWriter& w, const FilterColumns::View& view) const {
  std::vector<std::pair<std::string, std::shared_ptr<const List>>> held;
  long long seq = -1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    seq = seq_;
    held.assign(lists_.begin(), lists_.end());
  }
  std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  w.Value(kListsMagic);
  w.Value(seq);
  w.Value(static_cast<uint64_t>(held.size()));
  for (const auto& [term, list] : held) {
    w.String(term);
    list->Save(w, view);
  }
}

Status TermIndex::Load(ListsReader& r, std::shared_ptr<const MappedFile> file) {
  uint64_t magic = 0, n = 0;
  long long seq = -1;
  if (!r.Value(&magic) || magic != kListsMagic || !r.Value(&seq) || !r.Value(&n))
    return Status::Error("lists", "the term lists' section does not add up");
  std::unordered_map<std::string, std::shared_ptr<const List>> lists;
  size_t bytes = 0;
  for (uint64_t k = 0; k < n; ++k) {
    std::string term;
    auto list = std::make_shared<List>();
    if (!r.String(&term) || !list->Load(r, file, seq)) return Status::Error("lists", "a term list does not add up");
    bytes += list->Size();
    lists.emplace(std::move(term), std::move(list));
  }
  std::lock_guard<std::mutex> lock(mu_);
  seq_ = warmed_seq_ = seq;
  lists_ = std::move(lists);
  bytes_ = bytes;
  return {};
}

}  // namespace protokoll::catalogue
