// Normalisation: raw page text → clean lines that know their page.
//
// Pure functions. Steps, in order: NFC; every kind of space (no-break, thin, figure, narrow
// no-break, tab) to one ASCII space; zero-width characters and control characters (NUL included)
// dropped; U+2010/U+2011/U+2212 to '-'; ligatures spelled out; soft hyphens dropped; runs of
// spaces collapsed; page furniture (repeated headers and footers, "Sida N", lone page numbers,
// "Justerandes sign", "Utdragsbestyrkande" …) moved out of the text; line-end hyphenation joined
// ("medfinan-" + "siera") except before a coordinating word ("Barn-" + "och utbildningsnämnden"
// keeps its hyphen), across page breaks too. En dashes are kept ("2017–2019").
#ifndef PROTOKOLL_EXTRACTORS_NORMALIZE_H_
#define PROTOKOLL_EXTRACTORS_NORMALIZE_H_

#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

struct Line {
  std::string text;  // empty for a blank line (a paragraph break)
  int page = 1;      // 1-based
  bool page_number = false;  // a flattened page's own number, set apart on a line by Unflatten
};

struct NormalizedText {
  std::vector<Line> lines;      // the document's text, furniture removed
  std::vector<Line> furniture;  // the removed header/footer lines, for the protocol-head reader
};

// Character-level clean-up of one page; returns its lines (blank lines kept, runs of blank
// lines folded to one). A line that ended in a soft hyphen keeps a trailing U+00AD as a marker
// for JoinHyphenation.
std::vector<std::string> CleanPage(std::string_view raw);

// Whole document: pages[i] is page i+1's raw text.
NormalizedText Normalize(const std::vector<std::string>& pages);

// True when the line is page furniture by its form alone (no repetition needed).
// `in_margin_zone`: the line is among the first or last few lines of its page.
bool IsFurnitureLine(std::string_view line, bool in_margin_zone);

// Pages whose first line starts with the page's own number ("3 3(45) 230 Närvarorätt …", as
// re-published PDF text has it): when most pages of the document do so, the numbers are cut
// off in place and returned as furniture.
std::vector<Line> StripPageNumberPrefixes(std::vector<std::vector<std::string>>& page_lines);

// Joins line-end hyphenation in place; blank lines stop a join.
void JoinHyphenation(std::vector<Line>& lines);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_NORMALIZE_H_
