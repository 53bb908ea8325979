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
  std::vector<Line> lines;  // lines[0] is the header line (or a Dnr line moved before it)
  size_t header_line = 0;   // index of the § line in `lines`
  std::vector<Section> sections;
};

struct Segmented {
  std::vector<Line> preamble;  // lines before the first § (the protocol head)
  std::vector<Item> items;
};

struct SegmentOptions {
  // Pages read by OCR (index page-1): their § headers may have lost the sign (Swedish model).
  std::vector<bool> ocr_pages;
};

Segmented Segment(const std::vector<Line>& lines, const SegmentOptions& options = {});

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_SEGMENT_H_
