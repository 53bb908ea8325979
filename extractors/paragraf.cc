#include "extractors/paragraf.h"

#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

// Group 1 organ prefix, 2 the § sign(s), 3 number, 4 range end, 5 trailing dot, 6 rest.
const Regex& HeaderRe() {
  static const Regex re(
      "^(?:([\\p{Lu}][\\p{L}]{0,24}(?:-[\\p{L}]+)?)\\h*)?(§§?)\\h*(\\d{1,4})"
      "(?:\\h*(?:[-–—]|och|o|,)\\h*§?\\h*(\\d{1,4}))?(\\h*[.:])?(?:\\h+(.*))?$",
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

bool RestStartsLikeHeader(std::string_view rest) {
  if (rest.empty()) return true;
  unsigned char c = rest[0];
  if (c == ',' || c == ';' || c == ')' || c == ']' || c == '-') return false;
  if (StartsLower(rest)) {
    // "§ 5 dnr 2017/12" is a header written in lower case.
    static const Regex dnr("^(?:dnr|diarienr|diarienummer|ärendenummer|ärende)\\b");
    return dnr.LookingAt(rest).has_value();
  }
  return true;
}

}  // namespace

std::optional<ParagraphHeader> ParseParagraphHeader(std::string_view line) {
  if (line.size() > 300 || line.find("\xC2\xA7") == std::string_view::npos) return std::nullopt;
  auto m = HeaderRe().FullMatch(line);
  if (!m) return std::nullopt;
  std::string_view org = m->Group(1);
  if (!IsOrganPrefix(org)) return std::nullopt;
  std::string_view rest = Trim(m->Group(6));
  // A lone replacement character after the label is an unreadable glyph, not a title.
  if (rest == "\xEF\xBF\xBD") rest = {};
  if (!RestStartsLikeHeader(rest)) return std::nullopt;
  ParagraphHeader h;
  h.number = std::stoi(std::string(m->Group(3)));
  h.number_end = m->Has(4) ? std::stoi(std::string(m->Group(4))) : h.number;
  if (h.number_end < h.number || h.number_end - h.number > 50) {
    if (m->Has(4)) return std::nullopt;  // "§ 12, 4" is no range
  }
  size_t label_end = m->Has(5) ? m->End(5) : (m->Has(4) ? m->End(4) : m->End(3));
  h.label = std::string(Trim(line.substr(0, label_end)));
  h.organ = std::string(org);
  h.rest = std::string(rest);
  return h;
}

bool IsParagraphHeaderLine(std::string_view line) { return ParseParagraphHeader(line).has_value(); }

namespace {
// The organ abbreviations of Swedish municipal minutes (see head.cc for their names).
bool OrganFromPrefixKnown(std::string_view p) {
  static const char* const kKnown[] = {"KS", "KF", "KSAU", "AU", "BUN", "UN", "SN", "KFN", "KN", "TN",
                                       "MBN", "BN", "MN", "SBN", "VON", "ON", "ÖN", "RS", "RF", "KSU"};
  for (const char* k : kKnown)
    if (p == k) return true;
  return false;
}
}  // namespace

std::vector<ParagraphHeader> MisreadParagraphHeaders(std::string_view line) {
  std::vector<ParagraphHeader> out;
  if (line.size() > 200) return out;
  // Group 1 organ, 2 number, 3 rest: the sign read as something else, apart from the number.
  static const Regex apart(
      "^(?:([\\p{Lu}][\\p{L}]{0,7})\\h+)?(?:[$&£]{1,2}|[8S5]\\h|[$&£8S][$&£])\\h*(\\d{1,4})(?:\\h*[.:])?(?:\\h+(.*))?$",
      Regex::kNone);
  // The sign fused into the number: "Ks 838" (§ 38), "KF 312" (§ 12); an organ prefix is needed.
  static const Regex fused("^([\\p{Lu}][\\p{L}]{0,7})\\h+([83])(\\d{1,3})(?:\\h*[.:])?(?:\\h+(.*))?$",
                           Regex::kNone);
  auto make = [&](std::string_view org, std::string_view number, std::string_view rest) {
    if (!IsOrganPrefix(org)) return;
    rest = Trim(rest);
    if (!RestStartsLikeHeader(rest)) return;
    ParagraphHeader h;
    h.number = h.number_end = std::stoi(std::string(number));
    h.organ = std::string(org);
    h.label = (org.empty() ? "" : std::string(org) + " ") + "§ " + std::to_string(h.number);
    h.rest = std::string(rest);
    out.push_back(std::move(h));
  };
  if (auto m = apart.FullMatch(line)) make(m->Group(1), m->Group(2), m->Group(3));
  if (auto m = fused.FullMatch(line)) {
    make(m->Group(1), m->Group(3), m->Group(4));
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
