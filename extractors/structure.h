// The parts of a protocol around its items: meeting heads, lists that repeat the items
// (contents, agenda, ärendelista) and closing blocks. Pure functions of clean lines; the
// segmenter (segment.cc) makes the document-level choices with them.
#ifndef PROTOKOLL_EXTRACTORS_STRUCTURE_H_
#define PROTOKOLL_EXTRACTORS_STRUCTURE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/normalize.h"

namespace protokoll::extractors {

// A heading sentence that names a meeting: "Protokoll, hållet vid Kommunalstämma med Fors
// socken i Sockenstugan den 14 Mars 1877.", "Protokoll fört vid sammanträde med
// kommunalnämnden den 3 maj 1921", "Sammanträde med socialnämnden 1962-05-14". It starts a line
// and may run over a few lines (old minutes break it anywhere); it is a noun phrase, not a
// sentence about an earlier protocol ("Protokollet från förra sammanträdet upplästes").
struct MeetingHead {
  size_t first_line = 0, last_line = 0;  // the lines it spans, inclusive
  std::string date;                      // ISO; empty when the sentence has no full date
  int date_page = 0;
  std::string text;                      // the sentence, lines joined
};
std::optional<MeetingHead> ParseMeetingHead(const std::vector<Line>& lines, size_t i);

// A line that is a date and nothing else ("{den 12 Januari 1891}", "1895, den 22 April",
// "Sammanträde 2011-06-16"): a protocol head's dateline, or a transcription's running head.
bool IsDateLine(std::string_view line);

// A line that starts the block closing a meeting's minutes: "Som ofvan", "År och dag som ovan",
// "Justeradt", "Uppläst och godkändt", "Vid protokollet", "In fidem", "Anslagsbevis",
// "Förestående protokoll upplästes i … kyrka". Its dates and names belong to no item.
bool StartsClosingBlock(std::string_view line);

// A heading that announces a list of the items: "Innehållsförteckning", "Ärendelista",
// "Föredragningslista", "Dagordning", "Ärenden", "Paragraf Ärende Sida".
bool IsListHeading(std::string_view line);

// Leaders (dots, spaced dots, underscores, or the letter debris OCR makes of them) or a page
// reference at the end of a line: the line is an entry of a contents list.
bool HasListTail(std::string_view line);

// A line that is page furniture left in the text: a running head ("Sammanträdesprotokoll",
// "Justerandes sign", "Utdragsbestyrkande", "Sida 3 av 12", "KUMLA KOMMUN").
bool LooksLikeFurniture(std::string_view line);

// A heading in capitals that may stand above its item's label ("KONSTATERA LAGLIGHET OCH
// BESLUTFÖRHET" / "Kst 25 Konstatera …", "SAMMANTRÄDETS ÖPPNANDE" / "1 §"): letters in capitals,
// no digits, not page furniture and not an organ's or a place's name (a running head).
bool IsCapitalsHeading(std::string_view line);

// Text that opens a sentence of the record rather than a heading: its first word is the
// record's verb in the passive or past of old minutes ("Föredrogs …", "Antecknades att …",
// "Utsågos …", "Biföll nämnden …"), or a clause opener ("Med anledning af …", "Sedan …",
// "Då …", "Och beslöts …"), or a preposition leading into a clause whose verb is such a verb
// ("Till Sexman valdes …", "Vid uppsummering af … erhöll …", "Åt Drätselkammaren uppdrogs …").
// A heading ("Budget 2017", "Val av justerare", "Motion om …") is a noun phrase: none of these.
bool BeginsClause(std::string_view text);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_STRUCTURE_H_
