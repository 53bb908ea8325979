// libFuzzer: segmentation and every field extractor over arbitrary text, as text layer and as
// OCR'd pages. Checks the invariants the catalogue relies on.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "extractors/item.h"
#include "extractors/normalize.h"
#include "extractors/segment.h"
#include "extractors/text.h"

namespace ex = protokoll::extractors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 20000) return 0;
  std::string in(reinterpret_cast<const char*>(data), size);
  auto n = ex::Normalize({in});
  for (int ocr = 0; ocr < 2; ++ocr) {
    ex::SegmentOptions o;
    if (ocr) o.ocr_pages = {true};
    auto seg = ex::Segment(n.lines, o);
    auto head = ex::ReadHead(seg.preamble, n.furniture);
    int last = -1, meeting = 0;
    for (const auto& item : seg.items) {
      // Within a meeting the numbering increases ("§ 3" < "§ 3 a" < "§ 4"); a new meeting may
      // start again, and meetings come in order.
      if (item.meeting == meeting) {
        if (item.header.Key() <= last) std::abort();
      } else if (item.meeting != meeting + 1 || static_cast<size_t>(item.meeting) >= seg.meetings.size()) {
        std::abort();
      }
      meeting = item.meeting;
      last = item.header.KeyEnd();
      auto f = ex::ExtractItem(item, head);
      if (f.diarienummer.size() != f.diarienummer_pages.size() || f.amounts.size() != f.amount_pages.size() ||
          f.dates.size() != f.date_pages.size() || f.years.size() != f.year_pages.size())
        std::abort();
      for (const auto& d : f.diarienummer)
        if (d.year < 1900 || d.year > 2099 || d.serial < 0 || d.end > f.text.size()) std::abort();
      for (const auto& d : f.dates)
        if (d.size() != 10) std::abort();
      if (!ex::IsValidUtf8(f.title) || (f.decision && !ex::IsValidUtf8(*f.decision))) std::abort();
      // Who decided: names are text of the input, pages its pages, counts printed numbers.
      for (const auto& m : f.proceedings.motions)
        if (!ex::IsValidUtf8(m.name) || !ex::IsValidUtf8(m.text) || m.page < 1) std::abort();
      for (const auto& r : f.proceedings.reservations)
        if ((r.name.empty() && r.party.empty()) || !ex::IsValidUtf8(r.name) || r.page < 1) std::abort();
      for (const auto& s : f.proceedings.statements)
        if ((s.name.empty() && s.party.empty()) || !ex::IsValidUtf8(s.name) || !ex::IsValidUtf8(s.text) || s.text.size() > 2100 ||
            s.page < 1)
          std::abort();
      if (f.proceedings.vote && f.proceedings.vote->counted() &&
          (*f.proceedings.vote->ja < 0 || f.proceedings.vote->nej.value_or(0) < 0))
        std::abort();
    }
    std::vector<ex::Line> item_lines;
    for (const auto& item : seg.items) item_lines.insert(item_lines.end(), item.lines.begin(), item.lines.end());
    const ex::Attendance a = ex::ReadAttendance(seg.preamble, item_lines);
    for (const auto& p : a.present)
      if (p.name.empty() || !ex::IsValidUtf8(p.name) || p.page < 1) std::abort();
  }
  return 0;
}
