#include "extractors/dates.h"

#include <algorithm>
#include <cstdio>

#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

// Old minutes write "Maji", "Febr:", "Sept." (a colon marks the abbreviation).
#define MONTHS \
  "(januarij|februarij|januari|februari|mars|april|maji|maij|maj|junii|junij|juni|julii|julij|juli|augusti" \
  "|september|oktober|november|december" \
  "|jan|febr|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)[.:]?"
// Years of written dates: minutes go back to the 1600s.
#define YEAR "((?:1[6-9]|20)\\d\\d)"

std::string Iso(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool Overlaps(size_t b, size_t e, const Spans& spans) {
  for (const auto& [sb, se] : spans)
    if (b < se && sb < e) return true;
  return false;
}

}  // namespace

bool IsValidDate(int y, int m, int d) {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

int SwedishMonth(std::string_view name) {
  std::string l = Lower(name);
  if (!l.empty() && (l.back() == '.' || l.back() == ':')) l.pop_back();
  if (l == "maji" || l == "maij") return 5;
  // The old spellings' Latin endings: "Januarij", "Junii", "Julii".
  if (l == "januarij") return 1;
  if (l == "februarij") return 2;
  if (l == "junii" || l == "junij") return 6;
  if (l == "julii" || l == "julij") return 7;
  static const char* const kFull[] = {"januari", "februari", "mars",      "april",
                                      "maj",     "juni",     "juli",      "augusti",
                                      "september", "oktober", "november", "december"};
  for (int i = 0; i < 12; ++i) {
    std::string_view full = kFull[i];
    if (l == full) return i + 1;
    if (l.size() >= 3 && full.substr(0, l.size()) == l && (l.size() <= 4 || l == full)) return i + 1;
  }
  return 0;
}

std::vector<DateHit> FindDates(std::string_view text) {
  static const Regex iso("(?<![\\d.-])((?:19|20)\\d\\d)-(\\d{1,2})-(\\d{1,2})(?![\\d])");
  static const Regex written(
      "(?<![\\d\\p{L}])(\\d{1,2})(?::(?:[ae]|de|dje|te|ste|sta|dra))?(?:\\h*(?:[-–]|och|&)\\h*(\\d{1,2})(?::[ae])?)?\\s+"
      MONTHS "\\s+(?:(?i:år)\\s+)?" YEAR "(?!\\d)");
  // "1 juli–31 augusti 2020": a range across two months, one year.
  static const Regex cross_month(
      "(?<![\\d\\p{L}])(\\d{1,2})\\s+" MONTHS "\\h*[-–]\\h*(\\d{1,2})\\s+" MONTHS
      "\\s+((?:19|20)\\d\\d)(?!\\d)");
  static const Regex compact("(?<![\\d\\p{L}/.,-])((?:19|20)\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?![\\d])");
  static const Regex numeric(
      "(?<![\\d/.])(\\d{1,2})([./])(\\d{1,2})(?:\\2|\\h)((?:19|20)\\d\\d)(?![\\d])");
  // "1895, den 22 April": the year first, as old minutes head a meeting.
  static const Regex year_first(
      "(?<![\\d\\p{L}])" YEAR ",?\\h+den\\h+(\\d{1,2})\\s+" MONTHS "(?![\\p{L}])(?!\\h*,?\\h*\\d{4})");
  std::vector<DateHit> out;
  for (const Match& m : year_first.FindAll(text)) {
    int y = DecimalValue(m.Group(1)), d = DecimalValue(m.Group(2)), mo = SwedishMonth(m.Group(3));
    if (mo && IsValidDate(y, mo, d)) out.push_back({Iso(y, mo, d), m.Begin(), m.End()});
  }
  for (const Match& m : iso.FindAll(text)) {
    int y = DecimalValue(m.Group(1)), mo = DecimalValue(m.Group(2)), d = DecimalValue(m.Group(3));
    if (IsValidDate(y, mo, d)) out.push_back({Iso(y, mo, d), m.Begin(), m.End()});
  }
  for (const Match& m : written.FindAll(text)) {
    int mo = SwedishMonth(m.Group(3));
    int y = DecimalValue(m.Group(4));
    int d1 = DecimalValue(m.Group(1));
    if (mo == 0) continue;
    if (IsValidDate(y, mo, d1)) out.push_back({Iso(y, mo, d1), m.Begin(), m.End()});
    if (m.Has(2)) {
      int d2 = DecimalValue(m.Group(2));
      if (d2 > d1 && IsValidDate(y, mo, d2)) out.push_back({Iso(y, mo, d2), m.Begin(), m.End()});
    }
  }
  for (const Match& m : cross_month.FindAll(text)) {
    int y = DecimalValue(m.Group(5));
    int m1 = SwedishMonth(m.Group(2)), m2 = SwedishMonth(m.Group(4));
    int d1 = DecimalValue(m.Group(1)), d2 = DecimalValue(m.Group(3));
    if (m1 && IsValidDate(y, m1, d1)) out.push_back({Iso(y, m1, d1), m.Begin(), m.End()});
    if (m2 && IsValidDate(y, m2, d2)) out.push_back({Iso(y, m2, d2), m.Begin(), m.End()});
  }
  for (const Match& m : compact.FindAll(text)) {
    int y = DecimalValue(m.Group(1)), mo = DecimalValue(m.Group(2)), d = DecimalValue(m.Group(3));
    if (IsValidDate(y, mo, d)) out.push_back({Iso(y, mo, d), m.Begin(), m.End()});
  }
  for (const Match& m : numeric.FindAll(text)) {
    int d = DecimalValue(m.Group(1)), mo = DecimalValue(m.Group(3)), y = DecimalValue(m.Group(4));
    if (IsValidDate(y, mo, d)) out.push_back({Iso(y, mo, d), m.Begin(), m.End()});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DateHit& a, const DateHit& b) { return a.begin < b.begin; });
  // One mention read by two patterns ("31 augusti 2020" inside "1 juli–31 augusti 2020").
  std::vector<DateHit> unique;
  for (DateHit& d : out) {
    bool dup = false;
    for (const DateHit& u : unique) dup |= u.iso == d.iso && d.begin < u.end && u.begin < d.end;
    if (!dup) unique.push_back(std::move(d));
  }
  return unique;
}

std::vector<YearHit> FindYears(std::string_view text, const Spans& exclude) {
  return FindYears(text, exclude, FindDates(text));
}

std::vector<YearHit> FindYears(std::string_view text, const Spans& exclude,
                               const std::vector<DateHit>& dates) {
  static const Regex range(
      "(?<![\\d\\p{L}/.:-])((?:19|20)\\d\\d)\\h*([-–/])\\h*((?:19|20)\\d\\d|\\d\\d)(?![\\d/:.]\\d|\\d)");
  static const Regex single("(?<![\\d\\p{L}/.:,-])((?:19|20)\\d\\d)(?![\\d]|[/.,]\\d|-\\d)");
  std::vector<YearHit> out;
  Spans taken = exclude;
  for (const DateHit& d : dates) {
    if (Overlaps(d.begin, d.end, exclude)) continue;
    out.push_back({DecimalValue(d.iso.substr(0, 4)), d.begin, d.end});
    taken.emplace_back(d.begin, d.end);
  }
  for (const Match& m : range.FindAll(text)) {
    if (Overlaps(m.Begin(), m.End(), taken)) continue;
    int a = DecimalValue(m.Group(1));
    std::string_view second = m.Group(3);
    int b = DecimalValue(second);
    if (second.size() == 2) b = a / 100 * 100 + b;
    if (b <= a || b - a > 30) {  // "2017-12" is a month of 2017, not a range of years
      out.push_back({a, m.Begin(), m.End()});
      taken.emplace_back(m.Begin(), m.End());
      continue;
    }
    out.push_back({a, m.Begin(), m.End()});
    out.push_back({b, m.Begin(), m.End()});
    taken.emplace_back(m.Begin(), m.End());
  }
  for (const Match& m : single.FindAll(text)) {
    if (Overlaps(m.Begin(), m.End(), taken)) continue;
    out.push_back({DecimalValue(m.Group(1)), m.Begin(), m.End()});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const YearHit& a, const YearHit& b) { return a.begin < b.begin; });
  return out;
}

bool IsIsoCalendarDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t k = at; k < at + n; ++k) v = v * 10 + (s[k] - '0');
    return v;
  };
  return IsValidDate(num(0, 4), num(5, 2), num(8, 2));
}

}  // namespace protokoll::extractors
