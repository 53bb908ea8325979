// The decision of a § item (not the proposal) and the joining of wrapped lines into paragraphs.
#ifndef PROTOKOLL_EXTRACTORS_DECISION_H_
#define PROTOKOLL_EXTRACTORS_DECISION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/segment.h"

namespace protokoll::extractors {

// Wrapped lines of [begin, end) joined into paragraphs: lines of one paragraph by a space
// (a list entry — "1.", "a)", "-", "•", "att" — starts a new line), paragraphs by "\n".
std::string JoinParagraphs(const std::vector<Line>& lines, size_t begin, size_t end);

struct Decision {
  std::string text;
  int page = 0;  // page of its first line
};

// From the first non-empty decision section ("Beslut", "<Organ>s beslut"), minus a "På förslag
// av …:" lead-in; failing that, the sentences in which an organ "beslutar att", "beslutade att",
// "beslöt att" (not where somebody proposes that it does), or the old "lades till handlingarna".
std::optional<Decision> ExtractDecision(const Item& item, size_t body_start = 0);

// True when the sentence records a decision rather than a proposal or a claim.
bool IsDecisionSentence(std::string_view sentence);

// Where a decision that restates its heading's action as a verb begins in a label's line
// ("Fastställande av dagordning att fastställa dagordningen", "Godkännande av dagordning godkänna
// dagordningen", "Val av sekreterare välja …"); npos when there is none.
size_t RestatedDecisionStart(std::string_view label_rest);

// A sentence told in the past, as a record of what a meeting did is ("Mötet öppnades av …",
// "Nämnden bestred …", "… skulle öfverklagas"), or with the meeting's "skall".
bool TellsInThePast(std::string_view sentence);

// True when the sentence is the chair's procedure ("ställer proposition", "prövar … och finner
// att"): a decision only where nothing else records one.
bool IsProcedureSentence(std::string_view sentence);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_DECISION_H_
