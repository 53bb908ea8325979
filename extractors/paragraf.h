// § labels: "Ks § 39", "§ 39", "§39", "§ 7.", "KF § 12", "BUN § 45", "§ 5 Title", "§§ 3–4".
#ifndef PROTOKOLL_EXTRACTORS_PARAGRAF_H_
#define PROTOKOLL_EXTRACTORS_PARAGRAF_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

// How a header was written; a document uses one style for its items (segment.cc chooses).
enum class HeaderStyle {
  kSign,     // with the § sign: "Ks § 39", "§.4.", "{§:123.}", "§63", "§ 3 a"
  kMisread,  // an OCR'd line whose sign came out as another glyph: "Ks 8 39", "KF 3813", "27."
  kOrgan,    // an organ prefix and a number, no sign: "Kf 88", "KS 170 FASTSTÄLLANDE …"
  kBare,     // a bare number and a title: "230 Närvarorätt"
};

struct ParagraphHeader {
  int number = 0;      // the § number (first of a range)
  int number_end = 0;  // last of a "§§ 3–4" range, else == number
  std::string suffix;  // the letter of a sub-item: "§ 3 a" → "a"; empty when none
  std::string label;   // as printed: "Ks § 39", "§ 7.", "§§ 3–4", "§ 3 a"
  std::string organ;   // the label's prefix ("Ks", "BUN"), empty when none
  std::string rest;    // text after the label on the same line ("Dnr KS 2017/12", a title)
  HeaderStyle style = HeaderStyle::kSign;
  // Order key of the numbering: number, then the sub-item letter ("§ 3" < "§ 3 a" < "§ 4").
  int Key() const { return number * 32 + (suffix.empty() ? 0 : suffix[0] - 'a' + 1); }
  int KeyEnd() const { return number_end * 32 + (suffix.empty() ? 0 : suffix[0] - 'a' + 1); }
};

// Parses a line that starts with a § label; nullopt for anything else (including a reference
// such as "§ 44, se ovan", whose remainder starts in lower case or with punctuation).
std::optional<ParagraphHeader> ParseParagraphHeader(std::string_view line);

// A Latin ordinal label of old minutes ("1:mo", "2:do", "3.o", "1o", "1º", "2o)"): an item whose
// text runs on.
inline bool IsOrdinalLabel(std::string_view label) {
  size_t i = 0;
  while (i < label.size() && label[i] >= '0' && label[i] <= '9') ++i;
  if (i > 0 && i < label.size() &&
      (label[i] == 'o' || label.substr(i, 2) == "mo" || label.substr(i, 2) == "do" || label.substr(i, 2) == "\xC2\xBA"))
    return true;
  return i > 0 && i + 1 < label.size() && (label[i] == ':' || label[i] == '.') &&
         ((label[i + 1] >= 'a' && label[i + 1] <= 'z'));
}
bool IsParagraphHeaderLine(std::string_view line);

// Readings of an OCR'd line whose "§" the Swedish model could not produce: "Ks 8 39",
// "Ks $ 40", "BUN $45", "KF $& 102", "S 12" → one reading each; "Ks 838", "KF 312" → both
// "§ 38"/"§ 12" (the sign read as 8 or 3 and fused) and nothing else — the numbering decides.
// Labels are rebuilt with the sign: "Ks § 39". Empty when the line is no such header.
std::vector<ParagraphHeader> MisreadParagraphHeaders(std::string_view line);

// A header written without the sign: an organ abbreviation and a number, then a title or
// nothing ("Kf 88", "Ks 250 Anmälan …", "KF 170 FASTSTÄLLANDE AV DAGORDNING"). Style kOrgan.
// Only a candidate: the segmenter takes such headers when the document's numbering and
// layout support them and it has no headers with the sign.
std::optional<ParagraphHeader> ParseSignlessHeader(std::string_view line);

// A word that means "item" and a number: "Punkt 1. Mötet öppnas …", "Par 3.", "Ärende 4",
// "Mom. 2", "# 5.". Style kOrgan with no organ; `organ_key` gets the word (upper case) so that
// one document's labels with one word are read together.
std::optional<ParagraphHeader> ParseWordLabel(std::string_view line, std::string* word_key);

// A bare number and a title ("230 Närvarorätt", "12. Budget 2020"). Style kBare; a weak
// candidate that the segmenter takes only with a body under it and no better style present.
std::optional<ParagraphHeader> ParseBareHeader(std::string_view line);

// True for a short abbreviation known to name an organ in § labels ("KS", "Kf", "BUN").
bool IsKnownOrganAbbreviation(std::string_view prefix);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_PARAGRAF_H_
