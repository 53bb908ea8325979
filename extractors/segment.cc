#include "extractors/segment.h"

#include <algorithm>

#include "extractors/diarienummer.h"
#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

const Regex& HeadingRe(SectionKind kind) {
  switch (kind) {
    case SectionKind::kProposal: {
      static const Regex re(
          "^(?:förslag\\h+till\\h+(?:beslut|kommunfullmäktige|kommunstyrelsen|fullmäktige)"
          "(?:\\h+[\\p{L}-]+){0,3}"
          "|(?:[\\p{L}-]+\\h+){0,4}[\\p{L}-]+s\\h+förslag(?:\\h+till\\h+(?:beslut|"
          "kommunfullmäktige|kommunstyrelsen|fullmäktige|nämnden|regionfullmäktige))?"
          "|beslutsförslag|förslag|föredragandens\\h+förslag)$");
      return re;
    }
    case SectionKind::kDecision: {
      static const Regex re("^(?:(?:[\\p{L}-]+\\h+){0,4}[\\p{L}-]+s\\h+)?beslut$");
      return re;
    }
    case SectionKind::kSummary: {
      static const Regex re(
          "^(?:sammanfattning(?:\\h+av\\h+ärendet)?|ärendebeskrivning(?:\\h+och\\h+bakgrund)?"
          "|beskrivning\\h+av\\h+ärendet|ärendet|bakgrund|ärendets\\h+beredning"
          "|sammanfattning\\h+och\\h+bakgrund|redogörelse)$");
      return re;
    }
    case SectionKind::kBasis: {
      static const Regex re(
          "^(?:beslutsunderlag|handlingar|handling|underlag|underlag\\h+för\\h+beslut"
          "|handlingar\\h+i\\h+ärendet|bilagor|bilaga)$");
      return re;
    }
    case SectionKind::kClaims: {
      static const Regex re("^(?:yrkanden?|yrkande(?:n)?\\h+och\\h+propositionsordning)$");
      return re;
    }
    case SectionKind::kVoting: {
      static const Regex re(
          "^(?:propositionsordning|proposition|omröstning|omröstningsresultat|votering"
          "|beslutsgång|beslutsordning)$");
      return re;
    }
    case SectionKind::kReservation: {
      static const Regex re("^(?:reservation(?:er)?|reservationer\\h+och\\h+protokollsanteckningar)$");
      return re;
    }
    case SectionKind::kNote: {
      static const Regex re(
          "^(?:protokollsanteckning(?:ar)?|särskilt\\h+yttrande|särskilda\\h+yttranden)$");
      return re;
    }
    case SectionKind::kDistribution: {
      static const Regex re(
          "^(?:(?:beslutet\\h+)?(?:skickas|expedieras|sänds|delges)(?:\\h+till)?|expediering"
          "|sändlista|kopia\\h+till|för\\h+kännedom\\h+till)$");
      return re;
    }
    case SectionKind::kOther: {
      static const Regex re(
          "^(?:jäv|överläggning|ajournering|deltar\\h+ej\\h+i\\h+beslutet|motivering"
          "|föredragning|föredragande|bedömning|förvaltningens\\h+bedömning|ekonomiska"
          "\\h+konsekvenser|yttrande|tjänstgörande\\h+ersättare|paus|information)$");
      return re;
    }
  }
  static const Regex none("$^");
  return none;
}

}  // namespace

const char* SectionKindName(SectionKind k) {
  switch (k) {
    case SectionKind::kDecision: return "beslut";
    case SectionKind::kProposal: return "förslag";
    case SectionKind::kSummary: return "sammanfattning";
    case SectionKind::kBasis: return "beslutsunderlag";
    case SectionKind::kClaims: return "yrkanden";
    case SectionKind::kVoting: return "omröstning";
    case SectionKind::kReservation: return "reservation";
    case SectionKind::kNote: return "protokollsanteckning";
    case SectionKind::kDistribution: return "expediering";
    case SectionKind::kOther: return "övrigt";
  }
  return "övrigt";
}

std::optional<Heading> ClassifyHeading(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 90) return std::nullopt;
  std::string_view head = line;
  std::string_view rest;
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    head = Trim(line.substr(0, colon));
    rest = Trim(line.substr(colon + 1));
  }
  // Headings carry no digits and end in no full stop; that keeps list entries such as
  // "Arbetsutskottets förslag till beslut 2017-03-28." in their section.
  if (head.empty() || head.find_first_of("0123456789") != std::string_view::npos ||
      head.back() == '.')
    return std::nullopt;
  if (!StartsUpper(head)) return std::nullopt;
  static const SectionKind kOrder[] = {
      SectionKind::kProposal, SectionKind::kDecision, SectionKind::kSummary,
      SectionKind::kBasis,    SectionKind::kClaims,   SectionKind::kVoting,
      SectionKind::kReservation, SectionKind::kNote, SectionKind::kDistribution,
      SectionKind::kOther};
  for (SectionKind k : kOrder) {
    if (HeadingRe(k).FullMatch(head)) return Heading{k, std::string(rest)};
  }
  // "Expedieras till Ekonomikontoret": the distribution heading with its list on the line.
  static const Regex dist_inline(
      "^(?:beslutet\\h+)?(?:skickas|expedieras)\\h+till\\h+(\\p{Lu}.*)$");
  if (auto m = dist_inline.FullMatch(line)) {
    return Heading{SectionKind::kDistribution, std::string(m->Group(1))};
  }
  return std::nullopt;
}

bool IsSectionHeading(std::string_view line) { return ClassifyHeading(line).has_value(); }

namespace {

struct Candidate {
  size_t line;
  ParagraphHeader header;
  double strength;
};

bool EndsLikeContinuation(std::string_view prev) {
  prev = Trim(prev);
  if (prev.empty()) return false;
  char last = prev.back();
  if (last == ',' || last == '(' || last == '-') return true;
  // A line ending in a preposition continues into a "§ 44" that is a reference.
  static const Regex tail(
      ".*\\b(?:enligt|i|se|jfr|och|samt|till|av|under|från|med|vid|paragraf|paragraferna)$");
  return tail.FullMatch(prev).has_value();
}

std::vector<Candidate> FindCandidates(const std::vector<Line>& lines, const SegmentOptions& options) {
  std::vector<Candidate> out;
  static const Regex toc_like("(?:\\.{4,}|…{2,}|\\. \\. \\.)");
  std::string_view prev;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.empty()) continue;
    auto h = ParseParagraphHeader(t);
    const size_t pi = static_cast<size_t>(lines[i].page - 1);
    if (!h && pi < options.ocr_pages.size() && options.ocr_pages[pi] && !EndsLikeContinuation(prev)) {
      // OCR without "§": every reading is a candidate, a little weaker; the chain picks.
      for (ParagraphHeader& alt : MisreadParagraphHeaders(t)) {
        double s = 0.7;
        for (size_t j = i + 1, seen = 0; j < lines.size() && seen < 6; ++j) {
          if (lines[j].text.empty()) continue;
          ++seen;
          if (IsSectionHeading(lines[j].text) || IsDiarienummerLine(lines[j].text)) {
            s += 0.5;
            break;
          }
        }
        out.push_back({i, std::move(alt), s});
      }
    }
    if (h && !EndsLikeContinuation(prev)) {
      double s = 1.0;
      if (toc_like.Find(h->rest)) s -= 2.0;
      // What follows: a heading or a diarienummer within the next lines marks a real item;
      // another § line straight after marks a list (a table of contents).
      int seen = 0;
      for (size_t j = i + 1; j < lines.size() && seen < 6; ++j) {
        const std::string& u = lines[j].text;
        if (u.empty()) continue;
        ++seen;
        if (seen == 1 && ParseParagraphHeader(u)) {
          s -= 0.8;
          break;
        }
        if (IsSectionHeading(u) || IsDiarienummerLine(u)) {
          s += 0.5;
          break;
        }
      }
      if (!h->rest.empty() && IsDiarienummerLine(h->rest)) s += 0.5;
      out.push_back({i, std::move(*h), s});
    }
    prev = t;
  }
  return out;
}

// The best chain of strictly increasing § numbers: each candidate adds its strength, each gap
// in the numbering costs a little (protocol extracts skip items; references jump far).
std::vector<size_t> BestChain(const std::vector<Candidate>& c) {
  const size_t n = c.size();
  std::vector<double> best(n, 0);
  std::vector<long> from(n, -1);
  for (size_t i = 0; i < n; ++i) {
    best[i] = c[i].strength;
    for (size_t j = 0; j < i; ++j) {
      if (c[j].line >= c[i].line || c[j].header.number_end >= c[i].header.number) continue;
      int gap = c[i].header.number - c[j].header.number_end - 1;
      double v = best[j] + c[i].strength - std::min(0.9, 0.03 * gap);
      if (v > best[i]) {
        best[i] = v;
        from[i] = static_cast<long>(j);
      }
    }
  }
  long end = -1;
  double top = 0;
  for (size_t i = 0; i < n; ++i)
    if (best[i] > top) {
      top = best[i];
      end = static_cast<long>(i);
    }
  std::vector<size_t> chain;
  for (long k = end; k >= 0; k = from[k]) chain.push_back(static_cast<size_t>(k));
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void FindSections(Item& item) {
  for (size_t i = item.header_line + 1; i < item.lines.size(); ++i) {
    auto h = ClassifyHeading(item.lines[i].text);
    if (!h) continue;
    // A heading stands alone: after a blank line, or directly after other head lines.
    if (!item.sections.empty()) item.sections.back().end = i;
    Section s{h->kind, i, i + 1, item.lines.size(), h->rest};
    item.sections.push_back(std::move(s));
  }
}

}  // namespace

Segmented Segment(const std::vector<Line>& lines, const SegmentOptions& options) {
  Segmented out;
  std::vector<Candidate> cands = FindCandidates(lines, options);
  std::vector<size_t> chain = BestChain(cands);
  if (chain.empty()) {
    out.preamble = lines;
    return out;
  }
  std::vector<size_t> starts;
  for (size_t k : chain) starts.push_back(cands[k].line);
  // A lone diarienummer line (with a blank line before it) just above a § belongs to that §.
  std::vector<size_t> cut = starts;
  for (size_t s = 0; s < starts.size(); ++s) {
    size_t floor = s == 0 ? 0 : starts[s - 1] + 1;
    size_t i = starts[s];
    size_t j = i;
    while (j > floor && lines[j - 1].text.empty()) --j;
    size_t k = j;
    while (k > floor && !lines[k - 1].text.empty() && IsDiarienummerLine(lines[k - 1].text) &&
           j - k < 2)
      --k;
    if (k < j && (k == floor || lines[k - 1].text.empty())) cut[s] = k;
  }
  out.preamble.assign(lines.begin(), lines.begin() + static_cast<long>(cut[0]));
  while (!out.preamble.empty() && out.preamble.back().text.empty()) out.preamble.pop_back();
  for (size_t s = 0; s < chain.size(); ++s) {
    Item item;
    item.header = cands[chain[s]].header;
    size_t b = cut[s];
    size_t e = s + 1 < chain.size() ? cut[s + 1] : lines.size();
    item.lines.assign(lines.begin() + static_cast<long>(b), lines.begin() + static_cast<long>(e));
    while (!item.lines.empty() && item.lines.back().text.empty()) item.lines.pop_back();
    item.header_line = starts[s] - b;
    FindSections(item);
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace protokoll::extractors
