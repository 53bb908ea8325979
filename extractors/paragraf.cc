#include "extractors/paragraf.h"

#include <functional>

#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

// Group 1 organ prefix, 2 the § sign(s), 3 number, 4 sub-item letter, 5 range end, 6 trailing
// dot, 7 rest. Transcriptions put headers in brackets ("{§ 1.}", "{§:123.}"); old minutes put
// a dot or colon between sign and number ("§.4.", "§:123"); sub-items carry a letter ("§ 3 a",
// "§ 12b").
const Regex& HeaderRe() {
  static const Regex re(
      "^[\\[{(]?\\h*(?:([\\p{Lu}][\\p{L}]{0,24}(?:-[\\p{L}]+)?)\\h*[.:]?\\h*)?(§§?)\\h*[.:]?\\h*(\\d{1,4})"
      // (the year after a running number: "§ 139/2016")
      "(?:/(?:18|19|20)\\d\\d(?!\\d))?"
      "(?:\\h?/?\\h?([a-h])(?![\\p{L}\\d]))?"
      // (a stray accent glued after the label's stop: "§ 4.´Styrelsen avslutade …")
      "(?:\\h*(?:[-–—]|och|o|,)\\h*§?\\h*(\\d{1,4}))?(\\h*(?:[.:]|/(?=\\h)))?[´`]?\\h*[\\]})]?"
      "(?:(?:\\h+|(?<=\\d)(?=\\p{Lu}\\p{Ll})|(?<=[´`])(?=\\p{Lu}))(.*))?$",
      Regex::kNone);
  return re;
}

bool IsOrganPrefix(std::string_view org) {
  if (org.empty()) return true;
  size_t len = Length(org);
  bool all_upper = true;
  for (unsigned char c : org)
    if (c >= 'a' && c <= 'z') all_upper = false;
  if (Lower(org) != std::string(org) && all_upper && len <= 8) return true;  // KS, BUN, KFN
  if (len <= 4) {
    // Ks, Kf, Bun, Au — but not the short words that start a sentence before a reference.
    static const char* const kWords[] = {"Se", "I", "Jfr", "Och", "Av", "Med", "Vid", "Till",
                                         "Från", "Enl", "Om", "Att", "Som", "Den", "Det", "Nr"};
    for (const char* w : kWords)
      if (org == w) return false;
    return true;
  }
  static const Regex organ_word(
      ".*(?:styrelsen?|fullmäktige|nämnden?|utskottet?|direktionen|beredningen)", Regex::kNone);
  return organ_word.FullMatch(org).has_value();
}

// A label that opens a long paragraph ("§3. Styrelsens berättelse upplästes. …", "4. Beslöts …"
// on one line): the label is read from the line's head, its rest runs to the line's end.
std::optional<ParagraphHeader> FromHead(std::string_view line,
                                        const std::function<std::optional<ParagraphHeader>(std::string_view)>& parse) {
  size_t cut = line.rfind(' ', 160);
  if (cut == std::string_view::npos || cut < 2) return std::nullopt;
  std::optional<ParagraphHeader> h = parse(Trim(line.substr(0, cut)));
  if (h && !h->rest.empty()) {
    const size_t at = line.substr(0, cut).rfind(h->rest);
    h->rest = std::string(Trim(line.substr(at == std::string_view::npos ? cut : at)));
  } else if (h) {
    h->rest = std::string(Trim(line.substr(cut)));
  }
  return h;
}

bool RestStartsLikeHeader(std::string_view rest) {
  if (rest.empty()) return true;
  unsigned char c = rest[0];
  if (c == ',' || c == ';' || c == ')' || c == ']' || c == '-') return false;
  // "§ 2. a) Till mötesordförande valdes …": the item's text opens with its first sub-point.
  static const Regex sub_point("^(?:[a-h]|\\d{1,2})\\)\\h", Regex::kNone);
  if (sub_point.LookingAt(rest)) return true;
  if (StartsLower(rest)) {
    // "§ 5 dnr 2017/12" is a header written in lower case.
    static const Regex dnr("^(?:dnr|diarienr|diarienummer|ärendenummer|ärende)\\b");
    return dnr.LookingAt(rest).has_value();
  }
  return true;
}

}  // namespace

namespace {
// The value of a Roman numeral of I, V, X, L, C, in capitals or small letters ("VIII", "iv").
int RomanValue(std::string_view numeral) {
  int value = 0, last = 0;
  for (size_t i = numeral.size(); i-- > 0;) {
    const char ch = static_cast<char>(numeral[i] >= 'a' && numeral[i] <= 'z' ? numeral[i] - 32 : numeral[i]);
    const int v = ch == 'I' ? 1 : ch == 'V' ? 5 : ch == 'X' ? 10 : ch == 'L' ? 50 : 100;
    value += v < last ? -v : v;
    last = std::max(last, v);
  }
  return value;
}
}  // namespace

std::optional<ParagraphHeader> ParseParagraphHeader(std::string_view line) {
  if (line.size() > 300) return FromHead(line, ParseParagraphHeader);
  if (line.find("\xC2\xA7") == std::string_view::npos) return std::nullopt;
  // Old minutes number their items in Roman numerals: "§ VIIIa", "§ XII.".
  static const Regex roman("^([\\[{(]?\\h*§\\h*[.:]?\\h*)([IVXLC]{1,8})(?=[a-h]?(?:[.:)\\]}]|\\h|$))", Regex::kNone);
  if (auto rm = roman.LookingAt(line)) {
    const int value = RomanValue(rm->Group(2));
    if (value > 0) {
      std::string arabic = std::string(rm->Group(1)) + std::to_string(value) + std::string(line.substr(rm->End()));
      std::optional<ParagraphHeader> h = ParseParagraphHeader(arabic);
      if (h) {
        // The label as printed: the numeral in place of the figures ("§ XII.", "§ VIIIa").
        const std::string digits = std::to_string(value);
        const size_t at = h->label.find(digits);
        const std::string after = at == std::string::npos ? std::string() : h->label.substr(at + digits.size());
        const size_t sign = line.find("\xC2\xA7");
        h->label = std::string(Trim(line.substr(sign, rm->End() - sign))) + after;
      }
      return h;
    }
  }
  // A label alone on its line whose figure one was read as a letter ("§ i-", "§ l." for "§ 1."),
  // or in small Roman numerals ("§ ii."): the sign alone before it says it is a label.
  static const Regex small("^[\\[{(]?\\h*§\\h*(l|i|ii|iii|iv|v|vi|vii|viii|ix|x)\\h*[.\\-:)]?\\h*$", Regex::kNone);
  if (auto sm = small.FullMatch(line)) {
    ParagraphHeader h;
    h.number = h.number_end = sm->Group(1) == "l" ? 1 : RomanValue(sm->Group(1));
    h.label = std::string(Trim(line));
    h.style = HeaderStyle::kSign;
    return h;
  }
  // Meeting software labels every page of an item "§ 12, KF 2019-11-25 18:00": the organ and
  // the meeting's date (and hour) belong to the label, the title follows.
  static const Regex meeting_label(
      "^([\\[{(]?\\h*(?:\\p{Lu}[\\p{L}]{0,24}\\h*)?§\\h*\\d{1,4})\\h*,\\h*(\\p{Lu}[\\p{L}]{0,9})\\h+"
      "\\d{4}-\\d\\d-\\d\\d(?:\\h+(?:kl\\.?\\h*)?\\d{1,2}[:.]\\d\\d)?(?:\\h+(.*))?$",
      Regex::kNone);
  // "FR 09.12.2025 § 104": the organ and the meeting's date before the sign.
  static const Regex dated_organ(
      "^(\\p{Lu}[\\p{L}]{0,9})\\h+(?:\\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{4}-\\d\\d-\\d\\d)\\h+(§.*)$", Regex::kNone);
  if (auto dm = dated_organ.FullMatch(line)) {
    std::optional<ParagraphHeader> h = ParseParagraphHeader(dm->Group(2));
    if (h && h->organ.empty()) h->organ = std::string(dm->Group(1));
    return h;
  }
  if (auto ml = meeting_label.FullMatch(line)) {
    std::string relabelled(ml->Group(1));
    if (ml->Has(3)) relabelled += " " + std::string(ml->Group(3));
    std::optional<ParagraphHeader> h = ParseParagraphHeader(relabelled);
    if (h && h->organ.empty()) h->organ = std::string(ml->Group(2));
    return h;
  }
  auto m = HeaderRe().FullMatch(line);
  if (!m) {
    // The number before the sign, as Finland-Swedish minutes print it: "1 §" alone on its line,
    // "7 § Övriga ärenden: …". (A reference, "7 § i förvaltningsstadgan", has no heading after it.)
    static const Regex number_first("^(\\d{1,3})\\h*§(?:\\h+(.*))?$", Regex::kNone);
    auto nm = number_first.FullMatch(line);
    if (!nm) return std::nullopt;
    std::string_view rest = nm->Has(2) ? Trim(nm->Group(2)) : std::string_view();
    if (!rest.empty() && !StartsUpper(rest)) return std::nullopt;
    if (!RestStartsLikeHeader(rest)) return std::nullopt;
    ParagraphHeader h;
    h.number = h.number_end = DecimalValue(nm->Group(1));
    if (h.number == 0) return std::nullopt;
    h.label = std::string(nm->Group(1)) + " \xC2\xA7";
    h.rest = std::string(rest);
    h.style = HeaderStyle::kSign;
    return h;
  }
  std::string_view org = m->Group(1);
  if (!IsOrganPrefix(org)) return std::nullopt;
  std::string_view rest = Trim(m->Group(7));
  // A lone replacement character after the label is an unreadable glyph, not a title.
  if (rest == "\xEF\xBF\xBD") rest = {};
  if (!RestStartsLikeHeader(rest)) return std::nullopt;
  ParagraphHeader h;
  h.number = DecimalValue(m->Group(3));
  h.number_end = m->Has(5) ? DecimalValue(m->Group(5)) : h.number;
  if (h.number_end < h.number || h.number_end - h.number > 50) {
    if (m->Has(5)) return std::nullopt;  // "§ 12, 4" is no range
  }
  h.suffix = std::string(m->Group(4));
  size_t label_end = m->Has(6) ? m->End(6) : (m->Has(5) ? m->End(5) : (m->Has(4) ? m->End(4) : m->End(3)));
  // The label as printed, without the transcription's brackets.
  size_t label_begin = m->Has(1) ? m->Begin(1) : m->Begin(2);
  h.label = std::string(Trim(line.substr(label_begin, label_end - label_begin)));
  if (!h.suffix.empty() && (h.label.back() == '.' || h.label.back() == ':')) h.label.pop_back();
  h.organ = std::string(org);
  h.rest = std::string(rest);
  return h;
}

bool IsParagraphHeaderLine(std::string_view line) { return ParseParagraphHeader(line).has_value(); }

namespace {
// The organ abbreviations of Swedish municipal minutes (see head.cc for their names).
bool OrganFromPrefixKnown(std::string_view p) {
  static const char* const kKnown[] = {"KS", "KF", "KSAU", "AU", "BUN", "UN", "SN", "KFN", "KN", "TN",
                                       "MBN", "BN", "MN", "SBN", "VON", "ON", "ÖN", "RS", "RF", "KSU",
                                       "SF", "DK", "SS", "FN", "HN", "GN", "NN", "BU", "OCH",
                                       // Vn valnämnden ("Vn 1 Val av justerare"), Ls/Lf the county
                                       // councils' landstingsstyrelse and -fullmäktige, MHN miljö-
                                       // och hälsoskyddsnämnden
                                       "VN", "LS", "LF", "MHN",
                                       // Finland-Swedish: Kst kommunstyrelsen, Kfm kommunfullmäktige,
                                       // Stst stadsstyrelsen, Stfm stadsfullmäktige
                                       "KST", "KFM", "STST", "STFM"};
  for (const char* k : kKnown)
    if (p == k) return true;
  return false;
}

// Words that stand before a number at a line start without being an organ: "Nr 5", "Kl 19",
// "Sida 3", "Bil 2", "Dnr 112" …
bool IsNumberWord(std::string_view w) {
  static const char* const kWords[] = {"NR", "KL", "SIDA", "SID", "BLAD", "BIL", "BILAGA", "DNR", "TEL",
                                       "KAP", "CA", "SE", "JFR", "P", "PUNKT", "ÅR", "AV", "OCH", "I",
                                       "OM", "TILL", "SFS", "SOU", "PROP", "RUM", "VÅN", "TAB", "FIG",
                                       "NUMMER", "ÄRENDE", "MOM", "ST", "LAG", "DEN", "MED", "UTAN",
                                       "VID", "FRÅN", "EFTER", "FÖRE", "ANTAL", "KR", "SEK", "TKR"};
  std::string up(Upper(w));
  for (const char* k : kWords)
    if (up == k) return true;
  return false;
}

// A title-like rest: starts with a capital (or is empty), is not a sentence in lower case.
bool TitleLikeRest(std::string_view rest) {
  rest = Trim(rest);
  if (rest.empty()) return true;
  static const Regex re("^(?:\\p{Lu}|(?i:dnr)\\b)", Regex::kNone);
  return re.LookingAt(rest).has_value();
}
}  // namespace

bool IsKnownOrganAbbreviation(std::string_view prefix) { return OrganFromPrefixKnown(Upper(prefix)); }

std::optional<ParagraphHeader> ParseSignlessHeader(std::string_view line) {
  if (line.size() > 400) return FromHead(line, ParseSignlessHeader);
  // Meeting software's "§ 287, KST 2011-10-31 18:00" with the sign (and the digits of the date)
  // lost in a PDF's text: "287, KST :00 LAGLIGHET OCH BESLUTFÖRHET". A negative number ("-2,
  // KST") numbers a cover page, not an item.
  static const Regex number_first(
      "^(\\d{1,4}),\\h*(\\p{Lu}{2,6})(?:\\h+[\\d.:/-]*\\d[\\d.:/-]*|\\h+:\\d\\d)*(?:\\h+(.*))?$", Regex::kNone);
  if (auto nm = number_first.FullMatch(line)) {
    ParagraphHeader h;
    h.number = h.number_end = DecimalValue(nm->Group(1));
    if (h.number == 0) return std::nullopt;
    h.organ = std::string(nm->Group(2));
    h.label = std::string(nm->Group(1)) + ", " + std::string(nm->Group(2));  // as printed: "287, KST"
    h.rest = std::string(Trim(nm->Group(3)));
    if (!TitleLikeRest(h.rest)) return std::nullopt;
    h.style = HeaderStyle::kOrgan;
    return h;
  }
  // Group 1 organ (2–6 letters, a capital first), 2 number, 3 letter, 4 rest.
  static const Regex re(
      "^(\\p{Lu}[\\p{L}]{1,5})\\h+(\\d{1,4})(?:\\h?([a-h])(?![\\p{L}\\d]))?\\h*[.:]?(?:\\h+(.*))?$",
      Regex::kNone);
  auto m = re.FullMatch(line);
  if (!m) return std::nullopt;
  std::string_view org = m->Group(1);
  if (IsNumberWord(org)) return std::nullopt;
  // "Kf", "KS", "BUN": all capitals, or a capital and one to three lower-case letters of a known
  // abbreviation. A word such as "Motion 12" is no organ.
  bool caps = Upper(org) == std::string(org);
  if (!caps && !OrganFromPrefixKnown(Upper(org))) return std::nullopt;
  std::string_view rest = Trim(m->Group(4));
  if (!TitleLikeRest(rest)) return std::nullopt;
  ParagraphHeader h;
  h.number = h.number_end = DecimalValue(m->Group(2));
  h.suffix = std::string(m->Group(3));
  h.organ = std::string(org);
  h.label = std::string(org) + " " + std::string(m->Group(2)) + (h.suffix.empty() ? "" : " " + h.suffix);
  h.rest = std::string(rest);
  h.style = HeaderStyle::kOrgan;
  return h;
}

std::optional<ParagraphHeader> ParseWordLabel(std::string_view line, std::string* word_key) {
  if (line.size() > 400)
    return FromHead(line, [word_key](std::string_view l) { return ParseWordLabel(l, word_key); });
  // Group 1 the word, 2 number, 3 letter, 4 rest.
  static const Regex re(
      "^(#|(?i:punkt|pkt|p|par|paragraf|ärende|ärendenr|mom|moment|fråga|nr|n:r|nummer|art|artikel))\\.?\\h*"
      "(\\d{1,3})(?:\\h?([a-h])(?![\\p{L}\\d]))?\\h*[.:)]?(?:\\h+(.*))?$",
      Regex::kNone);
  auto m = re.FullMatch(line);
  if (!m) return std::nullopt;
  std::string_view rest = Trim(m->Group(4));
  if (!TitleLikeRest(rest)) return std::nullopt;
  ParagraphHeader h;
  h.number = h.number_end = DecimalValue(m->Group(2));
  if (h.number == 0) return std::nullopt;
  h.suffix = std::string(m->Group(3));
  const size_t label_end = m->Has(4) ? m->Begin(4) : line.size();
  h.label = std::string(Trim(line.substr(0, label_end)));
  h.rest = std::string(rest);
  h.style = HeaderStyle::kOrgan;
  if (word_key) *word_key = "#" + Upper(m->Group(1));
  return h;
}

std::optional<ParagraphHeader> ParseBareHeader(std::string_view line) {
  if (line.size() > 400) return FromHead(line, ParseBareHeader);
  // Old minutes number their items with Latin ordinals ("1:mo", "2:do", "3:tio", "4:te", "1:o",
  // "2.o" with a full stop for the colon),
  // the text running on in lower case as often as not; and a transcription may render the sign
  // as a bullet ("• 1" alone on its line).
  // A transcriber or OCR may read the figure one as the letter l or I ("l.o Blef Påmint …",
  // "I:o"): with an ordinal's ending it can be nothing else.
  // The ending may stand right after the figure, as the raised "o" of print is transcribed ("1o
  // Uplästes Kyrke- och Fattig Cassa Räkningarne", "2o) På begäran …"), and a bracket or a full
  // stop may close it.
  // (Two expressions, not one with a branch reset: ICU, which the cross-check build compares
  // with, has none.)
  static const Regex ordinal(
      "^(\\d{1,3}|[lI])[:.](?:mo|do|de|dje|tio|to|te|o|sto|vo|no|ndo|dra|e)[.)]?(?:\\h+(\\p{L}.*))?$", Regex::kNone);
  static const Regex raised_o("^(\\d{1,3})(?:mo|do|o)[.)]?(?:\\h+(\\p{L}.*))?$", Regex::kNone);
  // (A web page's numbered list copied as text: "• 1           Fastställande av dagordning".)
  static const Regex bullet("^[•·∙●▪*]\\h*(\\d{1,3})\\.?(?:\\h+(\\p{L}.*))?$", Regex::kNone);
  std::optional<Match> om = ordinal.FullMatch(line);
  bool raised = false;
  if (!om && (om = raised_o.FullMatch(line))) raised = true;
  if (!om) om = bullet.FullMatch(line);
  if (om) {
    ParagraphHeader h;
    h.number = h.number_end = (om->Group(1) == "l" || om->Group(1) == "I") ? 1 : DecimalValue(om->Group(1));
    if (h.number == 0) return std::nullopt;
    const size_t label_end = om->Has(2) ? om->Begin(2) : line.size();
    h.label = std::string(Trim(line.substr(0, label_end)));
    // The raised "o" of print, which a transcription sets on the line ("1o"), is the ordinal
    // indicator: kept as that character ("1º"), so that no reader of the label takes it for a
    // sub-item's letter as in "3 a".
    if (raised && h.label == std::string(om->Group(1)) + "o") h.label = std::string(om->Group(1)) + "\xC2\xBA";
    if (om->Has(2)) h.rest = std::string(Trim(om->Group(2)));
    h.style = HeaderStyle::kBare;
    return h;
  }
  // Group 1 number, 2 letter, 3 rest (a capital word first, not a unit or a month).
  // The one-letter words "I" and "Å" open sentences too ("3. I skrifvelse den …").
  // (The space after the number's full stop may be lost: "9.Rapporter". A title may open with a
  // capital and a hyphen: "2. B-kantorstjänsten", "4. E-tjänster".)
  static const Regex re("^(\\d{1,3})(?:\\h?([a-h])(?![\\p{L}\\d]))?(?:\\.?\\h+|\\.(?=\\p{Lu}\\p{Ll}))(\\p{Lu}(?:\\p{L}|-\\p{L}).*|[IÅ]\\h+\\p{Ll}.*)$",
                        Regex::kNone);
  auto m = re.FullMatch(line);
  if (!m) {
    // The figure one read as a letter, with its full stop: "l. Utsagos Herrar Nilsson …".
    static const Regex letter_one("^([lI])\\.\\h+(\\p{Lu}\\p{Ll}.*)$", Regex::kNone);
    auto lm = letter_one.FullMatch(line);
    if (!lm) return std::nullopt;
    ParagraphHeader h;
    h.number = h.number_end = 1;
    h.label = std::string(lm->Group(1)) + ".";
    h.rest = std::string(Trim(lm->Group(2)));
    h.style = HeaderStyle::kBare;
    return h;
  }
  std::string_view rest = Trim(m->Group(3));
  static const Regex not_title(
      "^(?:(?i:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
      "december|kr|kronor|st|procent|år|tkr|mkr|mnkr|jan|feb|apr|aug|sep|sept|okt|nov|dec)\\b)",
      Regex::kNone);
  if (not_title.LookingAt(rest)) return std::nullopt;
  ParagraphHeader h;
  h.number = h.number_end = DecimalValue(m->Group(1));
  if (h.number == 0) return std::nullopt;
  h.suffix = std::string(m->Group(2));
  h.label = std::string(m->Group(1)) + (h.suffix.empty() ? "" : " " + h.suffix);
  h.rest = std::string(rest);
  h.style = HeaderStyle::kBare;
  return h;
}

std::vector<ParagraphHeader> MisreadParagraphHeaders(std::string_view line) {
  std::vector<ParagraphHeader> out;
  if (line.size() > 200) return out;
  // Group 1 organ, 2 number, 3 rest: the sign read as something else, apart from the number.
  static const Regex apart(
      "^(?:([\\p{Lu}][\\p{L}]{0,7})(?:\\h+|\\h*['`´’,:]\\h*))?(?:[$&£€¥%#sS]{1,2}(?=\\h?\\d)|[8S5923](?:\\h|[.,](?=\\d))|[$&£8Ss][$&£])\\h*(\\d{1,4})(?:\\h*[.:,])?(?:\\h+(.*))?$",
      Regex::kNone);
  // The sign fused into the number as one or two glyphs: "Ks 838" (§ 38), "KF 312" (§ 12),
  // "KF 3813" (§ 13); an organ prefix is needed. Every split is a reading.
  static const Regex fused("^([\\p{Lu}][\\p{L}]{0,7})\\h+([8325]\\d{1,4})(?:\\h*[.:])?(?:\\h+(.*))?$",
                           Regex::kNone);
  static const Regex fused_dot("^([8325])(\\d{1,3})\\.(?:\\h+(.*))?$", Regex::kNone);
  auto make = [&](std::string_view org, std::string_view number, std::string_view rest) {
    if (!IsOrganPrefix(org)) return;
    rest = Trim(rest);
    if (!RestStartsLikeHeader(rest)) return;
    ParagraphHeader h;
    h.number = h.number_end = DecimalValue(number);
    h.organ = std::string(org);
    h.label = (org.empty() ? "" : std::string(org) + " ") + "§ " + std::to_string(h.number);
    h.rest = std::string(rest);
    h.style = HeaderStyle::kMisread;
    out.push_back(std::move(h));
  };
  if (auto m = apart.FullMatch(line)) make(m->Group(1), m->Group(2), m->Group(3));
  if (auto m = fused.FullMatch(line)) {
    std::string_view digits = m->Group(2);
    auto sign_glyph = [](char c) { return c == '8' || c == '3' || c == '2' || c == '5'; };
    for (size_t sign = 1; sign <= 2 && digits.size() > sign && sign_glyph(digits[sign - 1]); ++sign)
      if (digits.size() - sign <= 3) make(m->Group(1), digits.substr(sign), m->Group(3));
  }
  if (auto m = fused_dot.FullMatch(line)) make({}, m->Group(2), m->Group(3));
  // A label line that OCR turned to debris around the number ("so >5", "s 6€", "§| 7"): a short
  // line, no word, one number. A weak reading; the numbering decides.
  static const Regex debris("^[^\\p{L}\\d]{0,2}[\\p{L}$&£§]{0,2}[^\\p{L}\\d]{0,3}(\\d{1,3})[^\\p{L}\\d]{0,2}$",
                            Regex::kNone);
  if (out.empty() && line.size() <= 12) {
    if (auto m = debris.FullMatch(line); m && Trim(line).size() > m->Group(1).size()) make({}, m->Group(1), {});
  }
  // The sign lost altogether ("KS 235"): an organ in capitals and a number. Also the reading
  // of "KF 312" as § 312.
  static const Regex lost("^(\\p{Lu}{2,6})\\h+(\\d{1,4})(?:\\h*[.:])?(?:\\h+(.*))?$", Regex::kNone);
  // Only for organs whose abbreviation is known, and a title-like rest: on a noisy page any two
  // capitals and a number would do.
  if (auto m = lost.FullMatch(line)) {
    static const Regex title_like("^(?:\\p{Lu}\\p{Ll}|(?i:dnr)\\b)", Regex::kNone);
    std::string_view rest = Trim(m->Group(3));
    if (!OrganFromPrefixKnown(m->Group(1)) || (!rest.empty() && !title_like.LookingAt(rest))) return out;
    make(m->Group(1), m->Group(2), m->Group(3));
  }
  return out;
}

}  // namespace protokoll::extractors
