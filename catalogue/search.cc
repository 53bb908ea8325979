#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "catalogue/impl.h"
#include "catalogue/postings.h"
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
        group += QuotePhrase(a);
      }
      if (alts.size() > 1) group = "(" + group + ")";
    } else if (expand) {
      // A phrase, or a token with punctuation inside ("Ks2017/0073"): the words as written.
      group = "{title decision text} : " + QuotePhrase(t.text);
    } else {
      group = QuotePhrase(t.text);
    }
    if (!out.empty()) out += " AND ";  // FTS5 has no implicit AND after a parenthesis
    out += group;
  }
  return out;
}

// The query as BuildFts gives it to FTS5, as its phrases: per query word its alternatives (the
// word and its base forms, or the phrase), each the FTS5 expression of one phrase, in
// BuildFts's order (the ranking sums the phrases in it). A word the index has as one term is
// written as that term quoted, as TermIndex::Warm keys its lists. Nothing when an alternative
// has no word in it (FTS5 answers that query).
std::optional<std::vector<std::vector<std::string>>> PhraseGroups(
    sqlite3* db, const std::vector<QueryTerm>& query, bool expand,
    const std::function<std::vector<std::string>(const std::string&)>& bases) {
  std::vector<std::vector<std::string>> out;
  for (const QueryTerm& t : query) {
    std::vector<std::string> words = Words(t.text);
    std::vector<std::string> group;
    auto phrase = [&](const std::string& text, const std::string& columns) {
      auto tokens = TermIndex::Tokens(db, text);
      if (!tokens.ok() || tokens->empty()) return false;
      group.push_back(tokens->size() == 1 && columns.empty() ? QuotePhrase(tokens->front()) : columns + QuotePhrase(text));
      return true;
    };
    if (!t.phrase && words.size() == 1 && expand) {
      std::set<std::string> alts = {words[0]};
      for (const std::string& b : bases(words[0])) alts.insert(b);
      for (const std::string& a : alts)
        if (!phrase(a, "")) return std::nullopt;
    } else if (!phrase(t.text, expand ? "{title decision text} : " : "")) {
      return std::nullopt;
    }
    out.push_back(std::move(group));
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

// A match of a search: its rowid, its meeting date's key (RankWindow; -1: no date) and its score
// (lower is better; NaN when it was not ranked).
struct Match {
  long long rowid = 0, date = -1;
  double score = std::numeric_limits<double>::quiet_NaN();
};

// The order of items that no storage order changes: their document's SHA-256, then their place
// in it. Read where two matches tie, a row at a time, and kept.
class StableKeys {
 public:
  explicit StableKeys(sqlite3* db)
      : q_(db, "SELECT d.sha256, i.ordinal FROM items i JOIN documents d ON d.id = i.document_id WHERE i.rowid = ?") {}
  const std::pair<std::string, long long>& Of(long long rowid) {
    auto it = known_.find(rowid);
    if (it != known_.end()) return it->second;
    q_.Reset();
    q_.Bind(1, rowid);
    // (An item removed since it matched sorts last; it is left out when read.)
    std::pair<std::string, long long> key = q_.Step() ? std::pair(q_.Text(0), q_.Int(1)) : std::pair(std::string("~"), rowid);
    return known_.emplace(rowid, std::move(key)).first->second;
  }

 private:
  Stmt q_;
  std::unordered_map<long long, std::pair<std::string, long long>> known_;
};

// The matches at positions [from, to) in the order `better`, matches it leaves equal in their
// stable order. Reorders `v` (selection, not a full sort); the stable keys are read only for the
// matches equal to those where the page begins or ends, and ties inside it.
template <class Better>
std::vector<Match> PageOf(std::vector<Match>& v, size_t from, size_t to, Better better, StableKeys& keys) {
  to = std::min(to, v.size());
  if (from >= to) return {};
  std::nth_element(v.begin(), v.begin() + static_cast<long>(to - 1), v.end(), better);
  const Match hi = v[to - 1];
  std::nth_element(v.begin(), v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to), better);
  const Match lo = v[from];
  size_t before = 0;  // matches before `lo` in any order (all among the first `to`)
  std::vector<Match> span;  // from `lo` to `hi`, both included
  for (const Match& m : v) {
    if (better(m, lo)) ++before;
    else if (!better(hi, m)) span.push_back(m);
  }
  std::sort(span.begin(), span.end(), [&](const Match& a, const Match& b) {
    if (better(a, b)) return true;
    if (better(b, a)) return false;
    return keys.Of(a.rowid) < keys.Of(b.rowid);
  });
  return std::vector<Match>(span.begin() + static_cast<long>(from - before), span.begin() + static_cast<long>(to - before));
}

// The `n` first matches in the order `better`, in no order: the stable keys are read only for
// the matches equal to the last of them (a meeting's items, where the rank window ends).
template <class Better>
std::vector<Match> FirstOf(std::vector<Match>& v, size_t n, Better better, StableKeys& keys) {
  if (n >= v.size()) return v;
  if (n == 0) return {};
  std::nth_element(v.begin(), v.begin() + static_cast<long>(n - 1), v.end(), better);
  const Match edge = v[n - 1];
  std::vector<Match> out, equal;
  for (const Match& m : v) {
    if (better(m, edge)) out.push_back(m);
    else if (!better(edge, m)) equal.push_back(m);
  }
  std::sort(equal.begin(), equal.end(), [&](const Match& a, const Match& b) { return keys.Of(a.rowid) < keys.Of(b.rowid); });
  out.insert(out.end(), equal.begin(), equal.begin() + static_cast<long>(n - out.size()));
  return out;
}

// Lower scores first (a match without one last), newest meetings first (no date last).
bool BetterScore(const Match& a, const Match& b) {
  const double x = std::isnan(a.score) ? HUGE_VAL : a.score, y = std::isnan(b.score) ? HUGE_VAL : b.score;
  return x < y;
}
bool Later(const Match& a, const Match& b) { return a.date > b.date; }

// The page [from, to) of a search's matches, with their scores (0 unranked): by date, newest
// meeting first; by relevance, every match ranked, or — more matches than the rank window — the
// window's ranked, then the others newest meeting first (every page of the total reachable).
// Ties in their stable order: the same items in any storage order give the same page.
// `total`: the matches in all, of which `all` may hold only those that can be on the page (every
// match at least as new as the max(window, to)-th newest: MatchesFromLists keeps no more).
std::vector<std::pair<long long, double>> ChoosePage(std::vector<Match>& all, size_t total, bool by_date, long long window,
                                                     size_t from, size_t to, StableKeys& keys, bool* window_full) {
  std::vector<Match> page;
  *window_full = false;
  if (by_date) {
    page = PageOf(all, from, to, Later, keys);
  } else if (window <= 0 || static_cast<long long>(total) <= window) {
    page = PageOf(all, from, to, BetterScore, keys);
  } else {
    *window_full = true;
    const size_t w = static_cast<size_t>(window);
    std::vector<Match> ranked = FirstOf(all, w, Later, keys);
    page = PageOf(ranked, from, std::min(to, w), BetterScore, keys);
    if (to > w) {
      std::unordered_set<long long> in_window;
      for (const Match& m : ranked) in_window.insert(m.rowid);
      std::vector<Match> rest;
      rest.reserve(all.size() - w);
      for (const Match& m : all)
        if (!in_window.count(m.rowid)) rest.push_back(m);
      for (Match m : PageOf(rest, from > w ? from - w : 0, to - w, Later, keys)) {
        m.score = std::numeric_limits<double>::quiet_NaN();
        page.push_back(m);
      }
    }
  }
  std::vector<std::pair<long long, double>> out;
  for (const Match& m : page) out.emplace_back(m.rowid, std::isnan(m.score) || by_date ? 0.0 : m.score);
  return out;
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
  // Every passing match, ascending (asked for the parties of the movers and reservers).
  std::optional<std::vector<long long>> matched;
};

// The passing matches of a query, from the in-memory lists of its phrases (catalogue/
// postings.h): each group's phrases are the matches of any of them, every group must match, and
// each match is ranked as protokoll_rank ranks it (the phrases' weighted counts summed in the
// query's order, the length from the copy). A list not held is read from FTS5 here, in the
// same read transaction as the catalogue state it is checked against, and offered to the
// index. Only the matches that can be on the page are kept (and ranked): the `keep` newest and
// any as new as the last of them (0: all); `total` counts them all, and with `summarize` the
// view counts them. False (and the FTS5 path answers) when the lists or the copy belong to
// another state of the catalogue (nothing counted: total 0), or the copy does not hold a match.
Result<bool> MatchesFromLists(sqlite3* db, TermIndex& index, const std::vector<std::vector<std::string>>& groups,
                              FilterColumns::View& view, bool rank, bool summarize, long long keep,
                              std::vector<Match>& all, size_t& total, std::vector<long long>* matched) {
  total = 0;
  std::vector<std::shared_ptr<const TermIndex::List>> lists;  // per phrase, in the query's order
  std::vector<size_t> group_of;
  TermIndex::Totals totals;
  {
    ReadTransaction tx(db);
    if (!tx.status().ok()) return tx.status();
    auto current = ChangeSeq(db);
    if (!current.ok()) return current.status();
    const long long seq = *current;
    // (Lists read for an earlier state are not used, nor read one by one for this one: a common
    // word's list costs more to read than FTS5's pass. The warming reads them again.)
    if (seq != view.seq() || seq != index.seq()) return false;
    std::map<std::string, std::shared_ptr<const TermIndex::List>> read;
    for (size_t g = 0; g < groups.size(); ++g)
      for (const std::string& term : groups[g]) {
        auto& l = read[term];
        if (!l) l = index.Find(term, seq);
        if (!l) {
          auto fresh = std::make_shared<TermIndex::List>();
          if (Status s = TermIndex::Gather(db, term, fresh.get()); !s.ok()) return s;
          index.Offer(term, fresh, seq);
          l = std::move(fresh);
        }
        lists.push_back(l);
        group_of.push_back(g);
      }
    auto t = TermIndex::ReadTotals(db);
    if (!t.ok()) return t.status();
    totals = *t;
  }
  const double avgdl =
      totals.rows > 0 ? std::max(1.0, static_cast<double>(totals.tokens) / static_cast<double>(totals.rows)) : 1.0;
  std::vector<TermIndex::Cursor> cur;
  cur.reserve(lists.size());
  for (const auto& l : lists) cur.emplace_back(*l);
  RankWindow window(keep, nullptr);  // (its Admit: the `keep` newest dates seen, ties kept)
  // One match: counted if it passes, kept (and ranked) if it can be on the page. False: the
  // copy cannot answer.
  auto visit = [&](long long target, int passes) {
    if (passes <= 0) return passes == 0;
    ++total;
    if (summarize) view.Count(target);
    if (matched) matched->push_back(target);
    const long long date = view.DateKey(target);
    if (!window.Admit(date)) return true;
    Match x;
    x.rowid = target;
    x.date = date;
    if (rank) {
      const int length = view.Length(target);
      if (length < 0) return false;
      const double norm = kRankK1 * (1 - kRankB + kRankB * length / avgdl);
      double score = 0;
      for (const TermIndex::Cursor& c : cur) {
        const double f = c.rowid() == target ? c.weight() : 0.0;
        score += f * (kRankK1 + 1) / (f + norm);
      }
      x.score = -score;
    }
    all.push_back(x);
    return true;
  };
  // Without facets to count, a block of a list whose items are all older than the `keep` newest
  // already seen is skipped (its newest date kept per block): the total is then only known to
  // be past `keep`, which is all ChoosePage asks of it.
  const bool prune = !summarize && keep > 0;
  auto prunable = [&](const TermIndex::Cursor& c, const Array<long long>& newest) {
    return static_cast<long long>(total) > keep && window.Full() && c.block() < newest.size() &&
           newest[c.block()] < window.Oldest();
  };
  if (cur.size() == 1) {  // one word or phrase: its list
    const Array<long long>* newest = prune ? &lists.front()->NewestPerBlock(view) : nullptr;
    for (TermIndex::Cursor& c = cur.front(); !c.done();) {
      if (newest && prunable(c, *newest)) {
        c.NextBlock();
        continue;
      }
      if (!visit(c.rowid(), view.Passes(c.rowid()))) return false;
      c.Next();
    }
    return true;
  }
  // Several groups: the one with the fewest matches drives, each of its rowids looked for in
  // the others' lists (walked forward alongside).
  std::vector<std::vector<size_t>> members(groups.size());
  std::vector<long long> sizes(groups.size(), 0);
  for (size_t p = 0; p < cur.size(); ++p) {
    members[group_of[p]].push_back(p);
    sizes[group_of[p]] += lists[p]->count;
  }
  const size_t driver = static_cast<size_t>(std::min_element(sizes.begin(), sizes.end()) - sizes.begin());
  std::vector<const Array<long long>*> newest(cur.size(), nullptr);
  if (prune)
    for (size_t p : members[driver]) newest[p] = &lists[p]->NewestPerBlock(view);
  for (;;) {
    if (prune)
      for (size_t p : members[driver])
        while (!cur[p].done() && prunable(cur[p], *newest[p])) cur[p].NextBlock();
    long long target = INT64_MAX;
    for (size_t p : members[driver]) target = std::min(target, cur[p].rowid());
    if (target == INT64_MAX) break;
    // The filters first (array lookups): the other lists are then walked only to the items
    // that pass, a block at a time past the rest.
    const int passes = view.Passes(target);
    if (passes < 0) return false;
    bool every = passes > 0;
    for (size_t g = 0; g < groups.size() && every; ++g) {
      if (g == driver) continue;
      bool any = false;
      for (size_t p : members[g]) {
        TermIndex::Cursor& c = cur[p];
        c.SkipTo(target);
        any = any || c.rowid() == target;
      }
      every = any;
    }
    if (every && !visit(target, passes)) return false;
    for (size_t p : members[driver])
      if (cur[p].rowid() == target) cur[p].Next();
  }
  return true;
}

// The search with the filters and facets from the in-memory columns: one pass over the words'
// matches, the filters applied inside SQL by protokoll_passes(rowid) through `current`. Nothing
// (and the SQL path answers) when the copy does not hold an item the index returned.
Result<std::optional<MemoryAnswer>> SearchColumns(sqlite3* db, const FilterColumns& columns,
                                                  const FilterColumns::View*& current, const SearchOptions& o,
                                                  bool summarize, const std::string& match,
                                                  const std::vector<TokenFilter>& tokens, long long limit,
                                                  TermIndex* index, const std::vector<std::vector<std::string>>* groups,
                                                  bool want_matched, bool* from_lists) {
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
  // The term lists likewise: a selective filter's tokens are one more group of lists to
  // intersect (the facets column weighs 0 in the ranking: the scores are unchanged).
  std::string narrow;
  std::vector<std::vector<std::string>> narrow_groups;
  for (const TokenFilter& t : tokens) {
    // (The lists' intersection is driven by its shortest group and steps over the others a
    // block at a time: a token narrows there at a larger share than inside FTS5.)
    auto selective = [&](double share) {
      return (t.kind == TokenFilter::kYears && t.bounded && view.YearShare(t.from, t.to) <= share) ||
             (t.kind == TokenFilter::kAmount && view.AmountShare(t.power) <= share);
    };
    const bool use = t.kind == TokenFilter::kDnr || selective(0.05);
    if (use) narrow += t.clause;
    if (!use && !selective(0.25)) continue;
    if (t.kind == TokenFilter::kYears) {
      narrow_groups.emplace_back();
      for (int y = t.from; y <= t.to; ++y) narrow_groups.back().push_back("facets : " + YearToken(y));
    } else if (t.kind == TokenFilter::kAmount) {
      narrow_groups.push_back({"facets : " + AmountToken(t.power)});
    }
  }
  // The words may match any column, `facets` included: a municipality's place words are there.
  const std::string fts = narrow.empty() ? match : "(" + match + ")" + narrow;
  // The page: `from` to `to` of the matches in order.
  const size_t from = static_cast<size_t>(std::max(0, o.offset));
  const size_t to = limit < 0 ? SIZE_MAX : from + static_cast<size_t>(limit);
  // With term lists kept, the query's matches from its phrases' lists (not with a diarienummer
  // filter, which the copy does not hold).
  if (!match.empty() && index && groups && o.dnr.empty()) {
    std::vector<Match> all;
    size_t total = 0;
    // What the page can need: by date the `to` newest; by relevance the rank window, and the
    // newest past it when the page goes past it; every match when all are ranked.
    const long long keep = to == SIZE_MAX        ? 0
                           : o.by_date           ? static_cast<long long>(to)
                           : o.rank_window <= 0  ? 0
                                                 : std::max(static_cast<long long>(o.rank_window), static_cast<long long>(to));
    std::vector<long long> matched;
    std::vector<std::vector<std::string>> narrowed = *groups;
    narrowed.insert(narrowed.end(), narrow_groups.begin(), narrow_groups.end());
    auto answered = MatchesFromLists(db, *index, narrowed, view, !o.by_date, summarize, keep, all, total,
                                     want_matched ? &matched : nullptr);
    if (!answered.ok()) return answered.status();
    if (*answered) {
      *from_lists = true;
      StableKeys keys(db);
      out.chosen = ChoosePage(all, total, o.by_date, o.rank_window, from, to, keys, &out.window_full);
      if (want_matched) out.matched = std::move(matched);
      if (summarize) view.Summary(out.bodies, out.municipalities, out.decades, out.total);
      return std::optional<MemoryAnswer>(std::move(out));
    }
    // (Nothing counted: the lists belong to another state of the catalogue, and FTS5 answers.)
    if (view.missing() || total > 0) return std::optional<MemoryAnswer>();
  }
  if (!match.empty()) {
    // One pass over every passing match (in the index's order, which is no order of the
    // answer): each counted for the facets, those in the rank window scored.
    RankWindow window(o.by_date ? 0 : o.rank_window, &view);
    Stmt m(db, o.by_date ? "SELECT rowid, NULL FROM items_fts WHERE items_fts MATCH ?1 AND protokoll_passes(rowid)"
                         : "SELECT rowid, CASE WHEN protokoll_window(?3, rowid) THEN protokoll_rank(items_fts, " + RankWeightsSql() +
                               ", ?2) END FROM items_fts WHERE items_fts MATCH ?1 AND protokoll_passes(rowid)");
    m.Bind(1, fts);
    if (!o.by_date) m.BindPointer(2, &view, kViewPointer).BindPointer(3, &window, kWindowPointer);  // lengths from the copy
    std::vector<Match> all;
    while (m.Step()) {
      Match x;
      x.rowid = m.Int(0);
      x.date = window.KeyOfRow(x.rowid);
      if (!m.IsNull(1)) x.score = m.Double(1);
      all.push_back(x);
      if (summarize) view.Count(x.rowid);
    }
    if (!m.ok()) return Status::Error("search", m.error());
    if (view.missing()) return std::optional<MemoryAnswer>();
    if (want_matched) {
      out.matched.emplace();
      for (const Match& x : all) out.matched->push_back(x.rowid);
      std::sort(out.matched->begin(), out.matched->end());
    }
    StableKeys keys(db);
    out.chosen = ChoosePage(all, all.size(), o.by_date, o.rank_window, from, to, keys, &out.window_full);
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
      tokens.push_back({in + QuotePhrase(DiarienummerToken(dnr->normalized)), TokenFilter::kDnr});
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
  auto person_clause = [&](const std::string& who, const std::string& table_where) {
    std::vector<std::string> texts;
    where += table_where + PersonCondition(who, texts) + ") ";
    for (std::string& t : texts) params.push_back({true, std::move(t), 0});
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

  // Whether anyone with a party moved or reserved anything in the catalogue (the parties'
  // facet has nothing to count otherwise, and its SQL reads every match of the words).
  bool party_rows = false;
  if (stats && o.summarize) {
    Stmt any(db, "SELECT EXISTS (SELECT 1 FROM item_people WHERE part IN ('motion', 'reservation') AND party <> '')");
    party_rows = any.Step() && any.Int(0) != 0;
    if (!any.ok()) return Status::Error("search", any.error());
  }
  // With KeepFilterColumns the filters and facets are array lookups (catalogue/columns.h); the
  // SQL path below answers otherwise, and when the copy cannot (an item it does not hold).
  std::optional<MemoryAnswer> mem;
  if (std::shared_ptr<FilterColumns> columns = impl_->columns;
      columns && !o.PeopleFiltered() && (has_query || (stats && o.summarize && !dnr)) && columns->Refresh(db).ok()) {
    // With term lists kept: the query as its phrases, each a list.
    std::optional<std::vector<std::vector<std::string>>> groups;
    if (impl_->term_index && has_query) groups = PhraseGroups(db, query, expand, bases);
    bool from_lists = false;
    auto answer = SearchColumns(db, *columns, impl_->view, o, stats && o.summarize, match, tokens, limit,
                                impl_->term_index.get(), groups ? &*groups : nullptr,
                                stats && o.summarize && has_query && party_rows, &from_lists);
    if (stats) stats->from_term_lists = from_lists;
    if (!answer.ok()) return answer.status();
    mem = std::move(*answer);
  }
  const bool memory = mem.has_value();
  std::map<std::string, std::pair<long long, long long>> bodies;  // body key → (count, an item)
  std::map<std::string, std::pair<long long, long long>> municipalities;  // likewise
  std::map<long long, long long> decades;
  std::optional<std::vector<long long>> matched;  // the in-memory answer's matches, when asked
  if (memory) matched = std::move(mem->matched);
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

  // The page of a search with words, from SQL when the copy did not answer: one pass over the
  // passing matches as SearchColumns makes it (ranking costs about a microsecond per match, and
  // FTS5 has no top-k shortcut: a word in hundreds of thousands of items is ranked within the
  // rank window, chosen by meeting date), then the page chosen in the same stable order.
  if (has_query && !memory) {
    RankWindow window(o.by_date ? 0 : o.rank_window, nullptr);
    // (?1 is the window when ranking, then the match and the filters' parameters in order.)
    Stmt m(db, std::string("SELECT items_fts.rowid, f.meeting_date, ") +
                   (o.by_date ? "NULL " : "CASE WHEN protokoll_window(?1, f.meeting_date) THEN protokoll_rank(items_fts, " +
                                          RankWeightsSql() + ") END ") +
                   "FROM items_fts LEFT JOIN item_facets f ON f.item_rowid = items_fts.rowid WHERE items_fts MATCH ? " +
                   where + visible);
    if (!m.ok()) return Status::Error("search", m.error());
    int k = 0;
    if (!o.by_date) m.BindPointer(++k, &window, kWindowPointer);
    bind_all(m, k, true);
    std::vector<Match> all;
    while (m.Step()) {
      Match x;
      x.rowid = m.Int(0);
      x.date = m.IsNull(1) ? -1 : RankWindow::KeyOfDate(m.Text(1).c_str());
      if (!m.IsNull(2)) x.score = m.Double(2);
      all.push_back(x);
    }
    if (!m.ok()) return Status::Error("search", m.error());
    const size_t from = static_cast<size_t>(std::max(0, o.offset));
    const size_t to = limit < 0 ? SIZE_MAX : from + static_cast<size_t>(limit);
    StableKeys keys(db);
    bool full = false;
    mem = MemoryAnswer();
    mem->chosen = ChoosePage(all, all.size(), o.by_date, o.rank_window, from, to, keys, &full);
    if (stats) stats->window_full = full;
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
    // The parties of the matches' movers and reservers: items per party, as the moved_by and
    // reserved_by filters count. From the people's rows and the in-memory answer's matches when
    // it has them; else from SQL.
    if (party_rows && matched) {
      std::map<std::pair<std::string, std::string>, std::set<long long>> items;  // (part, party) → items
      Stmt people(db, "SELECT item_rowid, part, party FROM item_people WHERE part IN ('motion', 'reservation') AND party <> ''");
      while (people.Step())
        if (std::binary_search(matched->begin(), matched->end(), people.Int(0)))
          items[{people.Text(1), people.Text(2)}].insert(people.Int(0));
      if (!people.ok()) return Status::Error("search", people.error());
      std::vector<std::tuple<long long, std::string, std::string>> order;  // (-count, party, part): SQL's ORDER BY 3 DESC, 2
      for (const auto& [key, set] : items) order.emplace_back(-static_cast<long long>(set.size()), key.second, key.first);
      std::sort(order.begin(), order.end());
      for (const auto& [n, party, part] : order)
        (part == "motion" ? stats->by_party_moved : stats->by_party_reserved).emplace_back(party, -n);
    }
    if (party_rows && !matched) {
      Stmt parties(db, std::string("SELECT p.part, p.party, count(DISTINCT p.item_rowid) FROM item_people p JOIN item_facets f "
                                   "ON f.item_rowid = p.item_rowid WHERE p.part IN ('motion', 'reservation') AND p.party <> '' ") +
                           (has_query ? "AND p.item_rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) " : "") +
                           where + "AND p.item_rowid NOT IN (SELECT rowid FROM items WHERE hidden) GROUP BY 1, 2 ORDER BY 3 DESC, 2");
      if (!parties.ok()) return Status::Error("search", parties.error());
      int k = 0;
      bind_all(parties, k, has_query);
      while (parties.Step())
        (parties.Text(0) == "motion" ? stats->by_party_moved : stats->by_party_reserved).emplace_back(parties.Text(1), parties.Int(2));
      if (!parties.ok()) return Status::Error("search", parties.error());
    }
  }

  static const char* const kColumns =
      "SELECT i.id, i.paragraph, i.paragraph_label, d.path, d.sha256, coalesce(i.body, ''), "
      "coalesce(i.meeting_date, ''), i.title, coalesce(d.municipality, ''), i.source, ";
  std::string sql;
  if (has_query) {
    // The page's items, chosen above, read one by one in their order.
    sql = std::string(kColumns) + "i.text, ?, i.page_start, i.page_end FROM items i JOIN documents d ON "
          "d.id = i.document_id WHERE i.rowid = ?";
  } else {
    // (The document's SHA-256 before the place in it: two batches' files may share a path.)
    sql = std::string(kColumns) +
          "substr(coalesce(i.decision, i.text), 1, 160), 0, i.page_start, i.page_end FROM items i "
          "JOIN item_facets f ON f.item_rowid = i.rowid JOIN documents d ON d.id = i.document_id "
          "WHERE NOT i.hidden " + where + "ORDER BY i.meeting_date DESC, d.path, d.sha256, i.ordinal LIMIT ? OFFSET ?";
  }
  Stmt q(db, sql);
  if (!q.ok()) return Status::Error("search", q.error());
  if (!has_query) {
    int k = 0;
    bind_all(q, k, false);
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
    if (!has_query) return q.Step();
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

// A person or a party: "SD", "fp", "Moderaterna" are parties; anything else is a name, each of
// its words a part of the person's name.
std::string PersonCondition(const std::string& who, std::vector<std::string>& params) {
  const std::string party = who.find(' ') == std::string::npos ? extractors::PartyCode(who) : std::string();
  // "SD", "fp", "KD" and a party's name are parties; "lann" is a name (a local party is found
  // by its letters in capitals: "SPI").
  if (!party.empty() && (who.size() <= 3 || party != extractors::Upper(who) || who == extractors::Upper(who))) {
    params.push_back(party);
    return " AND p.party = ?";
  }
  std::string sql;
  for (const std::string& w : Words(extractors::Fold(who))) {
    sql += " AND instr(p.name_key, ?) > 0";
    params.push_back(w);
  }
  return sql;
}

}  // namespace protokoll::catalogue
