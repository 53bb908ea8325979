// Dates and years named in a text.
//
// Dates: ISO ("2017-03-07"), "den 7 mars 2017", "7 mars 2017", "24–25 februari 2024" (both
// days), "20240115", "7/3 1985", "7.3.1985"; each checked against the calendar. "november 2023"
// and "sista mars 2012" are not full dates: they name only a year.
// Years: standalone four-digit years 1900–2099, both ends of ranges ("2017-2019", "2017–19",
// "2020/21" → 2020, 2021), and the years of dates. Spans the caller excludes (a diarienummer's
// year, an amount) are skipped. Pure.
#ifndef PROTOKOLL_EXTRACTORS_DATES_H_
#define PROTOKOLL_EXTRACTORS_DATES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::extractors {

struct DateHit {
  std::string iso;  // YYYY-MM-DD
  size_t begin = 0, end = 0;
};

struct YearHit {
  int year = 0;
  size_t begin = 0, end = 0;
};

using Spans = std::vector<std::pair<size_t, size_t>>;

// Every date mention, in order (a range yields two hits with the same span).
std::vector<DateHit> FindDates(std::string_view text);

// Every year mention, in order, including the years of the dates; none inside `exclude`.
std::vector<YearHit> FindYears(std::string_view text, const Spans& exclude = {});
// The same, given FindDates(text) already found (it is the costlier half).
std::vector<YearHit> FindYears(std::string_view text, const Spans& exclude,
                               const std::vector<DateHit>& dates);

// Valid Gregorian date?
bool IsValidDate(int y, int m, int d);

// "2019-03-14" naming a day that exists (not "2017-02-30", not "2019-13-45").
bool IsIsoCalendarDate(std::string_view s);

// Month number of a Swedish month name or abbreviation ("mars", "okt.", "Sept"); 0 if none.
int SwedishMonth(std::string_view name);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_DATES_H_
