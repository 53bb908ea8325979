#include "extractors/segment.h"
#include "extractors/name_lexicon.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "extractors/decision.h"
#include "extractors/diarienummer.h"
#include "extractors/regex.h"
#include "extractors/structure.h"
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
  // "Beslut att välja Aron Ekelin till sekreterare", "Beslut enligt förslag.": the heading run
  // into its decision on one line, as "Beslut: …" is.
  static const Regex decision_inline("^beslut\\h+((?:att|enligt)\\h.*)$");
  if (line.size() <= 400)
    if (auto m = decision_inline.FullMatch(line)) return Heading{SectionKind::kDecision, std::string(m->Group(1))};
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
  // "s beslut", "s förslag till beslut": the organ's genitive whose name a re-publisher took
  // out of the text (docplayer drops the words of the page's head); read as "Nämndens beslut".
  std::string restored;
  if (head.size() > 2 && head[0] == 's' && head[1] == ' ') {
    restored = "Organ" + std::string(head);
    head = restored;
  }
  if (!StartsUpper(head)) return std::nullopt;
  static const SectionKind kOrder[] = {
      SectionKind::kProposal, SectionKind::kDecision, SectionKind::kSummary,
      SectionKind::kBasis,    SectionKind::kClaims,   SectionKind::kVoting,
      SectionKind::kReservation, SectionKind::kNote, SectionKind::kDistribution,
      SectionKind::kOther};
  for (SectionKind k : kOrder) {
    if (HeadingRe(k).FullMatch(head)) return Heading{k, std::string(rest)};
  }
  // A qualifier in brackets after the heading: "BESLUT (i enlighet med arbetsutskottets förslag)".
  if (rest.empty() && head.back() == ')') {
    const size_t open = head.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      std::string_view bare_head = Trim(head.substr(0, open));
      for (SectionKind k : kOrder)
        if (!bare_head.empty() && HeadingRe(k).FullMatch(bare_head)) return Heading{k, ""};
    }
  }
  // "Beslut – Förslag till kommunfullmäktige": the board decides to propose; the qualifier is
  // part of the heading, the decision text follows under it.
  static const Regex qualified_decision(
      "^(?:(?:[\\p{L}-]+\\h+){0,4}[\\p{L}-]+s\\h+)?beslut\\h*[-–—]\\h*[\\p{L} ,-]{3,60}$");
  if (qualified_decision.FullMatch(line)) return Heading{SectionKind::kDecision, ""};
  // "Expedieras till Ekonomikontoret": the distribution heading with its list on the line.
  static const Regex dist_inline(
      "^(?:beslutet\\h+)?(?:skickas|expedieras)\\h+till\\h+(\\p{Lu}.*)$");
  if (auto m = dist_inline.FullMatch(line)) {
    return Heading{SectionKind::kDistribution, std::string(m->Group(1))};
  }
  return std::nullopt;
}

bool IsSectionHeading(std::string_view line) { return ClassifyHeading(line).has_value(); }

const char* HeaderStyleName(HeaderStyle s) {
  switch (s) {
    case HeaderStyle::kSign: return "sign";
    case HeaderStyle::kMisread: return "sign (OCR misread)";
    case HeaderStyle::kOrgan: return "organ prefix without sign";
    case HeaderStyle::kBare: return "bare number";
  }
  return "sign";
}

int FrontPageMarkerStrength(std::string_view line) {
  // Front pages are set in labelled fields, each label capitalised at a line start.
  if (line.empty() || !(StartsUpper(line) || line[0] == '{' || line[0] == '[' || line[0] == '(')) return 0;
  static const Regex strong(
      "^[\\[{(]?\\h*(?:plats\\h+och\\h+tid|tid\\h+och\\h+plats|plats\\h*:|beslutande(?:\\h+ledamöter)?"
      "|närvarande(?:\\h+ledamöter)?|utses\\h+att\\h+justera|justeringens\\h+plats"
      "|övriga\\h+(?:deltagande|närvarande)"
      "|protokoll\\h+(?:fört|hållet|förd)|protocoll|ej\\h+tjänstgörande|tjänstgörande\\h+ersättare)\\b");
  if (strong.LookingAt(line)) return 2;
  // A field label alone on its line is front-page layout ("Plats", "Datum", "Klockan").
  static const Regex alone(
      "^(?:plats|datum|tid|klockan|lokal|närvarande|beslutande|sekreterare|ledamöter|ersättare|"
      "underskrifter)\\h*:?$");
  // The page header's date label leaks into text exports on every page: weak.
  static const Regex dated("^(?:sammanträdesdatum|sammanträdesdag)\\b");
  return alone.FullMatch(line) || dated.LookingAt(line) ? 1 : 0;
}

bool IsFrontPageMarker(std::string_view line) { return FrontPageMarkerStrength(line) > 0; }

namespace {

// Words after which a capitalised word is still inside a title ("Bidrag till Storviks …").
bool TitleJoiner(std::string_view w) {
  static const char* const kWords[] = {"till", "i", "för", "av", "om", "vid", "på", "med", "och",
                                       "från", "inom", "mot", "hos", "samt", "eller", "över",
                                       "under", "enligt", "angående", "avseende", "gällande",
                                       "inför", "mellan", "kring", "efter", "utan", "-", "–"};
  std::string low = Lower(w);
  for (const char* k : kWords)
    if (low == k) return true;
  return false;
}

bool AllCaps(std::string_view w) {
  bool letter = false;
  for (unsigned char c : w)
    if (c >= 'a' && c <= 'z') return false;
  std::string up = Upper(w);
  if (up != std::string(w)) return false;
  for (unsigned char c : w) letter |= (c >= 'A' && c <= 'Z') || c >= 0xC3;
  return letter;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// A list repeats its items' titles: the first words of two titles agree (one may be cut short,
// OCR may have damaged a letter). Agree also when either has no title to compare.
bool TitlesAgree(std::string_view a, std::string_view b) {
  auto key_words = [](std::string_view s) {
    std::vector<std::string> out;
    for (std::string_view w : Words(s)) {
      std::string l = Lower(w);
      std::string letters;
      for (char ch : l)
        if (static_cast<unsigned char>(ch) >= 0x80 || std::isalpha(static_cast<unsigned char>(ch))) letters.push_back(ch);
      if (letters.size() >= 4) out.push_back(letters);
      if (out.size() == 4) break;
    }
    return out;
  };
  const std::vector<std::string> x = key_words(a), y = key_words(b);
  if (x.empty() || y.empty()) return true;
  // The same word, or one cut short of the other ("Laglighet och beslutför" / "beslutförhet").
  auto same = [](const std::string& u, const std::string& v) {
    const std::string& s = u.size() <= v.size() ? u : v;
    const std::string& l = u.size() <= v.size() ? v : u;
    return s == l || (s.size() >= 6 && l.compare(0, s.size(), s) == 0);
  };
  for (const std::string& w : x)
    for (const std::string& v : y)
      if (same(w, v)) return true;
  return false;
}

}  // namespace

size_t RunOnTitleLength(std::string_view rest) {
  std::vector<std::string_view> w = Words(rest);
  if (w.empty()) return 0;
  auto end_of = [&](size_t k) { return static_cast<size_t>(w[k].data() + w[k].size() - rest.data()); };
  const bool caps_title = AllCaps(w[0]);
  for (size_t k = 1; k < w.size() && k < 25; ++k) {
    // A section heading begins the body ("Närvarorätt Beslut Praktikanterna …").
    for (size_t n = 1; n <= 4 && k + n <= w.size(); ++n) {
      size_t b = static_cast<size_t>(w[k].data() - rest.data());
      std::string_view cand = rest.substr(b, end_of(k + n - 1) - b);
      if ((StartsUpper(cand) || w[k] == "s") && IsSectionHeading(cand) &&
          (k + n == w.size() || StartsUpper(w[k + n]) || w[k + n] == "-" || w[k] == "s"))
        return end_of(k - 1);
    }
    if (w[k - 1].back() == '.' && Length(w[k - 1]) > 3 && StartsUpper(w[k])) return end_of(k - 1);
    // A heading in capitals ends at the first word that is not ("LAGLIGHET OCH BESLUTFÖRHET
    // Ordföranden konstaterar …", "… BESLUTFÖRHET s ordförande …"), but for the one lower-case
    // word a comma puts after it ("PROTOKOLLJUSTERARE, val", "FÖREDRAGNINGSLISTAN, godkännande").
    if (caps_title) {
      if (AllCaps(w[k])) continue;
      if (w[k - 1].back() == ',' && !StartsUpper(w[k])) return end_of(k);
      return end_of(k - 1);
    }
    if (!StartsUpper(w[k])) continue;
    if (AllCaps(w[k]) && Length(w[k]) <= 6) continue;  // "KS", "EU", "(S)"
    if (TitleJoiner(w[k - 1])) continue;
    // A capital after a given name goes on with the person's name: a point of a flattened list
    // that begins with one ("3 Tony Herteby valdes till justeringsman, …") is not cut inside it.
    if (IsKnownGivenName(w[k - 1]) && !AllCaps(w[k])) continue;
    // A person's name after "av", "från" …: its surname goes on ("Interpellation 2015:2 av
    // Catharina Wahlgren (V) om …").
    if (k >= 2 && StartsUpper(w[k - 1]) && !AllCaps(w[k - 1]) && TitleJoiner(w[k - 2]) &&
        (Lower(w[k - 2]) == "av" || Lower(w[k - 2]) == "från") && !AllCaps(w[k]))
      continue;
    return end_of(k - 1);
  }
  return rest.size() <= 150 ? rest.size() : end_of(std::min<size_t>(w.size(), 12) - 1);
}

namespace {

// "Beslut Praktikanterna …" → "Beslut" and "Praktikanterna …": a heading that a flattened page
// ran into its text. Returns the heading's byte length, 0 when the text does not start with one.
size_t LeadingHeadingLength(std::string_view text) {
  std::vector<std::string_view> w = Words(text);
  for (size_t n = std::min<size_t>(5, w.size() - (w.empty() ? 0 : 1)); n >= 1 && n < w.size(); --n) {
    size_t end = static_cast<size_t>(w[n - 1].data() + w[n - 1].size() - text.data());
    // The word after it first: it is cheap to look at, and rarely a capital.
    if (!(StartsUpper(w[n]) || w[n] == "-" || w[n] == "–")) continue;
    if (IsSectionHeading(text.substr(0, end))) return end;
  }
  return 0;
}

// The label at the start of a long piece of flattened text, its rest running to the piece's
// end (the parsers read at most a line's worth, so they see the piece's head only). Without
// `with_rest` the rest is left as the head's: asking whether a cut is a label must not copy the
// rest of a page that is a whole volume on one line at every cut.
// A line's head as the label parsers read it: at most 160 bytes, cut at a space, else at a
// character's start (never inside one: the parsers must see whole UTF-8).
std::string_view LineHead(std::string_view piece) {
  if (piece.size() <= 160) return piece;
  const size_t sp = piece.rfind(' ', 160);
  size_t cut = sp == std::string_view::npos ? 160 : sp;
  while (cut > 0 && (static_cast<unsigned char>(piece[cut]) & 0xC0) == 0x80) --cut;
  return piece.substr(0, cut);
}

// The sign typed as another glyph before a number ("$1", "& 3", "£ 45").
bool StartsWithSignGlyph(std::string_view t) {
  static const Regex glyph("^[$&£]\\h*\\d", Regex::kNone);
  return glyph.LookingAt(t).has_value();
}

std::optional<ParagraphHeader> LabelAtStart(std::string_view piece, bool bare_too, bool with_rest = true) {
  const std::string_view head = LineHead(piece);
  std::optional<ParagraphHeader> h = ParseParagraphHeader(head);
  if (!h) h = ParseSignlessHeader(head);
  if (!h && bare_too) h = ParseBareHeader(head);
  // The sign typed as another glyph ("$1 M ötets öppnande …"): its title is split off as a
  // label's; whether it is a label at all the numbering decides later.
  if (!h && StartsWithSignGlyph(head)) {
    std::vector<ParagraphHeader> alts = MisreadParagraphHeaders(head);
    if (!alts.empty()) h = std::move(alts.front());
  }
  if (h && with_rest) h->rest = std::string(Trim(piece.substr(head.size() - h->rest.size())));
  return h;
}

// Whether PCRE2's \h matches the code point (its fixed list of horizontal spaces).
bool HorizontalSpace(UChar32 c) {
  return c == '\t' || c == ' ' || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// The end of `text` holding at least `bytes` bytes that are not horizontal space, and every
// space between them: an expression anchored at the end ("…$") whose match has fewer bytes
// than that outside its "\h*" finds the same in it as in all of `text`, without reading a
// whole volume's line for every number in it.
std::string_view TailOf(std::string_view text, size_t bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t at = static_cast<int32_t>(text.size());
  size_t seen = 0;
  while (at > 0 && seen <= bytes) {
    const int32_t end = at;
    UChar32 c;
    U8_PREV(s, 0, at, c);
    if (c < 0 || !HorizontalSpace(c)) seen += static_cast<size_t>(end - at);
  }
  return text.substr(static_cast<size_t>(at));
}

// A flattened page: the page is one to three lines, one of them long. (A text export with a
// paragraph per line has long lines too, but many of them on a page.)
// A text export without page breaks holds its flattened pages one a line: then most of its
// lines are long.
std::vector<char> FlatLines(const std::vector<Line>& lines) {
  std::map<int, int> per_page, long_per_page;
  for (const Line& l : lines)
    if (!l.text.empty()) {
      per_page[l.page]++;
      long_per_page[l.page] += l.text.size() > kFlatLineBytes;
    }
  std::vector<char> flat(lines.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t n = lines[i].text.size();
    const int on_page = per_page[lines[i].page];
    const int long_lines = long_per_page[lines[i].page];
    const bool mostly_long = 2 * long_lines >= on_page;
    // A short page among flattened ones (the last, or a page cut off) is flattened too.
    // "3 3(26) …": a page that begins with its number and the page count is a flattened page,
    // however short.
    static const Regex page_of_pages("^(\\d{1,4})\\h+\\d{1,4}\\h?\\(\\d{1,4}\\)\\h", Regex::kNone);
    flat[i] = (n > kFlatLineBytes && (on_page <= 3 || mostly_long)) || (n > 80 && on_page == 1) ||
              (n > 80 && long_lines > 0 && (mostly_long || on_page <= 3)) ||
              (n > 40 && page_of_pages.LookingAt(lines[i].text));
  }
  return flat;
}

// The running head of flattened pages: the words that begin every page, numbers aside
// ("3 Kommunala pensionärsrådet 10 april (10) 8 Öppnande, dagordning …", "fl Kommunfullmäktige
// 2017-10-23 2 132 Återredovisningar …"). The longest run of words (2 to 12, one of them a word
// of four letters or more) that starts within the first four words of at least half of the
// flattened pages, two at least, with every run of digits read as one; for each line, the byte
// where its head ends (0 where it has none).
std::vector<size_t> RunningHeadEnds(const std::vector<Line>& lines, const std::vector<char>& flat) {
  std::vector<size_t> ends(lines.size(), 0);
  struct Word {
    std::string norm;
    size_t end;
  };
  // The first words of each flattened line: a page's text each (a text export without page
  // breaks holds its pages as paragraphs, all on "page 1").
  std::map<size_t, std::vector<Word>> firsts;
  for (size_t li = 0; li < lines.size(); ++li) {
    if (!flat[li] || lines[li].text.empty()) continue;
    std::vector<Word> w;
    const std::string& t = lines[li].text;
    size_t at = 0;
    while (w.size() < 16 && at < t.size()) {
      while (at < t.size() && t[at] == ' ') ++at;
      const size_t b = at;
      while (at < t.size() && t[at] != ' ') ++at;
      if (at == b) break;
      std::string norm;
      for (size_t k = b; k < at; ++k) {
        const bool digit = std::isdigit(static_cast<unsigned char>(t[k])) != 0;
        if (!digit) norm.push_back(t[k]);
        else if (norm.empty() || norm.back() != '#') norm.push_back('#');
      }
      w.push_back({std::move(norm), at});
    }
    firsts[li] = std::move(w);
  }
  if (firsts.size() < 2) return ends;
  std::map<std::vector<std::string>, std::set<size_t>> seen;  // run → lines
  for (const auto& [li, w] : firsts)
    for (size_t a = 0; a < 4 && a < w.size(); ++a)
      for (size_t n = 2; n <= 12 && a + n <= w.size(); ++n) {
        std::vector<std::string> run;
        bool word = false;
        for (size_t k = a; k < a + n; ++k) {
          run.push_back(w[k].norm);
          word |= Length(w[k].norm) >= 4 && StartsUpper(w[k].norm);
        }
        if (word) seen[run].insert(li);
      }
  const std::vector<std::string>* best = nullptr;
  size_t best_pages = 0;
  for (const auto& [run, on] : seen)
    if (on.size() >= 2 && 2 * on.size() >= firsts.size() &&
        (!best || run.size() > best->size() || (run.size() == best->size() && on.size() > best_pages))) {
      best = &run;
      best_pages = on.size();
    }
  if (!best) return ends;
  for (const auto& [li, w] : firsts)
    for (size_t a = 0; a < 4 && a + best->size() <= w.size(); ++a) {
      bool same = true;
      for (size_t k = 0; k < best->size() && same; ++k) same = w[a + k].norm == (*best)[k];
      if (same) {
        ends[li] = w[a + best->size() - 1].end;
        break;
      }
    }
  return ends;
}

}  // namespace

std::vector<Line> Unflatten(const std::vector<Line>& input) {
  // The sign alone on its line and its number on the next ("§" / "" / "219 Mötet öppnas."): one
  // label, as "§ 220 Val av ordförande för mötet." after it is. (The lines are copied only when
  // there is such a sign: a volume's text is not copied for nothing.)
  const bool sign_alone =
      std::any_of(input.begin(), input.end(), [](const Line& l) { return Trim(l.text) == "\xC2\xA7"; });
  std::vector<Line> joined;
  if (sign_alone) joined.reserve(input.size());
  for (size_t i = 0; sign_alone && i < input.size(); ++i) {
    if (Trim(input[i].text) == "\xC2\xA7") {
      size_t j = i + 1;
      while (j < input.size() && j < i + 3 && input[j].text.empty()) ++j;
      static const Regex number_first("^\\h*\\d{1,4}\\b", Regex::kNone);
      if (j < input.size() && input[j].page == input[i].page && number_first.LookingAt(input[j].text)) {
        joined.push_back({"\xC2\xA7 " + std::string(Trim(input[j].text)), input[j].page});
        i = j;
        continue;
      }
    }
    joined.push_back(input[i]);
  }
  const std::vector<Line>& lines = sign_alone ? joined : input;
  std::vector<Line> out;
  out.reserve(lines.size());
  // Where a label may begin inside a line: the § sign (or the "$" OCR and typists make of it,
  // against a number before a capitalised word: "… dagordning. $2 F ö regående protokoll …"), or
  // an organ abbreviation and a number before a capitalised word; where a sentence ends before a
  // capital.
  static const Regex token(
      "(?<=\\h)(?:[\\[{(]?§|\\$(?=\\h?\\d{1,3}\\h+\\p{Lu})|\\p{Lu}[\\p{L}]{1,5}\\h+\\d{1,4}(?:\\h?[a-h])?\\h+(?=\\p{Lu}|(?i:dnr)\\b))", Regex::kNone);
  static const Regex sentence_end("(?<=[\\p{L}\\d)]{3}[.!?])\\h+(?=\\p{Lu})", Regex::kNone);
  const std::vector<char> flat = FlatLines(lines);
  // Items numbered without the sign inside flattened pages ("… Tore Lidbom 274 Inledning
  // Ordföranden …"): a bare number before a capitalised word is a place to cut only where such
  // numbers count on in steps of one (or two, an item left out) across the document; a number
  // alone (a count, a bilaga) does not.
  // (The word after it capitalised, or a heading in capitals: "… närvarande eller representerade.
  // 1 ÖPPNANDE AV STÄMMAN Närvarande var även …"; after a word, a number, a stop or a dash that
  // fills an empty field: "Frånvarande -- 1 Mötets öppnande".)
  // (The figure one read as a letter after a sentence's end: "… bevista sammanträdet. l. Utsagos
  // Herrar Nilsson …".)
  static const Regex bare_token("(?<=[\\p{L}\\d.):,\\-–]\\h)(\\d{1,4}|(?<=\\.\\h)[lI](?=\\.))\\.?\\h+(?=\\p{Lu}\\p{Ll}|\\p{Lu}{3,}\\b)", Regex::kNone);
  struct BareAt {
    size_t line, at;
    int number;
  };
  std::vector<BareAt> bares;
  for (size_t li = 0; li < lines.size(); ++li)
    if (flat[li])
      for (const Match& m : bare_token.FindAll(lines[li].text)) {
        // Not the number of a label that has its sign or organ ("§ 88", "Kf 88"): those are cut
        // as labels.
        std::string_view before = Trim(std::string_view(lines[li].text).substr(0, m.Begin()));
        const size_t sp = before.rfind(' ');
        std::string_view word = sp == std::string_view::npos ? before : before.substr(sp + 1);
        if (word == "\xC2\xA7" || (!word.empty() && word.size() <= 6 && StartsUpper(word) &&
                                    (IsKnownOrganAbbreviation(word) || Upper(word) == std::string(word))))
          continue;
        // Nor a number before a front page's field label ("… ekonomichef 133 Justeringens plats
        // och tid …": the paragraphs a person attended, then the next field).
        if (FrontPageMarkerStrength(LineHead(std::string_view(lines[li].text).substr(m.End()))) == 2) continue;
        // Nor a number after leaders: the page of the contents entry before it ("Ärenden Öppnande
        // av möte... 3 Val av sekreterare... 3 …"), however few dots the re-publisher kept.
        static const Regex leaders_end("(?:\\.{2,}|…+|(?:\\.\\h){2,}\\.?|_{3,})$", Regex::kNone);
        if (leaders_end.Find(before)) continue;
        bares.push_back({li, m.Begin(), m.Group(1) == "l" || m.Group(1) == "I" ? 1 : DecimalValue(m.Group(1))});
      }
  std::set<std::pair<size_t, size_t>> bare_cuts;
  {
    // Every run, not only the longest: an agenda or a contents list counts on as its items do,
    // and may be the longer run (an item's number lost in the export): both are cut, and the
    // lists are told from the items later, by pairing them. The longest run is taken first; a
    // further run needs three numbers (two may be a count and a bilaga).
    // (One pass of the chain lengths; then the runs are taken longest first, each up to where
    // it meets one taken before: linear in the numbers, whatever a volume holds.)
    std::vector<int> len(bares.size(), 1);
    std::vector<long> from(bares.size(), -1);
    for (size_t i = 0; i < bares.size(); ++i)
      for (size_t j = i > 200 ? i - 200 : 0; j < i; ++j) {
        const int step = bares[i].number - bares[j].number;
        if ((step == 1 || step == 2) && len[j] + 1 > len[i]) {
          len[i] = len[j] + 1;
          from[i] = static_cast<long>(j);
        }
      }
    std::vector<size_t> order(bares.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return len[x] > len[y]; });
    std::vector<char> used(bares.size(), 0);
    long best = -1;
    for (size_t end : order) {
      if (used[end] || len[end] < 2) continue;
      std::vector<size_t> run;
      for (long k = static_cast<long>(end); k >= 0 && !used[static_cast<size_t>(k)]; k = from[static_cast<size_t>(k)])
        run.push_back(static_cast<size_t>(k));
      if (run.size() < (best < 0 ? 2u : 3u)) continue;
      if (best < 0) best = static_cast<long>(end);
      for (size_t k : run) {
        used[k] = 1;
        bare_cuts.insert({bares[k].line, bares[k].at});
      }
    }
    // With no run at all, an excerpt may hold a single item: a number right after a sentence's
    // end ("… beslutfört. 59 Val av två protokollsjusterare …") is a place to cut.
    // So is a number right after a running head's page count ("… Sammanträdesprotokoll 2 (15)
    // 50 Fastställande av föredragningslista …").
    // The running head's page label may be a word and a number ("… sammanträdesprotokoll Sida 3
    // 36 Information …", "Sida 3 av 12", "Sid 3/12").
    static const Regex page_count(
        "(?:\\d{1,4}\\h?\\(\\d{1,4}\\)|(?i:sida|sid\\.?|blad)\\h*\\d{1,4}(?:\\h*(?:av|/)\\h*\\d{1,4})?)$", Regex::kNone);
    // The page count is a place to cut whatever the runs: the page's text begins after it.
    // So is a number before the heading of a meeting's first business, which every protocol
    // words alike — the opening, the roll call, the adjusters, the agenda ("… Paulus Kuoljok
    // ordförande 20 Öppnande Sametingets ordförande hälsar …", "… Frånvarande -- 1 Mötets
    // öppnande Ordförande …", "… Kristina Brundin 210 Val av protokolljusterare …"): the first
    // item of an excerpt has no numbering before it to confirm it.
    static const Regex first_business(
        "^\\d{1,4}\\.?\\h+(?i:(?:\\p{L}+s\\h+)?öppnande|(?:mötet|sammanträdet|stämman)\\h+öppnas|upprop(?:et)?"
        "|val\\h+av\\h+(?:två\\h+)?(?:protokoll(?:s)?justerare|justerare|justeringsm[äa]n)"
        "|(?:fastställande|godkännande)\\h+av\\h+(?:dagordning|dagordningen|föredragningslista|föredragningslistan|ärendelista))\\b",
        Regex::kNone);
    // So is a number right after a case number: the item's head prints its number beside the
    // case's ("§ 6 Dnr KS/2011:286"), and a page read without its sign keeps them side by side
    // ("… Exp: Revisionen KS/2011:286 6 Ändring i bestämmelser …").
    static const Regex case_number("(?:\\b\\p{Lu}{1,5}\\h?/\\h?|(?i:dnr)\\.?:?\\h*(?:\\p{Lu}{1,5}\\h?)?)\\d{4}\\h?[:/.-]\\h?\\d{1,5}$", Regex::kNone);
    for (const BareAt& b : bares) {
      std::string_view before = Trim(std::string_view(lines[b.line].text).substr(0, b.at));
      if (b.number >= 1000 || before.size() <= 3) continue;
      if ((best < 0 && before.back() == '.' && !StartsUpper(before.substr(before.rfind(' ') + 1))) ||
          page_count.Find(TailOf(before, 64)) || case_number.Find(TailOf(before, 40)) ||
          first_business.LookingAt(std::string_view(lines[b.line].text).substr(b.at)))
        bare_cuts.insert({b.line, b.at});
    }
  }
  // A number right after the running head of a page, before a capitalised word, begins the
  // page's text: the place to cut for the item it may label ("… pensionärsrådet 10 april (10)
  // 8 Öppnande, dagordning, justering …"); the numbering decides whether it labels one.
  {
    const std::vector<size_t> head_ends = RunningHeadEnds(lines, flat);
    static const Regex number_after("^\\h*(\\d{1,4})\\.?\\h+(?=\\p{Lu}\\p{Ll})", Regex::kNone);
    for (size_t li = 0; li < lines.size(); ++li)
      if (head_ends[li] > 0)
        if (auto m = number_after.LookingAt(std::string_view(lines[li].text).substr(head_ends[li])))
          bare_cuts.insert({li, head_ends[li] + m->Begin(1)});
  }
  // Each flattened page begins with its page number, counted through the document ("1 …",
  // "2 …", "3 3(26) …"): it stands apart, on a line of its own, and is no item.
  // The number may be printed twice ("1 1 KUMLA KOMMUN …") or with the page count ("3 3(26)").
  static const Regex page_prefix("^(\\d{1,4})(?:\\h+(\\d{1,4})(?:\\h?\\(\\d{1,4}\\))?)?\\h+", Regex::kNone);
  std::vector<size_t> page_prefix_end(lines.size(), 0);
  {
    struct Marked {
      size_t line, end;
      int number;
    };
    std::vector<Marked> marked;
    int expected = 1;
    for (size_t li = 0; li < lines.size(); ++li) {
      if (!flat[li]) continue;
      auto pm = page_prefix.LookingAt(lines[li].text);
      if (!pm) continue;
      const int n = DecimalValue(pm->Group(1));
      if (n != expected && n != lines[li].page) continue;
      size_t end = pm->End();
      if (pm->Has(2) && DecimalValue(pm->Group(2)) != n) end = pm->Begin(2);  // "3 41 Title": 41 is no page
      marked.push_back({li, end, n});
      expected = n + 1;
    }
    // A count of pages: two at least, or the page numbers of a file with page breaks.
    for (const Marked& m : marked)
      if (marked.size() >= 2 || m.number == lines[m.line].page) page_prefix_end[m.line] = m.end;
  }
  // A running head run into the label after it: "Kommunfullmäktige Kf 72 dnr 166/2011 Motion …",
  // "Kommunstyrelsen § 12 Budget": the organ's name is the page's head, the label starts the item.
  static const Regex organ_then_label(
      "^((?:\\p{Lu}[\\p{L}-]*\\h+(?:och\\h+)?){0,2}\\p{L}*(?:styrelsen|fullmäktige|nämnden|utskottet|direktionen|rådet))\\h+"
      "(?=(?:\\p{Lu}[\\p{L}]{0,5}\\h*)?§|\\p{Lu}[\\p{L}]{1,5}\\h+\\d)",
      Regex::kNone);
  for (size_t li = 0; li < lines.size(); ++li) {
    const Line& l = lines[li];
    if (!flat[li]) {
      // Several short items on one line ("§ 1. Mötet öppnades. § 2. Dagordningen fastställdes.
      // § 3. Kallelsen godkändes …"): a label after a sentence's end that counts on from the
      // line's own label, a capital after it, starts an item of its own.
      // So are bare numbers before headings in capitals ("2 DAGORDNINGEN Förslaget till
      // dagordningen godkändes 3 VAL AV PROTOKOLLJUSTERARE Gun Björnsberg …").
      static const Regex caps_heading("^\\p{Lu}{3,}\\b", Regex::kNone);
      std::optional<ParagraphHeader> own =
          l.text.find("\xC2\xA7", 1) != std::string::npos ? ParseParagraphHeader(l.text) : std::nullopt;
      const bool bare_own = !own;
      if (!own) {
        own = ParseBareHeader(l.text);
        if (own && !caps_heading.LookingAt(own->rest)) own.reset();
      }
      if (own) {
        static const Regex inline_label("(?<=[\\p{L}\\d)][.!?]\\h)[\\[{(]?§\\h*\\d{1,4}", Regex::kNone);
        static const Regex inline_bare("(?<=[\\p{L}\\d).!?]\\h)\\d{1,3}\\.?\\h+(?=\\p{Lu}{3,}\\b)", Regex::kNone);
        int want = own->number_end + 1;
        std::vector<size_t> cuts;
        for (const Match& m : (bare_own ? inline_bare : inline_label).FindAll(l.text)) {
          std::string_view at = std::string_view(l.text).substr(m.Begin());
          std::optional<ParagraphHeader> h = bare_own ? ParseBareHeader(at) : ParseParagraphHeader(at);
          if (!h || h->number != want || !StartsUpper(h->rest)) continue;
          cuts.push_back(m.Begin());
          want = h->number_end + 1;
        }
        // A heading's first sub-item set on its line, after its title ("§7 Rapporter §7a
        // Kostnaden för vatten är …"): the item of a title alone, then its first part.
        if (cuts.empty() && !bare_own && own->suffix.empty()) {
          static const Regex inline_sub("(?<=\\p{L}\\h)§\\h*\\d{1,4}\\h?a(?![\\p{L}\\d])", Regex::kNone);
          if (auto m = inline_sub.Find(l.text); m && m->Begin() <= 80) {
            std::optional<ParagraphHeader> h = ParseParagraphHeader(std::string_view(l.text).substr(m->Begin()));
            const std::string_view title = std::string_view(l.text).substr(0, m->Begin());
            static const Regex sentence_stop("\\p{L}[.!?:]", Regex::kNone);
            if (h && h->number == own->number && h->suffix == "a" && StartsUpper(h->rest) && !sentence_stop.Find(title))
              cuts.push_back(m->Begin());
          }
        }
        if (!cuts.empty()) {
          size_t from = 0;
          cuts.push_back(l.text.size());
          for (size_t c : cuts) {
            out.push_back({std::string(Trim(std::string_view(l.text).substr(from, c - from))), l.page});
            from = c;
          }
          continue;
        }
      }
      // A page that is one short paragraph with its number at both ends ("4 Vn 1 Val av justerare
      // … justerar protokollet. 4/23"): the numbers are the page's, not an item's.
      static const Regex numbered_both("^(\\d{1,4})\\h+(.*?)\\h+(\\d{1,4})\\h?/\\h?\\d{1,4}$", Regex::kNone);
      if (auto m = numbered_both.FullMatch(l.text); m && m->Group(1) == m->Group(3)) {
        out.push_back({std::string(m->Group(1)), l.page, true});
        out.push_back({std::string(m->Group(2)), l.page});
        out.push_back({std::string(std::string_view(l.text).substr(m->Begin(3))), l.page, true});
        continue;
      }
      // A label inside a line, after a sentence's end, a dash or glued to the head's year ("… den
      // 4 April 1893. §1. På gjord framställning …", "… valdes till Suppleant. -§ 4.
      // Fyrktalslängden …", "… måndagen den 9 juni 2008§ 1 Årsmötets öppnande …"): the line is
      // cut there, and the numbering decides whether it labels an item.
      {
        static const Regex inner_label("(?:(?<=[.!?]\\h)|(?<=\\d)|(?<=[.!?]\\h-))§\\h*\\d{1,3}\\.?\\h+(?=\\p{Lu}\\p{Ll})", Regex::kNone);
        if (auto im = inner_label.Find(l.text); im && im->Begin() > 0 && !ParseParagraphHeader(l.text)) {
          std::string_view before = Trim(std::string_view(l.text).substr(0, im->Begin()));
          if (!before.empty() && before.back() == '-') before = Trim(before.substr(0, before.size() - 1));
          if (std::optional<ParagraphHeader> h = ParseParagraphHeader(std::string_view(l.text).substr(im->Begin()))) {
            if (!before.empty()) out.push_back({std::string(before), l.page});
            out.push_back({std::string(Trim(std::string_view(l.text).substr(im->Begin()))), l.page});
            continue;
          }
        }
      }
      if (auto m = organ_then_label.LookingAt(l.text)) {
        std::string_view label = std::string_view(l.text).substr(m->End());
        auto sh = ParseSignlessHeader(label);
        if (ParseParagraphHeader(label) || (sh && IsKnownOrganAbbreviation(sh->organ))) {
          out.push_back({std::string(Trim(m->Group(1))), l.page});
          out.push_back({std::string(label), l.page});
          continue;
        }
      }
      out.push_back(l);
      continue;
    }
    if (page_prefix_end[li] > 0)
      out.push_back({std::string(Trim(std::string_view(l.text).substr(0, page_prefix_end[li]))), l.page, true});
    const std::string& t = l.text;
    std::vector<size_t> cuts;
    // (A "$" label reads as no label by itself: the numbering confirms it later, as on a line
    // of its own.)
    for (const Match& m : token.FindAll(t))
      if (t[m.Begin()] == '$' || LabelAtStart(std::string_view(t).substr(m.Begin()), false, false)) {
        // Another organ's label right after an item's ("Ks 52 Au 110 Dnr 2024/ …") names the
        // paragraph of the body that prepared the matter, as "KS § 145 … AU § 106" does: it
        // stays on the item's label line.
        if (!cuts.empty()) {
          static const Regex organ_label_only("^\\p{Lu}[\\p{L}]{1,5}\\h+\\d{1,4}\\h*$", Regex::kNone);
          const std::string_view since = std::string_view(t).substr(cuts.back(), m.Begin() - cuts.back());
          std::optional<ParagraphHeader> first = ParseSignlessHeader(Trim(since));
          std::optional<ParagraphHeader> second = ParseSignlessHeader(Trim(std::string_view(t).substr(m.Begin(), 40)));
          if (organ_label_only.FullMatch(Trim(since)) && first && second && Upper(first->organ) != Upper(second->organ))
            continue;
        }
        cuts.push_back(m.Begin());
      }
    for (const Match& m : sentence_end.FindAll(t)) cuts.push_back(m.End());
    for (auto it = bare_cuts.lower_bound({li, 0}); it != bare_cuts.end() && it->first == li; ++it)
      cuts.push_back(it->second);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<std::string_view> pieces;
    std::vector<char> bare_piece;
    size_t from = page_prefix_end[li];
    for (size_t c : cuts) {
      if (c <= from || c >= t.size()) continue;
      pieces.push_back(Trim(std::string_view(t).substr(from, c - from)));
      bare_piece.push_back(bare_cuts.count({li, from}) > 0);
      from = c;
    }
    pieces.push_back(Trim(std::string_view(t).substr(from)));
    bare_piece.push_back(bare_cuts.count({li, from}) > 0);
    auto emit = [&](std::string_view piece) {
      // A heading run into its text stands on a line of its own.
      while (!piece.empty()) {
        size_t h = LeadingHeadingLength(piece);
        if (h == 0) break;
        out.push_back({std::string(Trim(piece.substr(0, h))), l.page});
        piece = Trim(piece.substr(h));
      }
      if (!piece.empty()) out.push_back({std::string(piece), l.page});
    };
    for (size_t pk = 0; pk < pieces.size(); ++pk) {
      std::string_view piece = pieces[pk];
      if (piece.empty()) continue;
      std::optional<ParagraphHeader> h = LabelAtStart(piece, pk == 0 || bare_piece[pk]);
      if (h && !h->rest.empty()) {
        // The label and its title on one line, the body after a blank line.
        size_t rest_at = piece.size() - h->rest.size();
        // A Dnr between the label and the title ("Kf 93 Dnr KS99/ Motion om …", "Ks 31 Dnr
        // Ekonomisk uppföljning …") stays on the label's line; the title is what follows it.
        static const Regex dnr_first(
            "^(?i:dnr|diarienr|diarienummer|ärendenummer)\\b[.:]?\\h*(?:\\p{Lu}{1,5}\\h?)?(?:[\\d][\\d/.:-]*\\h*)*(?:\\p{Lu}{1,5}\\d*/\\h*)?",
            Regex::kNone);
        size_t dnr = 0;
        if (auto dm = dnr_first.LookingAt(h->rest)) dnr = dm->End();
        size_t title = dnr + RunOnTitleLength(std::string_view(h->rest).substr(dnr));
        // The record itself after the label ("2. Uppdrogs åt Ordföranden …", "Utsågos Herrar …")
        // has no title to split off: as ExtractTitle holds, a decision sentence is no heading.
        {
          // Its first word is the verb of the record: "Uppdrogs", "Utsågos", "Biföll", "Beslöts".
          std::string_view rest(h->rest);
          const size_t first_word = rest.find(' ');
          if (dnr == 0 && first_word != std::string_view::npos &&
              (IsDecisionSentence(rest.substr(0, first_word)) || BeginsClause(rest))) {
            // The label's line keeps the record's first sentence; what follows is body.
            title = rest.size();
            for (size_t at = rest.find(". "); at != std::string_view::npos; at = rest.find(". ", at + 2)) {
              const std::string_view before = rest.substr(0, at);
              const size_t sp = before.rfind(' ');
              const std::string_view last = before.substr(sp == std::string_view::npos ? 0 : sp + 1);
              // Not an abbreviation ("Herr And. Petter", "kl. 2 e. m.", "n:r 4").
              if (Length(last) > 3 && at + 2 < rest.size() &&
                  (StartsUpper(rest.substr(at + 2)) || std::isdigit(static_cast<unsigned char>(rest[at + 2])))) {
                title = at + 1;
                break;
              }
            }
          }
        }
        out.push_back({std::string(Trim(piece.substr(0, rest_at + title))), l.page});
        std::string_view body = Trim(piece.substr(rest_at + title));
        if (!body.empty()) {
          out.push_back({"", l.page});
          emit(body);
        }
        continue;
      }
      emit(piece);
    }
  }
  return out;
}

namespace {

struct Candidate {
  size_t line;
  ParagraphHeader header;
  double strength;
  bool bodiless = false;  // no body under it (set by TakeOutLists)
};

// Evidence that a § line continues the sentence of the line before (a reference such as
// "… enligt\n§ 3 i reglementet"). A label alone on its line ("§ 3.") is a heading unless the line
// before ends in a word that leads on to a reference; a line-end hyphen breaks a word, and a
// word does not go on with "§".
bool EndsLikeContinuation(std::string_view prev, bool label_alone) {
  prev = Trim(prev);
  if (prev.empty()) return false;
  char last = prev.back();
  if (!label_alone && (last == ',' || last == '(')) return true;
  // A line ending in a preposition continues into a "§ 44" that is a reference: its last word
  // (the run of word characters at its end, as a regular expression's \b sees words).
  static const std::set<std::string, std::less<>> kLeadingOn = {
      "enligt", "i", "se", "jfr", "och", "samt", "till", "av", "under", "från", "med", "vid", "paragraf", "paragraferna"};
  const auto* p = reinterpret_cast<const uint8_t*>(prev.data());
  int32_t begin = static_cast<int32_t>(prev.size());
  while (begin > 0) {
    int32_t at = begin;
    UChar32 c;
    U8_PREV(p, 0, at, c);
    const bool word = c >= 0 && (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
                                 (U_GET_GC_MASK(c) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0 ||
                                 c == 0x200C || c == 0x200D);
    if (!word) break;
    begin = at;
  }
  const std::string_view word = prev.substr(static_cast<size_t>(begin));
  return word.size() <= 12 && kLeadingOn.count(Lower(word)) > 0;
}

// Anything at the start of the line that parses as a label, in any style.
bool AnyHeaderLike(std::string_view t) {
  return ParseParagraphHeader(t) || ParseSignlessHeader(t) || ParseBareHeader(t) ||
         !MisreadParagraphHeaders(t).empty();
}

// A table of contents' line: leaders (dots, or the letter debris OCR makes of them) and a page
// number at the end.
bool TocTail(std::string_view rest) {
  static const Regex leaders("(?:\\.{4,}|…{2,}|\\. \\. \\.|_{4,})\\h*(?:(?:s\\.|sid\\.?)\\h*)?\\d{1,4}\\h*$");
  if (leaders.Find(rest)) return true;
  std::string_view t = Trim(rest);
  return !t.empty() && t.back() >= '0' && t.back() <= '9' && TocTailStart(t) != std::string_view::npos;
}

// Evidence for a candidate at line i from what follows it: a heading or a Dnr under it marks
// an item, a body of text marks an item, another label straight after marks a list (a table of
// contents, an agenda), leaders or a closing page number mark a table of contents.
double Support(const std::vector<Line>& lines, size_t i, const ParagraphHeader& h) {
  static const Regex page_ref("\\h(?:s\\.\\h*|sid\\.?\\h*)?\\d{1,3}$");
  double s = 0;
  if (TocTail(h.rest)) s -= 2.0;
  // A whole sentence after the label is the item's body on its line ("1. Justerades protokollen
  // för förra sammanträdet."): lists carry titles, not sentences.
  size_t words = 1;
  for (char ch : h.rest) words += ch == ' ';
  const bool sentence = words >= 5 && !h.rest.empty() && h.rest.back() == '.';
  int seen = 0;
  size_t body = sentence ? h.rest.size() : 0;
  for (size_t j = i + 1; j < lines.size() && seen < 8; ++j) {
    const std::string& u = lines[j].text;
    if (u.empty()) continue;
    ++seen;
    if (seen == 1 && AnyHeaderLike(u)) {
      if (sentence) break;
      s -= 0.9;
      // Leaders or a page number at the end of a listed line: a table of contents.
      if (page_ref.Find(h.rest) && h.style != HeaderStyle::kSign) s -= 1.0;
      break;
    }
    if (IsSectionHeading(u) || IsDiarienummerLine(u)) {
      s += 0.5;
      break;
    }
    if (seen > 1 && AnyHeaderLike(u)) break;
    body += u.size();
  }
  if (!h.rest.empty() && IsDiarienummerLine(h.rest)) s += 0.5;
  // A range alone over a table's column heads and marks ("§ 1-3" / "N" / "V" / "N" / "V" …, an
  // attendance list's paragraphs in a protocol's appendix) heads columns, not an item.
  if (h.number_end > h.number && Trim(h.rest).empty()) {
    int marks = 0, looked = 0;
    for (size_t j = i + 1; j < lines.size() && looked < 6; ++j) {
      const std::string_view u = Trim(lines[j].text);
      if (u.empty()) continue;
      ++looked;
      marks += Length(u) <= 2 && !std::isdigit(static_cast<unsigned char>(u[0]));
    }
    if (looked >= 4 && marks == looked) s -= 3.0;
  }
  if (h.style == HeaderStyle::kBare || h.style == HeaderStyle::kOrgan) {
    // A numbered sentence that wraps onto the next line is a list entry, not a heading; an
    // ordinal label ("1:mo", "2:de") starts an item whose text runs on.
    const bool ordinal = h.label.find(':') != std::string::npos || IsOrdinalLabel(h.label);
    for (size_t j = i + 1; j < lines.size() && !ordinal; ++j) {
      if (lines[j].text.empty()) break;
      if (StartsLower(lines[j].text)) s -= 0.8;
      break;
    }
    // Without the sign an item needs a body under it; an ordinal is a label in itself.
    if (s <= 0 && body < 40 && !ordinal) s -= 0.6;
    if (body >= 40) s += 0.2;
  }
  return s;
}

// Meeting boundaries: where a front page begins (two kinds of front-page line, or a dateline
// and one, within a few lines).
std::vector<size_t> FindMeetingBoundaries(const std::vector<Line>& lines) {
  std::vector<size_t> out;
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& t = lines[i].text;
    bool marker = !t.empty() && (IsFrontPageMarker(t) || IsDateLine(t));
    if (!marker) {
      ++i;
      continue;
    }
    // Distinct front-page fields: labelled ones ("Plats och tid …") are strong; a bare label, a
    // dateline or the page header's date label are weak. A front page is two strong fields, or
    // one beside a dateline (old minutes: "{den 12 Januari 1891}" / "Närvarande …"), or three
    // fields of any kind ("Sammanträde 2011-06-16" / "Datum" / "Plats").
    std::set<std::string> strong, kinds;
    std::vector<size_t> strong_at, date_at;
    size_t last = i;
    for (size_t j = i; j < lines.size() && j < i + 30; ++j) {
      const std::string& u = lines[j].text;
      if (u.empty()) continue;
      if (IsParagraphHeaderLine(u)) break;
      std::string kind = Lower(u.substr(0, std::min<size_t>(u.size(), 8)));
      if (int strength = FrontPageMarkerStrength(u)) {
        kinds.insert(kind);
        if (strength == 2) {
          strong.insert(kind);
          strong_at.push_back(j);
        }
        last = j;
      } else if (IsDateLine(u)) {
        kinds.insert("date");
        date_at.push_back(j);
        last = j;
      }
    }
    bool dated_strong = false;
    for (size_t a : strong_at)
      for (size_t d : date_at) dated_strong |= (a > d ? a - d : d - a) <= 3;
    const bool front = strong.size() >= 2 || dated_strong || kinds.size() >= 3;
    const size_t n_kinds = front ? 2 : 0;
    if (front && n_kinds >= 2) {
      // The front page starts at its first field, or at a dateline just above it; not at a
      // date that ends the previous item's text.
      size_t first_field = i;
      while (first_field < last && FrontPageMarkerStrength(lines[first_field].text) == 0) ++first_field;
      size_t start = first_field;
      for (size_t d : date_at)
        if (d < first_field && first_field - d <= 3) start = std::min(start, d);
      out.push_back(start);
      i = last + 1;
    } else {
      ++i;
    }
  }
  return out;
}

// The best chain: each candidate adds its strength; a gap in the numbering costs a little
// (extracts skip items; references jump far); numbering that drops back costs little where a
// new meeting's front page lies between, much elsewhere.
std::vector<size_t> BestChain(const std::vector<Candidate>& c, const std::vector<size_t>& boundaries,
                              double* score) {
  const size_t n = c.size();
  std::vector<double> best(n, 0);
  std::vector<long> from(n, -1);
  auto boundary_between = [&](size_t a, size_t b) {
    auto it = std::upper_bound(boundaries.begin(), boundaries.end(), a);
    return it != boundaries.end() && *it < b;
  };
  for (size_t i = 0; i < n; ++i) {
    best[i] = c[i].strength;
    // Only the nearest few hundred predecessors: chains are local, and long documents are long.
    size_t lo = i > 400 ? i - 400 : 0;
    for (size_t j = lo; j < i; ++j) {
      if (c[j].line >= c[i].line || best[j] <= 0) continue;
      double cost;
      if (c[j].header.KeyEnd() < c[i].header.Key()) {
        int gap = c[i].header.number - c[j].header.number_end - 1;
        if (gap < 0) gap = 0;
        cost = boundary_between(c[j].line, c[i].line) ? 0 : std::min(1.0, 0.1 * gap);
      } else {
        cost = boundary_between(c[j].line, c[i].line) ? 0.3 : 2.5;
      }
      double v = best[j] + c[i].strength - cost;
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
  *score = top;
  std::vector<size_t> chain;
  for (long k = end; k >= 0; k = from[k]) chain.push_back(static_cast<size_t>(k));
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void FindSections(Item& item) {
  for (size_t i = item.header_line + 1; i < item.lines.size(); ++i) {
    auto h = ClassifyHeading(item.lines[i].text);
    if (!h) continue;
    // A heading stands alone: after a blank line, or directly after other head lines. A line
    // that a sentence runs on into ("… minskning i Superiet. Och ansåge" / "Stadens Äldste att
    // Herr Hagelstams förslag") is that sentence's, however it looks.
    if (i > item.header_line + 2) {
      std::string_view prev = Trim(item.lines[i - 1].text);
      if (!prev.empty() && !IsSectionHeading(prev) && std::string_view(".:!?)").find(prev.back()) == std::string_view::npos &&
          StartsLower(std::string_view(prev).substr(prev.rfind(' ') == std::string_view::npos ? 0 : prev.rfind(' ') + 1)))
        continue;
    }
    if (!item.sections.empty()) item.sections.back().end = i;
    Section s{h->kind, i, i + 1, item.lines.size(), h->rest};
    item.sections.push_back(std::move(s));
  }
}

struct Family {
  std::vector<Candidate> cands;
  HeaderStyle style;
  std::vector<Rejected> listed;  // candidates taken out as entries of a list
};

std::string Clip(std::string_view t) {
  if (t.size() <= 80) return std::string(t);
  size_t at = 80;
  while (at > 0 && (static_cast<unsigned char>(t[at]) & 0xC0) == 0x80) --at;
  return std::string(t.substr(0, at)) + "…";
}

// Lists that repeat the items: runs of consecutive candidates whose entries have no body (the
// next label follows within two short lines) or carry leaders or a page number, announced by a
// heading or paired with the same numbers elsewhere in the document. Their candidates are taken
// out of `f` (into f.listed) so that neither their numbers nor the drop back after them make a
// meeting. The run with bodies is the items; a run of bodiless entries that nothing pairs, no
// heading announces and no leaders mark stays (short items exist).
// Whether a meeting's head (a heading sentence or a closing block, `barriers` ascending) lies
// between lines a and b: a list and its items, an item and its points, stand in one meeting.
bool BarrierBetween(const std::vector<size_t>& barriers, size_t a, size_t b) {
  if (a > b) std::swap(a, b);
  auto it = std::upper_bound(barriers.begin(), barriers.end(), a);
  return it != barriers.end() && *it < b;
}

void TakeOutLists(const std::vector<Line>& lines, const std::vector<size_t>& barriers, Family& f) {
  std::vector<Candidate>& c = f.cands;
  const size_t n = c.size();
  if (n < 2) return;
  // Per candidate: the line of the next candidate on another line.
  std::vector<size_t> next(n, lines.size());
  for (size_t k = n; k-- > 0;) {
    size_t j = k + 1;
    while (j < n && c[j].line == c[k].line) ++j;
    next[k] = j < n ? c[j].line : lines.size();
  }
  auto entry = [&](size_t k, bool to_blank, size_t* chars, bool* tail, bool* heading) {
    *chars = 0;
    *tail = HasListTail(c[k].header.rest);
    *heading = false;
    // A sentence run on from the label and more text under it ("19 Laglighet och beslutförhet
    // 3 konstaterar … beslutförhet." / "Konstaterades.", a page read as one line) is a body; an
    // agenda entry may be a sentence ("2 Förslag på justerare …, tid och plats för justering: …."),
    // but nothing stands under it.
    bool rest_sentence = false, record_rest = false;
    {
      const std::string& r = c[k].header.rest;
      size_t words = 1;
      for (char ch : r) words += ch == ' ';
      // (A short record is a sentence too: "1. LP Claes öppnade mötet.")
      static const Regex record_verb(
          "\\b(?:\\p{L}{3,}(?:ades|ade|ddes|dde|des|tes|ogs|ågs|öts|ogos|ågos)|valdes|valde|beslöt|beslöts|biföll|tog|gav|höll|fann|lät)\\b");
      rest_sentence = !*tail && words >= 8 && !r.empty() && r.back() == '.';
      record_rest = !*tail && words >= 3 && !r.empty() && r.back() == '.' && record_verb.Find(r).has_value();
    }
    size_t nonempty = 0;
    bool seen_text = false;
    for (size_t i = c[k].line + 1; i < next[k]; ++i) {
      const std::string& t = lines[i].text;
      // A meeting's head under the entry is no body of it: the entry ends there.
      if (std::binary_search(barriers.begin(), barriers.end(), i)) break;
      // A page's own number (split off a flattened page) is a break as a blank line is.
      if (t.empty() || lines[i].page_number) {
        if (to_blank && seen_text) break;
        continue;
      }
      seen_text = true;
      ++nonempty;
      if (IsSectionHeading(t)) *heading = true;
      if (HasListTail(t) && nonempty <= 2) {
        *tail = true;
        continue;
      }
      if (LooksLikeFurniture(t)) continue;
      *chars += t.size();
      // A sentence under the label is a body: a list entry is a title, a Dnr, a page number.
      size_t words = 1;
      for (char ch : t) words += ch == ' ';
      if (words >= 5 && (t.back() == '.' || t.back() == ':')) *chars += 1000;
      if (rest_sentence) *chars += 1000;
    }
    // A record told on the label's line is the item's body, with nothing under it too.
    if (record_rest && nonempty == 0 && c[k].header.style == HeaderStyle::kBare) *chars += 1000;
    return nonempty;
  };
  std::vector<char> bodiless(n, 0), tail(n, 0), short_head(n, 0), sentences(n, 0), papers(n, 0);
  for (size_t k = 0; k < n; ++k) {
    size_t chars;
    bool t, h;
    size_t lines_in = entry(k, false, &chars, &t, &h);
    tail[k] = t;
    bodiless[k] = t || (!h && lines_in <= 2 && chars <= 160);
    sentences[k] = chars >= 1000;
    papers[k] = !t && !h && chars <= 400 && lines_in <= 6;
    c[k].bodiless = bodiless[k];
    size_t chars_b;
    bool tb, hb;
    entry(k, true, &chars_b, &tb, &hb);
    short_head[k] = tb || (!hb && chars_b <= 160);
  }
  // An entry's title: its label line's rest, or the first line under it.
  auto entry_title = [&](size_t cand) -> std::string_view {
    if (!c[cand].header.rest.empty()) return c[cand].header.rest;
    for (size_t i = c[cand].line + 1; i < lines.size() && i < c[cand].line + 4; ++i)
      if (!lines[i].text.empty()) return lines[i].text;
    return {};
  };
  // A list and its items stand in one meeting: no heading sentence or closing block between
  // (the next meeting of a volume repeats the numbers with bodies of its own).
  auto barrier_between = [&](size_t a, size_t b) { return BarrierBetween(barriers, a, b); };
  // An entry with lines under it but no sentence among them — the papers of a matter ("Lag- och
  // kulturutskottets betänkande (LKU 9/2012-2013)"), its stage and page ("Bordläggning. 1") — is
  // a list's entry when its number and title come again later in the same meeting over a body
  // that holds sentences: a plenary protocol's contents list repeats each matter with its papers.
  for (size_t k = 0; k < n; ++k) {
    if (bodiless[k] || !papers[k] || entry_title(k).empty()) continue;
    for (size_t q = k + 1; q < n; ++q)
      if (c[q].header.Key() == c[k].header.Key() && sentences[q] && !barrier_between(c[k].line, c[q].line) &&
          TitlesAgree(entry_title(k), entry_title(q))) {
        bodiless[k] = 1;
        c[k].bodiless = 1;
        break;
      }
  }
  std::vector<char> in_list(n, 0);
  size_t k = 0;
  while (k < n) {
    if (!bodiless[k]) {
      ++k;
      continue;
    }
    size_t e = k;  // the run [k, e]
    while (e + 1 < n && bodiless[e + 1] && c[e + 1].header.Key() > c[e].header.KeyEnd()) ++e;
    // The run's last entry runs on into what follows the list (a front page, the first item):
    // it belongs to the run when it goes on with the numbering and its head is short.
    if (e + 1 < n && c[e + 1].header.Key() > c[e].header.KeyEnd() && short_head[e + 1] &&
        (tail[e + 1] || e > k))
      ++e;
    const size_t len = e - k + 1;
    int tails = 0;
    for (size_t q = k; q <= e; ++q) tails += tail[q];
    // A heading just above the run announces a list.
    bool announced = false;
    for (size_t i = c[k].line, seen = 0; i-- > 0 && seen < 3;) {
      if (lines[i].text.empty()) continue;
      ++seen;
      if (IsListHeading(lines[i].text)) announced = true;
      // On a page read as one line the heading ends the running head before the entries
      // ("TROSA KOMMUN Sammanträdesprotokoll Sida 2(9) Innehållsförteckning").
      // (Not an item's own label line: "§2 Kallelse och dagordning godkändes, övriga ärenden".)
      std::vector<std::string_view> w = Words(lines[i].text);
      if (AnyHeaderLike(lines[i].text)) w.clear();
      // Only a long line is a running head read as one; a short one ending in "ärenden" is a
      // section heading naming whose matters follow ("Intresseföreningens ärenden").
      if (w.size() < 8) w.clear();
      for (size_t m = 1; m <= 4 && m < w.size() && !announced; ++m) {
        const char* from = w[w.size() - m].data();
        if (IsListHeading(std::string_view(from, lines[i].text.data() + lines[i].text.size() - from))) announced = true;
      }
      // Or the page's heading names the list, with the meeting's date after it and the entries
      // following ("Kommunstyrelsen 3 (22) Ärendelista 11 maj 2015 Ärenden till
      // kommunfullmäktige: 12-13, Upprop och val av justerare 2. Anmälan …"): a list's own name,
      // capitalised inside a line, is a heading, not a word of a sentence.
      static const Regex named_list("^(?:Innehållsförteckning|Ärendelista|Ärendeförteckning|Föredragningslista)\\b", Regex::kNone);
      for (size_t m = 0; m < w.size() && !announced; ++m)
        if (named_list.LookingAt(std::string_view(w[m].data(), lines[i].text.data() + lines[i].text.size() - w[m].data())))
          announced = true;
    }
    // Pairing: the run's numbers come again elsewhere, on candidates outside it.
    std::set<int> keys;
    for (size_t q = k; q <= e; ++q) keys.insert(c[q].header.Key());
    // Across a meeting's head the numbers pair only where the titles agree too: a standing
    // agenda printed above the protocol ("1. Mötet öppnas" … "4. Föregående protokoll", then
    // "Protokoll fört vid …" and "4. Föregående protokoll godkändes.").
    // Only a list whose titles mostly come again after the head is paired across it.
    std::set<int> paired, paired_across;
    size_t across = 0, agreeing = 0;
    for (size_t q = 0; q < n; ++q) {
      if (q >= k && q <= e) continue;
      if (!keys.count(c[q].header.Key()) || bodiless[q]) continue;
      if (!barrier_between(c[k].line, c[q].line)) {
        paired.insert(c[q].header.Key());
        continue;
      }
      size_t in_run = k;
      while (in_run <= e && c[in_run].header.Key() != c[q].header.Key()) ++in_run;
      if (in_run > e || entry_title(in_run).empty() || entry_title(q).empty()) continue;
      ++across;
      if (!TitlesAgree(entry_title(in_run), entry_title(q))) continue;
      ++agreeing;
      paired_across.insert(c[q].header.Key());
    }
    if (2 * agreeing >= across) paired.insert(paired_across.begin(), paired_across.end());
    // A document cut short (an excerpt, an extract) holds the first items of a list only: the
    // numbers that come again are the run's first ones, in order.
    bool paired_prefix = paired.size() >= 2;
    {
      auto it = keys.begin();
      for (int key : paired) paired_prefix &= it != keys.end() && *it++ == key;
    }
    // An excerpt may hold the first item only: three or more bodiless entries and, right after
    // them, the run's first number again with a body ("19 Laglighet …" … "26 Principbeslut …",
    // then "19 Laglighet och beslutförhet" with its text). A new meeting whose items all lack a
    // body and then starts again at the very same number is the rarer reading.
    // (The list's last entry may run into the page's text: the drop may come one later.)
    // The item repeats the entry's title: "1. Mötet öppnades" … "4. Dagordningen godkändes."
    // and then "1. Föregående mötesprotokoll" are items whose numbering starts again.
    bool drops_to_first = false;
    if (len >= 3) {
      size_t q = e + 1;
      while (q < n && q <= e + 2 && c[q].header.Key() > c[q - 1].header.KeyEnd()) ++q;
      drops_to_first = q < n && !bodiless[q] && c[q].header.Key() == c[k].header.Key() &&
                       !barrier_between(c[e].line, c[q].line) && TitlesAgree(entry_title(k), entry_title(q));
      if (drops_to_first) e = q - 1;
    }
    const bool is_list = (len >= 2 && ((2 * paired.size() >= keys.size() && paired.size() >= 2) || paired_prefix)) ||
                         drops_to_first ||
                         (tails >= 1 && 2 * tails >= static_cast<int>(len)) ||
                         (announced && len >= 2) || (len == 1 && tails == 1 && paired.size() == 1);
    // A list found by its pairs runs on over the entries that count on after it with a short
    // head, though nothing pairs them: the items they list are past the end of an excerpt, or
    // their lines carry the matter's papers (the last entry of a plenum's contents list, then
    // "Plenum börjar" and the first matter).
    const size_t paired_end = e;
    if (is_list && !announced && (paired_prefix || 2 * paired.size() >= keys.size()))
      while (e + 1 < n && c[e + 1].header.Key() > c[e].header.KeyEnd() && short_head[e + 1] &&
             !barrier_between(c[e].line, c[e + 1].line) && !keys.count(c[e + 1].header.Key()))
        ++e;
    // A list under its heading runs on over the entries of its page that count on and hold no
    // sentence, though one of them is long: numbers lost in the export join several entries into
    // one ("6. Västerviks Ishockeyklubb ansökan om marknadsföringsbidrag Westervik Motorsportklubb
    // (WMSK) ansökan … Riktlinjer för konstinköp revidering 11. Val av …").
    if (is_list && announced)
      while (e + 1 < n && c[e + 1].header.Key() > c[e].header.KeyEnd() && !sentences[e + 1] &&
             lines[c[e + 1].line].page == lines[c[e].line].page && !barrier_between(c[e].line, c[e + 1].line))
        ++e;
    if (is_list) {
      std::string why = tails * 2 >= static_cast<int>(len) ? "entry of a contents list (leaders or page numbers)"
                        : announced                         ? "entry of a list under its heading"
                                                            : "entry of a list (its numbers come again with bodies)";
      for (size_t q = k; q <= e; ++q) {
        in_list[q] = 1;
        f.listed.push_back({c[q].line, lines[c[q].line].page, Clip(lines[c[q].line].text),
                            q > paired_end ? "entry of a list, counting on after its paired entries" : why});
      }
    }
    k = e + 1;
  }
  std::vector<Candidate> kept;
  for (size_t q = 0; q < n; ++q)
    if (!in_list[q]) kept.push_back(std::move(c[q]));
  c = std::move(kept);
}

// Points of a decision numbered inside an item ("Regionstyrelsen föreslår att regionfullmäktige
// beslutar följande:" / "1. Regionfullmäktige beslutar att …" / "2. Regionfullmäktige ger …"):
// numbers that start again at 1 right after a line ending in a colon, the entries on lines of
// their own with no text between them, inside the items of one meeting. Their "2." would
// otherwise go on from the item's own "1." — the list's 1 is the nearer. Taken out of the bare
// numbers' family into its trace.
void TakeOutInnerLists(const std::vector<Line>& lines, const std::vector<size_t>& barriers, Family& f) {
  std::vector<Candidate>& c = f.cands;
  std::vector<char> out(c.size(), 0);
  for (size_t k = 1; k < c.size(); ++k) {
    if (c[k].header.number != 1 || !c[k].header.suffix.empty() || c[k].header.number_end != 1) continue;
    // An item before it in the same meeting.
    if (BarrierBetween(barriers, c[0].line, c[k].line)) continue;
    size_t prev = c[k].line;
    while (prev > 0 && lines[prev - 1].text.empty()) --prev;
    if (prev == 0 || lines[prev - 1].text.empty() || lines[prev - 1].text.back() != ':') continue;
    // The run: 1, 2, 3 … each on the line after the one before (one blank line at most), none
    // with text under it.
    size_t e = k;
    while (e + 1 < c.size() && c[e + 1].header.number == c[e].header.number + 1 && c[e + 1].line > c[e].line &&
           c[e + 1].line <= c[e].line + 2) {
      bool text_between = false;
      for (size_t i = c[e].line + 1; i < c[e + 1].line; ++i) text_between |= !lines[i].text.empty();
      if (text_between) break;
      ++e;
    }
    if (e == k) continue;  // one point alone may be the next item's
    for (size_t q = k; q <= e; ++q) {
      out[q] = 1;
      f.listed.push_back({c[q].line, lines[c[q].line].page, Clip(lines[c[q].line].text),
                          "a point of a list inside an item (numbered again from 1 after a colon)"});
    }
    k = e;
  }
  std::vector<Candidate> kept;
  for (size_t q = 0; q < c.size(); ++q)
    if (!out[q]) kept.push_back(std::move(c[q]));
  c = std::move(kept);
}

// A line that stops inside a sentence: it ends in a word in lower case or a number, with no
// full stop ("… ska vara 1 200 kronor", "… att").
bool IsSentenceOpen(std::string_view t) {
  if (t.empty()) return false;
  const size_t sp = t.rfind(' ');
  const std::string_view last = sp == std::string_view::npos ? t : t.substr(sp + 1);
  return StartsLower(last) || std::isdigit(static_cast<unsigned char>(last[0]));
}

// Where the signatures at the end of [begin, end) begin: walking back over short lines that are
// names (with or without the dots to sign on), a caption or the place and date (one of those at
// least); SIZE_MAX when the text ends in anything else.
size_t SignatureTail(const std::vector<Line>& lines, size_t begin, size_t end) {
  static const Regex caption(
      "^(?:sekr\\.?|sekreterare|sekreterare:|ordf\\.?|ordförande|mötesordförande|mötessekreterare|protokollförare"
      "|justeras|justeras:|justerare|justeringsmän|justerat|vid\\h+protokollet|vid\\h+pennan|underskrifter"
      "|ort\\h+och\\h+(?:datum|tid)(?:\\h+som\\h+ovan)?)\\h*:?$");
  static const Regex name(
      "^(?:(?:\\p{Lu}[\\p{L}'’-]*\\.?|\\p{Lu}\\.)\\h*){1,4}(?:\\(\\p{Lu}{1,3}\\))?(?:\\h{2,}(?:(?:\\p{Lu}[\\p{L}'’-]*\\.?|\\p{Lu}\\.)\\h*){1,4})?[\\h…._/-]*$",
      Regex::kNone);
  size_t first = SIZE_MAX;
  bool marked = false;
  for (size_t i = end; i-- > begin;) {
    if (lines[i].text.empty()) continue;
    // The dots to sign on are no text ("Anders Magnusson ……………").
    static const Regex dots("[\\h…._]+$", Regex::kNone);
    std::string_view t = Trim(lines[i].text);
    if (auto d = dots.Find(t); d && d->Begin() > 0) t = Trim(t.substr(0, d->Begin()));
    if (t.size() > 70) break;
    const bool cap = caption.FullMatch(t).has_value() || StartsClosingBlock(t);
    const bool dated = IsDateLine(t) && StartsUpper(t);  // the place and date, not "från den 1 april"
    if (!cap && !dated && !name.FullMatch(t)) break;
    // A caption or a date line opens the signatures; names alone may be the text's own last line.
    if (cap || dated) marked = true;
    first = i;
  }
  // The names above a caption are signatures too ("Gustaf Berg" / "Ordf."); the item keeps its
  // header and a line at least.
  if (!marked || first == SIZE_MAX) return SIZE_MAX;
  // Signatures follow a finished sentence: a line that goes on with an open one is text.
  for (size_t i = first; i-- > begin;) {
    std::string_view t = Trim(lines[i].text);
    if (t.empty()) continue;
    if (t.back() != '.' && t.back() != '!' && t.back() != '?' && t.back() != ':' && t.back() != ')' && IsSentenceOpen(t))
      return SIZE_MAX;
    break;
  }
  return first;
}

// A bare number's label built from its parts ("3", "3a" and the text after it): for the labels
// the line parsers leave to the numbering to confirm.
ParagraphHeader BareLabel(std::string_view number, std::string_view suffix, std::string_view rest) {
  ParagraphHeader h;
  h.number = h.number_end = DecimalValue(number);
  h.suffix = std::string(suffix);
  h.label = std::string(number) + h.suffix;
  h.rest = std::string(Trim(rest));
  h.style = HeaderStyle::kBare;
  return h;
}

// Does `a` come straight before `b` in a numbering: the next number ("3" → "4", "3 c" → "4"),
// or the next letter of one number ("3" → "3 a", "3 a" → "3 b")?
bool DirectlyPrecedes(const ParagraphHeader& a, const ParagraphHeader& b) {
  if (b.number == a.number_end + 1) return b.suffix.empty() || b.suffix == "a";
  if (b.number != a.number || b.suffix.empty()) return false;
  return a.suffix.empty() ? b.suffix == "a" : b.suffix[0] == a.suffix[0] + 1;
}

// A meeting head of any kind, at a line.
struct Boundary {
  size_t line;
  std::string kind;  // "front page", "heading sentence", "page header date", "closing block"
  std::string date;
  int date_page = 0;
};

std::vector<Boundary> FindBoundaries(const std::vector<Line>& lines, const SegmentOptions& options) {
  std::vector<Boundary> out;
  for (size_t b : FindMeetingBoundaries(lines)) out.push_back({b, "front page", "", 0});
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].text.empty()) continue;
    if (auto h = ParseMeetingHead(lines, i)) {
      out.push_back({i, "heading sentence", h->date, h->date_page});
      i = h->last_line;
      continue;
    }
    if (StartsClosingBlock(lines[i].text)) out.push_back({i, "closing block", "", 0});
  }
  // A change of the running page header's date between pages.
  const std::vector<std::string>& dates = options.page_header_dates;
  std::string last;
  int last_page = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int p = lines[i].page;
    if (p == last_page) continue;
    last_page = p;
    const size_t pi = static_cast<size_t>(p - 1);
    if (pi >= dates.size() || dates[pi].empty()) continue;
    if (!last.empty() && dates[pi] != last) out.push_back({i, "page header date", dates[pi], p});
    last = dates[pi];
  }
  std::sort(out.begin(), out.end(), [](const Boundary& a, const Boundary& b) { return a.line < b.line; });
  return out;
}

}  // namespace

namespace {

// A margin label a transcriber set inside the line it stood beside ("… öfverlämna densamma §3.
// för laga indrifning." / "Vid en föregående stämma …"), in a text whose other labels stand on
// lines of their own ("§2." … "§4."): where it is exactly the number missing between two of
// them, in their very form, inside no reference ("enligt §3 i …"), it is taken out of the line
// and set on a line of its own where the next sentence begins. Only then; anything else is left
// as it is.
std::vector<Line> PlaceMarginLabels(std::vector<Line> lines, std::vector<std::string>* reasons) {
  static const Regex alone("^§(\\h?)(\\d{1,3})(\\.?)$", Regex::kNone);
  struct Own {
    size_t line;
    int number;
    std::string form_space, form_dot;
  };
  std::vector<Own> own;
  for (size_t i = 0; i < lines.size(); ++i)
    if (auto m = alone.FullMatch(lines[i].text))
      own.push_back({i, DecimalValue(m->Group(2)), std::string(m->Group(1)), std::string(m->Group(3))});
  if (own.size() < 3) return lines;
  static const Regex reference_word(
      "(?:^|\\h)(?i:enligt|jämlikt|jemlikt|uti|i|under|af|av|se|och|samt|till|från|med|om)\\h*$", Regex::kNone);
  struct Placed {
    size_t line, at, len;
    std::string label;
  };
  std::vector<Placed> placed;
  for (size_t k = 0; k + 1 < own.size(); ++k) {
    const Own& a = own[k];
    const Own& b = own[k + 1];
    if (b.number != a.number + 2 || a.form_space != b.form_space || a.form_dot != b.form_dot || a.form_dot.empty()) continue;
    const std::string label = "§" + a.form_space + std::to_string(a.number + 1) + a.form_dot;
    std::optional<Placed> found;
    int seen = 0;
    for (size_t i = a.line + 1; i < b.line; ++i) {
      const std::string& t = lines[i].text;
      for (size_t at = t.find(label); at != std::string::npos; at = t.find(label, at + 1)) {
        const size_t end = at + label.size();
        if (at == 0 || t[at - 1] != ' ' || (end < t.size() && t[end] != ' ')) continue;
        ++seen;
        if (reference_word.Find(std::string_view(t).substr(0, at - 1)) || !StartsLower(std::string_view(t).substr(0, at)))
          continue;
        found = Placed{i, at, label.size(), label};
      }
    }
    if (seen == 1 && found) placed.push_back(*found);
  }
  // From the last, so that the earlier lines keep their places.
  for (auto it = placed.rbegin(); it != placed.rend(); ++it) {
    std::string& t = lines[it->line].text;
    std::string rest = t.substr(0, it->at - 1) + t.substr(it->at + it->len);
    // The next sentence: on this line after a full stop and a capital, or the next line when
    // this one ends a sentence and the next begins one.
    static const Regex sentence_start("[.!?]\\h+(?=\\p{Lu})", Regex::kNone);
    const int page = lines[it->line].page;
    const std::string said = it->label + " inside line " + std::to_string(it->line + 1) +
                             " set on a line of its own (a margin label between two labels alone)";
    if (auto m = sentence_start.Find(std::string_view(rest).substr(it->at > 1 ? it->at - 1 : 0))) {
      const size_t cut = (it->at > 1 ? it->at - 1 : 0) + m->End();
      std::string after = rest.substr(cut);
      rest.erase(cut);
      while (!rest.empty() && rest.back() == ' ') rest.pop_back();
      t = rest;
      lines.insert(lines.begin() + static_cast<long>(it->line) + 1, {Line{it->label, page}, Line{after, page}});
      reasons->push_back(said);
      continue;
    }
    size_t next = it->line + 1;
    while (next < lines.size() && lines[next].text.empty()) ++next;
    if (rest.empty() || rest.back() != '.' || next >= lines.size() || !StartsUpper(lines[next].text)) continue;
    t = rest;
    lines.insert(lines.begin() + static_cast<long>(next), Line{it->label, lines[next].page});
    reasons->push_back(said);
  }
  return lines;
}

}  // namespace

Segmented Segment(const std::vector<Line>& input, const SegmentOptions& options) {
  Segmented out;
  const std::vector<Line> lines = PlaceMarginLabels(Unflatten(input), &out.reasons);

  // The first non-empty line of each page: a bare number there that counts the pages is a page
  // number, not an item ("1 Sammanträdesprotokoll …", "2 …").
  std::vector<char> page_first(lines.size(), 0);
  {
    int page = 0;
    for (size_t i = 0; i < lines.size(); ++i)
      if (!lines[i].text.empty() && lines[i].page != page) {
        page = lines[i].page;
        page_first[i] = 1;
      }
  }
  auto page_number = [&](size_t i, const ParagraphHeader& h) {
    return page_first[i] && h.style != HeaderStyle::kSign && h.number == lines[i].page;
  };

  // (1) Candidates in every style.
  Family sign{{}, HeaderStyle::kSign, {}};
  std::map<std::string, Family> organ;  // by the organ prefix, upper-cased
  Family bare{{}, HeaderStyle::kBare, {}};
  // A bare number before a word in lower case at the start of a paragraph ("3 justeringsmän:
  // Alex Carlsson …"): no label by itself, one where the numbering around it confirms it.
  std::vector<Candidate> bare_lower;
  // The sign typed or converted as another glyph in a text that was not OCR'd ("$ 3. Mötet
  // stadgeenliga utlysande" between "§ 2." and "§ 5."): a reading the numbering must confirm.
  std::vector<Candidate> sign_misread;
  std::vector<Rejected> sentence_refs;  // § lines read as part of the sentence before
  std::string_view prev;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.empty()) continue;
    std::string_view before = prev;
    prev = t;
    const size_t pi = static_cast<size_t>(lines[i].page - 1);
    if (auto h = ParseParagraphHeader(t)) {
      // A paragraph break, then a label with a heading, is no sentence run on: the comma ended a
      // head's line ("… halvårsmöte söndag 20 augusti 2023 Org. Nr: 843000-9988," / "" / "§1
      // Mötets öppnande …").
      const bool after_break = i > 0 && lines[i - 1].text.empty() && StartsUpper(h->rest);
      if (EndsLikeContinuation(before, h->rest.empty()) && !after_break) {
        sentence_refs.push_back({i, lines[i].page, Clip(t), "inside a sentence (the line before leads on to it)"});
        continue;
      }
      double s = 1.0 + Support(lines, i, *h);
      sign.cands.push_back({i, std::move(*h), s});
      continue;
    }
    // A line that opens with the sign and a number and reads as no label is traced, never
    // dropped unseen ("§ 12, se ovan" is a reference; anything else review should show).
    static const Regex sign_first("^[\\[{(]?\\h*§\\h*[.:]?\\h*\\d", Regex::kNone);
    if (sign_first.LookingAt(t)) sentence_refs.push_back({i, lines[i].page, Clip(t), "opens with § and a number but reads as no label"});
    if (EndsLikeContinuation(before, false)) {
      // A Latin ordinal is a label whatever stands before it ("… i den ordning som följer:" /
      // "1o Uplästes Kyrke- och Fattig Cassa Räkningarne …").
      if (auto h = ParseBareHeader(t); h && IsOrdinalLabel(h->label)) {
        double s = 0.6 + Support(lines, i, *h);
        bare.cands.push_back({i, std::move(*h), s});
        continue;
      }
      // After a line left open (a comma, "till") a number is more likely the sentence's own; only
      // the numbering around it can confirm it as a label ("5." … "Karl Oskar Andersson," / "6." /
      // "Beslutade att …" / "7.").
      static const Regex number_first("^(\\d{1,3})\\.?(?:\\h+(\\p{L}.*))?$", Regex::kNone);
      if (auto m = number_first.FullMatch(t); m && lines[i].text.size() <= 400) {
        ParagraphHeader ph = BareLabel(m->Group(1), {}, m->Group(2));
        if (ph.number > 0) bare_lower.push_back({i, std::move(ph), 0.0});
      }
      continue;
    }
    if (pi < options.ocr_pages.size() && options.ocr_pages[pi]) {
      // OCR without "§": every reading is a candidate, a little weaker; the chain picks.
      for (ParagraphHeader& alt : MisreadParagraphHeaders(t)) {
        if (page_number(i, alt)) continue;
        double s = 0.7 + Support(lines, i, alt);
        sign.cands.push_back({i, std::move(alt), s});
      }
    } else if (StartsWithSignGlyph(t)) {
      // The reading looks at the line's head only: in a flattened text the label's line is the
      // whole item ("$1 M ötets öppnande Ordförande hälsade alla välkomna …"), and the rest is
      // the line's after it.
      const std::string_view head = LineHead(t);
      for (ParagraphHeader& alt : MisreadParagraphHeaders(head)) {
        if (head.size() < t.size() && head.size() >= alt.rest.size())
          alt.rest = std::string(Trim(std::string_view(t).substr(head.size() - alt.rest.size())));
        sign_misread.push_back({i, std::move(alt), 0.0});
      }
    }
    // A word that means "item" before the number ("Punkt 1.", "Par 3.", "# 5."): read with the
    // organ prefixes, its numbering must confirm it as theirs must.
    if (std::string word; auto wl = ParseWordLabel(t, &word)) {
      double s = 0.8 + Support(lines, i, *wl);
      auto [it, fresh] = organ.try_emplace(word, Family{{}, HeaderStyle::kOrgan, {}});
      it->second.cands.push_back({i, std::move(*wl), s});
    } else if (auto h = ParseSignlessHeader(t)) {
      double s = 0.8 + Support(lines, i, *h);
      std::string key = Upper(h->organ);
      auto [it, fresh] = organ.try_emplace(key, Family{{}, HeaderStyle::kOrgan, {}});
      it->second.cands.push_back({i, std::move(*h), s});
    }
    // A number before a sentence that heads a meeting ("4/97 1 Protokoll från beslutsgruppsmöte
    // den 3 oktober 1997"): the page's number, and the meeting's head, not an item.
    auto names_a_meeting = [&](const std::string& rest) {
      const std::vector<Line> one{{rest, lines[i].page}};
      return !rest.empty() && ParseMeetingHead(one, 0).has_value();
    };
    if (auto h = ParseBareHeader(t); h && !page_number(i, *h) && !names_a_meeting(h->rest)) {
      double s = 0.6 + Support(lines, i, *h);
      bare.cands.push_back({i, std::move(*h), s});
    } else if (static const Regex lower_rest("^(\\d{1,3})([a-h])?\\.?\\h+(\\p{Ll}\\p{L}+(?:\\h|:|$)|\\d{1,3}\\h+\\p{Ll}|[”\"“„'’(]\\p{L}).*$", Regex::kNone);
               lower_rest.FullMatch(t)) {
      static const Regex measure(
          "^\\d{1,3}\\.?\\h+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
          "december|kr|kronor|st|stycken|procent|år|tkr|mkr|mnkr|jan|feb|apr|aug|sep|sept|okt|nov|dec|öre|"
          "timmar|tim|min|minuter|dagar|veckor|månader|personer|pers|ggr|gånger|och|eller|till|av|à|á|a)\\b",
          Regex::kNone);
      if (!measure.LookingAt(t)) {
        auto m = lower_rest.FullMatch(t);
        ParagraphHeader ph = BareLabel(m->Group(1), m->Group(2), std::string_view(t).substr(m->Begin(3)));
        if (ph.number > 0) bare_lower.push_back({i, std::move(ph), 0.0});
      }
    } else if (t.size() <= 4 && std::isdigit(static_cast<unsigned char>(t[0]))) {
      // A number alone on its line with the item's text under it ("1" / "Erik hälsar välkomna
      // och förklarar mötet öppnat."): the bare number's label, as "§ 3." alone is the sign's.
      // Not a page's own number (first or last on its page), not one under a sentence left open.
      static const Regex alone("^(\\d{1,3})\\.?$", Regex::kNone);
      size_t j = i + 1;
      while (j < lines.size() && lines[j].text.empty()) ++j;
      const bool last_on_page = j >= lines.size() || lines[j].page != lines[i].page;
      if (auto m = alone.FullMatch(t); m && !lines[i].page_number && !last_on_page && !page_first[i] && StartsUpper(lines[j].text) &&
                                       !ParseBareHeader(lines[j].text) && lines[j].text.size() > 3 &&
                                       lines[j].text.size() <= 240 && !LooksLikeFurniture(lines[j].text)) {
        ParagraphHeader ph = BareLabel(m->Group(1), {}, {});
        if (ph.number > 0) {
          double s = 0.6 + Support(lines, i, ph);
          bare.cands.push_back({i, std::move(ph), s});
        }
      }
    }
  }
  // "KS § 145 / Sammanträdesdagar 2004 / AU § 106": under an item's label, within its head, a
  // label of another organ names the paragraph of the body that prepared the matter.
  {
    std::vector<Candidate> kept;
    for (Candidate& cd : sign.cands) {
      if (!kept.empty() && !cd.header.organ.empty() && !kept.back().header.organ.empty() &&
          Upper(cd.header.organ) != Upper(kept.back().header.organ) && cd.header.style == HeaderStyle::kSign) {
        size_t text_lines = 0, chars = 0;
        for (size_t i = kept.back().line + 1; i < cd.line; ++i)
          if (!lines[i].text.empty()) ++text_lines, chars += lines[i].text.size();
        if (text_lines <= 2 && chars <= 160) {
          sentence_refs.push_back({cd.line, lines[cd.line].page, Clip(lines[cd.line].text),
                                   "the preparing body's paragraph under the item's label"});
          continue;
        }
      }
      kept.push_back(std::move(cd));
    }
    sign.cands = std::move(kept);
  }
  // A text with no "§" at all whose labels all carry the sign typed as another glyph ("$1 M ötets
  // öppnande …", "$2 F ö regående protokoll …", "$3 Kassarapport …": a scan's OCR exported as
  // text): the glyph is its sign, and its numbering is read as the sign's is.
  if (sign.cands.empty() && sign_misread.size() >= 2) {
    for (Candidate& cd : sign_misread) {
      cd.strength = 0.8 + Support(lines, cd.line, cd.header);
      sign.cands.push_back(std::move(cd));
    }
    sign_misread.clear();
  }
  const std::vector<Boundary> heads = FindBoundaries(lines, options);
  // The heads on lines [from, to).
  auto heads_between = [&](size_t from, size_t to) {
    std::vector<const Boundary*> r;
    for (const Boundary& b : heads)
      if (b.line >= from && b.line < to) r.push_back(&b);
    return r;
  };
  std::vector<size_t> barriers;
  for (const Boundary& b : heads)
    if (b.kind == "heading sentence" || b.kind == "closing block") barriers.push_back(b.line);
  // Lists (contents, agenda) are taken out of every family before any numbering is read.
  TakeOutLists(lines, barriers, sign);
  for (auto& [key, f] : organ) TakeOutLists(lines, barriers, f);
  TakeOutLists(lines, barriers, bare);
  TakeOutInnerLists(lines, barriers, bare);

  // (2) One style for the document: the family whose best chain explains it best.
  std::vector<size_t> boundaries;
  for (const Boundary& b : heads) boundaries.push_back(b.line);
  // The sign is the strongest evidence a protocol gives: a document whose items carry it is
  // read in that style even when a numbered list in it forms a longer chain; the organ prefix
  // comes next, a bare number last (numbered lists inside items look just like it).
  struct Reading {
    const Family* family = nullptr;
    std::vector<size_t> chain;
    double score = 0;
  };
  auto read_family = [&](const Family& f) {
    Reading r{&f, {}, 0};
    r.chain = BestChain(f.cands, boundaries, &r.score);
    return r;
  };
  Reading by_sign = read_family(sign);
  Reading by_organ;
  for (const auto& [key, f] : organ) {
    Reading r = read_family(f);
    // An organ prefix that is no known abbreviation needs its numbering to confirm it, unless
    // meeting software's label form says so ("30, KST :00 FÖREDRAGNINGSLISTAN").
    const bool software_label = !r.chain.empty() && f.cands[r.chain.front()].header.label.find(", ") != std::string::npos;
    // A word that means "item" ("Nr 1", "Punkt 1") with a body and a Dnr under it is a label alone,
    // as "§ 1" is.
    // The sign's own name ("Paragraf 1.", "Par. 3") is the sign spelled out: a body under it is
    // enough, as it is for "§ 1".
    const bool sign_word = key == "#PARAGRAF" || key == "#PAR";
    const bool item_word = !key.empty() && key[0] == '#' && key.size() > 1 && r.score >= (sign_word ? 1.0 : 1.2);
    if (!IsKnownOrganAbbreviation(key) && r.chain.size() < 2 && !software_label && !item_word) continue;
    if (r.score > by_organ.score) by_organ = std::move(r);
  }
  Reading by_bare = read_family(bare);
  // Another style's chain that lies wholly inside the text after a § label is a numbered list
  // in that item ("1. Petra Elf förordnas …", "2. …").
  // A chain of another style whose entries have no bodies is a list (an agenda without its
  // items' numbers again): it does not outweigh the sign either.
  auto after_sign = [&](const Reading& r) {
    if (by_sign.chain.empty() || r.chain.empty()) return true;
    size_t with_body = 0;
    for (size_t k : r.chain) with_body += !r.family->cands[k].bodiless;
    return with_body < 3 || r.family->cands[r.chain.front()].line > sign.cands[by_sign.chain.front()].line;
  };
  const Reading* pick = nullptr;
  if (!by_sign.chain.empty() &&
      (by_sign.chain.size() >= 2 || ((by_organ.chain.size() < 3 || after_sign(by_organ)) &&
                                     (by_bare.chain.size() < 3 || after_sign(by_bare)))))
    pick = &by_sign;
  else if (!by_organ.chain.empty() && by_organ.score >= 0.5 * by_bare.score)
    pick = &by_organ;
  else if (!by_bare.chain.empty())
    pick = &by_bare;
  else if (!by_sign.chain.empty())
    pick = &by_sign;
  const Family* chosen = pick ? pick->family : nullptr;
  std::vector<size_t> chain = pick ? pick->chain : std::vector<size_t>{};
  // No style reads a chain, but bare numbers count 1, 2, 3 … through the text, one short item a
  // line ("1. Ordförande förklarade mötet öppnat." / "2. Mötet ansågs laga kallat." / "3. …"):
  // a numbering that nothing announces as a list and nothing repeats is the items.
  if (!chosen || chain.empty()) {
    std::vector<Candidate> all = bare.cands;
    all.insert(all.end(), bare_lower.begin(), bare_lower.end());
    std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) { return a.line < b.line; });
    std::vector<size_t> run;
    for (size_t q = 0; q < all.size(); ++q) {
      if (run.empty()) {
        if (all[q].header.number == 1 && (all[q].header.suffix.empty() || all[q].header.suffix == "a")) run.push_back(q);
        continue;
      }
      if (DirectlyPrecedes(all[run.back()].header, all[q].header)) run.push_back(q);
    }
    if (run.size() >= 3 && run.size() * 10 >= all.size() * 8) {
      // The run's first label that is a bare label of its own; the rest is confirmed by the
      // numbering below.
      for (size_t q = 0; q < run.size() && chain.empty(); ++q)
        for (size_t k = 0; k < bare.cands.size() && chain.empty(); ++k)
          if (bare.cands[k].line == all[run[q]].line) {
            chosen = &bare;
            chain = {k};
          }
    }
  }
  // The chosen style's candidates, and for bare numbers those before a word in lower case, in
  // the order of the text: the numbering may confirm them below.
  std::vector<Candidate> cands;
  if (chosen) {
    std::set<std::pair<size_t, int>> in_chain;  // (a bound volume holds thousands of items)
    for (size_t k : chain) in_chain.insert({chosen->cands[k].line, chosen->cands[k].header.Key()});
    cands = chosen->cands;
    if (chosen == &bare) cands.insert(cands.end(), bare_lower.begin(), bare_lower.end());
    if (chosen == &sign) cands.insert(cands.end(), sign_misread.begin(), sign_misread.end());
    std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) { return a.line < b.line; });
    chain.clear();
    for (size_t k = 0; k < cands.size(); ++k)
      if (in_chain.count({cands[k].line, cands[k].header.Key()}))
        chain.push_back(k);
  }
  // Conservation within the numbering: a label of the chosen style that lies between two items
  // and carries exactly the numbers missing between them is an item, however little text stands
  // under it ("2 Fastställande av dagordning att fastställa dagordningen" between § 1 and § 3).
  if (chosen && chain.size() >= 2) {
    const std::vector<Candidate>& cs = cands;
    std::vector<size_t> filled;
    for (size_t t = 0; t < chain.size(); ++t) {
      filled.push_back(chain[t]);
      if (t + 1 == chain.size()) break;
      const Candidate& a = cs[chain[t]];
      const Candidate& b = cs[chain[t + 1]];
      // (Also where a counts straight on to b, the fuller count wins: "1." "2." "2a." — the "2."
      // that the chain stepped over is an item.)
      if (b.header.number - a.header.number_end > 4 || b.header.Key() <= a.header.KeyEnd()) continue;
      std::vector<size_t> fill;
      const ParagraphHeader* last = &a.header;
      for (size_t q = chain[t] + 1; q < chain[t + 1]; ++q)
        if (cs[q].line > a.line && cs[q].line < b.line && DirectlyPrecedes(*last, cs[q].header)) {
          fill.push_back(q);
          last = &cs[q].header;
        }
      if (DirectlyPrecedes(*last, b.header)) filled.insert(filled.end(), fill.begin(), fill.end());
    }
    chain = std::move(filled);
  }
  // The numbering runs on into the first item read: the labels just before it that count up to
  // it one by one ("1 Ordförande förklarar mötet öppnat" … "6 Beslutas att godkänna
  // dagordningen", then "7 Upprop …" with a body) are items too, however short. (A list that
  // repeats the items' numbers was taken out above; it does not count up to them.)
  // (And so into the first item of every later meeting: a head or a drop in the numbering
  // between two items read starts one, and its labels before the first read count up to it.)
  if (chosen && !chain.empty()) {
    const std::vector<Candidate>& cs = cands;
    std::vector<size_t> out_chain;
    for (size_t t = 0; t < chain.size(); ++t) {
      const size_t floor_line = t == 0 ? 0 : cs[chain[t - 1]].line + 1;
      bool starts_meeting = t == 0 || cs[chain[t]].header.Key() <= cs[chain[t - 1]].header.KeyEnd();
      if (t > 0)
        for (const Boundary* b : heads_between(cs[chain[t - 1]].line + 1, cs[chain[t]].line))
          starts_meeting |= b->kind != "closing block";
      std::vector<size_t> before;
      const ParagraphHeader* next = &cs[chain[t]].header;
      size_t last_line = cs[chain[t]].line;
      for (size_t q = chain[t]; starts_meeting && q-- > 0 && next->number >= 1;) {
        if (cs[q].line >= last_line) continue;
        if (cs[q].line < floor_line) break;
        if (!DirectlyPrecedes(cs[q].header, *next) || !heads_between(cs[q].line + 1, last_line).empty()) break;
        before.push_back(q);
        last_line = cs[q].line;
        next = &cs[q].header;
      }
      // One label alone before it is taken when it is 1, or when it has the form of the items
      // read, a heading and a body of its own ("54 Godkännande av dagordning" / "Föreslagen
      // dagordning godkändes." before "55 Val av sekreterare").
      auto has_body = [&](size_t label_line, size_t next_line) {
        for (size_t k = label_line + 1; k < next_line && k < lines.size(); ++k)
          if (!lines[k].text.empty()) return true;
        return false;
      };
      const bool one_like_them = before.size() == 1 && has_body(cs[before[0]].line, cs[chain[t]].line) &&
                                 StartsUpper(cs[before[0]].header.rest) && cs[before[0]].header.rest.size() >= 4 &&
                                 cs[before[0]].header.rest.size() <= 120 &&
                                 cs[before[0]].header.style == cs[chain[t]].header.style;
      if (before.size() >= 2 || (before.size() == 1 && (next->number == 1 || one_like_them)))
        out_chain.insert(out_chain.end(), before.rbegin(), before.rend());
      out_chain.push_back(chain[t]);
    }
    chain = std::move(out_chain);
  }
  // And on after the last item read: the labels that follow it and count on from it one by one,
  // with no closing block or meeting head between, are items too, however short ("4 Revisorer
  // Oscar Eriksson …", "5 Som representant … utsågs …", "6 Årsavgiften fastställdes till 4 kr.").
  if (chosen && !chain.empty()) {
    const std::vector<Candidate>& cs = cands;
    const ParagraphHeader* prev_h = &cs[chain.back()].header;
    size_t last_line = cs[chain.back()].line;
    for (size_t q = chain.back() + 1; q < cs.size(); ++q) {
      if (cs[q].line <= last_line) continue;
      if (!DirectlyPrecedes(*prev_h, cs[q].header) || !heads_between(last_line + 1, cs[q].line + 1).empty()) break;
      chain.push_back(q);
      last_line = cs[q].line;
      prev_h = &cs[q].header;
    }
  }

  // Conservation against the order: a label with the sign in a paragraph of its own, its text
  // beginning a sentence, whose number no item has and which lies inside the items' numbering,
  // is an item though it stands out of order — the meeting came back to it ("§ 6. Sekreteraren
  // föredrog …" / "§ 5. Eftersom mötet glömt bort att kontrollera …" / "§ 7. …").
  if (chosen == &sign && chain.size() >= 3) {
    std::set<int> keys;
    std::set<size_t> in_chain(chain.begin(), chain.end());
    int lo = cands[chain.front()].header.number, hi = lo;
    for (size_t k : chain) {
      keys.insert(cands[k].header.Key());
      lo = std::min(lo, cands[k].header.number);
      hi = std::max(hi, cands[k].header.number_end);
    }
    std::vector<size_t> add;
    for (size_t q = 0; q < cands.size(); ++q) {
      const Candidate& c = cands[q];
      if (in_chain.count(q) || c.header.style != HeaderStyle::kSign || keys.count(c.header.Key())) continue;
      if (c.line > 0 && !lines[c.line - 1].text.empty()) continue;
      if (c.header.number > lo && c.header.number < hi) {
        if (c.header.rest.size() < 20 || !StartsUpper(c.header.rest)) continue;
      } else {
        // Before the first item, a label alone on its line with the record under it is the
        // first item though its number does not lead on to the next (a figure lost: "{§:46}" /
        // "Upplästes utdrag af protokollet …" before "§:147").
        const size_t first_line = cands[chain.front()].line;
        if (c.line >= first_line || !c.header.rest.empty() || c.line + 1 >= lines.size() ||
            lines[c.line + 1].text.empty() || !StartsUpper(lines[c.line + 1].text) || first_line - c.line < 3)
          continue;
        bool other_sign_before = false;
        for (size_t k = 0; k < cands.size(); ++k)
          other_sign_before |= k != q && cands[k].line < first_line && cands[k].header.style == HeaderStyle::kSign;
        if (other_sign_before) continue;
      }
      add.push_back(q);
      keys.insert(c.header.Key());
    }
    if (!add.empty()) {
      chain.insert(chain.end(), add.begin(), add.end());
      std::sort(chain.begin(), chain.end(), [&](size_t a, size_t b) { return cands[a].line < cands[b].line; });
    }
  }

  // Digits lost to OCR: between two items whose numbers leave out exactly one ("SN § 101" …
  // "SN § 103"), a label with its sign and its organ on an OCR'd page, a heading after it, whose
  // digits are that number's with some lost ("SN § 1 Riktlinjer för …" for 102) or one misread,
  // is that item — when it is the only one there.
  if (chosen == &sign && chain.size() >= 2) {
    std::set<size_t> in_chain(chain.begin(), chain.end());
    auto lost_or_misread = [](const std::string& got, const std::string& want) {
      if (got == want) return false;
      if (got.size() < want.size()) {
        size_t j = 0;
        for (size_t k = 0; k < want.size() && j < got.size(); ++k) j += want[k] == got[j];
        return j == got.size();
      }
      if (got.size() != want.size()) return false;
      int differ = 0;
      for (size_t k = 0; k < got.size(); ++k) differ += got[k] != want[k];
      return differ == 1;
    };
    std::vector<size_t> add;
    for (size_t s = 0; s + 1 < chain.size(); ++s) {
      const Candidate& a = cands[chain[s]];
      const Candidate& b = cands[chain[s + 1]];
      if (b.header.number != a.header.number_end + 2 || !a.header.suffix.empty() || !b.header.suffix.empty()) continue;
      const int want = a.header.number_end + 1;
      std::optional<size_t> hit;
      int hits = 0;
      // (The candidates are in the order of the text: only those between the two are looked at.)
      const size_t from = static_cast<size_t>(
          std::partition_point(cands.begin(), cands.end(), [&](const Candidate& c) { return c.line <= a.line; }) - cands.begin());
      for (size_t q = from; q < cands.size() && cands[q].line < b.line; ++q) {
        const Candidate& c = cands[q];
        if (in_chain.count(q) || c.header.style != HeaderStyle::kSign) continue;
        const size_t pi = static_cast<size_t>(lines[c.line].page - 1);
        if (pi >= options.ocr_pages.size() || !options.ocr_pages[pi]) continue;
        if (Upper(c.header.organ) != Upper(a.header.organ) || c.header.number != c.header.number_end) continue;
        if (c.header.rest.empty() || !StartsUpper(c.header.rest)) continue;
        if (!lost_or_misread(std::to_string(c.header.number), std::to_string(want))) continue;
        ++hits;
        hit = q;
      }
      if (hits != 1) continue;
      Candidate& c = cands[*hit];
      out.reasons.push_back("§ " + std::to_string(c.header.number) + " at line " + std::to_string(c.line + 1) +
                            " read as § " + std::to_string(want) + " (digits lost to OCR between § " +
                            std::to_string(a.header.number_end) + " and § " + std::to_string(b.header.number) + ")");
      c.header.number = c.header.number_end = want;
      add.push_back(*hit);
    }
    if (!add.empty()) {
      chain.insert(chain.end(), add.begin(), add.end());
      std::sort(chain.begin(), chain.end(), [&](size_t x, size_t y) { return cands[x].line < cands[y].line; });
    }
  }

  // The trace: every § line not taken, and every candidate of the chosen style not taken.
  auto trace = [&]() {
    std::vector<Rejected> r = sentence_refs;
    r.insert(r.end(), sign.listed.begin(), sign.listed.end());
    if (chosen && chosen != &sign) r.insert(r.end(), chosen->listed.begin(), chosen->listed.end());
    std::set<size_t> taken;
    if (chosen)
      for (size_t k : chain) taken.insert(cands[k].line);
    auto not_taken = [&](const Family& f) {
      std::set<size_t> said;
      for (const Candidate& cd : f.cands) {
        if (taken.count(cd.line) || said.count(cd.line)) continue;
        // Only labels with the sign are traced from the other families (OCR readings are
        // guesses; bare numbers are numbered lists as often as items).
        if (&f == &sign && cd.header.style != HeaderStyle::kSign && &f != chosen) continue;
        said.insert(cd.line);
        std::string why = "not in the item numbering";
        if (chosen)
          for (size_t k : chain) {
            const Candidate& in = cands[k];
            if (in.header.Key() == cd.header.Key() && in.line != cd.line) {
              why = "repeats the number of the item at line " + std::to_string(in.line + 1);
              break;
            }
          }
        r.push_back({cd.line, lines[cd.line].page, Clip(lines[cd.line].text), why});
      }
    };
    not_taken(sign);
    if (chosen && chosen != &sign) not_taken(*chosen);
    std::sort(r.begin(), r.end(), [](const Rejected& a, const Rejected& b) { return a.line < b.line; });
    return r;
  };

  if (!chosen || chain.empty()) {
    out.preamble = lines;
    out.reasons.push_back("no § header in any style");
    out.rejected = trace();
    return out;
  }
  out.style = chosen->style;
  if (chosen->style == HeaderStyle::kSign) {
    for (size_t k : chain)
      if (cands[k].header.style == HeaderStyle::kMisread) out.style = HeaderStyle::kMisread;
  }
  out.reasons.push_back(std::string("header style: ") + HeaderStyleName(chosen->style) + ", " +
                        std::to_string(chain.size()) + " items");
  out.rejected = trace();

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
    // A heading in capitals standing alone just above the label is the item's title printed
    // before it ("KONSTATERA LAGLIGHET OCH BESLUTFÖRHET" / "Kst 25 Konstatera …").
    if (k == j && j > floor && IsCapitalsHeading(lines[j - 1].text) &&
        (j - 1 == floor || lines[j - 2].text.empty() || lines[j - 2].page != lines[j - 1].page ||
         lines[j - 2].text.find_first_not_of("0123456789 ") == std::string::npos))
      cut[s] = j - 1;
  }
  // The heads between two items (or before the first): a closing block ends the item before
  // it; a front page, a heading sentence or a page header's new date starts a meeting; numbering
  // that drops back starts one too, as a weaker hint, when no head is found.
  // The closing block at the end of item s: its first line after the item's header and at least
  // one line of body.
  auto closing_in = [&](size_t s, size_t end) -> size_t {
    for (const Boundary* b : heads_between(starts[s] + 2, end))
      if (b->kind == "closing block") {
        bool body = false;
        for (size_t i = starts[s] + 1; i < b->line; ++i) body |= !lines[i].text.empty();
        if (body) return b->line;
      }
    return SIZE_MAX;
  };
  std::vector<size_t> item_end(starts.size());
  std::vector<const Boundary*> meeting_head(starts.size(), nullptr);
  std::vector<size_t> meeting_start(starts.size(), SIZE_MAX);  // preamble start per new meeting
  for (size_t s = 0; s + 1 < starts.size(); ++s) item_end[s] = cut[s + 1];
  item_end.back() = lines.size();
  for (size_t s = 0; s < starts.size(); ++s) {
    const size_t next = s + 1 < starts.size() ? cut[s + 1] : lines.size();
    // A head of a new meeting between this item and the next: the last one wins (a closing
    // block, then the next meeting's front page or heading sentence).
    const Boundary* head = nullptr;
    for (const Boundary* b : heads_between(starts[s] + 1, next))
      if (b->kind != "closing block") head = b;
    const size_t closing = closing_in(s, head ? head->line : next);
    if (closing != SIZE_MAX) {
      item_end[s] = closing;
      out.reasons.push_back("closing block from line " + std::to_string(closing + 1) + " ends " +
                            cands[chain[s]].header.label);
    }
    if (s + 1 >= starts.size()) break;
    const bool drop = cands[chain[s + 1]].header.Key() <= cands[chain[s]].header.KeyEnd();
    if (!head && !drop) continue;
    size_t b;
    std::string kind;
    if (head) {
      b = head->line;
      kind = head->kind;
      if (kind == "front page") {
        size_t page_first_line = b;
        while (page_first_line > starts[s] + 1 && lines[page_first_line - 1].page == lines[b].page) --page_first_line;
        if (lines[page_first_line].page == lines[b].page && lines[starts[s]].page != lines[b].page) {
          b = page_first_line;  // a front page opens its page
        } else {
          // A dateline or a heading in capitals just above the first marker belongs to the
          // front page ("{den 12 Januari 1891}", "KOMMUNSTYRELSEN"); at most two lines.
          for (int k = 0; k < 2 && b > starts[s] + 1; ++k) {
            const std::string& up = lines[b - 1].text;
            if (up.empty() || up.size() >= 80 || !(IsDateLine(up) || Upper(up) == up)) break;
            --b;
          }
        }
      }
    } else {
      b = closing != SIZE_MAX ? closing : cut[s + 1];
      kind = "numbering restarts";
    }
    item_end[s] = std::min(item_end[s], b);
    meeting_start[s + 1] = b;
    meeting_head[s + 1] = head;
    out.reasons.push_back("meeting " + std::to_string(std::count_if(meeting_start.begin(), meeting_start.end(),
                                                                    [](size_t v) { return v != SIZE_MAX; }) + 1) +
                          " from line " + std::to_string(b + 1) + " (" + kind + ")");
  }

  // The signatures after a meeting's last item, with no "Justeras" or "Som ofvan" before them:
  // a caption ("Sekr.", "Vid protokollet", "Ordförande") or the place and date ("Sjötorp
  // 2023-03-30"), then names (and the dots to sign on) to the meeting's end.
  for (size_t s = 0; s < starts.size(); ++s) {
    if (s + 1 < starts.size() && meeting_start[s + 1] == SIZE_MAX) continue;
    const size_t tail = SignatureTail(lines, starts[s] + 1, item_end[s]);
    if (tail != SIZE_MAX) {
      item_end[s] = tail;
      out.reasons.push_back("signatures from line " + std::to_string(tail + 1) + " end " + cands[chain[s]].header.label);
    }
  }

  out.preamble.assign(lines.begin(), lines.begin() + static_cast<long>(cut[0]));
  while (!out.preamble.empty() && out.preamble.back().text.empty()) out.preamble.pop_back();
  {
    Meeting first;
    first.preamble = out.preamble;
    first.first_page = lines.empty() ? 1 : lines[cut[0]].page;
    if (!out.preamble.empty()) first.first_page = out.preamble.front().page;
    // The first meeting's own head: the last heading sentence before its first item.
    for (const Boundary* b : heads_between(0, cut[0]))
      if (b->kind == "heading sentence" && !b->date.empty()) {
        first.head_date = b->date;
        first.head_date_page = b->date_page;
      }
    out.meetings.push_back(std::move(first));
  }
  for (size_t s = 0; s < chain.size(); ++s) {
    if (s > 0 && meeting_start[s] != SIZE_MAX) {
      Meeting m;
      m.preamble.assign(lines.begin() + static_cast<long>(meeting_start[s]),
                        lines.begin() + static_cast<long>(cut[s]));
      while (!m.preamble.empty() && m.preamble.back().text.empty()) m.preamble.pop_back();
      m.first_item = out.items.size();
      m.first_page = lines[meeting_start[s] < lines.size() ? meeting_start[s] : cut[s]].page;
      if (const Boundary* h = meeting_head[s]) {
        m.head_date = h->date;
        m.head_date_page = h->date_page;
      }
      out.meetings.push_back(std::move(m));
    }
    Item item;
    item.header = cands[chain[s]].header;
    item.meeting = static_cast<int>(out.meetings.size()) - 1;
    size_t b = cut[s];
    size_t e = std::max(item_end[s], starts[s] + 1);
    item.lines.assign(lines.begin() + static_cast<long>(b), lines.begin() + static_cast<long>(e));
    while (!item.lines.empty() && item.lines.back().text.empty()) item.lines.pop_back();
    item.header_line = starts[s] - b;
    FindSections(item);
    out.meetings.back().last_page = item.lines.empty() ? lines[b].page : item.lines.back().page;
    out.items.push_back(std::move(item));
  }
  // Text that belongs to no item: not in a meeting's head (before its first item), not in an
  // item, not in a closing block.
  {
    std::vector<char> covered(lines.size(), 0);
    for (size_t k = 0; k < cut[0]; ++k) covered[k] = 1;
    for (size_t s2 = 0; s2 < starts.size(); ++s2) {
      for (size_t k = cut[s2]; k < std::max(item_end[s2], starts[s2] + 1) && k < lines.size(); ++k) covered[k] = 1;
      if (meeting_start[s2] != SIZE_MAX)
        for (size_t k = meeting_start[s2]; k < cut[s2]; ++k) covered[k] = 1;
    }
    for (const Boundary& b : heads)
      if (b.kind == "closing block")
        for (size_t k = b.line; k < lines.size() && !lines[k].text.empty() && k < b.line + 12; ++k) covered[k] = 1;
    for (size_t k = 0; k < lines.size(); ++k) {
      out.text_bytes += lines[k].text.size();
      if (!covered[k]) out.unassigned_bytes += lines[k].text.size();
    }
  }
  const bool narrative = std::none_of(out.items.begin(), out.items.end(),
                                      [](const Item& it) { return !it.sections.empty(); });
  for (Item& it : out.items) it.narrative = narrative;
  return out;
}

}  // namespace protokoll::extractors
