// § labels: "Ks § 39", "§ 39", "§39", "§ 7.", "KF § 12", "BUN § 45", "§ 5 Title", "§§ 3–4".
#ifndef PROTOKOLL_EXTRACTORS_PARAGRAF_H_
#define PROTOKOLL_EXTRACTORS_PARAGRAF_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

struct ParagraphHeader {
  int number = 0;      // the § number (first of a range)
  int number_end = 0;  // last of a "§§ 3–4" range, else == number
  std::string label;   // as printed: "Ks § 39", "§ 7.", "§§ 3–4"
  std::string organ;   // the label's prefix ("Ks", "BUN"), empty when none
  std::string rest;    // text after the label on the same line ("Dnr KS 2017/12", a title)
};

// Parses a line that starts with a § label; nullopt for anything else (including a reference
// such as "§ 44, se ovan", whose remainder starts in lower case or with punctuation).
std::optional<ParagraphHeader> ParseParagraphHeader(std::string_view line);
bool IsParagraphHeaderLine(std::string_view line);

// Readings of an OCR'd line whose "§" the Swedish model could not produce: "Ks 8 39",
// "Ks $ 40", "BUN $45", "KF $& 102", "S 12" → one reading each; "Ks 838", "KF 312" → both
// "§ 38"/"§ 12" (the sign read as 8 or 3 and fused) and nothing else — the numbering decides.
// Labels are rebuilt with the sign: "Ks § 39". Empty when the line is no such header.
std::vector<ParagraphHeader> MisreadParagraphHeaders(std::string_view line);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_PARAGRAF_H_
