// Small Unicode helpers over UTF-8 std::string, backed by ICU. Pure and thread-safe.
#ifndef PROTOKOLL_EXTRACTORS_TEXT_H_
#define PROTOKOLL_EXTRACTORS_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

// NFC normal form. Invalid UTF-8 sequences become U+FFFD.
std::string Nfc(std::string_view s);
// Swedish lower case (å/ä/ö stay letters of their own).
std::string Lower(std::string_view s);
// Where a table of contents' tail begins at the end of a line — leaders (dots, or the
// punctuation and letter debris OCR makes of them, at least four marks) and a page number of up
// to four digits: "Budget 2020 ........ 4", "Hemställan ,. .. ,' . ,,. 2". npos when there is
// none. Linear in the line's length (no regular expression: long runs of marks are common).
size_t TocTailStart(std::string_view line);
// Swedish upper case.
std::string Upper(std::string_view s);
// Full case folding, for comparisons that ignore case but keep å/ä/ö distinct from a/o.
std::string Fold(std::string_view s);
// Strips ASCII white space at both ends.
std::string_view Trim(std::string_view s);
// Replaces runs of ASCII white space (including newlines) by one space and trims.
std::string Squash(std::string_view s);
// True when the first code point is an upper-case letter (Ä counts).
bool StartsUpper(std::string_view s);
// True when the first code point is a lower-case letter.
bool StartsLower(std::string_view s);
// True when s is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);
// The words of a line split at single spaces, empty runs left out (OCR's line text).
std::vector<std::string> SplitAtSpaces(std::string_view text);
// Swedish sentences of a text (ICU sentence break iterator, locale "sv"), each trimmed. A
// full stop after an initial, an abbreviation, a first name cut short ("Sam. Clason") or a
// one-letter word in lower case ("den g. Kalken") ends none.
std::vector<std::string> Sentences(std::string_view text);
// A first name as old minutes shorten it, without its full stop: "Joh", "Th", "Alfr", "Gottfr"
// ("Joh. Ersson", "professoren Sam. Clason"). One list for the sentence splitter and the readers
// of names.
bool IsShortenedFirstName(std::string_view word);
// Number of code points.
size_t Length(std::string_view s);
// The value of the decimal digits in s, of any script ("2017", "２０１７" and "٢٠١٧" alike; other
// characters are skipped), saturating at INT_MAX; 0 when there are none. Never throws: the
// extractors' expressions match \d, which is every script's digits, so std::stoi is no parser
// for their groups.
int DecimalValue(std::string_view s);
// The number of decimal digits (of any script) in s, counting no further than `enough`.
size_t CountDigits(std::string_view s, size_t enough = static_cast<size_t>(-1));

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_TEXT_H_
