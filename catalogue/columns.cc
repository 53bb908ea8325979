#include "catalogue/columns.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "catalogue/rank.h"
#include "catalogue/sqlite_util.h"
#include "catalogue/terms.h"
#include "extractors/text.h"

namespace protokoll::catalogue {

std::shared_ptr<FilterColumns> FilterColumns::ForFile(const std::string& path) { return OnePerFile<FilterColumns>(path); }

long long FilterColumns::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return static_cast<long long>(rowids_.size());
}

long long FilterColumns::seq() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return seq_;
}

int32_t FilterColumns::Intern(std::vector<std::string>& pool, std::unordered_map<std::string, int32_t>& ids,
                              const std::string& s, bool* added) {
  auto [it, inserted] = ids.try_emplace(s, static_cast<int32_t>(pool.size()));
  if (inserted) {
    pool.push_back(s);
    *added = true;
  }
  return it->second;
}

void FilterColumns::RankDates() {
  // SQLite compares TEXT byte by byte (BINARY); so does std::string.
  std::vector<int32_t> order(dates_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return dates_[a] < dates_[b]; });
  date_rank_.assign(dates_.size(), 0);
  for (size_t k = 0; k < order.size(); ++k) date_rank_[order[k]] = static_cast<int32_t>(k);
  // The rank window's key of each date, parsed once here rather than for every match.
  date_keys_.resize(dates_.size());
  for (size_t d = 0; d < dates_.size(); ++d) date_keys_[d] = RankWindow::KeyOfDate(dates_[d].c_str());
}

void FilterColumns::Tally(const Row& r, int sign) {
  if (r.year != INT32_MIN) year_count_[r.year] += sign;
  double largest = 0;
  for (uint32_t k = r.amount_begin; k < r.amount_begin + r.amount_count; ++k) largest = std::max(largest, amounts_.own[k]);
  static const double kPowers[13] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
  for (int k = 0; k <= 12 && largest >= kPowers[k]; ++k) magnitude_count_[k] += sign;
}

int32_t FilterColumns::DocsizeTotal(const void* blob, int bytes) {
  // FTS5's docsize record: each column's token count as an SQLite varint (big-endian groups of
  // 7 bits, the high bit set on all but the last; a ninth byte holds 8 bits).
  const auto* p = static_cast<const unsigned char*>(blob);
  long long total = 0;
  for (int i = 0; i < bytes;) {
    unsigned long long v = 0;
    int k = 0;
    for (; k < 8 && i < bytes; ++k) {
      const unsigned char b = p[i++];
      v = (v << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    if (k == 8 && i < bytes) v = (v << 8) | p[i++];
    total += static_cast<long long>(v);
  }
  return static_cast<int32_t>(std::min<long long>(total, INT32_MAX));
}

Status FilterColumns::Refresh(sqlite3* db) {
  std::lock_guard<std::mutex> one(refresh_mu_);
  auto current_seq = [&] { return ChangeSeq(db); };
  {
    auto seq = current_seq();
    if (!seq.ok()) return seq.status();
    if (*seq == seq_) return {};
  }
  // One read transaction: the seq and the rows read belong together.
  const bool own_tx = sqlite3_get_autocommit(db) != 0;
  if (own_tx)
    if (Status s = Exec(db, "BEGIN", "search"); !s.ok()) return s;
  auto finish = [&](Status s) {
    if (own_tx) sqlite3_exec(db, s.ok() ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  auto seq = current_seq();
  if (!seq.ok()) return finish(seq.status());
  std::unique_lock<std::shared_mutex> write(mu_);
  OwnAll();
  Status s;
  if (seq_ < 0) {
    s = LoadAll(db);
  } else {
    // Many changes (a merge, a large ingest): reading all narrow rows is cheaper than looking up
    // each changed item's wide row. Items removed since (a file stored again with other bytes)
    // stay in the copy, never looked up again; when they add up, a full read drops them.
    Stmt n(db, "SELECT (SELECT count(*) FROM items WHERE seq > ?1), (SELECT count(*) FROM removed_items WHERE seq > ?1)");
    n.Bind(1, seq_);
    const bool row = n.Step();
    const long long changed = row ? n.Int(0) : 0;
    removed_ += row ? n.Int(1) : 0;
    if (!n.ok()) return finish(Status::Error("search", n.error()));
    s = (changed + removed_) * 8 > static_cast<long long>(rowids_.size()) ? LoadAll(db) : LoadChanged(db, seq_);
  }
  if (s.ok()) {
    seq_ = *seq;
    IndexRowids();
  } else {
    seq_ = -1;  // half read: read all again next time
  }
  Publish();
  return finish(s);
}

void FilterColumns::Publish() {
  for (auto* a : {&hot_date_, &hot_body_, &hot_municipality_, &hot_year_, &dense_}) a->Publish();
  rowids_.Publish();
  rows_.Publish();
  hot_flags_.Publish();
  hot_amount_max_.Publish();
  amounts_.Publish();
}

void FilterColumns::OwnAll() {
  if (!file_) return;
  for (auto* a : {&hot_date_, &hot_body_, &hot_municipality_, &hot_year_, &dense_}) a->Own();
  rowids_.Own();
  rows_.Own();
  hot_flags_.Own();
  hot_amount_max_.Own();
  amounts_.Own();
  file_.reset();
}

namespace {
constexpr uint64_t kColumnsMagic = 0x31736e6d756c6f63ULL;  // "columns1"
struct YearCount {
  int64_t year, count;
};
}  // namespace

void FilterColumns::Save(ListsWriter& w) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  w.Value(kColumnsMagic);
  w.Value(static_cast<uint64_t>(sizeof(Row)));
  w.Value(seq_);
  w.Value(removed_);
  w.Value(dense_base_);
  w.Values(rowids_);
  w.Values(rows_);
  w.Values(dense_);
  w.Values(hot_flags_);
  w.Values(hot_date_);
  w.Values(hot_body_);
  w.Values(hot_municipality_);
  w.Values(hot_year_);
  w.Values(hot_amount_max_);
  w.Values(amounts_);
  w.Strings(dates_);
  w.Strings(bodies_);
  w.Strings(municipalities_);
  std::vector<YearCount> years;
  for (const auto& [year, n] : year_count_) years.push_back({year, n});
  w.Values(years);
  w.Raw(magnitude_count_, sizeof magnitude_count_);
}

void FilterColumns::Clear() {
  std::lock_guard<std::mutex> one(refresh_mu_);
  std::unique_lock<std::shared_mutex> write(mu_);
  ClearLocked();
}

void FilterColumns::ClearLocked() {
  for (auto* a : {&hot_date_, &hot_body_, &hot_municipality_, &hot_year_, &dense_}) *a = {};
  rowids_ = {};
  rows_ = {};
  hot_flags_ = {};
  hot_amount_max_ = {};
  amounts_ = {};
  dates_.clear();
  bodies_.clear();
  municipalities_.clear();
  date_ids_.clear();
  body_ids_.clear();
  municipality_ids_.clear();
  year_count_.clear();
  removed_ = 0;
  seq_ = -1;
  file_.reset();
}

Status FilterColumns::Load(ListsReader& r, std::shared_ptr<const MappedFile> file) {
  std::lock_guard<std::mutex> one(refresh_mu_);
  std::unique_lock<std::shared_mutex> write(mu_);
  uint64_t magic = 0, row_size = 0;
  long long seq = -1;
  std::vector<YearCount> years;
  const bool ok = r.Value(&magic) && magic == kColumnsMagic && r.Value(&row_size) && row_size == sizeof(Row) &&
                  r.Value(&seq) && r.Value(&removed_) && r.Value(&dense_base_) && r.Values(&rowids_) &&
                  r.Values(&rows_) && r.Values(&dense_) && r.Values(&hot_flags_) && r.Values(&hot_date_) &&
                  r.Values(&hot_body_) && r.Values(&hot_municipality_) && r.Values(&hot_year_) &&
                  r.Values(&hot_amount_max_) && r.Values(&amounts_) && r.Strings(&dates_) && r.Strings(&bodies_) &&
                  r.Strings(&municipalities_) && r.Copy(&years) && r.Value(&magnitude_count_);
  // Every per-item array as long as the rowids (the indices they hold are checked where used).
  const size_t n = rowids_.size();
  const bool sizes = rows_.size() == n && hot_flags_.size() == n && hot_date_.size() == n && hot_body_.size() == n &&
                     hot_municipality_.size() == n && hot_year_.size() == n && hot_amount_max_.size() == n;
  if (!ok || !sizes || seq < 0) {
    ClearLocked();
    return Status::Error("lists", "the filter columns' section does not add up");
  }
  seq_ = seq;
  file_ = std::move(file);
  year_count_.clear();
  for (const YearCount& y : years) year_count_[static_cast<int>(y.year)] = y.count;
  auto ids = [](const std::vector<std::string>& pool, std::unordered_map<std::string, int32_t>& out) {
    out.clear();
    for (size_t k = 0; k < pool.size(); ++k) out.emplace(pool[k], static_cast<int32_t>(k));
  };
  ids(dates_, date_ids_);
  ids(bodies_, body_ids_);
  ids(municipalities_, municipality_ids_);
  RankDates();
  return {};
}

namespace {

// What LoadAll reads beside the facets: each item's length in the full-text index and its
// amounts, both in rowid order.
struct SideRows {
  std::vector<std::pair<long long, int32_t>> lengths;
  std::vector<std::pair<long long, double>> amounts;
};

Status ReadSideRows(sqlite3* db, SideRows* out, int32_t (*docsize_total)(const void*, int)) {
  {
    // Ranking reads each match's length from here instead of a b-tree lookup per match.
    Stmt q(db, "SELECT id, sz FROM items_fts_docsize ORDER BY id");
    while (q.Step()) out->lengths.emplace_back(q.Int(0), docsize_total(q.Blob(1), q.Bytes(1)));
    if (!q.ok()) return Status::Error("search", q.error());
  }
  {
    // Stored item by item, so nearly always in rowid order already.
    Stmt q(db, "SELECT item_rowid, sek FROM item_amounts");
    while (q.Step()) out->amounts.emplace_back(q.Int(0), q.Double(1));
    if (!q.ok()) return Status::Error("search", q.error());
    auto& all = out->amounts;
    if (!std::is_sorted(all.begin(), all.end(), [](auto& a, auto& b) { return a.first < b.first; }))
      std::stable_sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first < b.first; });
  }
  return {};
}

}  // namespace

Status FilterColumns::LoadAll(sqlite3* db) {
  removed_ = 0;
  rowids_.own.clear();
  rows_.own.clear();
  amounts_.own.clear();
  dates_.clear();
  bodies_.clear();
  municipalities_.clear();
  date_ids_.clear();
  body_ids_.clear();
  municipality_ids_.clear();
  // The lengths and the amounts are read on a connection of their own, on a second core, while
  // this one reads the facets (5M items: 3.0 s → about 1.7 s). That connection's read may
  // begin a moment later, after a writer's commit: it may then hold rows of items newer than
  // the facets read here (no row of theirs is made: they are read with the next refresh, their
  // seq being newer) or lack those of items removed meanwhile (removed items are no match).
  // An in-memory or temporary catalogue has no file to open again: read in turn.
  SideRows side;
  Status side_status;
  std::thread reader;
  const char* file = sqlite3_db_filename(db, "main");
  sqlite3* second = nullptr;
  if (file && *file &&
      sqlite3_open_v2(file, &second, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(second, 5000);
    reader = std::thread([&] { side_status = ReadSideRows(second, &side, &FilterColumns::DocsizeTotal); });
  } else {
    sqlite3_close(second);
    second = nullptr;
  }
  struct Joined {
    std::thread& t;
    sqlite3*& conn;
    ~Joined() {
      if (t.joinable()) t.join();
      sqlite3_close(conn);
    }
  } joined{reader, second};
  bool added = false;
  {
    Stmt q(db, "SELECT item_rowid, year, meeting_date, body_key, ocr, municipality_key FROM item_facets ORDER BY item_rowid");
    // The items of a meeting lie side by side: most rows repeat the row before's date, body and
    // municipality, which are then neither copied nor hashed.
    struct Last {
      std::string text;
      int32_t id = -1;
    } last_date, last_body, last_municipality;
    // (A NULL reads as no text at all: one call a column, each of which takes the connection's lock.)
    auto intern = [&](int col, std::vector<std::string>& pool, std::unordered_map<std::string, int32_t>& ids, Last& last) {
      const std::string_view t = q.TextView(col);
      if (t.data() == nullptr) return int32_t{-1};
      if (last.id < 0 || t != last.text) {
        last.text.assign(t);
        last.id = Intern(pool, ids, last.text, &added);
      }
      return last.id;
    };
    while (q.Step()) {
      Row r;
      if (!q.IsNull(1)) r.year = static_cast<int32_t>(q.Int(1));
      r.date = intern(2, dates_, date_ids_, last_date);
      r.body = intern(3, bodies_, body_ids_, last_body);
      r.ocr = q.Int(4) != 0;
      r.municipality = intern(5, municipalities_, municipality_ids_, last_municipality);
      rowids_.own.push_back(q.Int(0));
      rows_.own.push_back(r);
    }
    if (!q.ok()) return Status::Error("search", q.error());
  }
  {
    Stmt q(db, "SELECT rowid FROM items WHERE hidden");  // the partial index items_hidden
    while (q.Step()) {
      long long i = IndexOf(q.Int(0));
      if (i >= 0) rows_.own[i].hidden = true;
    }
    if (!q.ok()) return Status::Error("search", q.error());
  }
  if (reader.joinable()) {
    reader.join();
  } else {
    side_status = ReadSideRows(db, &side, &FilterColumns::DocsizeTotal);
  }
  if (!side_status.ok()) return side_status;
  // Both in rowid order, as rowids_.own is: one walk each, no search per item.
  for (size_t at = 0, k = 0; k < side.lengths.size(); ++k) {
    while (at < rowids_.own.size() && rowids_.own[at] < side.lengths[k].first) ++at;
    if (at < rowids_.own.size() && rowids_.own[at] == side.lengths[k].first) rows_.own[at].length = side.lengths[k].second;
  }
  {
    const auto& all = side.amounts;
    amounts_.own.reserve(all.size());
    size_t at = 0;
    for (size_t k = 0; k < all.size();) {
      size_t e = k;
      while (e < all.size() && all[e].first == all[k].first) ++e;
      while (at < rowids_.own.size() && rowids_.own[at] < all[k].first) ++at;
      if (at < rowids_.own.size() && rowids_.own[at] == all[k].first) {
        Row& r = rows_.own[at];
        r.amount_begin = static_cast<uint32_t>(amounts_.own.size());
        r.amount_count = static_cast<uint16_t>(std::min<size_t>(e - k, UINT16_MAX));
        for (size_t j = k; j < k + r.amount_count; ++j) amounts_.own.push_back(all[j].second);
      }
      k = e;
    }
  }
  RankDates();
  year_count_.clear();
  std::fill(std::begin(magnitude_count_), std::end(magnitude_count_), 0);
  for (const Row& r : rows_.own) Tally(r, +1);
  return {};
}

Status FilterColumns::LoadChanged(sqlite3* db, long long since) {
  Stmt q(db,
         "SELECT i.rowid, i.hidden, f.year, f.meeting_date, f.body_key, f.ocr, f.municipality_key FROM items i "
         "JOIN item_facets f ON f.item_rowid = i.rowid WHERE i.seq > ? ORDER BY i.rowid");
  Stmt a(db, "SELECT sek FROM item_amounts WHERE item_rowid = ?");
  Stmt size(db, "SELECT sz FROM items_fts_docsize WHERE id = ?");
  q.Bind(1, since);
  bool added_date = false, added = false;
  while (q.Step()) {
    const long long rowid = q.Int(0);
    Row r;
    r.hidden = q.Int(1) != 0;
    if (!q.IsNull(2)) r.year = static_cast<int32_t>(q.Int(2));
    if (!q.IsNull(3)) r.date = Intern(dates_, date_ids_, q.Text(3), &added_date);
    if (!q.IsNull(4)) r.body = Intern(bodies_, body_ids_, q.Text(4), &added);
    r.ocr = q.Int(5) != 0;
    if (!q.IsNull(6)) r.municipality = Intern(municipalities_, municipality_ids_, q.Text(6), &added);
    a.Reset();
    a.Bind(1, rowid);
    r.amount_begin = static_cast<uint32_t>(amounts_.own.size());
    while (a.Step() && r.amount_count < UINT16_MAX) {
      amounts_.own.push_back(a.Double(0));
      ++r.amount_count;
    }
    if (!a.ok()) return Status::Error("search", a.error());
    size.Reset();
    size.Bind(1, rowid);
    if (size.Step()) r.length = DocsizeTotal(size.Blob(0), size.Bytes(0));
    if (!size.ok()) return Status::Error("search", size.error());
    // A changed item's old amounts stay in amounts_.own unused until the next full load.
    auto at = std::lower_bound(rowids_.own.begin(), rowids_.own.end(), rowid);
    const size_t i = static_cast<size_t>(at - rowids_.own.begin());
    Tally(r, +1);
    if (at != rowids_.own.end() && *at == rowid) {
      Tally(rows_.own[i], -1);
      rows_.own[i] = r;
    } else {
      rowids_.own.insert(at, rowid);
      rows_.own.insert(rows_.own.begin() + static_cast<long>(i), r);
    }
  }
  if (!q.ok()) return Status::Error("search", q.error());
  if (added_date) RankDates();
  return {};
}

long long FilterColumns::IndexOf(long long rowid) const {
  auto at = std::lower_bound(rowids_.own.begin(), rowids_.own.end(), rowid);
  return at != rowids_.own.end() && *at == rowid ? at - rowids_.own.begin() : -1;
}

FilterColumns::View::View(const FilterColumns& c, const SearchOptions& o)
    : c_(c), lock_(c.mu_), year_from_(o.year_from), year_to_(o.year_to), min_amount_(o.min_amount),
      max_amount_(o.max_amount), seq_(c.seq_) {
  if (o.source == "ocr") source_ = 1;
  else if (o.source == "text") source_ = 2;
  if (!o.date_from.empty() || !o.date_to.empty()) {
    date_ok_.resize(c.dates_.size());
    for (size_t d = 0; d < c.dates_.size(); ++d)
      date_ok_[d] = (o.date_from.empty() || c.dates_[d] >= o.date_from) && (o.date_to.empty() || c.dates_[d] <= o.date_to);
  }
  if (!o.body.empty()) {
    // Every word given is a part of the name, as in SQL (instr); no word (only marks) lets
    // every body through; a NULL body never passes.
    const std::vector<std::string> words = Words(extractors::Fold(o.body));
    body_ok_.resize(c.bodies_.size());
    for (size_t b = 0; b < c.bodies_.size(); ++b)
      body_ok_[b] = std::all_of(words.begin(), words.end(),
                                [&](const std::string& w) { return c.bodies_[b].find(w) != std::string::npos; });
    filter_body_ = true;
  }
  if (!o.municipality.empty()) {
    const std::vector<std::string> words = Words(extractors::Fold(o.municipality));
    municipality_ok_.resize(c.municipalities_.size());
    for (size_t m = 0; m < c.municipalities_.size(); ++m)
      municipality_ok_[m] = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return c.municipalities_[m].find(w) != std::string::npos;
      });
    filter_municipality_ = true;
  }
  filter_dates_ = !date_ok_.empty() || !o.date_from.empty() || !o.date_to.empty();
  body_counts_.assign(c.bodies_.size(), {0, 0});
  municipality_counts_.assign(c.municipalities_.size(), {0, 0});
}

long long FilterColumns::View::Index(long long rowid) const {
  if (rowid == last_rowid_) return last_index_;
  last_rowid_ = rowid;
  last_index_ = Find(rowid);
  return last_index_;
}

void FilterColumns::IndexRowids() {
  const size_t n = rows_.own.size();
  hot_flags_.own.resize(n);
  hot_date_.own.resize(n);
  hot_body_.own.resize(n);
  hot_municipality_.own.resize(n);
  hot_year_.own.resize(n);
  hot_amount_max_.own.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows_.own[i];
    hot_flags_.own[i] = static_cast<uint8_t>((r.hidden ? 1 : 0) | (r.ocr ? 2 : 0));
    hot_date_.own[i] = r.date;
    hot_body_.own[i] = r.body;
    hot_municipality_.own[i] = r.municipality;
    hot_year_.own[i] = r.year;
    double largest = -std::numeric_limits<double>::infinity();
    for (uint32_t at = r.amount_begin; at < r.amount_begin + r.amount_count; ++at) largest = std::max(largest, amounts_.own[at]);
    hot_amount_max_.own[i] = largest;
  }
  // Rowids at most twice as many as the items (no large gaps, as a catalogue that only grew
  // has): a position per rowid, 4 bytes each.
  dense_.own.clear();
  if (rowids_.own.empty() || rowids_.own.size() > static_cast<size_t>(INT32_MAX)) return;
  const long long span = rowids_.own.back() - rowids_.own.front() + 1;
  if (span > 2 * static_cast<long long>(rowids_.own.size())) return;
  dense_base_ = rowids_.own.front();
  dense_.own.assign(static_cast<size_t>(span), -1);
  for (size_t i = 0; i < rowids_.own.size(); ++i) dense_.own[static_cast<size_t>(rowids_.own[i] - dense_base_)] = static_cast<int32_t>(i);
}

long long FilterColumns::View::Find(long long rowid) const {
  if (!c_.dense_.empty()) {
    const long long k = rowid - c_.dense_base_;
    if (k < 0 || k >= static_cast<long long>(c_.dense_.size())) return -1;
    const int32_t at = c_.dense_[static_cast<size_t>(k)];
    return at < static_cast<long long>(c_.rowids_.size()) ? at : -1;  // (a damaged lists file)
  }
  const auto& r = c_.rowids_;
  if (hint_ < r.size() && r[hint_] == rowid) return static_cast<long long>(hint_++);
  // Ahead of the hint: gallop (a word in many items has its next match a few rows on; a
  // binary search over the rest of 5M rows is some twenty cache misses a match).
  auto from = r.begin(), to = r.end();
  if (hint_ < r.size() && r[hint_] < rowid) {
    size_t lo = hint_, step = 1;
    while (lo + step < r.size() && r[lo + step] < rowid) {
      lo += step;
      step *= 2;
    }
    from = r.begin() + static_cast<long>(lo);
    to = lo + step < r.size() ? r.begin() + static_cast<long>(lo + step) + 1 : r.end();
  }
  auto at = std::lower_bound(from, to, rowid);
  if (at == r.end() || *at != rowid) return -1;
  hint_ = static_cast<size_t>(at - r.begin()) + 1;
  return at - r.begin();
}

int FilterColumns::View::Passes(long long rowid) const {
  const long long i = Index(rowid);
  if (i < 0) {
    missing_ = true;
    return -1;
  }
  const size_t k = static_cast<size_t>(i);
  const uint8_t flags = c_.hot_flags_[k];
  if (flags & 1) return 0;
  if (year_from_ || year_to_) {
    const int32_t year = c_.hot_year_[k];
    if (year == INT32_MIN || (year_from_ && year < *year_from_) || (year_to_ && year > *year_to_)) return 0;
  }
  if (filter_dates_) {
    const int32_t date = c_.hot_date_[k];
    if (date < 0 || static_cast<size_t>(date) >= date_ok_.size() || !date_ok_[static_cast<size_t>(date)]) return 0;
  }
  if (filter_body_) {
    const int32_t body = c_.hot_body_[k];
    if (body < 0 || static_cast<size_t>(body) >= body_ok_.size() || !body_ok_[static_cast<size_t>(body)]) return 0;
  }
  if (filter_municipality_) {
    const int32_t m = c_.hot_municipality_[k];
    if (m < 0 || static_cast<size_t>(m) >= municipality_ok_.size() || !municipality_ok_[static_cast<size_t>(m)]) return 0;
  }
  if (source_ == 1 && !(flags & 2)) return 0;
  if (source_ == 2 && (flags & 2)) return 0;
  if (min_amount_ || max_amount_) {
    const double largest = c_.hot_amount_max_[k];  // (no amount: -inf)
    if (min_amount_ && largest < *min_amount_) return 0;
    if (!max_amount_) return 1;  // the largest is at least the minimum
    const Row& r = c_.rows_[k];
    bool any = false;
    const size_t end = std::min<size_t>(size_t{r.amount_begin} + r.amount_count, c_.amounts_.size());
    for (size_t at = r.amount_begin; at < end && !any; ++at) {
      const double a = c_.amounts_[at];
      any = (!min_amount_ || a >= *min_amount_) && (!max_amount_ || a <= *max_amount_);
    }
    if (!any) return 0;
  }
  return 1;
}

void FilterColumns::View::Count(long long rowid) {
  const long long i = Index(rowid);
  if (i < 0) return;
  const size_t k = static_cast<size_t>(i);
  const int32_t body = c_.hot_body_[k], municipality = c_.hot_municipality_[k], year = c_.hot_year_[k];
  ++total_;
  auto& b = body >= 0 && static_cast<size_t>(body) < body_counts_.size() ? body_counts_[static_cast<size_t>(body)] : no_body_;
  if (b.first++ == 0 || rowid < b.second) b.second = rowid;
  if (municipality >= 0 && static_cast<size_t>(municipality) < municipality_counts_.size()) {
    auto& m = municipality_counts_[static_cast<size_t>(municipality)];
    if (m.first++ == 0 || rowid < m.second) m.second = rowid;
  }
  if (year != INT32_MIN) {
    const long long decade = year / 10 * 10;  // as SQL divides: toward zero
    if (decade_counts_.empty()) decade_base_ = decade;
    if (decade < decade_base_) {
      decade_counts_.insert(decade_counts_.begin(), static_cast<size_t>((decade_base_ - decade) / 10), 0);
      decade_base_ = decade;
    }
    const size_t at = static_cast<size_t>((decade - decade_base_) / 10);
    if (at >= decade_counts_.size()) decade_counts_.resize(at + 1, 0);
    ++decade_counts_[at];
  }
}

int FilterColumns::View::Length(long long rowid) const {
  const long long i = Index(rowid);
  return i < 0 ? -1 : c_.rows_[static_cast<size_t>(i)].length;
}

int FilterColumns::View::DateRank(long long rowid) const {
  const long long i = Index(rowid);
  if (i < 0) return -1;
  const int32_t d = c_.rows_[static_cast<size_t>(i)].date;
  return d < 0 || static_cast<size_t>(d) >= c_.date_rank_.size() ? -1 : c_.date_rank_[static_cast<size_t>(d)];
}

long long FilterColumns::View::DateKey(long long rowid) const {
  const long long i = Index(rowid);
  if (i < 0) return -1;
  const int32_t d = c_.hot_date_[static_cast<size_t>(i)];
  return d < 0 || static_cast<size_t>(d) >= c_.date_keys_.size() ? -1 : c_.date_keys_[static_cast<size_t>(d)];
}

const std::string* FilterColumns::View::MeetingDate(long long rowid) const {
  const long long i = Index(rowid);
  if (i < 0) return nullptr;
  const int32_t d = c_.rows_[static_cast<size_t>(i)].date;
  return d < 0 || static_cast<size_t>(d) >= c_.dates_.size() ? nullptr : &c_.dates_[static_cast<size_t>(d)];
}

void FilterColumns::View::Summary(std::map<std::string, std::pair<long long, long long>>& bodies,
                                  std::map<std::string, std::pair<long long, long long>>& municipalities,
                                  std::map<long long, long long>& decades, long long& total) const {
  total = total_;
  auto add = [&](const std::string& key, const std::pair<long long, long long>& c) {
    if (c.first == 0) return;
    auto& b = bodies[key];
    b.second = b.first ? std::min(b.second, c.second) : c.second;
    b.first += c.first;
  };
  for (size_t b = 0; b < body_counts_.size(); ++b) add(c_.bodies_[b], body_counts_[b]);
  add("", no_body_);  // as SQL groups NULL: shown with the empty key
  for (size_t m = 0; m < municipality_counts_.size(); ++m) {
    const auto& c = municipality_counts_[m];
    if (c.first == 0) continue;
    auto& x = municipalities[c_.municipalities_[m]];
    x.second = x.first ? std::min(x.second, c.second) : c.second;
    x.first += c.first;
  }
  for (size_t k = 0; k < decade_counts_.size(); ++k)
    if (decade_counts_[k] > 0) decades[decade_base_ + 10 * static_cast<long long>(k)] += decade_counts_[k];
}

double FilterColumns::View::YearShare(int from, int to) const {
  long long n = 0;
  for (auto it = c_.year_count_.lower_bound(from); it != c_.year_count_.end() && it->first <= to; ++it) n += it->second;
  return c_.rows_.empty() ? 1.0 : static_cast<double>(n) / static_cast<double>(c_.rows_.size());
}

double FilterColumns::View::AmountShare(int k) const {
  if (k < 0 || k > 12) return 1.0;
  return c_.rows_.empty() ? 1.0 : static_cast<double>(c_.magnitude_count_[k]) / static_cast<double>(c_.rows_.size());
}

void FilterColumns::View::ForEach(const std::function<void(long long)>& f) const {
  for (long long rowid : c_.rowids_) f(rowid);
}

}  // namespace protokoll::catalogue
