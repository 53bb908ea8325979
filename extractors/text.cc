#include "extractors/text.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace protokoll::extractors {

namespace {
std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

UChar32 FirstCodePoint(std::string_view s) {
  if (s.empty()) return -1;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}
}  // namespace

std::string Nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  if (U_FAILURE(status)) return ToUtf8(u);
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return ToUtf8(u);
  status = U_ZERO_ERROR;
  icu::UnicodeString n = nfc->normalize(u, status);
  return U_SUCCESS(status) ? ToUtf8(n) : ToUtf8(u);
}

// Made once: a Locale is built from its name on every construction (a fifth of the time of a
// short word's case mapping).
namespace {
const icu::Locale& Swedish() {
  static const icu::Locale sv("sv");
  return sv;
}
}  // namespace

std::string Lower(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.toLower(Swedish());
  return ToUtf8(u);
}

size_t TocTailStart(std::string_view s) {
  auto mark = [](unsigned char c) {
    return c == '.' || c == ',' || c == ':' || c == ';' || c == '\'' || c == '`' || c == '"' || c == '-' || c == '_';
  };
  auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; };
  size_t e = s.size();
  while (e > 0 && s[e - 1] == ' ') --e;
  size_t digits = 0;
  while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9' && digits < 5) --e, ++digits;
  if (digits > 4) return std::string_view::npos;  // a longer number is no page number
  size_t i = e, marks = 0, letters = 0, start = std::string_view::npos;
  while (i > 0) {
    const unsigned char c = static_cast<unsigned char>(s[i - 1]);
    if (i >= 3 && s.compare(i - 3, 3, "\xE2\x80\xA6") == 0) {  // …
      marks += 3, letters = 0, i -= 3, start = i;
    } else if (i >= 2 && s.compare(i - 2, 2, "\xC2\xB7") == 0) {  // ·
      ++marks, letters = 0, i -= 2, start = i;
    } else if (mark(c)) {
      ++marks, letters = 0, --i, start = i;
    } else if (c == ' ') {
      --i;
    } else if (letter(c) && (letters += (c & 0xC0) == 0x80 ? 0 : 1) <= 2) {  // debris: ≤ 2 letters
      --i;
    } else {
      break;
    }
  }
  if (marks < 4 || start == std::string_view::npos) return std::string_view::npos;
  // The tail starts at its first mark (letters before it belong to the title), less spaces.
  while (start > 0 && s[start - 1] == ' ') --start;
  return start;
}

std::string Upper(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.toUpper(Swedish());
  return ToUtf8(u);
}

std::string Fold(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.foldCase();
  return ToUtf8(u);
}

std::vector<std::string> SplitAtSpaces(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool StartsUpper(std::string_view s) {
  UChar32 c = FirstCodePoint(s);
  return c >= 0 && u_isupper(c);
}

bool StartsLower(std::string_view s) {
  UChar32 c = FirstCodePoint(s);
  return c >= 0 && u_islower(c);
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

int DecimalValue(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  long long v = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    const int32_t d = c < 0 ? -1 : u_charDigitValue(c);  // -1 for anything but a decimal digit
    if (d < 0) continue;
    v = std::min<long long>(v * 10 + d, std::numeric_limits<int>::max());
  }
  return static_cast<int>(v);
}

size_t CountDigits(std::string_view s, size_t enough) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  size_t count = 0;
  for (int32_t i = 0; i < n && count < enough;) {
    if (p[i] < 0x80) {
      count += p[i] >= '0' && p[i] <= '9';
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    count += c >= 0 && u_charDigitValue(c) >= 0;
  }
  return count;
}

size_t Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsShortenedFirstName(std::string_view w) {
  static const char* const kNames[] = {"Ad",    "Alb",   "Alfr", "And",    "Aug",   "Ax",   "Bernh", "Carl",
                                       "Ch",    "Chr",   "Edv",  "Em",     "Er",    "Fr",   "Fredr", "Gabr",
                                       "Gottfr", "Gust", "Herm", "Hj",     "Jac",   "Joh",  "Lud",   "Ludv",
                                       "Math",  "Ol",    "Ph",   "Sam",    "Sv",    "Th",   "Vilh",  "Wilh",
                                       // (more of the 19th century's: "Albr. Segerstedt", "Thed. Rydberg")
                                       "Albr",  "Thed",  "Theod", "Konr",  "Conr",  "Leonh", "Reinh", "Rich",
                                       "Sig",   "Vald",  "Osc",  "Jak",    "Nik",   "Kristofr", "Christ"};
  for (const char* n : kNames)
    if (w == n) return true;
  return false;
}

std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(Swedish(), status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  if (U_FAILURE(status)) {
    out.emplace_back(Trim(text));
    return out;
  }
  it->setText(u);
  int32_t start = it->first();
  // An initial ("Herr C. A. Ström") or a short abbreviation ("bl.a.", "t.ex.", "Hr.") ends no
  // sentence: the break after it is taken back.
  auto ends_in_abbreviation = [](std::string_view t) {
    if (t.size() < 2 || t.back() != '.') return false;
    size_t sp = t.find_last_of(" (", t.size() - 2);
    std::string_view w = t.substr(sp == std::string_view::npos ? 0 : sp + 1);
    if (w.size() == 2 && w[0] >= 'A' && w[0] <= 'Z') return true;  // "C."
    // A one-letter word in lower case is cut short ("den g. Kalken", "s. k."): "å", "ö" and
    // "i" are words of their own.
    if (w.size() == 2 && w[0] >= 'a' && w[0] <= 'z' && w[0] != 'i') return true;
    // Initials run together: "A.F.", "C.Y.", "J.E."
    bool initials = w.size() >= 4 && w.size() % 2 == 0;
    for (size_t k = 0; initials && k < w.size(); k += 2) initials = w[k] >= 'A' && w[k] <= 'Z' && w[k + 1] == '.';
    if (initials) return true;
    // An initial after an abbreviated name: "And.G. Andersson", "Joh.P. Ersson".
    if (w.size() >= 4 && w[w.size() - 3] == '.' && w[w.size() - 2] >= 'A' && w[w.size() - 2] <= 'Z') return true;
    // Abbreviated first names and titles before a name ("Aug. Carlsson", "Herr Fil. Doktorn",
    // "Kongl. Maj:t"), and the old minutes' "nästl.", "f.m.".
    static const char* const kAbbr[] = {"bl.a.", "t.ex.", "d.v.s.", "dvs.", "s.k.", "p.g.a.",
                                        "Hr.", "Hrr.", "ang.", "enl.", "resp.", "jfr.", "fr.o.m.",
                                        "t.o.m.", "kl.", "nr.", "St.", "ca.", "inkl.", "exkl.",
                                        "Fil.", "Kongl.", "Kungl.", "Kgl.", "Dr.", "Prof.", "Kapt.", "Löjtn.",
                                        "Ing.", "Dir.", "nästl.", "sistl.", "SD.", "Sd.", "f.m.", "e.m.", "m.m.",
                                        "ordf.", "sekr."};
    if (IsShortenedFirstName(w.substr(0, w.size() - 1))) return true;
    for (const char* a : kAbbr)
      if (w == a) return true;
    return false;
  };
  bool glue = false;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    std::string s = ToUtf8(u.tempSubStringBetween(start, end));
    std::string_view t = Trim(s);
    if (t.empty()) continue;
    if (glue && !out.empty()) {
      out.back() += ' ';
      out.back() += t;
    } else {
      out.emplace_back(t);
    }
    // A line break inside the text always ends a piece (lists); an abbreviation does not.
    glue = ends_in_abbreviation(t) && s.find('\n') == std::string::npos;
  }
  return out;
}

}  // namespace protokoll::extractors
