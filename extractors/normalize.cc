#include "extractors/normalize.h"

#include <cstring>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "extractors/diarienummer.h"
#include "extractors/regex.h"
#include "extractors/segment.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

constexpr char kSoftHyphenMark[] = "\xC2\xAD";  // U+00AD
// Lines this close to a page's top or bottom may be headers or footers.
constexpr int kTopZone = 6;
constexpr int kBottomZone = 4;

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, err);
  if (!err) out.append(buf, n);
}

// Character clean-up of NFC text; keeps '\n'.
std::string CleanChars(std::string_view nfc) {
  std::string out;
  out.reserve(nfc.size());
  const auto* p = reinterpret_cast<const uint8_t*>(nfc.data());
  const int32_t n = static_cast<int32_t>(nfc.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    switch (c) {
      case '\n':
        out.push_back('\n');
        continue;
      case '\r':  // CR LF or a lone CR both end a line
        if (i < n && p[i] == '\n') continue;
        out.push_back('\n');
        continue;
      case '\f':
        out.push_back('\n');
        continue;
      case '\t': case 0x00A0: case 0x1680: case 0x2007: case 0x2009: case 0x202F:
      case 0x205F: case 0x3000: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
      case 0x2004: case 0x2005: case 0x2006: case 0x2008: case 0x200A:
        out.push_back(' ');
        continue;
      case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        continue;
      // Bidirectional controls (marks, embeddings, overrides, isolates): Swedish minutes need
      // none, and an override ("\u202E") would show the text reversed on every page.
      case 0x200E: case 0x200F: case 0x061C: case 0x202A: case 0x202B: case 0x202C: case 0x202D:
      case 0x202E: case 0x2066: case 0x2067: case 0x2068: case 0x2069:
        continue;
      case 0x2010: case 0x2011: case 0x2212:
        out.push_back('-');
        continue;
      case 0x2028: case 0x2029:
        out.push_back('\n');
        continue;
      case 0xFB00: out += "ff"; continue;
      case 0xFB01: out += "fi"; continue;
      case 0xFB02: out += "fl"; continue;
      case 0xFB03: out += "ffi"; continue;
      case 0xFB04: out += "ffl"; continue;
      case 0xFB05: case 0xFB06: out += "st"; continue;
      default:
        break;
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) continue;  // control characters, NUL included
    // Digits of other scripts ("２０１７" from a CJK font, "𝟐𝟎𝟏𝟕", "٢٠١٧") are read as the
    // ASCII digits every extractor, search and export expects.
    if (const int32_t d = c > 0x7F ? u_charDigitValue(c) : -1; d >= 0) {
      out.push_back(static_cast<char>('0' + d));
      continue;
    }
    AppendUtf8(out, c);
  }
  return out;
}

// Collapses spaces, trims, and turns soft hyphens into nothing, except one at the very end of
// the line, which stays as the join marker.
std::string CleanLine(std::string_view line) {
  std::string squashed = Squash(line);
  bool soft_end = false;
  std::string out;
  out.reserve(squashed.size());
  for (size_t i = 0; i < squashed.size();) {
    if (squashed.compare(i, 2, kSoftHyphenMark) == 0) {
      i += 2;
      if (std::string_view(squashed).substr(i).find_first_not_of(' ') == std::string_view::npos) {
        soft_end = true;
        break;
      }
      continue;
    }
    out.push_back(squashed[i++]);
  }
  std::string_view t = Trim(out);
  std::string result(t);
  if (soft_end && !result.empty()) result += kSoftHyphenMark;
  return result;
}

// A header line reduced to its shape: digits masked, case folded, so "Sida 3 (12)" on every
// page is one key.
std::string ShapeKey(std::string_view line) {
  std::string folded = Fold(line);
  std::string out;
  bool in_digits = false;
  for (char c : folded) {
    if (c >= '0' && c <= '9') {
      if (!in_digits) out.push_back('#');
      in_digits = true;
    } else {
      in_digits = false;
      out.push_back(c);
    }
  }
  return out;
}

const Regex& StrongFurniture() {
  static const Regex re(
      "^(?:(?:sida|sid\\.?|page)\\h*\\d+(?:\\h*(?:\\(|av|/|of)\\h*\\d+\\h*\\)?)?"
      "|justerandes?\\h*(?:sign|signatur|signaturer)\\b.*"
      "|justerares?\\h+sign.*"
      "|utdragsbestyrkande\\b.*"
      "|ordförandes\\h+sign.*)$");
  return re;
}

const Regex& ZoneFurniture() {
  static const Regex re(
      "^(?:\\d{1,4}"
      "|[-–]\\h*\\d{1,4}\\h*[-–]"
      "|\\d{1,4}\\h*\\(\\h*\\d{1,4}\\h*\\)"
      "|\\d{1,4}\\h*/\\h*\\d{1,4}"
      "|(?:sammanträdes)?protokoll(?:sutdrag)?"
      "|protokollsutdrag.*"
      "|sammanträdes(?:datum|dag)\\b.*"
      "|.*\\bsammanträdesdatum\\b.*"
      "|(?:19|20)\\d\\d-\\d\\d-\\d\\d"
      "|[\\p{L}- ]+(?:styrelsen|fullmäktige|nämnden|utskottet)\\h+\\d{4}-\\d{2}-\\d{2}"
      // a footer's label and page number on one line: "Justering Sida 1 (1)", "Justerare Blad 2"
      "|(?:\\p{L}+\\h){1,3}(?i:sida|sid\\.?|blad)\\h*\\d{1,4}(?:\\h*\\(\\h*\\d{1,4}\\h*\\)|\\h+(?i:av)\\h+\\d{1,4})?"
      ")$");
  return re;
}

}  // namespace

std::vector<Line> StripPageNumberPrefixes(std::vector<std::vector<std::string>>& page_lines) {
  // "3 3(45) 230 Närvarorätt …", "2 Kommunfullmäktige KF 170 …": the page's own number (once or
  // twice, with the page count) in front of its first line of text.
  static const Regex prefix("^(\\d{1,4})(?:\\h*\\(\\h*\\d{1,4}\\h*\\))?(?:\\h+(\\d{1,4})(?:\\h*\\(\\h*\\d{1,4}\\h*\\))?)?\\h+(?=\\S)",
                            Regex::kNone);
  std::vector<Line> removed;
  const int n = static_cast<int>(page_lines.size());
  if (n < 2) return removed;
  std::vector<size_t> len(static_cast<size_t>(n), 0);
  int with_text = 0, numbered = 0;
  for (int p = 0; p < n; ++p) {
    auto& ls = page_lines[static_cast<size_t>(p)];
    if (ls.empty()) continue;
    ++with_text;
    auto m = prefix.LookingAt(ls.front());
    if (!m || DecimalValue(m->Group(1)) != p + 1) continue;
    if (m->Has(2) && DecimalValue(m->Group(2)) != p + 1) {
      len[static_cast<size_t>(p)] = m->Begin(2);  // "3 230 Närvarorätt": only the page number
    } else {
      len[static_cast<size_t>(p)] = m->End();
    }
    ++numbered;
  }
  // Only when most pages do it: one page starting with its own number proves nothing.
  if (numbered < 2 || numbered * 10 < with_text * 6) return removed;
  for (int p = 0; p < n; ++p) {
    size_t l = len[static_cast<size_t>(p)];
    if (!l) continue;
    std::string& first = page_lines[static_cast<size_t>(p)].front();
    removed.push_back({std::string(Trim(std::string_view(first).substr(0, l))), p + 1});
    first = std::string(Trim(std::string_view(first).substr(l)));
  }
  return removed;
}

bool IsFurnitureLine(std::string_view line, bool in_margin_zone) {
  // A flattened page (a whole page on one line) is content, whatever words it holds.
  if (line.empty() || line.size() > kFlatLineBytes) return false;
  if (StrongFurniture().FullMatch(line)) return true;
  if (!in_margin_zone) return false;
  // "SAMMANTRÄDESPROTOKOLL" is matched in upper case only: the word in running text is a
  // reference to a protocol, not a header.
  static const Regex upper_header(".*SAMMANTRÄDESPROTOKOLL.*", Regex::kNone);
  if (upper_header.FullMatch(line)) return true;
  if (IsParagraphHeaderLine(line) || IsSectionHeading(line)) return false;
  // "Avesta kommun Sida 3", "Ljungby kommun Kommunstyrelsen 2017-03-07": the name and what a
  // running head carries (a page label, a date, the organ, the word protokoll), nothing else.
  // A page whose first line goes on into the text ("Avesta kommun sammanträdesprotokoll Sida 3
  // 36 Information Verksamhetsinformation …") is content.
  static const Regex municipality(
      "^(?:\\p{Lu}[\\p{L}-]*\\h){1,3}(?:kommun|KOMMUN|stad|Stad|STAD|Kommun)"
      "(?:(?=.*\\d)(?:\\h+(?:\\d[\\d./:()-]*|\\(\\d{1,4}\\)|(?i:sida|sid\\.?|blad|av|sammanträdesprotokoll|protokoll"
      "|protokollsutdrag|sammanträdesdatum|datum|och)|\\p{Lu}[\\p{L}-]*|\\p{L}*(?:styrelsen|nämnden|utskottet|fullmäktige"
      "|rådet|direktionen)))+)?$",
      Regex::kNone);
  return ZoneFurniture().FullMatch(line).has_value() || municipality.FullMatch(line).has_value();
}

std::vector<std::string> CleanPage(std::string_view raw) {
  std::string cleaned = CleanChars(Nfc(raw));
  std::vector<std::string> lines;
  size_t start = 0;
  bool last_blank = true;  // drop leading blank lines
  while (start <= cleaned.size()) {
    size_t nl = cleaned.find('\n', start);
    if (nl == std::string::npos) nl = cleaned.size();
    std::string line = CleanLine(std::string_view(cleaned).substr(start, nl - start));
    if (line.empty()) {
      if (!last_blank) lines.emplace_back();
      last_blank = true;
    } else {
      // A page's text run together by a converter: a rule of underscores or a footer word fused
      // to the label that follows ("_________KS § 11", "UtdragsbestyrkandeKs § 21") stands on
      // a line of its own.
      static const Regex fused(
          "^([_=.\\-]{4,}|(?i:utdragsbestyrkande|justerandes\\h+signatur|justerandes\\h+sign|justerarens\\h+signatur"
          "|ordförandes\\h+signatur|ordförandes\\h+sign))(?=\\p{Lu}|§)",
          Regex::kNone);
      if (auto m = fused.LookingAt(line); m && m->End() < line.size()) {
        lines.push_back(line.substr(0, m->End()));
        line = std::string(Trim(std::string_view(line).substr(m->End())));
      }
      lines.push_back(std::move(line));
      last_blank = false;
    }
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

void JoinHyphenation(std::vector<Line>& lines) {
  static const Regex connector(
      "^(?:och|eller|samt|resp\\.?|respektive|alternativt|liksom|men|som|till|and|or)\\b");
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string& cur = lines[i].text;
    bool soft = cur.size() >= 2 && cur.compare(cur.size() - 2, 2, kSoftHyphenMark) == 0;
    bool hard = !soft && cur.size() >= 2 && cur.back() == '-' && cur[cur.size() - 2] != ' ';
    if (!soft && !hard) continue;
    std::string& next = lines[i + 1].text;
    if (next.empty()) {
      if (soft) cur.resize(cur.size() - 2);
      continue;
    }
    size_t word_end = next.find(' ');
    std::string_view next_word = std::string_view(next).substr(0, word_end);
    std::string_view stem = std::string_view(cur).substr(0, cur.size() - (soft ? 2 : 1));
    size_t stem_start = stem.rfind(' ');
    std::string_view last_word = stem.substr(stem_start == std::string_view::npos ? 0 : stem_start + 1);
    bool keep_hyphen;
    if (soft) {
      keep_hyphen = false;
    } else {
      if (connector.LookingAt(next_word) || last_word.empty() || next_word.empty()) continue;
      if (!StartsLower(next_word) && !(next_word[0] >= '0' && next_word[0] <= '9')) continue;
      // An ordinary word broken at a syllable loses its hyphen; an abbreviation ("EU-"),
      // a single letter ("e-") or a number ("2017-") was a real hyphen.
      // "Stadsfull-" + "mäktige", "P.J.Petters-" + "son": a word with lower-case letters broken
      // at a syllable; "EU-" (capitals only) keeps its hyphen.
      bool plain_word = Upper(last_word) != last_word && Length(last_word) >= 2 &&
                        last_word.find_first_of("0123456789") == std::string_view::npos;
      keep_hyphen = !plain_word || !StartsLower(next_word);
    }
    std::string joined(stem);
    if (keep_hyphen) joined.push_back('-');
    joined.append(next_word);
    cur = std::move(joined);
    if (word_end == std::string::npos) {
      lines.erase(lines.begin() + static_cast<long>(i) + 1);
    } else {
      next.erase(0, word_end + 1);
    }
    --i;  // the joined line may end in another hyphen
  }
  for (Line& l : lines) {
    if (l.text.size() >= 2 && l.text.compare(l.text.size() - 2, 2, kSoftHyphenMark) == 0)
      l.text.resize(l.text.size() - 2);
  }
}

namespace {

// A transcription published as HTML and saved as text carries its formatting as tags ("§1.<br />",
// "<strong>Lofta</strong>"): where the text is full of them (three line-break tags or more), the
// formatting tags go (a <br> is a line break, "&amp;" is "&"). Any other "<…>" stays text: a
// protocol may quote markup, and a lone tag is no evidence of HTML.
// Nothing (the page as it is) for a page without such markup, the common case: no copy, and no
// regex scan of a page that holds no '<'.
std::optional<std::string> StripFormattingMarkup(const std::string& page) {
  if (page.find('<') == std::string::npos) return std::nullopt;
  static const Regex br("<br\\h*/?>", Regex::kIgnoreCase);
  if (br.FindAll(page).size() < 3) return std::nullopt;
  static const Regex tags("</?(?:br|p|strong|b|i|em|u|span|div|font|small|big|sup|sub)(?:\\h[^<>]{0,200})?\\h*/?>",
                          Regex::kIgnoreCase);
  std::string joined;
  size_t at = 0;
  for (const Match& m : tags.FindAll(page)) {
    joined.append(page, at, m.Begin() - at);
    const std::string_view tag = m.Group(0);
    // A <br> is a line break, unless the line ends right after it anyway.
    const bool is_br = tag.size() > 2 && (tag[1] == 'b' || tag[1] == 'B') && (tag[2] == 'r' || tag[2] == 'R');
    size_t next = m.End();
    while (next < page.size() && (page[next] == ' ' || page[next] == '\t')) ++next;
    if (is_br && next < page.size() && page[next] != '\n' && page[next] != '\r') joined += '\n';
    at = m.End();
  }
  joined.append(page, at, std::string::npos);
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&amp;", "&"}, {"&nbsp;", "\xC2\xA0"}, {"&quot;", "\""}, {"&#167;", "\xC2\xA7"}, {"&sect;", "\xC2\xA7"}};
  for (const auto& [e, r] : kEntities)
    for (size_t p = joined.find(e); p != std::string::npos; p = joined.find(e, p + std::strlen(r)))
      joined.replace(p, std::strlen(e), r);
  return joined;
}

}  // namespace

NormalizedText Normalize(const std::vector<std::string>& pages) {
  std::vector<std::vector<std::string>> page_lines;
  page_lines.reserve(pages.size());
  for (const std::string& p : pages) {
    const std::optional<std::string> stripped = StripFormattingMarkup(p);
    page_lines.push_back(CleanPage(stripped ? *stripped : p));
  }
  std::vector<Line> page_prefixes = StripPageNumberPrefixes(page_lines);

  // Lines that repeat at the same place from the top or bottom of most pages are headers or
  // footers, whatever they say.
  const int n_pages = static_cast<int>(pages.size());
  std::map<std::pair<int, std::string>, std::set<int>> seen;  // (position, shape) → pages
  // The numbers of each line of a shape: text that repeats with only one number changing (a
  // page number) is furniture; a Dnr or § line or a date that differs otherwise is content.
  std::map<std::pair<int, std::string>, std::vector<std::pair<int, std::vector<std::string>>>> numbers;
  auto digit_runs = [](const std::string& l) {
    std::vector<std::string> runs;
    for (size_t k = 0; k < l.size();) {
      if (l[k] < '0' || l[k] > '9') {
        ++k;
        continue;
      }
      size_t e = k;
      while (e < l.size() && l[e] >= '0' && l[e] <= '9') ++e;
      runs.push_back(l.substr(k, e - k));
      k = e;
    }
    return runs;
  };
  // Only a page number may change: one number, and it moves with the page (the page index
  // plus a constant: "Sida 3", "Sida 4" … or a volume's "155", "156" …). A serial that changes
  // from page to page ("Dnr SLK-2024-00062", "-00074") is content.
  auto only_page_number_changes = [&](const std::vector<std::pair<int, std::vector<std::string>>>& all) {
    if (all.empty()) return true;
    const auto& first = all.front().second;
    int varying = 0;
    for (size_t r = 0; r < first.size(); ++r) {
      bool same = true, with_page = true;
      for (const auto& [page, v] : all) {
        if (v.size() != first.size()) return false;
        same &= v[r] == first[r];
        // A page number has at most six digits; a longer run is never one (and never parsed).
        if (v[r].size() > 6 || first[r].size() > 6) with_page = false;
        else with_page &= DecimalValue(v[r]) - page == DecimalValue(first[r]) - all.front().first;
      }
      if (same) continue;
      if (!with_page) return false;
      ++varying;
    }
    return varying <= 1;
  };
  auto zone_positions = [](const std::vector<std::string>& ls, auto&& fn) {
    std::vector<int> idx;
    for (int i = 0; i < static_cast<int>(ls.size()); ++i)
      if (!ls[i].empty()) idx.push_back(i);
    for (int k = 0; k < static_cast<int>(idx.size()); ++k) {
      if (k < kTopZone) fn(idx[k], k);
      int from_bottom = static_cast<int>(idx.size()) - 1 - k;
      if (from_bottom < kBottomZone) fn(idx[k], -1 - from_bottom);
    }
  };
  if (n_pages >= 2) {
    for (int p = 0; p < n_pages; ++p) {
      zone_positions(page_lines[p], [&](int i, int pos) {
        std::pair<int, std::string> key{pos, ShapeKey(page_lines[p][i])};
        seen[key].insert(p);
        numbers[key].emplace_back(p, digit_runs(page_lines[p][i]));
      });
    }
  }
  // A running header or footer is on nearly every page (the first may differ).
  const size_t min_repeats = std::max<size_t>(2, static_cast<size_t>(std::ceil(0.6 * n_pages)));

  // Header lines that leaked into running text (a text export with no page breaks): a short
  // line naming the protocol, repeated three times or more, is furniture wherever it stands.
  static const Regex header_words("(?:protokoll|sammanträde|justerandes|utdragsbestyrkande)");
  std::map<std::string, int> repeats;
  for (const auto& ls : page_lines)
    for (const std::string& l : ls)
      if (!l.empty() && l.size() < 100) repeats[ShapeKey(l)]++;
  auto leaked_header = [&](const std::string& l) {
    if (l.empty() || l.size() >= 100 || l.back() == '.') return false;
    auto it = repeats.find(ShapeKey(l));
    return it != repeats.end() && it->second >= 3 && header_words.Find(l).has_value() &&
           !IsParagraphHeaderLine(l) && !IsSectionHeading(l);
  };

  NormalizedText out;
  out.furniture = std::move(page_prefixes);
  for (int p = 0; p < n_pages; ++p) {
    const auto& ls = page_lines[p];
    std::vector<char> furniture(ls.size(), 0);
    // A page holds one number of its own (two at most, head and foot): three or more numbers
    // alone on their lines are the page's items ("1" / "Erik hälsar välkomna …", "2" / …).
    static const Regex lone_number("^\\d{1,3}\\.?$", Regex::kNone);
    int lone = 0;
    for (const std::string& l : ls) lone += !l.empty() && l.size() <= 4 && lone_number.FullMatch(l).has_value();
    zone_positions(ls, [&](int i, int pos) {
      if (furniture[i]) return;
      if (lone >= 3 && lone_number.FullMatch(ls[i])) return;
      if (IsFurnitureLine(ls[i], true)) {
        furniture[i] = 1;
        return;
      }
      // A sentence is content even if the same one ends two pages ("… den 9 januari 2024.").
      const bool sentence = ls[i].back() == '.' && ls[i].find(' ') != std::string::npos;
      // A front page's lines ("Plats och tid …", "Beslutande …") repeat in a bound volume of
      // one board, but belong to each meeting's head.
      if (n_pages >= 2 && !sentence && !IsParagraphHeaderLine(ls[i]) && !IsSectionHeading(ls[i]) &&
          !IsFrontPageMarker(ls[i])) {
        std::pair<int, std::string> key{pos, ShapeKey(ls[i])};
        auto it = seen.find(key);
        if (it != seen.end() && it->second.size() >= min_repeats && only_page_number_changes(numbers[key]) &&
            !IsDiarienummerLine(ls[i]) && MisreadParagraphHeaders(ls[i]).empty() &&
            !ParseSignlessHeader(ls[i]))
          furniture[i] = 1;
      }
    });
    for (size_t i = 0; i < ls.size(); ++i) {
      if (!furniture[i] && (IsFurnitureLine(ls[i], false) || leaked_header(ls[i]))) furniture[i] = 1;
      if (furniture[i]) {
        out.furniture.push_back({ls[i], p + 1});
      } else if (!ls[i].empty() || (!out.lines.empty() && !out.lines.back().text.empty())) {
        out.lines.push_back({ls[i], p + 1});
      }
    }
  }
  while (!out.lines.empty() && out.lines.back().text.empty()) out.lines.pop_back();
  JoinHyphenation(out.lines);
  return out;
}

}  // namespace protokoll::extractors
