// All fields of one § item, each with the page it was read from.
#ifndef PROTOKOLL_EXTRACTORS_ITEM_H_
#define PROTOKOLL_EXTRACTORS_ITEM_H_

#include <optional>
#include <string>
#include <vector>

#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/diarienummer.h"
#include "extractors/head.h"
#include "extractors/people.h"
#include "extractors/segment.h"

namespace protokoll::extractors {

struct ItemFields {
  int paragraph = 0;
  std::string paragraph_suffix;  // "a" for "§ 3 a"; empty for most items
  std::string paragraph_label;
  int meeting = 0;           // 0-based index of the item's meeting within its file
  bool unsegmented = false;  // no § found in the document: this "item" is one page of it
  int page_start = 1, page_end = 1;
  std::string body;  // from the protocol head, else from the label's prefix; empty if unknown
  int body_page = 0;
  std::string meeting_date;  // ISO; empty if unknown
  int meeting_date_page = 0;
  std::string title;
  int title_page = 0;
  std::optional<std::string> decision;
  int decision_page = 0;
  std::vector<Diarienummer> diarienummer;  // the item's own first
  std::vector<int> diarienummer_pages;
  std::vector<Amount> amounts;
  std::vector<int> amount_pages;
  std::vector<std::string> dates;  // distinct ISO dates in order of mention
  std::vector<int> date_pages;
  std::vector<int> years;  // sorted, distinct
  std::vector<int> year_pages;
  std::string text;  // the item's clean text, lines joined by '\n'
  Attendance attendance;     // the meeting's (the same for every item of it)
  Proceedings proceedings;   // motions, vote, reservations, conflicts: this item's own
};

// The item's title: the label line's remainder, else the lines after the label up to a blank
// line or heading, Dnr lines and stray page numbers skipped.
std::string ExtractTitle(const Item& item, int* page, size_t* end_line = nullptr);

ItemFields ExtractItem(const Item& item, const ProtocolHead& head);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_ITEM_H_
