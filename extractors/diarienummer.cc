#include "extractors/diarienummer.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

#define KEYWORD \
  "(?i:dnr|d[hu]r|diarienr|diarie\\h?nummer|diarienummer|ärendenummer|ärendenr|ärende\\h?nr|ärende|" \
  "vår\\h+beteckning|vårt\\h+dnr|beteckning)" \
  "\\h*[.:]?\\h*(?:['`´’\":.,]\\h?)?"
#define BOARD "([\\p{Lu}][\\p{L}]{0,5})"
#define Y4 "((?:19|20)\\d\\d)"

enum class Form { kBoardYearSerial, kBoardDash, kBoardSlashColon, kBoardDot, kBoardSerialYear,
                  kYearBoardSerial, kKeyYearSerial, kKeySerialYear, kBoardYear2Serial };

struct Pattern {
  Form form;
  const Regex* re;
};

const std::vector<Pattern>& Patterns() {
  // Groups: board, year, serial in the order each pattern names below.
  static const Regex board_year_serial(
      "(?<![\\p{L}\\d])" BOARD "\\h?[/]?\\h?" Y4 "\\h?/\\h?(\\d{1,6})(?![\\d/])"
      "(?:[-.:]\\d+(?:\\.\\d+)*|\\h\\d{1,3}(?:\\.\\d{1,3})*(?=\\h*$))?",
      Regex::kMultiline);
  static const Regex board_dash(
      "(?<![\\p{L}\\d])" BOARD "-" Y4 "-(\\d{1,6})(?!\\d)(?::-?\\d+)?", Regex::kNone);
  static const Regex board_slash_colon(
      "(?<![\\p{L}\\d])" BOARD "\\h?/\\h?" Y4 ":(\\d{1,6})(?!\\d)(?:\\h?-\\h?\\d{1,4}(?!\\d))?",
      Regex::kNone);
  static const Regex board_dot("(?<![\\p{L}\\d])" BOARD "\\." Y4 "\\.(\\d{1,6})(?![\\d])",
                               Regex::kNone);
  static const Regex board_serial_year(
      "(?<![\\p{L}\\d])" BOARD "\\h(\\d{1,6})/" Y4 "(?![\\d/])", Regex::kNone);
  // "BUN 99/0012": a two-digit year before a serial written with leading zeros or 3+ digits
  // (not "KS 13/2018", which is serial/year).
  static const Regex board_year2_serial(
      "(?<![\\p{L}\\d])" BOARD "\\h(\\d{2})/(0\\d{1,5}|\\d{3}(?!\\d))(?![\\d/])", Regex::kNone);
  static const Regex year_board_serial(
      "(?<![\\p{L}\\d/])" Y4 "/" BOARD "\\h?(\\d{1,6})(?!\\d)(?:\\h\\d{1,3}(?!\\d))?",
      Regex::kNone);
  static const Regex key_year_serial(
      "(?<![\\p{L}])" KEYWORD Y4 "[./](\\d{1,6})(?![\\d/])(?:\\.\\d+)*(?:-\\d+(?:\\.\\d+)*)?",
      Regex::kNone);
  static const Regex key_serial_year(
      "(?<![\\p{L}])" KEYWORD "(\\d{1,6})/(\\d{4}|\\d{2})(?![\\d/])(?:\\h(?i:kod)\\h\\d+)?",
      Regex::kNone);
  static const std::vector<Pattern> p = {
      {Form::kBoardDash, &board_dash},
      {Form::kBoardSlashColon, &board_slash_colon},
      {Form::kBoardDot, &board_dot},
      {Form::kYearBoardSerial, &year_board_serial},
      {Form::kBoardYearSerial, &board_year_serial},
      {Form::kBoardSerialYear, &board_serial_year},
      {Form::kBoardYear2Serial, &board_year2_serial},
      {Form::kKeyYearSerial, &key_year_serial},
      {Form::kKeySerialYear, &key_serial_year},
  };
  return p;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  // å ä ö in a board name are rare; ICU is not needed for ASCII boards.
  return out;
}

// Board prefixes are abbreviations: all capitals ("KS", "BUN", "SLK"), or short ("Ks", "Kf").
// That keeps words such as "Budget 2020/21" or "Prop" out.
bool PlausibleBoard(std::string_view b) {
  // Keywords are not boards: "Dnr 191/2013" has none.
  static const char* const kKeywords[] = {"DNR", "NR", "DIARIENR", "ÄRENDE", "ÄRENDENR", "KOD", "SID", "SIDAN"};
  static const std::vector<std::string> kLowered = [] {
    std::vector<std::string> v;
    for (const char* k : kKeywords) v.push_back(Lower(k));
    return v;
  }();
  const std::string up = Upper(b), low = Lower(up);
  for (size_t i = 0; i < std::size(kKeywords); ++i)
    if (up == kKeywords[i] || low == kLowered[i]) return false;
  size_t len = Length(b);
  bool all_upper = true;
  for (unsigned char c : b)
    if (c >= 'a' && c <= 'z') all_upper = false;
  if (b.find("\xC3\xA5") != std::string_view::npos || b.find("\xC3\xA4") != std::string_view::npos ||
      b.find("\xC3\xB6") != std::string_view::npos)
    all_upper = false;
  if (all_upper) return len >= 1 && len <= 6;
  if (len > 3) return false;
  static const char* const kWords[] = {"Se", "I", "Nr", "Av", "Om", "Den", "Det", "År", "Är",
                                       "Kap", "Sid", "Jan", "Feb", "Mar", "Apr", "Maj", "Jun",
                                       "Jul", "Aug", "Sep", "Okt", "Nov", "Dec", "Vid", "Från"};
  for (const char* w : kWords)
    if (b == w) return false;
  return true;
}

int ExpandYear(std::string_view y) {
  int v = DecimalValue(y);
  if (y.size() == 2) return v <= 30 ? 2000 + v : 1900 + v;
  return v;
}

std::optional<Diarienummer> Build(Form form, const Match& m) {
  std::string_view board, year, serial;
  switch (form) {
    case Form::kBoardYearSerial: case Form::kBoardDash: case Form::kBoardSlashColon:
    case Form::kBoardDot: case Form::kBoardYear2Serial:
      board = m.Group(1); year = m.Group(2); serial = m.Group(3);
      break;
    case Form::kBoardSerialYear:
      board = m.Group(1); serial = m.Group(2); year = m.Group(3);
      break;
    case Form::kYearBoardSerial:
      year = m.Group(1); board = m.Group(2); serial = m.Group(3);
      break;
    case Form::kKeyYearSerial:
      year = m.Group(1); serial = m.Group(2);
      break;
    case Form::kKeySerialYear: {
      serial = m.Group(1); year = m.Group(2);
      break;
    }
  }
  // OCR reads "Dnr KS" as one word ("DNEKS", "DnrKS"): the keyword is not part of the board.
  static const Regex glued_keyword("^D[Nn][RrEe]?(?=\\p{Lu}{2})", Regex::kNone);
  if (board.size() > 3) {
    if (auto g = glued_keyword.LookingAt(board)) board.remove_prefix(g->End());
  }
  if (!board.empty() && !PlausibleBoard(board)) return std::nullopt;
  if (serial.empty() || year.empty()) return std::nullopt;
  Diarienummer d;
  d.year = ExpandYear(year);
  d.serial = DecimalValue(serial);
  if (d.year < 1900 || d.year > 2099) return std::nullopt;
  const bool keyword = form == Form::kKeyYearSerial || form == Form::kKeySerialYear;
  if (form == Form::kBoardYearSerial) {
    // "EU 2014/2020" and "Budget 2020/21" are periods, not case numbers.
    if (serial.size() == 4 && d.serial >= 1900 && d.serial <= 2099 && d.serial > d.year)
      return std::nullopt;
    if (serial.size() == 2 && d.serial == (d.year + 1) % 100) return std::nullopt;
  }
  if (form == Form::kBoardSerialYear && serial.size() == 4 && d.serial >= 1900 && d.serial <= 2099)
    return std::nullopt;  // "EU 2014/2020" is a period
  d.board = Upper(board);
  d.normalized = (d.board.empty() ? "" : d.board + " ") + std::to_string(d.year) + "/" +
                 std::to_string(d.serial);
  // The raw text starts after the keyword.
  size_t b = m.Begin();
  if (keyword) b = m.Begin(1);
  d.begin = b;
  d.end = m.End();
  d.raw = std::string(Trim(m.text.substr(d.begin, d.end - d.begin)));
  return d;
}

// Whatever follows a Dnr label is the item's number, whatever its shape: "Dnr 07/123",
// "Dnr. KS 2007.0123-10", "Diarienr 123-07", "Vår beteckning 2007-KS-45", "Dnr KS 1.1.2 2007/45",
// "DNR: 20070045" … Read generically: organ letters, a year (four digits, or two beside a
// separator), a serial; a classification code (more numbers with dots or dashes) is kept in
// `raw` only. Years glued to a code by text extraction ("1.1.22007/45") are found at the end
// of the digit run.
std::optional<Diarienummer> ParseLabelled(std::string_view text, size_t begin, size_t end) {
  std::string_view raw = text.substr(begin, end - begin);
  struct Tok {
    bool digits;
    size_t b, e;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < raw.size();) {
    unsigned char c = raw[i];
    bool digit = c >= '0' && c <= '9';
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC3;
    if (!digit && !letter) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < raw.size()) {
      unsigned char d = raw[j];
      bool dd = d >= '0' && d <= '9';
      bool ll = (d >= 'A' && d <= 'Z') || (d >= 'a' && d <= 'z') || d >= 0x80;
      if (digit ? !dd : !ll) break;
      ++j;
    }
    toks.push_back({digit, i, j});
    i = j;
  }
  auto str = [&](const Tok& t) { return raw.substr(t.b, t.e - t.b); };
  int year = 0;
  long serial = -1;
  std::string board;
  int year_tok = -1;
  for (size_t k = 0; k < toks.size() && year_tok < 0; ++k) {
    if (!toks[k].digits) continue;
    std::string_view d = str(toks[k]);
    auto plausible = [](int y) { return y >= 1900 && y <= 2099; };
    if (d.size() == 4 && plausible(DecimalValue(d))) {
      year = DecimalValue(d);
      year_tok = static_cast<int>(k);
    } else if (d.size() >= 5 && d.size() <= 10) {
      int head = DecimalValue(d.substr(0, 4));
      int tail = DecimalValue(d.substr(d.size() - 4));
      const bool slash_after = toks[k].e < raw.size() && raw[toks[k].e] == '/';
      if (slash_after && plausible(tail)) {
        year = tail;  // "1.1.22007/45": a code glued to the year
        year_tok = static_cast<int>(k);
      } else if (plausible(head)) {
        year = head;  // "20070045": year and serial in one run
        serial = DecimalValue(d.substr(4));
        year_tok = static_cast<int>(k);
      }
    }
  }
  if (year_tok < 0) {
    // Two-digit years beside a slash or dash: "07/123" (year first when the serial has leading
    // zeros or three digits or more), "123/07", "123-07".
    for (size_t k = 0; k + 1 < toks.size(); ++k) {
      if (!toks[k].digits || !toks[k + 1].digits) continue;
      char sep = raw[toks[k].e];
      if (toks[k + 1].b != toks[k].e + 1 || (sep != '/' && sep != '-')) continue;
      std::string_view a = str(toks[k]), b = str(toks[k + 1]);
      if (a.size() > 6 || b.size() > 6) continue;  // a serial has at most six digits
      if (a.size() == 2 && (b.size() >= 3 || b[0] == '0')) {
        year = ExpandYear(a);
        serial = DecimalValue(b);
      } else if (b.size() == 2) {
        year = ExpandYear(b);
        serial = DecimalValue(a);
      } else {
        continue;
      }
      year_tok = static_cast<int>(k);
      break;
    }
    if (year_tok < 0) return std::nullopt;
  }
  if (serial < 0) {
    // The serial follows the year; failing that, it precedes it ("45/2007").
    for (size_t k = static_cast<size_t>(year_tok) + 1; k < toks.size() && serial < 0; ++k)
      if (toks[k].digits && toks[k].e - toks[k].b <= 6) serial = DecimalValue(str(toks[k]));
    for (int k = year_tok - 1; k >= 0 && serial < 0; --k)
      if (toks[k].digits && toks[k].e - toks[k].b <= 6 && raw[toks[k].e] == '/')
        serial = DecimalValue(str(toks[k]));
  }
  if (serial < 0) return std::nullopt;
  for (const Tok& t : toks) {
    if (t.digits) continue;
    std::string_view w = str(t);
    if (PlausibleBoard(w) && Length(w) <= 6) {
      board = Upper(w);
      break;
    }
  }
  Diarienummer d;
  d.year = year;
  d.serial = serial;
  d.board = board;
  d.normalized = (board.empty() ? "" : board + " ") + std::to_string(year) + "/" + std::to_string(serial);
  d.begin = begin;
  d.end = end;
  d.raw = std::string(Trim(raw));
  return d;
}

// The labelled spans of a text: [after the label, end of the number's characters).
std::vector<std::pair<size_t, size_t>> LabelledSpans(std::string_view text) {
  static const Regex label(
      "(?<![\\p{L}])(?i:dnr|d[hu]r|diarienr|diarie\\h?nummer|diarienummer|ärendenummer|ärendenr|"
      "ärende\\h?nr|vår\\h+beteckning|vårt\\h+dnr|beteckning)\\h*[.:]?\\h*(?:['`´’\":.,]\\h?)?"
      // the number: letters, digits and separators, no two spaces, no word of the title
      "((?:[\\p{Lu}\\d][\\p{L}\\d]*|[a-zåäö]{1,3}(?=[\\h/.:-]*\\d))(?:[\\h]?[/.:\\-]?[\\h]?"
      "(?:\\d[\\d.]*|\\p{Lu}{1,6}(?![\\p{Ll}])|[a-zåäö]{1,3}(?=[\\h/.:-]*\\d)))*)",
      Regex::kNone);
  std::vector<std::pair<size_t, size_t>> out;
  for (const Match& m : label.FindAll(text)) {
    size_t b = m.Begin(1), e = m.End(1);
    while (e > b && (text[e - 1] == '.' || text[e - 1] == '-' || text[e - 1] == ':')) --e;
    if (e > b) out.emplace_back(b, e);
  }
  return out;
}

}  // namespace

std::vector<Diarienummer> FindDiarienummer(std::string_view text) {
  // Every form has a year of two digits or four: text with fewer digits holds none, and most
  // lines of a protocol have none (the expressions below cost ten passes over each).
  if (CountDigits(text, 2) < 2) return {};
  std::vector<Diarienummer> all;
  for (const Pattern& p : Patterns()) {
    for (const Match& m : p.re->FindAll(text)) {
      if (auto d = Build(p.form, m)) all.push_back(std::move(*d));
    }
  }
  // After a label, any shape the patterns above do not know.
  for (const auto& [b, e] : LabelledSpans(text)) {
    bool known = false;
    for (const Diarienummer& d : all) known |= d.begin < e && b < d.end;
    if (known) continue;
    if (auto d = ParseLabelled(text, b, e)) all.push_back(std::move(*d));
  }
  // Overlapping readings of the same characters: the earliest, then the longest, wins.
  std::stable_sort(all.begin(), all.end(), [](const Diarienummer& a, const Diarienummer& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  std::vector<Diarienummer> out;
  std::set<std::string> seen;
  size_t covered = 0;
  for (Diarienummer& d : all) {
    if (!out.empty() && d.begin < covered) continue;
    covered = d.end;
    if (!seen.insert(d.normalized).second) continue;
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<Diarienummer> ParseDiarienummer(std::string_view s) {
  s = Trim(s);
  auto found = FindDiarienummer(s);
  if (found.size() != 1) return std::nullopt;
  static const Regex keyword("^" KEYWORD "$", Regex::kNone);
  std::string_view before = Trim(s.substr(0, found[0].begin));
  std::string_view after = Trim(s.substr(found[0].end));
  while (!after.empty() && (after.front() == ',' || after.front() == ')' || after.front() == '.'))
    after.remove_prefix(1);
  if (!Trim(after).empty()) return std::nullopt;
  if (!before.empty() && !keyword.FullMatch(before) && before != "(") return std::nullopt;
  return found[0];
}

bool IsDiarienummerLine(std::string_view line) { return ParseDiarienummer(line).has_value(); }

}  // namespace protokoll::extractors
