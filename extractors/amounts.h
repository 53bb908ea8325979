// Amounts of money: "40 000 kronor", "40 000 kr/år", "1,2 mnkr", "250 tkr", "2,5 miljoner
// kronor", "15.000 kronor", "kronor 22 500:-", "SEK 40 000", "40 000:-", "126 211 500 kronor",
// "1 200 000\nkronor", "fem miljoner kronor", "50 kkr". Period from "per år", "/år", "per
// månad", "/månad", "i månaden", "årligen". Percentages, "SOU 2023:97" and § numbers are not
// amounts: a number needs a currency word or sign next to it.
#ifndef PROTOKOLL_EXTRACTORS_AMOUNTS_H_
#define PROTOKOLL_EXTRACTORS_AMOUNTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

struct Amount {
  std::string raw;     // as printed (line breaks inside become spaces)
  double sek = 0;      // kronor
  std::string period;  // "year", "month" or empty
  size_t begin = 0, end = 0;
};

std::vector<Amount> FindAmounts(std::string_view text);

// "40 000" → 40000, "1,2" → 1.2, "15.000" → 15000, "1 246 595" → 1246595; nullopt if not a
// number. Spaces of any width were made ASCII by the normaliser.
std::optional<double> ParseSwedishNumber(std::string_view s);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_AMOUNTS_H_
