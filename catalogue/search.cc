#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "catalogue/impl.h"
#include "extractors/diarienummer.h"
#include "extractors/text.h"

namespace protokoll::catalogue {
namespace {

bool HasWordChar(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c > 0 && u_isalnum(c)) return true;
  }
  return false;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += "\"";
  return out;
}

}  // namespace

std::string FtsQuery(const std::string& user_query) {
  // Control characters (NUL ends an FTS5 query early) become spaces.
  std::string in = extractors::Nfc(user_query);
  for (char& ch : in)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  std::vector<std::string> terms;
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    std::string token;
    if (c == '"') {
      size_t close = in.find('"', i + 1);
      if (close == std::string::npos) {
        token = in.substr(i + 1);  // unbalanced quote: the rest is the phrase
        i = in.size();
      } else {
        token = in.substr(i + 1, close - i - 1);
        i = close + 1;
      }
    } else {
      size_t end = in.find_first_of(" \t\n\r\"", i);
      if (end == std::string::npos) end = in.size();
      token = in.substr(i, end - i);
      i = end;
    }
    if (HasWordChar(token)) terms.push_back(Quote(token));
  }
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

Result<std::vector<SearchHit>> Catalogue::Search(const SearchOptions& o) {
  sqlite3* db = impl_->db.get();
  const std::string match = FtsQuery(o.query);
  const bool has_query = !match.empty();
  if (!has_query && !extractors::Trim(o.query).empty()) return std::vector<SearchHit>{};  // nothing searchable
  std::string sql =
      "SELECT i.id, i.paragraph, i.paragraph_label, d.path, d.sha256, coalesce(i.body, ''), "
      "coalesce(i.meeting_date, ''), i.title, ";
  sql += has_query ? "snippet(items_fts, -1, '[', ']', '…', 14), bm25(items_fts, 5.0, 2.0, 1.0), "
                   : "substr(coalesce(i.decision, i.text), 1, 160), 0, ";
  sql += "i.page_start, i.page_end FROM ";
  sql += has_query ? "items_fts JOIN items i ON i.rowid = items_fts.rowid " : "items i ";
  sql += "JOIN documents d ON d.id = i.document_id WHERE 1 ";
  std::vector<std::pair<int, std::string>> text_params;
  std::vector<std::pair<int, double>> num_params;
  int n = 0;
  if (has_query) {
    sql += "AND items_fts MATCH ? ";
    text_params.emplace_back(++n, match);
  }
  if (o.year_from) {
    sql += "AND CAST(substr(i.meeting_date, 1, 4) AS INTEGER) >= ? ";
    num_params.emplace_back(++n, *o.year_from);
  }
  if (o.year_to) {
    sql += "AND CAST(substr(i.meeting_date, 1, 4) AS INTEGER) <= ? ";
    num_params.emplace_back(++n, *o.year_to);
  }
  if (!o.date_from.empty()) {
    sql += "AND i.meeting_date >= ? ";
    text_params.emplace_back(++n, o.date_from);
  }
  if (!o.date_to.empty()) {
    sql += "AND i.meeting_date <= ? ";
    text_params.emplace_back(++n, o.date_to);
  }
  if (!o.body.empty()) {
    sql += "AND substr(protokoll_fold(i.body), 1, length(?)) = ? ";
    std::string folded = extractors::Fold(o.body);
    text_params.emplace_back(++n, folded);
    text_params.emplace_back(++n, folded);
  }
  if (!o.dnr.empty()) {
    auto d = extractors::ParseDiarienummer(o.dnr);
    if (!d) d = extractors::ParseDiarienummer("Dnr " + o.dnr);
    if (!d) return Status::Error("search", "not a diarienummer: " + o.dnr);
    sql += "AND EXISTS (SELECT 1 FROM item_diarienummer n WHERE n.item_rowid = i.rowid AND "
           "n.normalized = ?) ";
    text_params.emplace_back(++n, d->normalized);
  }
  if (o.min_amount || o.max_amount) {
    sql += "AND EXISTS (SELECT 1 FROM item_amounts a WHERE a.item_rowid = i.rowid";
    if (o.min_amount) {
      sql += " AND a.sek >= ?";
      num_params.emplace_back(++n, *o.min_amount);
    }
    if (o.max_amount) {
      sql += " AND a.sek <= ?";
      num_params.emplace_back(++n, *o.max_amount);
    }
    sql += ") ";
  }
  sql += has_query ? "ORDER BY bm25(items_fts, 5.0, 2.0, 1.0) "
                   : "ORDER BY i.meeting_date DESC, d.path, i.ordinal ";
  sql += "LIMIT ?";
  Stmt q(db, sql);
  if (!q.ok()) return Status::Error("search", q.error());
  for (auto& [k, v] : text_params) q.Bind(k, v);
  for (auto& [k, v] : num_params) q.Bind(k, v);
  q.Bind(++n, static_cast<long long>(o.limit > 0 ? o.limit : -1));
  std::vector<SearchHit> hits;
  while (q.Step()) {
    SearchHit h;
    h.id = q.Text(0);
    h.paragraph = static_cast<int>(q.Int(1));
    h.paragraph_label = q.Text(2);
    h.path = q.Text(3);
    h.sha256 = q.Text(4);
    h.body = q.Text(5);
    h.meeting_date = q.Text(6);
    h.title = q.Text(7);
    h.snippet = extractors::Squash(q.Text(8));
    h.score = -q.Double(9);  // bm25 is lower-is-better; report higher-is-better
    h.page_start = static_cast<int>(q.Int(10));
    h.page_end = static_cast<int>(q.Int(11));
    hits.push_back(std::move(h));
  }
  if (!q.ok()) return Status::Error("search", q.error());
  return hits;
}

}  // namespace protokoll::catalogue
