// The protocol head: which organ met, and when. Read from the lines before the first § and
// from the page furniture (headers such as "Kommunstyrelsen  Sammanträdesdatum 2017-03-28").
#ifndef PROTOKOLL_EXTRACTORS_HEAD_H_
#define PROTOKOLL_EXTRACTORS_HEAD_H_

#include <string>
#include <string_view>
#include <vector>

#include "extractors/normalize.h"
#include "extractors/people.h"

namespace protokoll::extractors {

struct ProtocolHead {
  std::string body;          // "Kommunstyrelsen", "Barn- och utbildningsnämnden"; empty if none
  std::string meeting_date;  // ISO; empty if none
  int body_page = 0, date_page = 0;
  // Who took part: from the meeting's front page and attendance list, the election of adjusters
  // and the signature block (pipeline/document.cc reads it over the meeting's items too).
  Attendance attendance;
};

ProtocolHead ReadHead(const std::vector<Line>& preamble, const std::vector<Line>& furniture);

// The organ a § label's prefix stands for ("Ks" → "Kommunstyrelsen", "KF" →
// "Kommunfullmäktige", "BUN" → "Barn- och utbildningsnämnden"); empty when unknown.
std::string OrganFromPrefix(std::string_view prefix);

// The first organ name in a line ("Kultur- och fritidsnämnden", "Kommunstyrelsens
// arbetsutskott"), capitalised; empty if none.
std::string FindOrganName(std::string_view line);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_HEAD_H_
