// Who decided, and how: the meeting's attendance (present, chair, secretary, adjusters) and, per
// § item, the motions (yrkanden), the vote, the reservations, the statements
// (protokollsanteckningar) and the conflicts of interest (jäv).
//
// Pure functions of text, like the other extractors: no I/O, no globals; safe from many threads.
// Every value carries the page it was read from. Names are kept as written with the titles in
// front of them dropped ("tjänstgörande ersättaren Johannes Hulter" → "Johannes Hulter",
// "Nämndemannen A. Persson" → "A. Persson"); a party is kept as printed and as a code
// (PartyCode). Nothing found is an empty result, never an error.
#ifndef PROTOKOLL_EXTRACTORS_PEOPLE_H_
#define PROTOKOLL_EXTRACTORS_PEOPLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/normalize.h"

namespace protokoll::extractors {

// The code of a Swedish party as protocols print it: "(s)", "S", "Socialdemokraterna" → "S";
// "fp", "FP", "Folkpartiet", "Liberalerna" → "L"; "moderata samlingspartiets" → "M"; a local
// party's letters upper-cased as written ("SPI", "siv" → "SIV"). Empty when `written` is no
// party (a number, a word of the text).
std::string PartyCode(std::string_view written);

struct Person {
  std::string name;           // as written, titles dropped
  std::string party;          // PartyCode; empty when none is printed (old minutes)
  std::string party_written;  // as printed: "fp", "SD"; empty when none
  // ordförande | vice ordförande | ledamot | tjänstgörande ersättare | ersättare | sekreterare |
  // justerare | övrig; empty where the text gives none.
  std::string role;
  std::string title;           // an official's title as written: "kommunchef"
  std::string substitute_for;  // a serving ersättare's member ("ersättare för Sven Emilsson")
  std::string paragraphs;      // the items attended when not all ("1-10", "§ 105 - § 106")
  int page = 0;
};

struct Attendance {
  std::vector<Person> present;  // everyone taking part, chair, secretary and adjusters included
  std::optional<Person> chair, secretary;
  std::vector<Person> adjusters;  // justerare
  bool empty() const { return present.empty() && !chair && !secretary && adjusters.empty(); }
};

// The attendance of one meeting from its head (the front page and attendance list: `head`) and
// its items' text (`items`, all lines of the meeting's items in order: the election of adjusters
// in § 1, "Närvarande var …" written into an item, the signature block after the last item).
Attendance ReadAttendance(const std::vector<Line>& head, const std::vector<Line>& items);

// The heading of an attendance table printed after the protocol ("NÄRVAROFÖRTECKNING", the
// Riksdag committees'): ReadAttendance reads the table under it whole.
bool IsAttendanceTableHeading(std::string_view line);

// bifall | avslag | återremiss | bordläggning | ändring | tillägg | other
struct Motion {
  std::string name, party;
  std::string kind;
  std::string text;  // what was moved, as written ("bifall till arbetsutskottets förslag")
  bool supports = false;  // "instämmer", "biträder": joins another's motion
  int page = 0;
};

struct VoteCast {
  std::string name, party;
  std::string vote;  // ja | nej | avstår
};

struct Vote {
  std::string method;  // "omröstning" (a vote was called for) or "acklamation" (propositions only)
  // The counts as printed; none when the vote was called for but its result is not printed.
  std::optional<int> ja, nej, avstar, franvarande;
  std::string proposition;       // the voting proposition as printed ("Ja för bifall till …")
  std::vector<VoteCast> roll_call;  // each member's vote when the protocol lists them
  int page = 0;
  bool counted() const { return ja.has_value() || nej.has_value(); }
};

struct Reservation {
  std::string name;   // empty for a party group ("Sverigedemokraterna reserverade sig")
  std::string party;
  std::string in_favour_of;  // "eget yrkande", "Eva Ströms yrkande"; empty when not said
  bool written = false;      // a written reservation (skriftlig, bilaga)
  int page = 0;
};

// A protokollsanteckning: a member's or a party group's note entered in the protocol ("Per
// Persson (SD) lämnar följande protokollsanteckning: …", "Representanterna från M, L och KD
// antecknar som yttrande en skrivelse från den 6 februari 2024"). Not dissent: a statement does
// not make the decision less unanimous.
struct Statement {
  std::string name;  // empty for a party group ("Socialdemokraterna lämnar en protokollsanteckning")
  std::string party;
  // The statement as printed ("Om jag hade fått rösta hade jag bifallit …", "deltar inte i
  // beslutet"); for a written one, where it is ("skrivelse från den 6 februari 2024", "bilaga 3");
  // empty when neither is printed. At most about 2,000 bytes, cut at a word with "…".
  std::string text;
  bool written = false;  // handed in written: a skrivelse, a bilaga, "skriftlig"
  int page = 0;
};

struct Conflict {
  std::string name, party;
  int page = 0;
};

struct Proceedings {
  std::vector<Motion> motions;
  std::optional<Vote> vote;
  std::vector<Reservation> reservations;
  std::vector<Statement> statements;
  std::vector<Conflict> conflicts;
  // True where the protocol says so ("enhälligt"); false where a vote was counted with votes
  // against, or someone reserved themselves (a statement is no dissent); otherwise empty (nothing contrary is recorded, which
  // the caller may read as unanimous).
  std::optional<bool> unanimous;
};

// What the item's text records about how it was decided. `paragraph` is the item's own § number:
// a conflict announced for another item ("anmäler jäv under paragraf 206") is not this item's.
Proceedings ReadProceedings(const std::vector<Line>& lines, int paragraph);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_PEOPLE_H_
