// Diarienummer (case numbers): "Ks2017/0073", "KS 2017/73", "Dnr KS 2019/00345",
// "Dnr BUN 2020/112-1.2.3", "Dnr 0845/18", "Dnr 2015.0234.041", "KS-2024-00011",
// "SLK-2024-00008:15", "KS/2018:298", "KU.2017.3", "KS 13/2018", "2018/KS 0290 10", "Dnr 112/74".
//
// Pure. Board-prefixed forms are found anywhere; bare numbers ("0845/18") only after a keyword
// (Dnr, Diarienummer, Ärendenummer …), since "2020/21" or "SFS 2017:123" are not case numbers.
// Two-digit years: 00–30 → 20xx, 31–99 → 19xx.
#ifndef PROTOKOLL_EXTRACTORS_DIARIENUMMER_H_
#define PROTOKOLL_EXTRACTORS_DIARIENUMMER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::extractors {

struct Diarienummer {
  std::string raw;         // as printed, without the keyword
  std::string normalized;  // "KS 2017/73"; "2015/234" without a board
  std::string board;       // upper case; empty when the number has none
  int year = 0;            // four digits
  long serial = 0;         // without leading zeros
  size_t begin = 0, end = 0;  // byte span of `raw` in the searched text
};

// Every diarienummer in the text, in order, distinct by `normalized`.
std::vector<Diarienummer> FindDiarienummer(std::string_view text);

// True when the line holds one diarienummer and nothing else but its keyword
// ("Dnr KS 2019/00345", "Ärendenummer SLK-2024-00074", "Ks2017/0073").
bool IsDiarienummerLine(std::string_view line);

// Parses a string that is exactly one diarienummer (a keyword may precede it).
std::optional<Diarienummer> ParseDiarienummer(std::string_view s);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_DIARIENUMMER_H_
