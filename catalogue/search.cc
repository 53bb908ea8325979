#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "catalogue/impl.h"
#include "catalogue/rank.h"
#include "catalogue/terms.h"
#include "extractors/diarienummer.h"
#include "extractors/people.h"
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

namespace {

struct QueryTerm {
  std::string text;    // as typed (one word, a token with punctuation, or a phrase)
  bool phrase = false;  // typed in quotes
};

std::vector<QueryTerm> ParseQuery(const std::string& user_query) {
  // Control characters (NUL ends an FTS5 query early) become spaces.
  std::string in = extractors::Nfc(user_query);
  for (char& ch : in)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  std::vector<QueryTerm> terms;
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    QueryTerm t;
    if (c == '"') {
      t.phrase = true;
      size_t close = in.find('"', i + 1);
      if (close == std::string::npos) {
        t.text = in.substr(i + 1);  // unbalanced quote: the rest is the phrase
        i = in.size();
      } else {
        t.text = in.substr(i + 1, close - i - 1);
        i = close + 1;
      }
    } else {
      size_t end = in.find_first_of(" \"", i);
      if (end == std::string::npos) end = in.size();
      t.text = in.substr(i, end - i);
      i = end;
    }
    if (HasWordChar(t.text)) terms.push_back(std::move(t));
  }
  return terms;
}

// The written forms a hit is highlighted for: the query's words, and every word of the
// vocabulary with one of their base forms as base form or compound part.
struct Highlighter {
  std::string open = "[", close = "]";  // around each hit in a snippet
  std::set<std::string> forms;
  bool Matches(const std::string& lower) const { return forms.count(lower) > 0; }
};

std::string BuildFts(const std::vector<QueryTerm>& query, bool expand,
                     const std::function<std::vector<std::string>(const std::string&)>& bases) {
  std::string out;
  for (const QueryTerm& t : query) {
    std::vector<std::string> words = Words(t.text);
    std::string group;
    if (!t.phrase && words.size() == 1 && expand) {
      // One word: as written anywhere, or any of its base forms among the search terms.
      std::set<std::string> alts = {words[0]};
      for (const std::string& b : bases(words[0])) alts.insert(b);
      for (const std::string& a : alts) {
        if (!group.empty()) group += " OR ";
        group += Quote(a);
      }
      if (alts.size() > 1) group = "(" + group + ")";
    } else if (expand) {
      // A phrase, or a token with punctuation inside ("Ks2017/0073"): the words as written.
      group = "{title decision text} : " + Quote(t.text);
    } else {
      group = Quote(t.text);
    }
    if (!out.empty()) out += " AND ";  // FTS5 has no implicit AND after a parenthesis
    out += group;
  }
  return out;
}

// A window of about `width` words of `text` with the most highlighted words, hits in [ ].
std::string MakeSnippet(const std::string& text, const Highlighter& h, size_t width = 16);

// The snippet comes from the item's body (after its label, Dnr and title, which the output
// shows anyway) when the body has a hit; from the whole text otherwise.
std::string ItemSnippet(const std::string& text, const std::string& title, const Highlighter& h) {
  size_t at = title.empty() ? std::string::npos : text.find(title);
  if (at != std::string::npos && at < 400) {
    std::string body = text.substr(at + title.size());
    for (const WordSpan& w : WordSpans(body))
      if (h.Matches(w.lower)) return MakeSnippet(body, h);
  }
  return MakeSnippet(text, h);
}

std::string MakeSnippet(const std::string& text, const Highlighter& h, size_t width) {
  std::vector<WordSpan> spans = WordSpans(text);
  if (spans.empty()) return extractors::Squash(text.substr(0, 160));
  std::vector<char> hit(spans.size());
  for (size_t k = 0; k < spans.size(); ++k) hit[k] = h.Matches(spans[k].lower);
  size_t best = 0, best_count = 0, count = 0;
  for (size_t k = 0; k < spans.size(); ++k) {
    count += hit[k];
    if (k >= width) count -= hit[k - width];
    if (count > best_count) {
      best_count = count;
      best = k >= width ? k - width + 1 : 0;
    }
  }
  // Start a little before the first hit of the window, for context.
  if (best_count > 0) {
    size_t first = best;
    while (!hit[first]) ++first;
    best = first > 3 ? std::min(best, first - 3) : 0;
    if (first - best < 3 && first >= 3) best = first - 3;
  }
  size_t last = std::min(spans.size(), best + width) - 1;
  std::string out = best > 0 ? "…" : "";
  size_t pos = spans[best].begin;
  for (size_t k = best; k <= last; ++k) {
    out.append(text, pos, spans[k].begin - pos);
    if (hit[k]) out += h.open + text.substr(spans[k].begin, spans[k].end - spans[k].begin) + h.close;
    else out.append(text, spans[k].begin, spans[k].end - spans[k].begin);
    pos = spans[k].end;
  }
  if (last + 1 < spans.size()) {
    // Keep closing punctuation of the last word.
    size_t end = pos;
    while (end < text.size() && std::string_view(".,;:)").find(text[end]) != std::string_view::npos) ++end;
    out.append(text, pos, end - pos);
    out += "…";
  } else {
    out.append(text, pos, std::string::npos);
  }
  return extractors::Squash(out);
}

// A filter that is also a token of the index's `facets` column.
struct TokenFilter {
  std::string clause;  // " AND facets : …"
  enum { kYears, kAmount, kDnr } kind;
  int from = 0, to = 0;  // kYears: the years
  bool bounded = false;  // kYears: both ends given by the user (not the open ends 1800/2100)
  int power = 0;         // kAmount: 10^power
};

// What the in-memory path found: the page's items (rowid, score) and the facets.
struct MemoryAnswer {
  std::vector<std::pair<long long, double>> chosen;
  std::map<std::string, std::pair<long long, long long>> bodies;  // body key → (count, an item)
  std::map<std::string, std::pair<long long, long long>> municipalities;  // likewise; no "" key
  std::map<long long, long long> decades;
  long long total = 0;
  bool window_full = false;
};

// The search with the filters and facets from the in-memory columns: one pass over the words'
// matches, the filters applied inside SQL by protokoll_passes(rowid) through `current`. Nothing
// (and the SQL path answers) when the copy does not hold an item the index returned.
Result<std::optional<MemoryAnswer>> SearchColumns(sqlite3* db, const FilterColumns& columns,
                                                  const FilterColumns::View*& current, const SearchOptions& o,
                                                  bool summarize, const std::string& match,
                                                  const std::vector<TokenFilter>& tokens, long long limit) {
  FilterColumns::View view(columns, o);
  struct Current {  // protokoll_passes(rowid) applies `view` while this search runs
    const FilterColumns::View*& slot;
    ~Current() { slot = nullptr; }
  } in_use{current};
  current = &view;
  MemoryAnswer out;
  // A selective filter's token still narrows inside the index (it skips ahead in the words'
  // doclists and verifies phrases only where they meet); an unselective one would only add the
  // merging of large doclists. The copy decides exactly. Measured on 1,000,000 items: a year
  // range's OR of doclists pays off below about 5 % of the items. (The organ filter has no
  // token: it matches any part of the name, which no token of the index can.)
  std::string narrow;
  for (const TokenFilter& t : tokens) {
    constexpr double kSelective = 0.05;
    const bool use = t.kind == TokenFilter::kDnr ||
                     (t.kind == TokenFilter::kYears && t.bounded && view.YearShare(t.from, t.to) <= kSelective) ||
                     (t.kind == TokenFilter::kAmount && view.AmountShare(t.power) <= kSelective);
    if (use) narrow += t.clause;
  }
  // The words may match any column, `facets` included: a municipality's place words are there.
  const std::string fts = narrow.empty() ? match : "(" + match + ")" + narrow;
  // The page: `from` to `to` of the candidates sorted.
  auto page = [&](size_t n, size_t& from, size_t& to) {
    from = std::min(n, static_cast<size_t>(std::max(0, o.offset)));
    to = limit < 0 ? n : std::min(n, from + static_cast<size_t>(limit));
  };
  if (!match.empty() && o.by_date) {
    // Every passing match, newest meeting first (no date last), then in the order stored.
    Stmt m(db, "SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND protokoll_passes(rowid)");
    m.Bind(1, fts);
    std::vector<std::pair<int, long long>> keyed;
    while (m.Step()) {
      const long long r = m.Int(0);
      keyed.emplace_back(view.DateRank(r), r);
      if (summarize) view.Count(r);
    }
    if (!m.ok()) return Status::Error("search", m.error());
    size_t from = 0, to = 0;
    page(keyed.size(), from, to);
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<long>(to), keyed.end(),
                      [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (size_t k = from; k < to; ++k) out.chosen.emplace_back(keyed[k].second, 0.0);
  } else if (!match.empty()) {
    // One pass, newest match first: the `rank_window` newest passing matches get a score (the
    // rank window, see Catalogue::Search); with the facets the pass goes on through the older
    // matches, counting them without a score; without, it stops there.
    Stmt m(db, "SELECT rowid, CASE WHEN protokoll_ranking() THEN "
               "protokoll_rank(items_fts, 5.0, 2.0, 1.0, 4.0, 1.0, 0.4, 0.0, ?2) END FROM items_fts "
               "WHERE items_fts MATCH ?1 AND protokoll_passes(rowid) ORDER BY rowid DESC");
    m.Bind(1, fts).BindPointer(2, &view, kViewPointer);  // the rows' lengths from the copy
    // The matches past the window follow the ranked ones, newest first: every page of the
    // total can be reached (none empty past the window).
    std::vector<std::pair<double, long long>> scored;
    std::vector<long long> tail;
    const size_t needed = limit < 0 ? SIZE_MAX : static_cast<size_t>(std::max(0, o.offset)) + static_cast<size_t>(limit);
    long long n = 0;
    while (m.Step()) {
      const long long r = m.Int(0);
      if (o.rank_window <= 0 || ++n <= o.rank_window) {
        scored.emplace_back(m.Double(1), r);
        if (o.rank_window > 0 && n == o.rank_window) view.set_ranking(false);  // from the next row on
      } else {
        out.window_full = true;
        if (scored.size() + tail.size() < needed) tail.push_back(r);
      }
      if (summarize) view.Count(r);
      else if (out.window_full && scored.size() + tail.size() >= needed) break;
    }
    if (!m.ok()) return Status::Error("search", m.error());
    size_t from = 0, to = 0;
    page(scored.size() + tail.size(), from, to);
    const size_t ranked_to = std::min(to, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(ranked_to), scored.end());
    for (size_t k = from; k < to; ++k)
      if (k < scored.size()) out.chosen.emplace_back(scored[k].second, scored[k].first);
      else out.chosen.emplace_back(tail[k - scored.size()], 0.0);
  } else if (summarize) {
    view.ForEach([&](long long r) {
      if (view.Passes(r) > 0) view.Count(r);
    });
  }
  if (view.missing()) return std::optional<MemoryAnswer>();
  if (summarize) view.Summary(out.bodies, out.municipalities, out.decades, out.total);
  return std::optional<MemoryAnswer>(std::move(out));
}

}  // namespace

std::string FtsQuery(const std::string& user_query, SwedishTerms* terms) {
  const bool expand = terms && terms->mode() != TermsMode::kSurface;
  return BuildFts(ParseQuery(user_query), expand,
                  [&](const std::string& w) { return terms->BaseForms(w); });
}

Result<std::vector<SearchHit>> Catalogue::Search(const SearchOptions& o, SearchStats* stats) {
  sqlite3* db = impl_->db.get();
  const std::vector<QueryTerm> query = ParseQuery(o.query);
  const bool expand = impl_->terms_mode != TermsMode::kSurface;
  // Base forms of a query word from the vocabulary of the stored items (no dictionary to load);
  // a word the catalogue has never seen is looked up in the dictionary.
  std::map<std::string, std::vector<std::string>> bases_of;
  auto bases = [&](const std::string& w) -> std::vector<std::string> {
    auto it = bases_of.find(w);
    if (it != bases_of.end()) return it->second;
    std::vector<std::string> out;
    Stmt q(db, "SELECT term FROM vocabulary WHERE word = ? AND kind = 0");
    q.Bind(1, w);
    while (q.Step()) out.push_back(q.Text(0));
    if (out.empty()) out = impl_->QueryBaseForms(w);
    return bases_of[w] = out;
  };
  const std::string match = BuildFts(query, expand, bases);
  const bool has_query = !match.empty();
  if (!has_query && !extractors::Trim(o.query).empty()) {  // nothing searchable ("§", "-", "\"")
    if (stats) {
      stats->total = 0;
      stats->note = "no word to search for in the query";
    }
    return std::vector<SearchHit>{};
  }
  std::optional<extractors::Diarienummer> dnr;
  if (!o.dnr.empty()) {
    dnr = extractors::ParseDiarienummer(o.dnr);
    if (!dnr) dnr = extractors::ParseDiarienummer("Dnr " + o.dnr);
    if (!dnr) return Status::Error("search", "not a diarienummer: " + o.dnr);
  }
  const bool filtered = o.Filtered();
  // The filters as tokens of the index's `facets` column too, so that FTS5 intersects them with
  // the words' doclists (it skips ahead in both) instead of a join testing every match. The
  // tests below stay only where tokens merely narrow (dates, amounts): each test reads a row
  // per match, which on a large catalogue is a disk read.
  std::vector<TokenFilter> tokens;
  bool years_by_token = false, dnr_by_token = false, amount_by_token = false;
  if (has_query && filtered) {
    const std::string in = " AND facets : ";
    int from = o.year_from.value_or(0), to = o.year_to.value_or(9999);
    if (!o.date_from.empty() && o.date_from.size() >= 4) from = std::max(from, std::atoi(o.date_from.substr(0, 4).c_str()));
    if (!o.date_to.empty() && o.date_to.size() >= 4) to = std::min(to, std::atoi(o.date_to.substr(0, 4).c_str()));
    const bool bounded = from >= 1800 && to <= 2100;
    // Open ends are the years minutes can have (1800–2100): "--years 2000.." is 101 tokens.
    from = std::max(from, 1800);
    to = std::min(to, 2100);
    // A few years narrow a lot, and their tokens' doclists are cheap to merge; a long or open
    // range ("2000..": 101 doclists, half the catalogue) narrows little and its merge costs more
    // than checking each match's year.
    constexpr int kYearsByToken = 10;
    if ((o.year_from || o.year_to || !o.date_from.empty() || !o.date_to.empty()) && from <= to &&
        to - from < kYearsByToken) {
      std::string years;
      for (int y = from; y <= to; ++y) years += (years.empty() ? "" : " OR ") + YearToken(y);
      TokenFilter t{in + "(" + years + ")", TokenFilter::kYears};
      t.from = from;
      t.to = to;
      t.bounded = bounded;
      tokens.push_back(t);
      years_by_token = true;  // exact for years; dates still need their own test
    }
    if (o.min_amount && *o.min_amount >= 1000) {
      const int power = std::min(12, static_cast<int>(std::floor(std::log10(*o.min_amount) + 1e-9)));
      TokenFilter t{in + AmountToken(power), TokenFilter::kAmount};
      t.power = power;
      tokens.push_back(t);
      // "At least 10^k" is the token itself: no amount need be read.
      amount_by_token = !o.max_amount && *o.min_amount == std::pow(10.0, power);
    }
    if (dnr) {
      tokens.push_back({in + Quote(DiarienummerToken(dnr->normalized)), TokenFilter::kDnr});
      dnr_by_token = true;
    }
  }
  std::string facets;
  for (const TokenFilter& t : tokens) facets += t.clause;
  // The filters as SQL over item_facets f (a narrow row per item), with their parameters.
  struct Param {
    bool text;
    std::string t;
    double d;
  };
  std::string where;
  std::vector<Param> params;
  if (o.year_from && !years_by_token) {
    where += "AND f.year >= ? ";
    params.push_back({false, {}, static_cast<double>(*o.year_from)});
  }
  if (o.year_to && !years_by_token) {
    where += "AND f.year <= ? ";
    params.push_back({false, {}, static_cast<double>(*o.year_to)});
  }
  if (!o.date_from.empty()) {
    where += "AND f.meeting_date >= ? ";
    params.push_back({true, o.date_from, 0});
  }
  if (!o.date_to.empty()) {
    where += "AND f.meeting_date <= ? ";
    params.push_back({true, o.date_to, 0});
  }
  if (!o.body.empty()) {
    // Any word of the organ's name, or a part of one: "fullmäktige" finds Kommunfullmäktige,
    // "utskott" Kommunstyrelsens arbetsutskott. Every word given must be in the name.
    where += "AND f.body_key IS NOT NULL ";
    for (const std::string& w : Words(extractors::Fold(o.body))) {
      where += "AND instr(f.body_key, ?) > 0 ";
      params.push_back({true, w, 0});
    }
  }
  if (!o.municipality.empty()) {
    // As the organ: every word given is a part of the name ("kumla" finds "Kumla kommun").
    where += "AND f.municipality_key IS NOT NULL ";
    for (const std::string& w : Words(extractors::Fold(o.municipality))) {
      where += "AND instr(f.municipality_key, ?) > 0 ";
      params.push_back({true, w, 0});
    }
  }
  if (dnr && !dnr_by_token) {
    where += "AND EXISTS (SELECT 1 FROM item_diarienummer n WHERE n.item_rowid = f.item_rowid AND "
             "n.normalized = ?) ";
    params.push_back({true, dnr->normalized, 0});
  }
  if ((o.min_amount || o.max_amount) && !amount_by_token) {
    where += "AND EXISTS (SELECT 1 FROM item_amounts a WHERE a.item_rowid = f.item_rowid";
    if (o.min_amount) {
      where += " AND a.sek >= ?";
      params.push_back({false, {}, *o.min_amount});
    }
    if (o.max_amount) {
      where += " AND a.sek <= ?";
      params.push_back({false, {}, *o.max_amount});
    }
    where += ") ";
  }
  if (o.source == "ocr" || o.source == "text") {
    where += o.source == "ocr" ? "AND f.ocr " : "AND NOT f.ocr ";
  }
  if (o.vote) where += "AND EXISTS (SELECT 1 FROM item_votes v WHERE v.item_rowid = f.item_rowid AND v.method = 'omröstning') ";
  // A person or a party: "SD", "fp", "Moderaterna" are parties; anything else is a name, each
  // of its words a part of the person's name.
  auto person_clause = [&](const std::string& who, const std::string& table_where) {
    const std::string party = who.find(' ') == std::string::npos ? extractors::PartyCode(who) : std::string();
    // "SD", "fp", "KD" and a party's name are parties; "lann" is a name (a local party is found
    // by its letters in capitals: "SPI").
    if (!party.empty() && (who.size() <= 3 || party != extractors::Upper(who) || who == extractors::Upper(who))) {
      where += table_where + " AND p.party = ?) ";
      params.push_back({true, party, 0});
      return;
    }
    where += table_where;
    for (const std::string& w : Words(extractors::Fold(who))) {
      where += " AND instr(p.name_key, ?) > 0";
      params.push_back({true, w, 0});
    }
    where += ") ";
  };
  if (!o.reserved_by.empty())
    person_clause(o.reserved_by, "AND EXISTS (SELECT 1 FROM item_people p WHERE p.item_rowid = f.item_rowid AND p.part = 'reservation'");
  if (!o.moved_by.empty())
    person_clause(o.moved_by, "AND EXISTS (SELECT 1 FROM item_people p WHERE p.item_rowid = f.item_rowid AND p.part = 'motion'");
  if (!o.present.empty())
    person_clause(o.present,
                  "AND EXISTS (SELECT 1 FROM items pi JOIN meeting_people p ON p.document_id = pi.document_id AND "
                  "p.meeting = coalesce(json_extract(pi.record, '$.meeting'), 1) WHERE pi.rowid = f.item_rowid");
  const std::string full_match =
      facets.empty() ? match : "(" + match + ")" + facets;
  auto bind_all = [&](Stmt& q, int& k, bool with_match) {
    if (with_match) q.Bind(++k, full_match);
    for (const Param& p : params) {
      if (p.text) q.Bind(++k, p.t);
      else q.Bind(++k, p.d);
    }
  };
  // Items people marked "not an item" are no match: a handful, read once through a partial index.
  const std::string visible = "AND items_fts.rowid NOT IN (SELECT rowid FROM items WHERE hidden) ";
  const std::string from_matches =
      std::string("FROM items_fts ") +
      (where.empty() ? "" : "JOIN item_facets f ON f.item_rowid = items_fts.rowid ") +
      "WHERE items_fts MATCH ? " + where + visible;
  const long long limit = o.limit > 0 ? o.limit : -1;

  // With KeepFilterColumns the filters and facets are array lookups (catalogue/columns.h); the
  // SQL path below answers otherwise, and when the copy cannot (an item it does not hold).
  std::optional<MemoryAnswer> mem;
  if (std::shared_ptr<FilterColumns> columns = impl_->columns;
      columns && !o.PeopleFiltered() && (has_query || (stats && o.summarize && !dnr)) && columns->Refresh(db).ok()) {
    auto answer = SearchColumns(db, *columns, impl_->view, o, stats && o.summarize, match, tokens, limit);
    if (!answer.ok()) return answer.status();
    mem = std::move(*answer);
  }
  const bool memory = mem.has_value();
  std::map<std::string, std::pair<long long, long long>> bodies;  // body key → (count, an item)
  std::map<std::string, std::pair<long long, long long>> municipalities;  // likewise
  std::map<long long, long long> decades;
  if (memory && stats) {
    stats->in_memory = true;
    stats->window_full = mem->window_full;
    if (o.summarize) {
      stats->total = mem->total;
      bodies = std::move(mem->bodies);
      municipalities = std::move(mem->municipalities);
      decades = std::move(mem->decades);
    }
  }

  // A word in a large share of a big catalogue matches hundreds of thousands of items, and
  // ranking costs about a microsecond per match (a score for every one: FTS5 has no
  // top-k shortcut). So ranking covers the `rank_window` most recently stored matches; the
  // bound is the rowid of the window's oldest match. Fewer matches than that: exact.
  long long bound = 0;
  if (has_query && o.rank_window > 0 && !memory) {
    Stmt w(db, "SELECT items_fts.rowid " + from_matches +
                   "ORDER BY items_fts.rowid DESC LIMIT 2 OFFSET ?");
    if (!w.ok()) return Status::Error("search", w.error());
    int k = 0;
    bind_all(w, k, true);
    w.Bind(++k, static_cast<long long>(o.rank_window - 1));
    if (w.Step()) {
      long long oldest = w.Int(0);
      if (w.Step()) {  // more matches than the window holds
        bound = oldest;
        if (stats) stats->window_full = true;
      }
    }
    if (!w.ok()) return Status::Error("search", w.error());
  }

  if (stats && o.summarize && !memory) {
    // All matches: the count, and per body and per decade of the meeting (facets of the page).
    const std::string shown = "AND f.item_rowid NOT IN (SELECT rowid FROM items WHERE hidden) ";
    const std::string from_all =
        has_query ? "FROM items_fts JOIN item_facets f ON f.item_rowid = items_fts.rowid WHERE items_fts "
                    "MATCH ? " + where + shown
                  : "FROM item_facets f WHERE 1 " + where + shown;
    // One pass: matches per (body, decade, municipality); the total and the facets are sums of it.
    Stmt c(db, "SELECT f.body_key, f.year / 10 * 10, count(*), min(f.item_rowid), f.municipality_key " + from_all +
                   "GROUP BY 1, 2, 5");
    if (!c.ok()) return Status::Error("search", c.error());
    int k = 0;
    bind_all(c, k, has_query);
    stats->total = 0;
    while (c.Step()) {
      const long long n = c.Int(2);
      stats->total += n;
      auto& b = bodies[c.IsNull(0) ? "" : c.Text(0)];
      b.first += n;
      b.second = b.second ? std::min(b.second, c.Int(3)) : c.Int(3);
      if (!c.IsNull(4)) {
        auto& m = municipalities[c.Text(4)];
        m.first += n;
        m.second = m.second ? std::min(m.second, c.Int(3)) : c.Int(3);
      }
      if (!c.IsNull(1)) decades[c.Int(1)] += n;
    }
    if (!c.ok()) return Status::Error("search", c.error());
  }
  if (stats && o.summarize) {
    std::vector<std::pair<long long, std::pair<std::string, long long>>> by_count;
    for (const auto& [key, v] : bodies) by_count.push_back({-v.first, {key, v.second}});
    std::sort(by_count.begin(), by_count.end());
    Stmt name(db, "SELECT coalesce(body, '') FROM items WHERE rowid = ?");
    for (size_t i = 0; i < by_count.size() && i < 20; ++i) {
      name.Reset();
      name.Bind(1, by_count[i].second.second);
      // The body as one item of the group prints it.
      stats->by_body.emplace_back(name.Step() ? name.Text(0) : std::string(), -by_count[i].first);
    }
    for (const auto& [d, n] : decades) stats->by_decade.emplace_back(std::to_string(d), n);
    // Municipalities likewise, by the name one item's document gives.
    std::vector<std::pair<long long, std::pair<std::string, long long>>> by_place;
    for (const auto& [key, v] : municipalities) by_place.push_back({-v.first, {key, v.second}});
    std::sort(by_place.begin(), by_place.end());
    Stmt place(db, "SELECT coalesce(d.municipality, '') FROM items i JOIN documents d ON d.id = i.document_id WHERE i.rowid = ?");
    for (size_t i = 0; i < by_place.size() && i < 20; ++i) {
      place.Reset();
      place.Bind(1, by_place[i].second.second);
      stats->by_municipality.emplace_back(place.Step() ? place.Text(0) : std::string(), -by_place[i].first);
    }
  }

  static const char* const kColumns =
      "SELECT i.id, i.paragraph, i.paragraph_label, d.path, d.sha256, coalesce(i.body, ''), "
      "coalesce(i.meeting_date, ''), i.title, coalesce(d.municipality, ''), i.source, ";
  std::string sql;
  bool tail = false;
  if (has_query) {
    // The best `limit` rows are chosen from the index alone (rowid and score), then their text
    // is read: carrying every match's text through the sort would cost far more.
    if (o.by_date) {
      // Newest meeting first: every match is a candidate (no rank window), ordered by date.
      // No score is computed: the order is the date's (a score for every match costs).
      sql = "WITH hits(rowid, score, date) AS (SELECT items_fts.rowid, 0, f.meeting_date "
            "FROM items_fts JOIN item_facets f ON f.item_rowid = items_fts.rowid WHERE items_fts "
            "MATCH ? " + where + visible + "ORDER BY f.meeting_date DESC, items_fts.rowid LIMIT ? OFFSET ?) " +
            kColumns + "i.text, hits.score, i.page_start, i.page_end FROM hits JOIN items i ON i.rowid = "
            "hits.rowid AND NOT i.hidden JOIN documents d ON d.id = i.document_id ORDER BY hits.date DESC, i.rowid";
      bound = 0;
    } else {
      // A page that reaches past the window: the older matches follow the ranked ones, newest
      // first (every page of the total can be reached).
      tail = bound && (limit < 0 || o.offset + limit > o.rank_window);
      sql = "WITH hits(rowid, score, part) AS (SELECT r, sc, part FROM (SELECT items_fts.rowid AS r, "
            "protokoll_rank(items_fts, 5.0, 2.0, 1.0, 4.0, 1.0, 0.4, 0.0) AS sc, 0 AS part " + from_matches +
            (bound ? "AND items_fts.rowid >= ? " : "") +
            (tail ? "UNION ALL SELECT items_fts.rowid, 0, 1 " + from_matches + "AND items_fts.rowid < ? " : std::string()) +
            ") ORDER BY part, CASE WHEN part = 0 THEN sc END, CASE WHEN part = 1 THEN -r END, r LIMIT ? OFFSET ?) " + kColumns +
            "i.text, hits.score, i.page_start, i.page_end FROM hits JOIN items i ON i.rowid = "
            "hits.rowid AND NOT i.hidden JOIN documents d ON d.id = i.document_id "
            "ORDER BY hits.part, CASE WHEN hits.part = 0 THEN hits.score END, -i.rowid * hits.part, i.rowid";
    }
  } else {
    sql = std::string(kColumns) +
          "substr(coalesce(i.decision, i.text), 1, 160), 0, i.page_start, i.page_end FROM items i "
          "JOIN item_facets f ON f.item_rowid = i.rowid JOIN documents d ON d.id = i.document_id "
          "WHERE NOT i.hidden " + where + "ORDER BY i.meeting_date DESC, d.path, i.ordinal LIMIT ? OFFSET ?";
  }
  if (memory && has_query) {
    // The page's items, chosen in memory, read one by one in their order.
    sql = std::string(kColumns) + "i.text, ?, i.page_start, i.page_end FROM items i JOIN documents d ON "
          "d.id = i.document_id WHERE i.rowid = ?";
  }
  Stmt q(db, sql);
  if (!q.ok()) return Status::Error("search", q.error());
  if (!(memory && has_query)) {
    int k = 0;
    bind_all(q, k, has_query);
    if (bound) q.Bind(++k, bound);
    if (tail) {
      bind_all(q, k, has_query);
      q.Bind(++k, bound);
    }
    q.Bind(++k, limit);
    q.Bind(++k, static_cast<long long>(std::max(0, o.offset)));
  }
  Highlighter highlight;
  highlight.open = o.mark_open;
  highlight.close = o.mark_close;
  {
    Stmt forms(db, "SELECT word FROM vocabulary WHERE term = ?");
    for (const QueryTerm& t : query) {
      std::vector<std::string> words = Words(t.text);
      for (const std::string& w : words) {
        highlight.forms.insert(w);
        if (!expand || t.phrase || words.size() != 1) continue;
        std::set<std::string> terms = {w};
        for (const std::string& b : bases(w)) terms.insert(b);
        for (const std::string& term : terms) {
          forms.Reset();
          forms.Bind(1, term);
          while (forms.Step()) highlight.forms.insert(forms.Text(0));
        }
      }
    }
  }
  std::vector<SearchHit> hits;
  size_t next = 0;  // in memory: the next of `chosen` to read
  auto step = [&] {
    if (!(memory && has_query)) return q.Step();
    while (next < mem->chosen.size()) {
      q.Reset();
      q.Bind(1, mem->chosen[next].second).Bind(2, mem->chosen[next].first);
      ++next;
      if (q.Step()) return true;  // (an item deleted since it was chosen is left out)
      if (!q.ok()) return false;
    }
    return false;
  };
  while (step()) {
    SearchHit h;
    h.id = q.Text(0);
    h.paragraph = static_cast<int>(q.Int(1));
    h.paragraph_label = q.Text(2);
    h.path = q.Text(3);
    h.sha256 = q.Text(4);
    h.body = q.Text(5);
    h.meeting_date = q.Text(6);
    h.title = q.Text(7);
    h.municipality = q.Text(8);
    h.source = q.Text(9);
    h.snippet = has_query ? ItemSnippet(q.Text(10), h.title, highlight) : extractors::Squash(q.Text(10));
    h.score = -q.Double(11);  // bm25 is lower-is-better; report higher-is-better
    h.page_start = static_cast<int>(q.Int(12));
    h.page_end = static_cast<int>(q.Int(13));
    hits.push_back(std::move(h));
  }
  if (!q.ok()) return Status::Error("search", q.error());
  return hits;
}

}  // namespace protokoll::catalogue
