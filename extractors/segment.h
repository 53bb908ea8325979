// Segmentation: clean lines → § items, each with its sections.
//
// Pure functions. A § header starts a line ("Ks § 39", "§ 39", "§39", "§ 7.", "KF § 12",
// "BUN § 45", "§ 5 Title", "§ 1 Dnr KS …", "§§ 3–4"); a § inside running text is a reference.
// Candidates are chosen as the best chain of increasing numbers, so references at a line start
// ("§ 187" quoted in another item) and tables of contents do not split items.
#ifndef PROTOKOLL_EXTRACTORS_SEGMENT_H_
#define PROTOKOLL_EXTRACTORS_SEGMENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/normalize.h"
#include "extractors/paragraf.h"

namespace protokoll::extractors {

enum class SectionKind {
  kDecision,      // "Beslut", "Kommunstyrelsens beslut", "<Organ>s beslut"
  kProposal,      // "Förslag till beslut", "Arbetsutskottets förslag"
  kSummary,       // "Sammanfattning av ärendet", "Ärendebeskrivning", "Ärendet", "Bakgrund"
  kBasis,         // "Beslutsunderlag", "Handlingar"
  kClaims,        // "Yrkanden"
  kVoting,        // "Propositionsordning", "Omröstning"
  kReservation,   // "Reservation"
  kNote,          // "Protokollsanteckning", "Särskilt yttrande"
  kDistribution,  // "Beslutet skickas till", "Expedieras till"
  kOther,         // other known headings ("Jäv", "Bedömning", …)
};
const char* SectionKindName(SectionKind k);

struct Heading {
  SectionKind kind;
  std::string rest;  // text after "Heading:" on the same line, if any
};
// Classifies a line that is a section heading on its own (optionally "Heading: text").
std::optional<Heading> ClassifyHeading(std::string_view line);
bool IsSectionHeading(std::string_view line);

struct Section {
  SectionKind kind;
  size_t heading_line;  // index into Item::lines
  size_t begin, end;    // content lines [begin, end), inline text after the heading included
  std::string inline_text;
};

struct Item {
  ParagraphHeader header;
  int meeting = 0;          // index into Segmented::meetings
  std::vector<Line> lines;  // lines[0] is the header line (or a Dnr line moved before it)
  size_t header_line = 0;   // index of the § line in `lines`
  std::vector<Section> sections;
  // The document records its items as narrative, with no section headings in any item (old
  // minutes: "Till revisorer valdes …", "Beslöts att …"): the item's text is the record of
  // what was done.
  bool narrative = false;
};

// One meeting inside a file: a bound volume holds many, each with its own head (a front page,
// a heading sentence naming the meeting and its date, or a change of the running page header).
struct Meeting {
  std::vector<Line> preamble;  // its front page / protocol head (lines before its first §)
  size_t first_item = 0;       // index into Segmented::items
  int first_page = 1;
  int last_page = 1;           // the page of its last item's last line
  std::string head_date;       // ISO date from its own head sentence or page header; may be empty
  int head_date_page = 0;
};

// A line that could have started an item and did not, with the reason: nothing is dropped
// silently; `review` shows these.
struct Rejected {
  size_t line = 0;  // index into the segmenter's lines
  int page = 1;
  std::string text;
  std::string reason;
};

struct Segmented {
  std::vector<Line> preamble;  // lines before the first § (the first meeting's protocol head)
  std::vector<Item> items;
  std::vector<Meeting> meetings;  // one at least when there are items; [0].preamble == preamble
  HeaderStyle style = HeaderStyle::kSign;  // the header style chosen for the document
  std::vector<std::string> reasons;        // why: one line per decision taken, for review
  std::vector<Rejected> rejected;          // candidates not taken as items, in line order
  size_t text_bytes = 0;        // the text of all lines
  size_t unassigned_bytes = 0;  // text in no item, no meeting's head and no closing block
};

struct SegmentOptions {
  // Pages read by OCR (index page-1): their § headers may have lost the sign (Swedish model).
  std::vector<bool> ocr_pages;
  // The date in each page's running header (index page-1; empty where none): a change of it
  // between pages starts a new meeting.
  std::vector<std::string> page_header_dates;
};

Segmented Segment(const std::vector<Line>& lines, const SegmentOptions& options = {});

const char* HeaderStyleName(HeaderStyle s);

// Lines longer than this are a flattened page (a re-publisher put a page on one line).
constexpr size_t kFlatLineBytes = 300;
// Cuts flattened lines where an item label, a sentence or a section heading begins; other
// lines are returned as they are.
std::vector<Line> Unflatten(const std::vector<Line>& lines);

// Length in bytes of the title at the start of `rest` when the rest runs on into body text
// with no line break ("Anmälda förhinder och upprop Förhinder har anmälts …" → the first four
// words): the title ends where a capitalised word follows a word that cannot end a title
// phrase's middle, where an upper-case title turns to mixed case, or at a section heading.
size_t RunOnTitleLength(std::string_view rest);

// True when the line starts a protocol's front page ("Plats och tid", "Beslutande", "Utses
// att justera", "Närvarande", "Sammanträdesdatum" …).
bool IsFrontPageMarker(std::string_view line);
// 2 for a labelled front-page field ("Plats och tid …", "Beslutande …"), 1 for a bare label
// on its own line ("Plats", "Datum"), 0 for anything else.
int FrontPageMarkerStrength(std::string_view line);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_SEGMENT_H_
