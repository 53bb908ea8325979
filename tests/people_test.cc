// Who decided, and how: attendance, motions, votes, reservations and jäv, in the shapes real
// protocols print them (the examples are taken from tests/corpus/votes and the phrasing there),
// with the look-alikes that must not count: elections' "röster", jäv announced for another item,
// a party group that is no person.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "extractors/people.h"
#include "extractors/name_lexicon.h"
#include "extractors/text.h"

using namespace protokoll::extractors;

namespace {

std::vector<Line> Lines(const std::string& text, int page = 1) {
  std::vector<Line> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back({l, page, false});
  return out;
}

// The chair ReadAttendance finds in items alone ("-": none).
std::string ChairIn(const std::string& items) {
  Attendance a = ReadAttendance({}, Lines(items));
  return a.chair ? a.chair->name : std::string("-");
}

// The chair and the secretary ReadAttendance found, "chair | secretary" ("-": none).
std::string Officers(const Attendance& a) {
  return (a.chair ? a.chair->name : std::string("-")) + " | " + (a.secretary ? a.secretary->name : std::string("-"));
}

std::string Names(const std::vector<Person>& ps) {
  std::string out;
  for (const Person& p : ps) out += (out.empty() ? "" : "; ") + p.name + (p.party.empty() ? "" : " (" + p.party + ")");
  return out;
}

}  // namespace

TEST_CASE("people: party codes as protocols print them") {
  const std::pair<const char*, const char*> cases[] = {
      {"S", "S"},   {"(s)", "S"},   {"fp", "L"},  {"FP", "L"},          {"L", "L"},
      {"MP", "MP"}, {"mp", "MP"},   {"kd", "KD"}, {"SD", "SD"},         {"c", "C"},
      {"SPI", "SPI"}, {"siv", "SIV"}, {"MP-gruppen", "MP"}, {"Sverigedemokraterna", "SD"},
      {"moderata samlingspartiets", "M"}, {"folkpartiets", "L"}, {"Socialdemokraterna", "S"}, {"vpk", "V"},
  };
  for (const auto& c : cases) {
    const char* written = c.first;  // (not a structured binding: CAPTURE's lambda takes it)
    CAPTURE(written);
    CHECK(PartyCode(written) == c.second);
  }
  // Not parties: words and numbers in brackets, a name in mixed case.
  for (const char* w : {"2", "bilaga 1", "ej", "Berg", "Lindell", "samk", "SOU 2016:5"}) {
    CAPTURE(w);
    CHECK(PartyCode(w).empty());
  }
}

TEST_CASE("people: a front page's labels, a list with parties, a signature block in columns") {
  // Sunne kommunfullmäktige 2011 (docplayer text: one line a page).
  const std::string head =
      "1 (21) Plats och tid Frykensalen, biblioteket i Sunne, kl 19:00-21:45 Paragrafer Beslutande Se sid 2 71-85 "
      "Övriga närvarande Olle Edgren, kommunchef Gunilla Nyström, kommunsekreterare Utses att justera Jörn Okan och "
      "Tobias Eriksson Justeringens plats och tid Kommunkansliet, Sunne, 2011-04-04, kl 08:00 Underskrifter "
      "Sekreterare Ordförande Justerande Gunilla Nyström Karl-Johan Adolfsson Jörn Okan Tobias Eriksson ANSLAG/BEVIS "
      "Protokollet är justerat.\n"
      "2 (21) Beslutande Ledamöter: Ola Persson (C) Anna-Greta O Berggren (C) Jörn Okan (M) Marianne Åhman (FP) Runar Filper (SD) "
      "Tjänstgörande ersättare: Tomas Ögren (C), ersättare för Sven Emilsson (C) Hans Widlund (M), ersättare för "
      "Henrik Frykberger (M)";
  Attendance a = ReadAttendance(Lines(head), {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Karl-Johan Adolfsson");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Gunilla Nyström");
  CHECK(Names(a.adjusters) == "Jörn Okan (M); Tobias Eriksson");
  const std::string present = Names(a.present);
  CAPTURE(present);
  for (const char* who : {"Olle Edgren", "Ola Persson (C)", "Anna-Greta O Berggren (C)", "Marianne Åhman (L)",
                          "Runar Filper (SD)", "Tomas Ögren (C)", "Hans Widlund (M)"})
    CHECK(present.find(who) != std::string::npos);
  // The members replaced are not present.
  CHECK(present.find("Sven Emilsson") == std::string::npos);
  CHECK(present.find("Henrik Frykberger") == std::string::npos);
  for (const Person& p : a.present) {
    if (p.name == "Tomas Ögren") {
      CHECK(p.role == "tjänstgörande ersättare");
      CHECK(p.substitute_for == "Sven Emilsson");
    }
    if (p.name == "Olle Edgren") CHECK(p.title == "kommunchef");
  }
  // Leaders after the names in a signature block are lines to sign on, not part of a name.
  const std::string dotted =
      "Plats och tid Stadshuset, Sessionssalen Beslutande Se förteckning Övriga närvarande Ulla Andersson, sekr "
      "Paragrafer Sekreterare.. Ulla Andersson.. Ordförande.. Olov Säfström… Justerande.. Fatima Bouja";
  Attendance d = ReadAttendance(Lines(dotted), {});
  REQUIRE(d.secretary);
  CHECK(d.secretary->name == "Ulla Andersson");
  REQUIRE(d.chair);
  CHECK(d.chair->name == "Olov Säfström");
}

TEST_CASE("people: one a line with roles beside the names, absences, annotations before and after") {
  const std::string head =
      "Närvarande:\n\nKjell Svensson, ordförande\n\nJessika Hallinger, vice ordförande\n\nRoland Setterberg\n\n"
      "Mia Enmark, sekreterare\n";
  Attendance a = ReadAttendance(Lines(head), {});
  CHECK(Names(a.present) == "Kjell Svensson; Jessika Hallinger; Roland Setterberg; Mia Enmark");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Kjell Svensson");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Mia Enmark");

  // Kumla kommunstyrelse 1996: short column annotations after a comma; "Ej tjg ers" a label.
  Attendance k = ReadAttendance(
      Lines("1 Plats och tid Stadshuset, Storrummet, onsdagen den 29 maj 1996 klockan Beslutande Dan-Åke Moberg, ordf "
            "Björn Eriksson, tjg ers Marianne Arvidsson Rolf Östman Ej tjg ers Sven-Inge Carlsson Eva Blomqvist "
            "Övriga Brittmarie Sandahl, sekr Thage Arvidsson Justerare Torbjörn Ahlin"),
      {});
  REQUIRE(k.chair);
  CHECK(k.chair->name == "Dan-Åke Moberg");
  REQUIRE(k.secretary);
  CHECK(k.secretary->name == "Brittmarie Sandahl");
  for (const Person& p : k.present) {
    CAPTURE(p.name);
    if (p.name == "Björn Eriksson") CHECK(p.role == "tjänstgörande ersättare");
    if (p.name == "Eva Blomqvist") CHECK(p.role == "ersättare");
    if (p.name == "Marianne Arvidsson") CHECK(p.role == "ledamot");
  }
  CHECK(Names(k.adjusters) == "Torbjörn Ahlin");

  // "frånvarande" after a name: not present. "Samtliga ledamöter utom …": absent, not listed.
  Attendance e = ReadAttendance(
      Lines("Beslutande Mikael Selander Susann Fagerström Janne Fagerström, frånvarande Sven-Eric Carlsson"), {});
  CHECK(Names(e.present) == "Mikael Selander; Susann Fagerström; Sven-Eric Carlsson");
  Attendance u = ReadAttendance(
      Lines("Beslutande Samtliga ledamöter utom Håkan Håkansson Ulla Sjöström Tjg suppl Lennart Eriksson Inge Rydh"), {});
  CHECK(Names(u.present) == "Lennart Eriksson; Inge Rydh");
}

TEST_CASE("people: the signature block ends the protocol proper, before an appendix of any length") {
  // A Riksdag committee's protocol (2018): "Vid protokollet" and "Justeras", then its
  // attendance appendix, longer than the block's window.
  std::string items = "§ 3\nNästa sammanträde\nNästa sammanträde äger rum onsdagen den 1 augusti 2018 kl. 13.00.\n"
                      "Vid protokollet\nJohan Eriksson\nJusteras onsdagen den 1 augusti 2018\nAllan Widman\n"
                      "FÖRSVARSUTSKOTTET\nNÄRVAROFÖRTECKNING\nBilaga\ntill protokoll\n2017/18:40\n§ 1-3\n";
  for (int k = 0; k < 12; ++k) items += "N\nV\n";
  items += "LEDAMÖTER\nAllan Widman (L), ordförande\nX\nÅsa Lindestam (S), vice ordförande\nX\n";
  Attendance a = ReadAttendance({}, Lines(items));
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Johan Eriksson");
  // Without an appendix the block is read at the end, as before.
  Attendance b = ReadAttendance({}, Lines("§ 3\nNästa sammanträde äger rum den 1 augusti.\nVid protokollet\nJohan Eriksson\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Johan Eriksson");
}

TEST_CASE("people: officers elected in the items' text, the chair's signature no adjuster's") {
  const std::string items =
      "§ 1\nTill protokolljusterare utsågs enhälligt Carola Juselius och Ann-Britt Gustafsson.\n"
      "§ 2\nFörste vice ordföranden Kersti Py Börjeson (s) och Ulf Fridebäck (fp) utsågs att jämte ordföranden\n"
      "Bo Bladholm (m) justera och expediera dagens protokoll.\n"
      "§ 3\nTill att jemte Ordföranden justera dagens protokoll utsågos Nämndemannen A. Persson och Hemmansegaren P. Jonsson.\n";
  Attendance a = ReadAttendance({}, Lines(items));
  CHECK(Names(a.adjusters) ==
        "Carola Juselius; Ann-Britt Gustafsson; Kersti Py Börjeson (S); Ulf Fridebäck (L); A. Persson; P. Jonsson");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Bo Bladholm");
  CHECK(a.chair->party == "M");

  Attendance s = ReadAttendance(Lines("Beslutande: Malin Åkesson (M), ordförande; Sanna Heikkinen (S)"),
                                Lines("§ 18 Bidrag\nBeslut\nBeviljas.\nVid protokollet\nEmma Norén\nJusteras\nMalin Åkesson Sanna Heikkinen"));
  REQUIRE(s.secretary);
  CHECK(s.secretary->name == "Emma Norén");
  CHECK(Names(s.adjusters) == "Sanna Heikkinen (S)");  // her party from the list above

  // Named only in the prose of the items: the chair, but not a line of the attendance.
  Attendance g = ReadAttendance({}, Lines("Tjänstgörande ordföranden Daniel Bernmar (V) ställer propositioner på yrkandena."));
  REQUIRE(g.chair);
  CHECK(g.chair->name == "Daniel Bernmar");
  CHECK(g.present.empty());
}

TEST_CASE("people: an old closing block — 'Justeradts' with its date, initials glued to the surname, the reading in church") {
  Attendance a = ReadAttendance({}, Lines("§ 4.\nBeslöts att afslå förslaget.\nSom ofvan\n/ A Svedin /\n\n"
                                          "Justeradts d. 25 Maj 1889\n\n/ H.Persson /\n/ C.A.Andersson /\n\n"
                                          "Uppläst från predikstolen i Fors kyrka Söndagen den 26 Maj 1889\naf / J A; Kastengren /\n"));
  CHECK(Names(a.adjusters) == "H. Persson; C. A. Andersson");
  Attendance b = ReadAttendance({}, Lines("§ 2.\nBeslöts.\nJusteradt den 2 April 1881.\nJ.E.Juhlin\nP. Olsson\n"));
  CHECK(Names(b.adjusters) == "J. E. Juhlin; P. Olsson");
}

TEST_CASE("people: a reservation in the old order, its words broken at the lines' ends") {
  Proceedings p = ReadProceedings(Lines("§ 202.\nBeslöts att antaga förslaget.\nMot detta beslut anförde Herr C.A.An-\n"
                                        "dersson sin skriftliga reser-\nvation, hvilken bland bilagorna förvaras."),
                                  202);
  REQUIRE(p.reservations.size() == 1);
  CHECK(p.reservations[0].name == "C. A. Andersson");
  CHECK(p.reservations[0].written);
  // First names shortened as old minutes shorten them ("Th.", "Ch.", "Alfr."), one broken at the line's end.
  Proceedings r = ReadProceedings(Lines("§ 1.\nBeslöts enligt förslaget.\nEmot beslutet reserverade sig Herrar A. Karlsson,\n"
                                        "A. Falk, Th. Boberg, Th. Eng-\nström och C. J. Andberg."),
                                  1);
  REQUIRE(r.reservations.size() == 5);
  CHECK(r.reservations[2].name == "Th. Boberg");
  CHECK(r.reservations[3].name == "Th. Engström");
  // A compound's hyphen before "och" stays: the board keeps its name, and a motion its words.
  Proceedings q = ReadProceedings(Lines("§ 3\nAnna Ek (V) yrkar att ärendet återremitteras till Barn-\noch "
                                        "utbildningsnämnden.\nAnna Ek (V) reserverar sig mot beslutet."),
                                  3);
  REQUIRE(q.motions.size() == 1);
  CHECK(q.motions[0].text.find("Barn- och utbildningsnämnden") != std::string::npos);
  REQUIRE(q.reservations.size() == 1);
}

TEST_CASE("people: a committee's members' 'avvikande mening' is their reservation, a group named by its party") {
  Proceedings p = ReadProceedings(Lines("§ 1\nUtskottet justerade betänkandet.\nSD-ledamöterna anmälde en avvikande mening (bilaga 2)."), 1);
  REQUIRE(p.reservations.size() == 1);
  CHECK(p.reservations[0].name.empty());
  CHECK(p.reservations[0].party == "SD");
  CHECK(p.reservations[0].written);
  Proceedings q = ReadProceedings(Lines("§ 3\nAnna Ek (V) anmälde avvikande mening till förmån för eget yrkande."), 3);
  REQUIRE(q.reservations.size() == 1);
  CHECK(q.reservations[0].name == "Anna Ek");
  CHECK(q.reservations[0].in_favour_of == "eget yrkande");
}

TEST_CASE("people: motions — movers with their party and kind, supporters, a title before the name") {
  const std::string text =
      "§ 42\nNy förskola\nYrkanden\n"
      "Viktoria Tryggvadottir Rolka (S) och Jörgen Fogelklou (SD) yrkar bifall till\n"
      "stadsledningskontorets förslag.\n"
      "Axel Josefson (M) yrkar att ärendet ska återremitteras enligt yrkande från\nM, D, L och KD den 8 januari 2024.\n"
      "Tjänstgörande ersättaren Johannes Hulter (S) yrkar avslag på återremissyrkandet.\n"
      "Maria Berg (KD) instämmer i Axel Josefsons yrkande.\n"
      "Herr Sundqvist yrkade bordläggning av ärendet.\n"
      "Eric Martell yrkar att ansökan avslås.\n"
      "T.f. ekonomichef Håkan Johansson informerar om uppföljningen Daniel Bäckström (c) yrkar att kommunstyrelsen tagit del av informationen.\n";
  Proceedings p = ReadProceedings(Lines(text), 42);
  std::string got;
  for (const Motion& m : p.motions) got += m.name + "/" + m.party + "/" + m.kind + (m.supports ? "+" : "") + "; ";
  CHECK(got ==
        "Viktoria Tryggvadottir Rolka/S/bifall; Jörgen Fogelklou/SD/bifall; Axel Josefson/M/återremiss; "
        "Johannes Hulter/S/avslag; Maria Berg/KD/återremiss+; Sundqvist//bordläggning; Eric Martell//avslag; "
        "Daniel Bäckström/C/other; ");
  // "På förslag av X (P): Ärendet bordläggs": X moved bordläggning.
  Proceedings b = ReadProceedings(Lines("§ 3\nBeslut\n\nPå förslag av Jenny Broman (V):\nÄrendet bordläggs till sammanträdet den 24 januari 2024."), 3);
  REQUIRE(b.motions.size() == 1);
  CHECK(b.motions[0].name == "Jenny Broman");
  CHECK(b.motions[0].kind == "bordläggning");
  // Nouns are no motions: "Yrkande från SD den 12 februari 2024", "Tilläggsyrkande från SD".
  CHECK(ReadProceedings(Lines("§ 4\nHandlingar\nYrkande från SD den 12 februari 2024.\nTilläggsyrkande från SD."), 4).motions.empty());
}

TEST_CASE("people: votes — counts in every phrasing, the roll call, elections are no votes") {
  struct Case {
    const char* text;
    int ja, nej, avstar;
  };
  const Case cases[] = {
      {"Omröstning begärs och verkställs. Med 8 ja-röster mot 5 nej-röster och 2 som avstår beslutar kommunstyrelsen enligt förslaget.", 8, 5, 2},
      {"Omröstningen utfaller med 4 ja-röster, 1 nej-röst och 1 som avstår.", 4, 1, 1},
      // As scans and converters give the words: a dash of another kind, a space, none.
      {"Omröstning begärs. Med 8 ja—röster mot 5 nej - röster beslutar nämnden enligt förslaget.", 8, 5, 0},
      {"Votering begärdes. Med 9 jaröster mot 4 nej röster och 2 som avstod bifölls förslaget.", 9, 4, 2},
      {"Omröstning\nDaniel Bernmar (V), Ingrid Andreae (S) och ordföranden\nJonas Attenius (S) röstar Ja (3).\n"
       "Axel Josefson (M) och Jörgen Fogelklou\n(SD) röstar Nej (2).\nElisabet Lann (KD) avstår från att rösta (1).", 3, 2, 1},
      {"Sedan votering begärts enades BUN om följande voteringsproposition:\nDen som vill stödja Lena Celions yrkande röstar Ja, den som vill stödja Eric Martells yrkande röstar Nej.\nVid omröstningen röstade sju ledamöter Ja, medan sex röstade Nej.", 7, 6, 0},
      {"Sedan omröstning begärts och verkstälts, utföllo 34 röster för bifall och 21 röster för afslag.", 34, 21, 0},
      {"Votering begärs. Efter verkställd votering befinnes 20 ja-röster ha avgivits för kommunstyrelsens förslag och 14 nej-röster för Arne Lunds yrkande. 1 ledamot avstår från att rösta.", 20, 14, 1},
      {"Omröstningsresultat\nLedamot | Ja | Nej | Avstår\nUlla Dahl (S) | X | |\nLisa Blom (M) | | X |\nStefan Hed (SD) | | | X\nEva Ström (V) | X | |", 2, 1, 1},
      // Old minutes: "med N röster mot M" (the decision's side first), a stop after the figures,
      // the figures in brackets after the words, a weighted stämma's thousands, the winner of two
      // proposals counted as ja.
      {"Han skall plikta 2 Kronor, hvilket\nbeslut fattades vid votering med 16 röster mot 11 rö-\nster.", 16, 11, 0},
      {"Sedan votering begärts blef densamma afslagen\nmed 1303 röster mot 188 som afgåfvos för bifall.", 1303, 188, 0},
      {"Härom anställdes votering, hvarvid Stadsf: med 12.\nröster mot 4. beslöto att icke uppskjuta frågan.", 12, 4, 0},
      {"Ordföranden framställde proposition, hvarefter, genom votering med slutna sedlar, afgåfvos fem (5) ja-röster "
       "för antagande och sex\n(6) nej-röster för förkastande af förslaget.", 5, 6, 0},
      {"Wid härefter företagen omröstning utföllo 7 röster för det omedelbara valsättet och 8 röster för det "
       "medelbara, hvilket senare blef stämmans beslut.", 8, 7, 0},
      // A weighted stämma's thousands in groups, parted by a stop (old print), a space, a
      // non-breaking or a thin space.
      {"Sedan votering begärts blef förslaget antaget med 1.832 röster mot 1.203.", 1832, 1203, 0},
      {"Sedan omröstning begärts och verkstälts, utföllo 2 345 röster för bifall och 1\u00a0020 röster för afslag.", 2345, 1020, 0},
      {"Sedan votering begärts blef densamma afslagen med 12\u2009400 röster mot 188.", 12400, 188, 0},
      // The proposals first, each count after its own (the winner, as above, the ja).
      {"Vid däräfter företagen omröstning afgafs för afslag till ansökningen\n1.832 röster och för bifall till förord för "
       "densamma\n2.723 röster.", 2723, 1832, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Proceedings p = ReadProceedings(Lines(std::string("§ 5\n") + c.text), 5);
    REQUIRE(p.vote);
    CHECK(p.vote->method == "omröstning");
    REQUIRE(p.vote->counted());
    CHECK(*p.vote->ja == c.ja);
    CHECK(*p.vote->nej == c.nej);
    CHECK(p.vote->avstar.value_or(0) == c.avstar);
  }
  Proceedings roll = ReadProceedings(Lines(std::string("§ 5\n") + cases[4].text), 5);
  REQUIRE(roll.vote);
  REQUIRE(roll.vote->roll_call.size() == 6);
  CHECK(roll.vote->roll_call[2].name == "Jonas Attenius");
  CHECK(roll.vote->roll_call[4].party == "SD");
  CHECK(roll.vote->roll_call[4].vote == "nej");
  CHECK(roll.vote->roll_call[5].vote == "avstår");

  // The proposition names proposals, not voters.
  Proceedings prop = ReadProceedings(Lines(std::string("§ 5\n") + cases[5].text), 5);
  REQUIRE(prop.vote);
  CHECK(prop.vote->roll_call.empty());

  // An election's votes: no vote on a proposal.
  Proceedings val = ReadProceedings(
      Lines("§ 1.\nVid uppsummering af nu afgifne röster erhöll undertecknad kallelse till Ordförande med högsta antalet "
            "röster 7. Närmast i röstetal voro Hr A J Landström med 6 röster och Hr C A v Sydow med 5 röster."),
      1);
  CHECK(!(val.vote && val.vote->counted()));
  // Propositions without a vote called for: acclamation.
  Proceedings ack = ReadProceedings(Lines("§ 7\nOrdföranden ställer proposition på yrkandena och finner att nämnden bifallit förslaget."), 7);
  REQUIRE(ack.vote);
  CHECK(ack.vote->method == "acklamation");
  CHECK(!ack.vote->counted());
}

TEST_CASE("people: reservations by persons and by party groups, jäv here and for another item") {
  Proceedings p = ReadProceedings(
      Lines("§ 9\nReservation\nMot beslutet reserverar sig Anna Andersson (M) och Maria Berg (KD) till förmån för eget yrkande.\n"
            "Reservation anmäls av Stefan Hed (SD).\n(V)-gruppen reserverar sig mot beslutet.\n"
            "Sverigedemokraterna reserverade sig mot beslutet till förmån för eget yrkande.\n"
            "Kjell Rask (SD) reserverar sig skriftligt, bilaga 1.\n"
            "Häremot reserverade sig Hemmansegaren P. Jonsson.\n"
            "Mot beslutet reserverar sig moderata samlingspartiets och folkpartiets ledamöter."),
      9);
  std::string got;
  for (const Reservation& r : p.reservations) got += r.name + "/" + r.party + (r.written ? "*" : "") + "; ";
  CHECK(got == "Anna Andersson/M; Maria Berg/KD; Stefan Hed/SD; /V; /SD; Kjell Rask/SD*; P. Jonsson/; /M; /L; ");
  CHECK(p.reservations[0].in_favour_of == "eget yrkande");
  CHECK(p.unanimous == false);

  Proceedings j = ReadProceedings(Lines("§ 43\nJäv\nJohan Ek (V) anmäler jäv och deltar inte i handläggningen av ärendet."), 43);
  REQUIRE(j.conflicts.size() == 1);
  CHECK(j.conflicts[0].name == "Johan Ek");
  CHECK(j.conflicts[0].party == "V");
  Proceedings j2 = ReadProceedings(Lines("§ 103\nPå grund av jäv deltar inte Helena Öst (C) i handläggningen av ärendet."), 103);
  REQUIRE(j2.conflicts.size() == 1);
  CHECK(j2.conflicts[0].name == "Helena Öst");
  // Announced under the item about jäv for § 206: not this item's.
  CHECK(ReadProceedings(Lines("§ 183\nOrdföranden Jonas Attenius (S) anmäler jäv under paragraf 206: Val av ombud."), 183).conflicts.empty());
  CHECK(ReadProceedings(Lines("§ 2\nAnmälan om eventuellt jäv\nFöreligger ingen anmälan om jäv."), 2).conflicts.empty());
  // Said to be unanimous, nothing contrary.
  CHECK(ReadProceedings(Lines("§ 10.\nNämnden beslöt enhälligt att bevilja anslaget."), 10).unanimous == true);
}

TEST_CASE("people: more shapes — istf, supporters named with the motion, a claims list, counts per proposal, lower-case column heads") {
  // Ljusdal 2014: "tjg ersättare istf …", ranges of items attended, officials' titles before the name.
  Attendance l = ReadAttendance(
      Lines("Beslutande: Leif Persson (S) ordf Stina Michelson (S) § 62-75\n"
            "Björn Mårtensson (S) ersättare istf Roland Bäckman (S) Kenneth Forssell (V)\n"
            "Övriga deltagande Markus Evensson (S) ej tjg ers\nEkonomichef Nicklas Bremefors § 63-64\n"),
      {});
  const std::string names = Names(l.present);
  CAPTURE(names);
  CHECK(names.find("Roland Bäckman") == std::string::npos);
  for (const Person& p : l.present) {
    if (p.name == "Björn Mårtensson") CHECK(p.substitute_for == "Roland Bäckman");
    if (p.name == "Stina Michelson") CHECK(p.paragraphs == "§ 62-75");
    if (p.name == "Nicklas Bremefors") CHECK(p.title == "ekonomichef");
  }
  // Eslöv 2014: supporters between the verb and the motion; counts per proposal.
  Proceedings e = ReadProceedings(
      Lines("§ 127\nYrkande\nHenrik Wöhlecke (M) yrkar med instämmande av\nIngemar Jeppsson (C) och Daniel Rhodin (FP) att valen ska ske\n"
            "genom majoritetsval.\nVotering begäss.\nOmröstningsresultat\n41 ledamöter röstar för majoritetsval.\n"
            "10 ledamöter röstar för proportionella val.\n"),
      127);
  std::string got;
  for (const Motion& m : e.motions) got += m.name + "/" + m.party + (m.supports ? "+" : "") + "; ";
  CHECK(got == "Henrik Wöhlecke/M; Ingemar Jeppsson/C+; Daniel Rhodin/L+; ");
  REQUIRE(e.vote);
  REQUIRE(e.vote->counted());
  CHECK(*e.vote->ja == 41);
  CHECK(*e.vote->nej == 10);
  // Östersund 2012: "Name, party: what is moved" under Yrkande.
  Proceedings o = ReadProceedings(
      Lines("§ 56\nYrkande\n\nPär Löfstrand, fp: Motionen bifalls.\n\nAnnSofie Andersson, s: Motionen avslås.\n\nProposition\n"
            "Ordförande ställer proposition på Pär Löfstrands och AnnSofie Anderssons yrkanden.\n"),
      56);
  got.clear();
  for (const Motion& m : o.motions) got += m.name + "/" + m.party + "/" + m.kind + "; ";
  CHECK(got == "Pär Löfstrand/L/bifall; AnnSofie Andersson/S/avslag; ");
  // Eckerö 2017: a signature block's column heads in lower case; Piratpartiet: "X valdes till mötesordförande".
  Attendance k = ReadAttendance(Lines("Paragrafer Underskrifter ordförande sekreterare Mikael Selander Arsim Zekaj Protokolljustering"), {});
  REQUIRE(k.chair);
  CHECK(k.chair->name == "Mikael Selander");
  REQUIRE(k.secretary);
  CHECK(k.secretary->name == "Arsim Zekaj");
  Attendance p = ReadAttendance({}, Lines("Val av mötesordförande Anton Nordenfur valdes enhälligt till mötesordförande."));
  REQUIRE(p.chair);
  CHECK(p.chair->name == "Anton Nordenfur");
  // A lower-case role after a name is no label: "Kjell Svensson, ordförande".
  CHECK(ReadAttendance(Lines("Närvarande: Kjell Svensson, ordförande Mia Enmark"), {}).present.size() == 2);
}

namespace {

// "name/party/text[*]" per statement, '*' for a written one.
std::string Statements(const Proceedings& p) {
  std::string out;
  for (const Statement& s : p.statements) out += s.name + "/" + s.party + "/" + s.text + (s.written ? "*" : "") + "; ";
  return out;
}

}  // namespace

TEST_CASE("people: statements (protokollsanteckningar) — Göteborg's, by persons and party groups, written or printed") {
  // Göteborg 2024: a party group's written statement, one per party; a person's printed and
  // written ones under "Protokollsanteckningar"; a record of not taking part under the heading.
  Proceedings g = ReadProceedings(
      Lines("§ 98\nPropositionsordning\nKommunstyrelsen beslutar först att bifalla stadsledningskontorets förslag.\n\n"
            "Protokollsanteckning\n\nRepresentanterna från M, L och KD antecknar som yttrande en skrivelse från\n"
            "den 6 februari 2024.\n\nProtokollsutdrag skickas till\nKF Handling 2024 nr 28\n"),
      98);
  CHECK(Statements(g) == "/M/skrivelse från den 6 februari 2024*; /L/skrivelse från den 6 februari 2024*; "
                         "/KD/skrivelse från den 6 februari 2024*; ");
  // A statement is no dissent.
  CHECK(g.unanimous != false);
  Proceedings b = ReadProceedings(
      Lines("§ 102\nKommunstyrelsen\n\nProtokollsanteckningar\n\nProtokoll nr 4\nSammanträdesdatum: 2024-02-07\n\n"
            "Emmyly Bönfors (C) antecknar följande till protokollet: Om jag hade fått rösta hade jag\n"
            "bifallit yrkande från S, V, MP, särskilt yttrande C.\n"
            "Emmyly Bönfors (C) antecknar som yttrande en skrivelse från den 1 februari 2024.\n\n"
            "Reservationer\n\nJörgen Fogelklou (SD) reserverar sig mot beslutet till förmån för det egna yrkandet.\n"),
      102);
  CHECK(Statements(b) == "Emmyly Bönfors/C/Om jag hade fått rösta hade jag bifallit yrkande från S, V, MP, särskilt yttrande C; "
                         "Emmyly Bönfors/C/skrivelse från den 1 februari 2024*; ");
  REQUIRE(b.statements.size() == 2);
  CHECK(b.reservations.size() == 1);
  Proceedings d = ReadProceedings(
      Lines("§ 106\nProtokollsanteckningar\n\nAxel Josefson (M), Axel Darvik (L) och tjänstgörande ersättaren\n"
            "Nina Miskovsky (M) deltar inte i beslutet.\n\nProtokollsutdrag skickas till\nKF Handling 2024 nr 23\n"),
      106);
  CHECK(Statements(d) == "Axel Josefson/M/deltar inte i beslutet; Axel Darvik/L/deltar inte i beslutet; "
                         "Nina Miskovsky/M/deltar inte i beslutet; ");
  // The same sentence under another heading is no statement (and no jäv).
  CHECK(ReadProceedings(Lines("§ 106\nYrkanden\n\nAxel Josefson (M) och Axel Darvik (L) deltar inte i beslutet.\n"), 106).statements.empty());
}

TEST_CASE("people: statements in the phrasings of other protocols") {
  struct Case {
    const char* text;
    const char* want;
  };
  const Case cases[] = {
      {"Per Persson (SD) lämnar följande protokollsanteckning: Vi anser att taxan är för hög.",
       "Per Persson/SD/Vi anser att taxan är för hög; "},
      {"Anna Ek (V) får lämna en protokollsanteckning, bilaga 3.", "Anna Ek/V/bilaga 3*; "},
      // Göteborg: two written ones at once; a local party of one letter, not a party code.
      {"Emmyly Bönfors (C) antecknar som yttrande två skrivelser från den 16 februari 2024 och\nden 21 februari 2024.",
       "Emmyly Bönfors/C/skrivelser från den 16 februari 2024 och den 21 februari 2024*; "},
      {"Martin Wannholt (D) antecknar som yttrande en skrivelse från den 12 juni 2024.",
       "Martin Wannholt//skrivelse från den 12 juni 2024*; "},
      {"Socialdemokraterna lämnar en protokollsanteckning.", "/S/; "},
      {"Ledamoten Karl Berg (C) begär att få följande antecknat till protokollet: Jag har inte fått handlingarna i tid.",
       "Karl Berg/C/Jag har inte fått handlingarna i tid; "},
      // The secretary's sentence after it is no part of the words.
      {"Till protokollet antecknas följande från Miljöpartiet: Planen saknar en klimatbedömning.\n"
       "Noteras att Olle Ström (MP) lämnade sammanträdet kl 15.40. Antecknas att förvaltningschefen redogjorde för läget.",
       "/MP/Planen saknar en klimatbedömning; "},
      {"Lisa Holm (M) önskar få antecknat till protokollet att hon inte deltagit i beredningen.",
       "Lisa Holm/M/att hon inte deltagit i beredningen; "},
      {"Herr Gösta Lund (m) anhöll att till protokollet få antecknat, att han icke ansåg frågan utredd.",
       "Gösta Lund/M/att han icke ansåg frågan utredd; "},
      {"Till protokollet antecknas följande från Liberalerna: Vi välkomnar utredningen men saknar en tidplan.",
       "/L/Vi välkomnar utredningen men saknar en tidplan; "},
      {"M-, L- och KD-gruppen lämnar en skriftlig protokollsanteckning.", "/M/*; /L/*; /KD/*; "},
      {"Protokollsanteckning lämnas av Sverigedemokraterna, bilaga 2.", "/SD/bilaga 2*; "},
      {"Protokollsanteckning från Olle Ström (MP): Beslutet borde ha föregåtts av samråd.",
       "Olle Ström/MP/Beslutet borde ha föregåtts av samråd; "},
      {"Protokollsanteckning: Vänsterpartiet anser att förslaget saknar finansiering.\nAnna Ek (V)",
       "Anna Ek/V/Vänsterpartiet anser att förslaget saknar finansiering; "},
      // The printed words over two sentences, up to the next member's sentence.
      {"Jan Ek (S) lämnar följande protokollsanteckning: ”Vi stöder förslaget. Men tidplanen är för kort.”\n"
       "Eva Lund (KD) instämmer i protokollsanteckningen.",
       "Jan Ek/S/Vi stöder förslaget. Men tidplanen är för kort; Eva Lund/KD/Vi stöder förslaget. Men tidplanen är för kort; "},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Proceedings p = ReadProceedings(Lines(std::string("§ 12\n") + c.text), 12);
    CHECK(Statements(p) == c.want);
    CHECK(p.unanimous != false);
  }
}

TEST_CASE("people: no statement — the secretary's record, the chair's proposition, an appendix's running head") {
  const char* const none[] = {
      "Antecknas att kommunstyrelsen informerats om läget.",
      "Noteras att Per Persson (SD) inte var närvarande.",
      "Det antecknas att dagens sammanträde med kommunfullmäktige i laga ordning kungjorts.",
      "Delredovisning av kommunfullmäktiges uppdrag antecknas.",
      "Tjänstgörande ordföranden Daniel Bernmar (V) antecknar Karin Pleijels yrkande som Ja-proposition i huvudvoteringen.",
      "Yrkanden\n\nAnna Ek (V) yrkar bifall till förslaget.",
  };
  for (const char* t : none) {
    CAPTURE(t);
    CHECK(ReadProceedings(Lines(std::string("§ 4\n") + t), 4).statements.empty());
  }
  // An appendix page carries the statement's full text under the running head
  // "Protokollsanteckningar": the statement is the one its author entered, not a second one,
  // and the prose under the head names no authors.
  std::vector<Line> lines = Lines(
      "§ 98\nProtokollsanteckning\n\nRepresentanterna från M, L och KD antecknar som yttrande en skrivelse från\n"
      "den 6 februari 2024.\n",
      12);
  for (const Line& l : Lines(
           "Protokollsanteckningar\nKommunstyrelsen 2024-02-07\nYttrande angående studentstadsstrategi (M, L, KD)\n\n"
           "Vi i Moderaterna, Liberalerna och Kristdemokraterna välkomnar strategin. Moderaterna har länge drivit frågan.\n"
           "Liberalerna instämmer i att en koordinator behövs. Kristdemokraterna deltar inte i beslutet om finansieringen.\n",
           13))
    lines.push_back(l);
  Proceedings a = ReadProceedings(lines, 98);
  CHECK(Statements(a) == "/M/skrivelse från den 6 februari 2024*; /L/skrivelse från den 6 februari 2024*; "
                         "/KD/skrivelse från den 6 februari 2024*; ");
  for (const Statement& s : a.statements) CHECK(s.page == 12);
}

TEST_CASE("people: a statement's text is clipped at a word, whole UTF-8") {
  std::string words;
  for (int i = 0; i < 600; ++i) words += "åäö ";
  Proceedings p = ReadProceedings(Lines("§ 3\nPer Persson (SD) lämnar följande protokollsanteckning: " + words + "slut."), 3);
  REQUIRE(p.statements.size() == 1);
  const std::string& t = p.statements[0].text;
  CHECK(t.size() <= 2004);
  CHECK(t.size() > 1500);
  CHECK(t.substr(t.size() - 3) == "\xE2\x80\xA6");
  CHECK(IsValidUtf8(t));
}

TEST_CASE("people: an old closing block — the public reading's witnesses are no adjusters, one adjuster in two spellings is one") {
  // § 1 elects the adjusters in prose; they sign after "Justeradt" with the name spelled
  // otherwise (the signature's spelling is theirs); the two who attest the reading in the church
  // sign after it.
  const std::string items =
      "§.1.\nTill justerare af dagens protokoll utsågos Herrar Andersson och P.E. Wahlqvist.\n\n"
      "§.2.\nBeslöts att bevilja ansökan.\n\nIn fidem\n/O.Berg/\n\nJusteradt den 3 Mars 1891.\n"
      "/C.A.Andersson/\n/P.E.Wahlkvist/\n\nofentligen uppläst den 8 mars 1891, betyga\n/Carl Stål/\n/G.Lind/\n";
  Attendance a = ReadAttendance({}, Lines(items));
  CHECK(Names(a.adjusters) == "C. A. Andersson; P. E. Wahlkvist");  // the signature's spelling
  for (const Person& p : a.present) {
    CHECK(p.name != "Carl Stål");
    CHECK(p.name != "G. Lind");
  }
  // Two people of one surname stay two.
  Attendance b = ReadAttendance({}, Lines("Justeras\n/C.A.Andersson/\n/K.E.Andersson/\n"));
  CHECK(b.adjusters.size() == 2);
}

TEST_CASE("people: the closing formula's signer kept the minutes — a stämma's chair, else the secretary") {
  const std::string stamma_head = "Protokoll, hållet vid Kommunalstäm-\nma med Sunds Socken i Sockenstugan\nden 18 Maj 1889.\n";
  const std::string items =
      "§ 1.\nUtsågos Herrar S.Berg och H.Lind att justera dagens protokoll.\n\n§ 2.\nBeslöts att bevilja anslaget.\n"
      "Som ofvan\n/ A Holm /\n\nJusteradt d. 25 Maj 1889\n\n/ H.Lind /\n/ S Berg /\n";
  Attendance a = ReadAttendance(Lines(stamma_head), Lines(items));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "A Holm");
  CHECK_FALSE(a.secretary);
  // A town council's minutes: the formula is the secretary's.
  Attendance b = ReadAttendance(Lines("Protokoll hållet hos Stadsfullmäktige i Sund den 4 Mars 1871.\n"),
                                Lines("§ 1.\nBeslöts att bevilja anslaget.\n\nIn fidem\n/ C. Strand /\n\nJusteradt\n/ A. Berg /\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "C. Strand");
  CHECK_FALSE(b.chair);
}

TEST_CASE("people: old minutes' motions in the passive, the mover the agent, several in one sentence") {
  const std::string text =
      "§ 7.\nSedan yrkande framställts af Herr J. Lund att frågan skulle uppskjutas till nästa\n"
      "sammanträde, och af Herr Berg yrkats att förslaget skulle\nafStadsf: gillas, skreds till votering.\n"
      "Derefter yrkades af Herr C. A. Ek att förslaget icke skulle gillas.\n";
  Proceedings p = ReadProceedings(Lines(text), 7);
  std::string got;
  for (const Motion& m : p.motions) got += m.name + "/" + m.kind + "; ";
  CHECK(got == "J. Lund/bordläggning; Berg/bifall; C. A. Ek/avslag; ");
  // A passive with no agent names nobody: "det yrkades att …".
  CHECK(ReadProceedings(Lines("§ 8.\nDet yrkades att frågan skulle uppskjutas.\n"), 8).motions.empty());
}

TEST_CASE("people: 'Närvarande samtliga ledamöter förutom …' names the absent, elsewhere 'förutom' is 'besides'") {
  Attendance a = ReadAttendance(Lines("Protokoll den 3 Mars 1890.\n\nNärvarande samtlige\nledamöter förutom Herrar\nA. Berg och C. Ek.\n"), {});
  CHECK(Names(a.present) == "");
  Attendance b = ReadAttendance(Lines("Protokoll den 3 Mars 1890.\n\nNärvarande samtl. Herrar Leda\nmöter med undantag af Herr\nA. Berg\n"), {});
  CHECK(Names(b.present) == "");
  Attendance c = ReadAttendance(Lines("Protokoll den 3 Mars 1890.\n\nNärvarande: förutom ordföranden Herrar A. Berg och C. Ek.\n"), {});
  CHECK(Names(c.present) == "A. Berg; C. Ek");
}

TEST_CASE("people: officers elected in associations' items — compounds, a second office without its verb, 'välja … till', 'Val av …:'") {
  auto read = [](const std::string& items) { return ReadAttendance({}, Lines(items)); };
  Attendance a = read("§ 3\nTill årsmötesordförande valdes Lars Berg och till dess sekreterare Eva Holm.\n");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Lars Berg");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Eva Holm");
  Attendance b = read("§ 2\nBeslutas att välja Eva Holm till kvällens sekreterare.\n§ 3\nBeslutas att välja Per Ek att jämte ordförande justera protokollet.\n");
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Eva Holm");
  CHECK(Names(b.adjusters) == "Per Ek");
  Attendance c = read("§ 2. Val av ordförande för mötet: Ann Lind.\n§ 3. Val av sekreterare för mötet: Bo Ek.\n§ 4. Val av två justerare: Per Ek och Eva Holm.\n");
  REQUIRE(c.chair);
  CHECK(c.chair->name == "Ann Lind");
  REQUIRE(c.secretary);
  CHECK(c.secretary->name == "Bo Ek");
  CHECK(Names(c.adjusters) == "Per Ek; Eva Holm");
  Attendance d = read("§ 1. Att leda dagens förhandlingar valdes som ordförande Konrad Berg, som sekreterare Nils Ek.\n"
                      "§ 2. Docent Lars Lind och fil. mag. Stefan Ny valdes till protokollsjusterare.\n");
  REQUIRE(d.chair);
  CHECK(d.chair->name == "Konrad Berg");
  REQUIRE(d.secretary);
  CHECK(d.secretary->name == "Nils Ek");
  CHECK(Names(d.adjusters) == "Lars Lind; Stefan Ny");
  // An office in the society, not the meeting's: "Till ordförande i föreningen valdes direktör Ek".
  CHECK_FALSE(read("§ 5\nTill ordförande i föreningen valdes direktör Ek.\n").chair.has_value());
}

TEST_CASE("people: who opens the meeting chairs it when no chair is named or elected") {
  CHECK(ChairIn("§1 Mötet öppnades af Ordf: broder Österström kl 4 em.\n") == "Österström");
  CHECK(ChairIn("§ 1\nFöreningens ordförande professor Rutger Lind förklarade mötet öppnat.\n") == "Rutger Lind");
  CHECK(ChairIn("§ 1\nCarin Nises ordförande hälsar alla välkomna och öppnar mötet.\n§ 2\nTill mötesordförande valdes Per Ek.\n") == "Per Ek");
}

TEST_CASE("people: the adjusting attested — 'Samma dag uppläst och justeradt', a date before 'justeradt och godkändt'") {
  Attendance a = ReadAttendance({}, Lines("§ 5.\nBeslöts att afslå.\n\nSom ofvan\n/A. Svedin./\n\nDen 2 April 1881 justeradt och godkändt\n\n"
                                          "/P,G, Anderson/\n/A,F, Ericsson/\n\nUppläst i Fors kyrka Söndagen den 10 April 1881 af /Er;Gotth; Åbergh/\n"));
  CHECK(Names(a.adjusters) == "P. G. Anderson; A. F. Ericsson");
  Attendance b = ReadAttendance({}, Lines("§ 3.\nBeslöts.\n/J; E; Berg/\n\nSamma dag uppläst och justeradt\n/Joh, Lind./\n/Nils Ek/\n"));
  CHECK(Names(b.adjusters) == "Joh. Lind; Nils Ek");
}

TEST_CASE("people: who came — a roll call in an item, a participants' list under its heading, 'Herrar' before surnames, a roster without its marks") {
  Attendance a = ReadAttendance({}, Lines("§ 1\n\nFöretogs upprop hvarvid följande personer voro närvarande [Obs. ändrat.]: Anders Berg, Olof Ek och Nils Lind.\n\n§ 2\nBeslöts.\n"));
  CHECK(Names(a.present) == "Anders Berg; Olof Ek; Nils Lind");
  Attendance b = ReadAttendance({}, Lines("§ 5\nRöstlängden godkändes.\n\nDeltagarförteckning (bilaga 2.):\n\nBerg, Karl Johan för Milan 11-22 m.fl.\n"
                                          "Ek, Cindi för Bengts 9-142\nLars Lind\n\n§ 6\nBeslöts.\n"));
  CHECK(Names(b.present) == "Berg, Karl Johan; Ek, Cindi; Lars Lind");
  Attendance c = ReadAttendance(Lines("Den 27 Okt. 1893.\n\nNärvarande: H:rr C.A.Berg,\nStåhle, Frigge och Lindqvist.\n"), {});
  CHECK(Names(c.present) == "C. A. Berg; Ståhle; Frigge; Lindqvist");
  // The roster's presence column without its marks names the members, not who came; with marks it is read.
  Attendance d = ReadAttendance(Lines("N Ä R V A R O L I S T A\nErsättare Närv Eva Berg (s) Per Ek (c)\n"), {});
  CHECK(Names(d.present) == "");
  Attendance e = ReadAttendance(Lines("N Ä R V A R O L I S T A\nErsättare Närv Eva Berg (s) x Per Ek (c) x\n"), {});
  CHECK(Names(e.present) == "Eva Berg (S); Per Ek (C)");
}

TEST_CASE("people: a nämnd's closing formula is signed by its chair, as a stämma's") {
  Attendance a = ReadAttendance(Lines("{1893 den 21 December}\n\nNärvarande voro nämndens samt-\nliga ledamöter.\n"),
                                Lines("§227\nBeslöts att afslå.\n\nSom ofvan\n/A Svedin/\n\nJusteradt\n/Joseph Jonson/\n/H. Persson/\n"));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "A Svedin");
  CHECK_FALSE(a.secretary.has_value());
  CHECK(Names(a.adjusters) == "Joseph Jonson; H. Persson");
}

TEST_CASE("people: a caption under the signature — 'Name Sekreterare', '/signature/' over 'Ordförande i …'") {
  Attendance a = ReadAttendance({}, Lines("§ 4. Styrelsen avslutade sammanträdet.\n\nDag som ovan\n\n"
                                          "Eva Lind Sekreterare Justering. Kurt Berg och Nils Ek\n"));
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Eva Lind");
  Attendance b = ReadAttendance({}, Lines("§. 3.\nBeslöts.\n/J; E; Berg/\nOrdförande i Norra Sockens\nKommunalstämma\n\n"
                                          "Justeradt.\n/O, Lind./\n/P. Ek/\n"));
  REQUIRE(b.chair);
  CHECK(b.chair->name == "J. E. Berg");
  CHECK(Names(b.adjusters) == "O. Lind; P. Ek");
  // Captions over the names, as most blocks print them, are read as before.
  Attendance c = ReadAttendance({}, Lines("§ 9\nBeslut.\n\nSekreterare\nEva Lind\nOrdförande\nPer Ek\n"));
  REQUIRE(c.secretary);
  CHECK(c.secretary->name == "Eva Lind");
  REQUIRE(c.chair);
  CHECK(c.chair->name == "Per Ek");
}

TEST_CASE("people: old minutes' chair — who took the chair's seat, who welcomed, whose hand closed 'År och dag som ofvan'") {
  CHECK(ChairIn("§ 1\nEfter slutad valförrättning intogs ordförandeplatsen af friherre Åkerhielm.\n") == "Åkerhielm");
  CHECK(ChairIn("§ 1\n • 1\n\nHelsade t.f. Förstelandtmätaren H. K. Berg de närvarande välkomna.\n") == "H. K. Berg");
  CHECK(ChairIn("Protokoll hållet vid allmän kyrkostämma\n3o) Utsågos A. Lund och B. Ek att justera protokollet.\n\nÅr och dag som ofvan\nAxel Wahl\n\nUppläst i kyrkan af Axel Wahl\n") == "Axel Wahl");
}

TEST_CASE("people: an association's minutes with no full stops — each § its own sentence, signatures 'Name, office' one a line") {
  Attendance a = ReadAttendance({}, Lines("§3 Val av två justerare tillika rösträknare\nValdes Berit Lund och Åke Berg\n"
                                          "§4 Mötets behöriga utlysande\nMötet ansågs behörigen utlyst\n§5 Godkännande av dagordningen\n"
                                          "Dagordningen godkändes\n§19 Avslutning\nOrdföranden tackade.\n"
                                          "Ingvar Holm, sekreterare\nKerstin Ek, ordförande\nBerit Lund, justerare\n"));
  CHECK(Names(a.adjusters) == "Berit Lund; Åke Berg");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Ingvar Holm");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Kerstin Ek");
  CHECK(Names(a.present) == "Berit Lund; Åke Berg; Ingvar Holm; Kerstin Ek");
}

TEST_CASE("people: front-page forms — the adjusting section's signatures after its place and time, two headings over one column, a roster's parties") {
  Attendance a = ReadAttendance(Lines("Plats och tid Kommunkansliet Beslutande Per Ek (S), ordförande Eva Lundqvist (M) Nils Bergström (C) "
                                      "Underskrifter ordförande sekreterare Per Ek Arsim Holm Protokolljustering Ort och tid Eckerö "
                                      "onsdagen den , kl Eva Lundqvist Nils Bergström."),
                                {});
  CHECK(Names(a.adjusters) == "Eva Lundqvist (M); Nils Bergström (C)");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Per Ek");
  // "Justerare" over a column of names is no adjusting section: its name comes later.
  Attendance b = ReadAttendance(Lines("Beslutande Ledamöter Anna Ek (M), Ordförande Bo Lund (S) Justering Justerare Plats och tid "
                                      "Ulla Sten (M) Carina Berg, kanslichef Underskrifter Sekreterare Carina Berg Ordförande Anna Ek "
                                      "Justerare Bo Lund"),
                                {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Anna Ek");
  CHECK(Names(b.adjusters) == "Bo Lund (S)");
  Attendance c = ReadAttendance(Lines("Beslutande Annika Ek, ordf. Rickard Berg Ulf Holm Övriga deltagande Utses att justera Roland Bång "
                                      "Marianne Lund Stefan Strand Rickard Berg Underskrift Sekreterare Marianne Lund"),
                                {});
  CHECK(Names(c.adjusters) == "Rickard Berg");
  CHECK(Names(c.present) == "Annika Ek; Rickard Berg; Ulf Holm; Roland Bång; Marianne Lund; Stefan Strand");
  // A närvarolista whose marks were lost gives the parties of those named elsewhere, and no one else.
  Attendance d = ReadAttendance(Lines("1 Utses att justera Kjell Kaså och Michael Berg Justeringens plats och tid Stadshuset\n\n"
                                      "2 N Ä R V A R O L I S T A KF Ordinarie ledamot "
                                      "Närv Ersättare Närv Ewa Lund (s) Kjell Kaså (c ) Michael Berg (s)\n"),
                                {});
  CHECK(Names(d.present) == "Kjell Kaså (C); Michael Berg (S)");
}

TEST_CASE("people: officers named before their office — 'Mötet valde A som ordförande och B som sekreterare', 'Som sekreterare … utsågs', 'mötesordf.'") {
  auto officers = [](const std::string& items) {
    Attendance a = ReadAttendance({}, Lines(items));
    return (a.chair ? a.chair->name : std::string("-")) + " / " + (a.secretary ? a.secretary->name : std::string("-"));
  };
  CHECK(officers("§ 2\nMötet valde Gerd Lund som ordförande och Iréne Berg som sekreterare.\n") == "Gerd Lund / Iréne Berg");
  CHECK(officers("§ 1\nStyrelsen konstituerade sig med Tuve Ek som ordförande, Nils Berg som sekreterare.\n") == "Tuve Ek / Nils Berg");
  CHECK(officers("§ 3\nSom sekreterare för mötet utsågs Ilse Holm.\n") == "- / Ilse Holm");
  CHECK(officers("§ 3\nTill sekreterare för mötet utsågs Ilse Holm.\n") == "- / Ilse Holm");
  CHECK(officers("§ 3\nTill sekreterare för mötet utsågs Ilse Holm och till ordförande Per Ek.\n") == "Per Ek / Ilse Holm");
  CHECK(officers("§ 2\nTill ordf. valdes Per Ek och till sekr Per Lund.\n") == "Per Ek / Per Lund");
  Attendance b = ReadAttendance(Lines("Närvarande\nSune Berg X, mötesordf. § 74-88\nEva Lund X\n"), {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Sune Berg");
}

TEST_CASE("people: proposals by their makers — 'på hemställan af X', 'efter framställning av X', 'Förslag … framlades av X', 'Enligt X:s förslag', 'X föreslår'") {
  auto movers = [](const std::string& text) {
    std::string got;
    for (const Motion& m : ReadProceedings(Lines(text), 4).motions) got += m.name + "/" + m.kind + "; ";
    return got;
  };
  CHECK(movers("§ 4\nSedan frågan behandlats beslöts på hemställan af E. A. Berg att en kommitté skulle utses.\n") == "E. A. Berg/other; ");
  CHECK(movers("§ 4\nProtokollet godkändes med den justering, efter framställning av herr Lund, att ordet stryks.\n") == "Lund/ändring; ");
  CHECK(movers("§ 4\nFörslag om anordnande av Gymnastik, framlades av Herr Rickard Ek, och mötet beslöt att bifalla.\n") == "Rickard Ek/other; ");
  CHECK(movers("§ 4\nEnligt Erik Olssons förslag skulle många hjälpa till.\n") == "Erik Olsson/other; ");
  CHECK(movers("§ 4\nLise Berg föreslår att rapporten kompletteras.\n") == "Lise Berg/other; ");
  // A board's proposal is no person's motion; nor is a proposal to someone.
  CHECK(movers("§ 4\nEnligt kommunstyrelsens förslag beslutar fullmäktige att bifalla.\nKommunstyrelsen föreslår fullmäktige att bifalla.\n") == "");
}

TEST_CASE("people: an election by ballot is no vote, and a substitute's heading after a party and a comma is the next name's") {
  Proceedings p = ReadProceedings(Lines("§ 2\nSedan klubban blifvit aflämnad företogs val till vice ordförande, likaledes med sluten omröstning, "
                                        "hvarvid Herr O. Berg kallades med 10 röster.\n"), 2);
  CHECK_FALSE(p.vote.has_value());
  Proceedings q = ReadProceedings(Lines("§ 7\nEfter avslutad debatt företogs omröstning i form av handuppräckning. Förslaget vann med stor majoritet.\n"), 7);
  REQUIRE(q.vote.has_value());
  CHECK(q.vote->method == "omröstning");
  CHECK_FALSE(q.vote->counted());
  Attendance a = ReadAttendance(Lines("Beslutande: Ingrid Lax (S), ordf., Helena Öst (C), tjg ersättare Jonas Tall (V) för Ali Demir (V)\n"), {});
  CHECK(Names(a.present) == "Ingrid Lax (S); Helena Öst (C); Jonas Tall (V)");
}

TEST_CASE("people: roles written after each name, captions under a row of names, 'Vid pennan', particles and 'Inga'") {
  // A list that begins with a name and ends with a role (Vörå 2011's front page): each role is the
  // name's before it, "I viceordförande" included; an official's office elsewhere makes no chair.
  Attendance a = ReadAttendance(
      Lines("Närvarande Ek Per, ordförande Ström Gustav, I viceordförande Lund Gun, II viceordförande Berg Anna-Lena, ledamot "
            "Sand Leena, ledamot Ås Bror, ersättare Övriga närvarande Holm Harry, fullmäktiges ordf. Tall Tom, kommunsekr.\n"),
      {});
  CHECK(Officers(a) == "Ek Per | Tall Tom");
  for (const Person& p : a.present) {
    CAPTURE(p.name);
    if (p.name == "Ström Gustav" || p.name == "Lund Gun") CHECK(p.role == "vice ordförande");
    if (p.name == "Berg Anna-Lena" || p.name == "Sand Leena") CHECK(p.role == "ledamot");
    if (p.name == "Ås Bror") CHECK(p.role == "ersättare");
    if (p.name == "Holm Harry") CHECK(p.role == "övrig");
  }
  // The other order stays: roles before their names ("Ordförande Anna Ek, ledamot Bo Lund").
  Attendance b = ReadAttendance(Lines("Beslutande Ordförande Anna Ek, vice ordförande Bo Lund, ledamot Eva Sten\n"), {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Anna Ek");
  // Captions alone under a row of names (Smålands Stövarklubb 2023): each caption the name above it.
  Attendance c = ReadAttendance({}, Lines("§11 Mötet avslutas.\nOrdföranden tackar och avslutar mötet.\n\n"
                                          "Bengt Lind Roger Ahl\nOrdförande Sekreterare\n\nLisa Berg\nJusterare\n"));
  CHECK(Officers(c) == "Bengt Lind | Roger Ahl");
  CHECK(Names(c.adjusters) == "Lisa Berg");
  // Captions over the names, the secretary "Vid pennan" (Nyhems storlicensområde 2002).
  Attendance d = ReadAttendance({}, Lines("13 Ordförande förklarar mötet avslutat.\n\nVid pennan Ordförande Justeras\n\n"
                                          "Leif Holm Tommy Ek Peter Sand\n"));
  CHECK(Officers(d) == "Tommy Ek | Leif Holm");
  CHECK(Names(d.adjusters) == "Peter Sand");
  // The adjusters as the object of an active verb ("KST 288 valde Blusi Anna-Lena och Granlund Gun
  // till protokolljusterare").
  Attendance e = ReadAttendance({}, Lines("§ 288\nKST 288 valde Berg Anna-Lena och Lund Gun till protokolljusterare.\n"));
  CHECK(Names(e.adjusters) == "Berg Anna-Lena; Lund Gun");
  // A particle inside a name, and "Inga" as a first name.
  Attendance f = ReadAttendance(Lines("Beslutande: Lina Alm (M) Yvonne de Mart (C) Inga Teng (S)\n"), {});
  CHECK(Names(f.present) == "Lina Alm (M); Yvonne de Mart (C); Inga Teng (S)");
}

TEST_CASE("people: who adjusted is who signed, a signature's full stop, a house mark is no party") {
  // Fors 1881: the item elects two, two others sign after "justeradt och godkändt" (one of them
  // the elected under another spelling): the signatures are the adjusters, in their spelling.
  const std::string items =
      "§5.\nHerrar A.G. Lind i Kohlsta och A.F. Eriksson i Flacksta utsågos att justera detta\nprotokoll hos ordföranden.\n\n"
      "Som ofvan\n/A. Berg./\n\nDen 2 April 1881 justeradt och godkändt\n\n/P,G, Linde/\n/A,F, Ericsson/\n";
  Attendance a = ReadAttendance({}, Lines(items));
  CHECK(Names(a.adjusters) == "P. G. Linde; A. F. Ericsson");
  for (const Person& p : a.present) CHECK(p.name != "A.G. Lind");
  // Fewer signatures than elected: the election stands.
  Attendance b = ReadAttendance({}, Lines("§5.\nAtt justera protokollet utsågos Herrar Karl Ek och Nils Ås.\n\nJusteradt\n/Karl Ek/\n"));
  CHECK(Names(b.adjusters) == "Karl Ek; Nils Ås");
  // "/Joseph. Jonson/": the hand's full stop after a first name ends nothing.
  Attendance c = ReadAttendance({}, Lines("Kommunalstämma.\n§3.\nBeslöt stämman bifalla.\n\nSom ofvan\n/Joseph. Jonson/\nvice ordförande.\n"));
  REQUIRE(c.chair);
  CHECK(c.chair->name == "Joseph. Jonson");
  // "(bom)": a house mark beside the name of one who could not write, no party.
  CHECK(PartyCode("(bom)").empty());
  CHECK(PartyCode("(sign)").empty());
}

TEST_CASE("people: an old list's chair last — 'samt Ordf.' at a line's end, 'H:r', initials glued before a full stop") {
  // Torshälla 1893: the chair closes the list of those present, his role at the end of the line
  // before his name.
  Attendance a = ReadAttendance(Lines("Närvarande: H:rr C.A.Lind,\nC.J.Lind, Ståhle, Frigge,\nKollén och Trollén samt Ordf.\nH:r K.E.Berg.\n"), {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "K. E. Berg");
  const std::string present = Names(a.present);
  CHECK(present == "C. A. Lind; C. J. Lind; Ståhle; Frigge; Kollén; Trollén; K. E. Berg");
  // "Ordf." is the office, no name.
  CHECK(present.find("Ordf") == std::string::npos);
}

TEST_CASE("people: an election's answer of an office and names, 'väljs som sekreterare', the undersigned at the minutes, 'Revisorer'") {
  // Lanna hembygdsförening 2012: the item's answer names the officers, no verb.
  Attendance a = ReadAttendance({}, Lines("1. Val av ordförande samt sekreterare för mötet.\n Ordförande Rune Ek. Sekreterare Fritz Holm.\n\n"
                                          "2. Till att justera protokollet valdes Anne Sjö och Bengt Gran.\n"));
  CHECK(Officers(a) == "Rune Ek | Fritz Holm");
  CHECK(Names(a.adjusters) == "Anne Sjö; Bengt Gran");
  // Not a sentence that goes on: "Ordförande Rune Ek hälsade alla välkomna" names no secretary.
  Attendance n = ReadAttendance({}, Lines("1. Sekreterare Fritz Holm läste upp förra protokollet.\n"));
  CHECK_FALSE(n.secretary.has_value());
  // Nyhem 2003: "väljs som sekreterare".
  Attendance b = ReadAttendance({}, Lines("3\nLeif Sand väljs som sekreterare för kvällen.\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Leif Sand");
  // Norrbottens lantmäteriförening 1908: the writer named in the list of those present.
  Attendance c = ReadAttendance({}, Lines("Närvarande voro Hj. Lund, H. B. Lyse, Ernst Lean, undertecknad vid protokollet, samt E. Hall.\n"));
  REQUIRE(c.secretary);
  CHECK(c.secretary->name == "Ernst Lean");
  // An office in the plural is no first name: "4 Revisorer Oscar Ek  Erik Lind".
  Attendance d = ReadAttendance({}, Lines("3 justeringsmän: Alex Berg  Anders Hed\n\n4 Revisorer Oscar Ek  Erik Lind\n"));
  for (const Person& p : d.adjusters) CHECK(p.name.find("Revisorer") == std::string::npos);
}

TEST_CASE("people: an office shortened before a name, a title's word as a surname, 'Enligt uppdrag'") {
  // Åmål 2008's front page: "Kommunsekr" is an office; "Rådman" after a first name and before
  // nothing is her surname.
  Attendance a = ReadAttendance(Lines("Övriga deltagande Kommunchef Susanne Kord Kommunsekr Irene Lars Kommunutredare Ida Rådman "
                                      "Utses att justera Kjell Kaså\n"),
                                {});
  CHECK(Names(a.present) == "Susanne Kord; Irene Lars; Ida Rådman; Kjell Kaså");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Irene Lars");
  // Still a title before a name: "Rådman Olsson".
  Attendance t = ReadAttendance(Lines("Närvarande: Herrar Rådman Olsson, Borgmästaren Berg.\n"), {});
  CHECK(Names(t.present) == "Olsson; Berg");
  // Riksidrottens vänner 1916: the minutes signed "Enligt uppdrag".
  Attendance b = ReadAttendance({}, Lines("§ 6\nSåsom grundfond insamlades 800 kronor.\n\nJusteras: J.S. Edström\nEnligt uppdrag A. Ljung\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "A. Ljung");
  CHECK(Names(b.adjusters) == "J.S. Edström");
}

TEST_CASE("people: a rule drawn after a sentence parts it from the next") {
  // Brottjärna ytterbelysningsförening 1939: the adjusters' sentence, a rule, the next meeting.
  Attendance a = ReadAttendance({}, Lines("§5.\nAtt justera dagens protokoll valdes Anders Söder och Oskar Hom.--------------------"
                                          "Nästa möte hölls den 16 juli 1939.\n"));
  CHECK(Names(a.adjusters) == "Anders Söder; Oskar Hom");
  // A line to sign on after the name: "Justerare Johnny Olofsson ______".
  Attendance b = ReadAttendance({}, Lines("§ 20\nNästa möte.\n\nJusterare Johnny Olof ____________________\nJusterare Carina Paul ____________\n"));
  CHECK(Names(b.adjusters) == "Johnny Olof; Carina Paul");
}

TEST_CASE("people: no person in an address, an adjective or a pronoun, 'Adjungerade', a board's list inside an item is no closing block") {
  // A footer's address (Räddningstjänsten Östra Götaland 2019): "Albrektsvägen Norrköping Växel".
  Attendance a = ReadAttendance(Lines("Övriga: Ulf Lago, förbundsdirektör Albrektsvägen Norrköping Växel Fax\n"), {});
  CHECK(Names(a.present) == "Ulf Lago");
  // Co-opted members attend as others.
  Attendance b = ReadAttendance(Lines("Beslutande: Eva Ek (S) Adjungerade Jana Nil\n"), {});
  REQUIRE(b.present.size() == 2);
  CHECK(b.present[1].name == "Jana Nil");
  CHECK(b.present[1].role == "övrig");
  // "Kyrkovärden" is a title; "Denna" and "Humanistiska" are no names.
  Attendance c = ReadAttendance(Lines("Närvarande: Kyrkovärden Joh. Berg, Sven Grank. Denna dag.\n"), {});
  CHECK(Names(c.present) == "Joh. Berg; Sven Grank");
  Attendance h = ReadAttendance(Lines("Övriga: Susanne Sturk Humanistiska fakulteten\n"), {});
  CHECK(Names(h.present) == "Susanne Sturk");
  // Långbrodalskören 2012: § 11 lists the new board ("Ordförande: omval 1 år: …") and § 12–15
  // follow: no signature block.
  Attendance d = ReadAttendance({}, Lines("§11 Omval av sittande styrelse. Styrelsen består då av:\nOrdförande: omval 1 år: Kristina Holm\n"
                                          "Adjungerad ledamot (se punkt 1) Lena Schu\n\n§12 Beslutades att kontotecknare är kassör.\n"
                                          "§13 Revisorer valdes.\n"));
  CHECK_FALSE(d.chair.has_value());
  CHECK(d.present.empty());
}

TEST_CASE("people: old minutes' passive verb first — 'Utsågos Herrar A och B att justera protokollet'") {
  // Ludvika kyrkostämma 1882's form.
  Attendance a = ReadAttendance({}, Lines("3o) Utsågos Herrar Rydén och Insp. Karl Eriksson att justera protokollet.\n"));
  CHECK(Names(a.adjusters) == "Rydén; Karl Eriksson");
  // The active verb still needs persons: "utser kommunstyrelsen att justera" names no one.
  Attendance b = ReadAttendance({}, Lines("§ 2\nFullmäktige utser Anna Berg (S) och Olle Ek (M) att justera protokollet.\n"));
  CHECK(Names(b.adjusters) == "Anna Berg (S); Olle Ek (M)");
}

TEST_CASE("people: the roll call's tally is no vote") {
  // Stockholms läns landstingsfullmäktige 2015: absent and present counted, nothing put to a vote.
  Proceedings p = ReadProceedings(Lines("21 Inledning och justering m.m. Ordföranden förklarade sammanträdet öppnat. Ordföranden "
                                        "konstaterade att 116 ledamöter var närvarande och 33 ledamöter var frånvarande.\n"),
                                  21);
  CHECK_FALSE(p.vote.has_value());
  // With its ja and nej the absent are the vote's.
  Proceedings q = ReadProceedings(Lines("§ 5\nOmröstning begärs och verkställs. Med 8 ja-röster mot 5 nej-röster, 2 ledamöter var "
                                        "frånvarande, beslutar fullmäktige enligt förslaget.\n"),
                                  5);
  REQUIRE(q.vote.has_value());
  CHECK(q.vote->counted());
}

TEST_CASE("people: a members' list whose label the page lost, offices and roles after the comma, a party's lost bracket") {
  // Tjörn socialnämnden 2015: "Beslutande" cut to "ande" after the first page's "Underskrift".
  Attendance a = ReadAttendance(
      Lines("Underskrift Kommunfullmäktiges expedition Carina Elias 1\n\n2 Sida ande Reidun Lor (KD), ordförande Louise Mark (M) "
            "Robert Bull (S) Yvonne Ander (M) Övriga närvarande Lars Käck (S) Mikael Petter S) Shujaat Noor, förvaltningschef "
            "Cerina Elias, sekreterare Elisabeth Wid, avdelningschef Juan Navas, avdelningschef\n"),
      {});
  CHECK(Officers(a) == "Reidun Lor | Cerina Elias");
  const std::string present = Names(a.present);
  CAPTURE(present);
  for (const char* who : {"Reidun Lor (KD)", "Louise Mark (M)", "Robert Bull (S)", "Yvonne Ander (M)", "Mikael Petter (S)"})
    CHECK(present.find(who) != std::string::npos);
  for (const Person& p : a.present)
    if (p.name == "Elisabeth Wid") CHECK(p.role == "övrig");
}

TEST_CASE("people: a list with each role right after its name and no comma, whom the minutes are sent to") {
  // Södertälje Båtsällskap 2010.
  Attendance a = ReadAttendance(Lines("Närvarande: Calle Wik Ordförande Johnny Rick V ordförande Birger Möll Sekreterare Håkan Frisk "
                                      "Kassör Börje Pers Ledamot, Hallarna Bo Herb Suppleant, Hamnen Protokollet distribueras till de "
                                      "närvarande samt till: Per Göran Traung Jörgen Folk\n"),
                                {});
  CHECK(Officers(a) == "Calle Wik | Birger Möll");
  const std::string present = Names(a.present);
  CHECK(present == "Calle Wik; Johnny Rick; Birger Möll; Håkan Frisk; Börje Pers; Bo Herb");
  for (const Person& p : a.present) {
    if (p.name == "Johnny Rick") CHECK(p.role == "vice ordförande");
    if (p.name == "Bo Herb") CHECK(p.role == "ersättare");
  }
}

TEST_CASE("people: 'Deltagande:', an agenda's 'Protokolljustering', the chair and secretary signing under the adjusting's heading") {
  // SPF Seniorerna Kamraterna 2025.
  Attendance a = ReadAttendance(Lines("Plats: Café Skogen. Deltagande: Lars Göran Berg, Berit Kock, Ulf Palm, Karin Wild.\n"), {});
  CHECK(Names(a.present) == "Lars Göran Berg; Berit Kock; Ulf Palm; Karin Wild");
  // Ålands kommunförbund 2014: the agenda names "Protokolljustering" as an item; the protocol's own
  // field has the chair and the secretary sign with their office after the name, then the adjusters.
  Attendance b = ReadAttendance(
      Lines("AGENDA Sammanträdets laglighet och beslutförhet Protokolljustering Godkännande av föredragningslistan Utlåtande: "
            "Ny lag Förbundsstyrelsens ordförande Tony Asum, genom: Erik Brun, förbundsdirektör\n"
            "PROTOKOLL Övriga - Niklas Erik X Danne Sund Protokolljustering Tony Asum, mötesordförande Erik Brun, "
            "mötessekreterare Viveka Erik, justerare Charlotta Sol, justerare Protokollet är framlagt för påseende (sign) "
            "Utdragets riktighet intygas: Sid nr 2\n"),
      {});
  CHECK(Officers(b) == "Tony Asum | Erik Brun");
  CHECK(Names(b.adjusters) == "Viveka Erik; Charlotta Sol");
}

TEST_CASE("people: first names alone, a list in an item's text, 'Ordf:' and 'Sekr:', 'kallades till sekreterare'") {
  // Norra Sibbo ungdomsförening 2013.
  Attendance a = ReadAttendance(Lines("Närvarande: Micaela, Karola, Johan, Pia, Mona, Stefan\n"), {});
  CHECK(Names(a.present) == "Micaela; Karola; Johan; Pia; Mona; Stefan");
  // Not every capitalised word after "Närvarande": a sentence names no first names.
  Attendance n = ReadAttendance(Lines("Närvarande: Styrelsen, Revisorerna och Valberedningen\n"), {});
  CHECK(n.present.empty());
  // Skolhistoriskt arkiv 2019: the list in § 1's text, the secretary "called".
  Attendance b = ReadAttendance({}, Lines("1. Mötet öppnades av Erik Geb.Deltagare: Erik Geb, Marianne Lind, Eila Karl och Martin Grip. "
                                          "2. Till mötesordförande valdes Erik Geb och till sekreterare kallades Martin Grip.\n"));
  CHECK(Names(b.present) == "Erik Geb; Marianne Lind; Eila Karl; Martin Grip");
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Martin Grip");
  // UNF 2001: the short forms as headings.
  Attendance c = ReadAttendance(Lines("FÖRSTA SESSIONEN Ordf: Lovisa Lan Christer Wik Sekr: Mikaela Bex\n"), {});
  CHECK(Officers(c) == "Lovisa Lan | Mikaela Bex");
}

TEST_CASE("people: an electing heading answered on the next line, a first name and the full name one person") {
  // Bäcksby förening 2020: "2. Val av justerare" / "– Ida och Sandra".
  Attendance a = ReadAttendance({}, Lines("Närvarande: Anne, Ida, Sandra och Hanna\n\n1. Mötet öppnas\n– Ordförande Anne öppnar mötet\n"
                                          "2. Val av justerare\n– Ida och Sandra\n3. Föregående protokoll gås igenom\n"));
  CHECK(Names(a.adjusters) == "Ida; Sandra");
  // "Ordförande Anne öppnar mötet": a first name the list named.
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Anne");
  // A sentence after the heading is read as a sentence: no "Valdes" among the names.
  Attendance b = ReadAttendance({}, Lines("§3 Val av två justerare tillika rösträknare\nValdes Berit Lund och Åke Berg\n"));
  CHECK(Names(b.adjusters) == "Berit Lund; Åke Berg");
  // Springets båtförening 2014: "Christina" in the list, "Christina Karl" signing.
  Attendance c = ReadAttendance({}, Lines("Närvarande: Lennart, Ingemar, Ebbe och Christina\n\n2a. Valdes Christina till sekr.\n\n"
                                          "Vid protokollet Christina Karl\n"));
  const std::string present = Names(c.present);
  CHECK(present.find("Christina Karl") != std::string::npos);
  CHECK(present.find("Christina;") == std::string::npos);
}

TEST_CASE("people: the day's signatures under 'Justerat <dag> den …', the chair first when the vice chairs adjust with the chair") {
  // Stockholms läns landstingsfullmäktige 2003/2011: three signatures, no captions.
  Attendance a = ReadAttendance(
      Lines("1 PROTOKOLL Landstingsfullmäktige Justerat tisdagen den 7 oktober beträffande 281 och 303 punkten val till "
            "patientnämnden, i övrigt tisdagen den 21 oktober 2003 Conny And Inger Lin Tore Lid 274 Inledning Ordföranden "
            "förklarade sammanträdet öppnat. Att jämte ordföranden justera sammanträdets protokoll utsågs förste och andre vice "
            "ordföranden.\n"),
      {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Conny And");
  CHECK(Names(a.adjusters) == "Inger Lin; Tore Lid");
  // Without the item saying so, three signatures are three adjusters.
  Attendance b = ReadAttendance(Lines("PROTOKOLL Justerat onsdagen den 7 december Conny And Inger Lin Tore Lid 287 Inledning\n"), {});
  CHECK_FALSE(b.chair.has_value());
  CHECK(Names(b.adjusters) == "Conny And; Inger Lin; Tore Lid");
}

TEST_CASE("people: a roster written surname first, told from given-first lists and first names alone") {
  // Kronoby kommun 2014/2016 (design): "Surname, Given" one after another, an office between.
  Attendance a = ReadAttendance(
      Lines("Beslutande: Ersättare: Albäck, Peter Backman, Inger Broända, Helena Hästö, Jan-Erik Högnabba, Stefan Övriga "
            "närvarande: Djupsjö, Michael kommundir. Bjon, Inger kommunsekr. Paragrafer: Underskrifter: Ordförande: "
            "Protokollförare: Hans-Erik Lind Kronoby, den 10 oktober 2014 Inger Bjon\n"),
      {});
  const std::string present = Names(a.present);
  CAPTURE(present);
  for (const char* who : {"Albäck, Peter", "Backman, Inger", "Broända, Helena", "Hästö, Jan-Erik", "Högnabba, Stefan", "Djupsjö, Michael"})
    CHECK(present.find(who) != std::string::npos);
  CHECK(present.find("Kronoby") == std::string::npos);  // the place of "Kronoby, den 10 oktober 2014"
  for (const Person& p : a.present)
    if (p.name == "Djupsjö, Michael") CHECK(p.title == "kommundir");
  // Given names first: "Richard Hobro, Classe Wörmke, Rolf Wiberg".
  Attendance b = ReadAttendance(Lines("Närvarande: Richard Hob, Classe Wör, Rolf Wib, Mattias Pett\n"), {});
  CHECK(Names(b.present) == "Richard Hob; Classe Wör; Rolf Wib; Mattias Pett");
  // Figeholms båtklubb 2023: a given-first list whose first name and surname ran together at its
  // start, ending with a whole name.
  Attendance g = ReadAttendance(Lines("Närvarande: RichardHob, Classe Wör, Rolf Wib, Håkan Odh\n"), {});
  CHECK(Names(g.present).find("Classe Wör") != std::string::npos);
  CHECK(Names(g.present).find("Håkan Odh") != std::string::npos);
  // First names alone stay first names.
  Attendance c = ReadAttendance(Lines("Närvarande: Micaela, Karola, Johan, Pia\n"), {});
  CHECK(Names(c.present) == "Micaela; Karola; Johan; Pia");
}

TEST_CASE("people: an adjusters' form that names no one gives way to the next") {
  // Mälarbåtsförbundet 2006: "justera … valdes" matches the first form, whose names after the verb
  // are none ("till rösträknare"); the adjuster stands before "valdes till justeringsman".
  Attendance a = ReadAttendance({}, Lines("Carl Welin lämnade då fullmakt. 3 Tony Herte valdes till justeringsman, att jämte ordförande "
                                          "justera mötets protokoll, 4 Janne Söder och Sven-Håkan Lund valdes till rösträknare för mötet.\n"));
  CHECK(Names(a.adjusters) == "Tony Herte");
}

TEST_CASE("people: an election that goes on with its verb left out, 'att föra protokollet', names before 'valdes' after the heading") {
  // Diö amatörfiskeklubb 1963.
  Attendance a = ReadAttendance({}, Lines("§2. Till ordförande för mötet valdes Sven-Johan Sven. Till sekreterare Arne Hall samt "
                                          "justeringsmän Sture John och Stig Gustavs.\n"));
  CHECK(Officers(a) == "Sven-Johan Sven | Arne Hall");
  CHECK(Names(a.adjusters) == "Sture John; Stig Gustavs");
  // Lundsbäcks koloniförening 2023.
  Attendance b = ReadAttendance({}, Lines("§3 Val av sekreterare Mötet valde Thomas Poss att föra protokollet.\n\n"
                                          "§5 Val av justeringsmän, tillika rösträknare Annie Joh och Steen And valdes.\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Thomas Poss");
  CHECK(Names(b.adjusters) == "Annie Joh; Steen And");
}

TEST_CASE("people: 'Ej närvarande', 'ersätter', who opens 'styrelsemötet'") {
  // Leader Falun-Borlänge 2010: the absent under their own heading.
  Attendance a = ReadAttendance(Lines("Beslutande: Närvarande: Thomas Björk Siv Elias Lena Reyier-Ingman Ej närvarande: Helena Lind Göran Täg\n"), {});
  CHECK(Names(a.present) == "Thomas Björk; Siv Elias; Lena Reyier-Ingman");
  // Eskilstuna kultur- och fritidsnämnden 2012: "ersätter" names the member replaced.
  Attendance b = ReadAttendance(Lines("Beslutande Anette Stave (V), ordförande Teresa Laur (S) ersätter Mona Kan (S) Erik Berg (M)\n"), {});
  CHECK(Names(b.present) == "Anette Stave (V); Teresa Laur (S); Erik Berg (M)");
  // Näshults sockenråd 2013: the chair opens "styrelsemötet".
  CHECK(ChairIn("1.\nEvald Hammar hälsade välkommen och förklarade styrelsemötet öppnat.\n") == "Evald Hammar");
}

TEST_CASE("people: the meeting's vice chair elected with its chair is present, a board's is not") {
  // Historiska föreningen 2007.
  Attendance a = ReadAttendance({}, Lines("§4. Till mötesordförande valdes Derek Few, till viceordförande Johan Kyl och till sekreterare Kim Björk.\n"));
  CHECK(Officers(a) == "Derek Few | Kim Björk");
  CHECK(Names(a.present).find("Johan Kyl") != std::string::npos);
  // Mälarbåtsförbundet 2006: the board's new vice chair, for two years.
  Attendance b = ReadAttendance({}, Lines("10 Följande styrelseposter valdes: Till vice ordförande valdes Stig Kran på 2 år.\n"));
  CHECK(Names(b.present).find("Stig Kran") == std::string::npos);
}

TEST_CASE("people: a presence column's marks read as text — a cross came, a dash did not") {
  // A närvarolista's "Närv." column flattened into the names (Geta kommunstyrelse 2014, 2021):
  // each name's mark after it, before or after its office; the office stays the name's before it.
  Attendance a = ReadAttendance(
      Lines("Närv. Beslutande Ivar Ek, ordf X Kim Ek - Gun Nord-White, vice ordf - Emil Karl - Kjell Ber X Hel Mart X "
            "Övriga Gun Lyng - Kfge-ordf. Dan Dahl - Kfge-vice ordf. Gus Blom X Kommundirektör\n"),
      {});
  CHECK(Names(a.present) == "Ivar Ek; Kjell Ber; Hel Mart; Gus Blom");
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Ivar Ek");
  // Without both kinds of mark a dash is no mark: the names stay.
  Attendance b = ReadAttendance(Lines("Beslutande Anna Ek - Bo Lund - Eva Sten\n"), {});
  CHECK(Names(b.present) == "Anna Ek; Bo Lund; Eva Sten");
}

TEST_CASE("people: deputies called in to serve, in the roll call's item, are present") {
  // Kumla kommunfullmäktige 1989–1990: "Anmälda förhinder och upprop".
  Attendance a = ReadAttendance(
      {}, Lines("Kf 74 Anmälda förhinder och upprop\nFörhinder har anmälts av ledamöterna Kerstin Berg och Evy Ek. "
                "Suppleanterna Inge Rydh, Tony Blom samt Gudrun Persson har inkallats för tjänstgöring. "
                "Kommunfullmäktige beslutar att godkänna anmälda förhinder.\n"));
  CHECK(Names(a.present) == "Inge Rydh; Tony Blom; Gudrun Persson");
  for (const Person& p : a.present) CHECK(p.role == "tjänstgörande ersättare");
}

TEST_CASE("people: 'ss. ordf.' after a name is the name's, and a form of address begins the next person") {
  // Medicinalstyrelsen 1908: "Herr Medicinalrådet R. A. Wawrinsky ss. ordf. Herr Medicinalrådet G.
  // Kjerrulf Herr tf Medicinalrådet R. Stenbeck …": "ss." (såsom) ends no sentence, and "Herr" is
  // never a surname.
  Attendance a = ReadAttendance(Lines("Närvarande: Herr Medicinalrådet R. A. Wawrinsky ss. ordf. Herr Medicinalrådet "
                                      "G. Kjerrulf Herr tf Medicinalrådet R. Stenbeck och Herr tf Medicinalrådet E. Sederholm.\n"),
                                {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "R. A. Wawrinsky");
  CHECK(Names(a.present) == "R. A. Wawrinsky; G. Kjerrulf; R. Stenbeck; E. Sederholm");
}

TEST_CASE("people: a state board's director general presides by office, and initials are the names they stand for") {
  // Medicinalstyrelsen 1904, 1907: the list's first, titled Generaldirektören, chairs; "K. Linroth"
  // of the list is "Klas Linroth" of the signature, kept under the fuller spelling; a form of
  // address after a comma begins the next person ("K. Linroth, Herr Medicinalrådet …").
  Attendance a = ReadAttendance(Lines("Närvarande: Herr Generaldirektören K. Linroth, Herr Medicinalrådet R.A. Wawrinsky, "
                                      "Herr Medicinalrådet G. Kjerrulf.\nJusterat: 1907-01-23.\nJusterat av: Klas Linroth\n"),
                                {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Klas Linroth");
  CHECK(Names(a.present) == "Klas Linroth; R.A. Wawrinsky; G. Kjerrulf");
  for (const Person& p : a.present)
    if (p.name == "R.A. Wawrinsky") CHECK(p.title == "herr medicinalrådet");
  // Initials of another first letter are another person.
  Attendance b = ReadAttendance(Lines("Närvarande: Herr Medicinalrådet K. Linroth, Herr Medicinalrådet P. Berg.\nJusterat av: Nils Linroth\n"), {});
  CHECK(Names(b.present).find("K. Linroth") != std::string::npos);
}

TEST_CASE("people: an agenda's point that is its own answer, the office its title, with a colon or a semicolon") {
  // A riding club's board, 2020: "4. Sekreterare; Bibbi Tränk" / "5. Protokolljusterare; Titti
  // Rödbro och Anna-Karin Hjälm" — the typist's semicolon for the colon.
  Attendance a = ReadAttendance(Lines("Närvarande; Anna-Karin Hjälm, Titti Rödbro, Bibbi Tränk, Jasmine Lind\n"),
                                Lines(" 1. Mötet öppnas\n 3. Val av ordförande; Sittande\n 4. Sekreterare; Bibbi Tränk\n"
                                      " 5. Protokolljusterare; Titti Rödbro och Anna-Karin Hjälm\n 6. Fastställande av dagordning är ok\n"));
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Bibbi Tränk");
  CHECK(Names(a.adjusters) == "Titti Rödbro; Anna-Karin Hjälm");
  CHECK(!a.chair);
  Attendance b = ReadAttendance(Lines("Närvarande: Eva Ek, Per Berg\n"), Lines(" 2. Ordförande: Eva Ek\n 3. Justerare: Per Berg\n"));
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Eva Ek");
  CHECK(Names(b.adjusters) == "Per Berg");
}

TEST_CASE("people: adjusters elected in the plural, and 'valdes till att justera'") {
  // An association's annual meeting, 2004: "Valdes Claes Hellerström och Birgitta Lindergren till
  // justeringsmän och tillika rösträknare." A shooting district's board, 2008: "Dagordningen
  // godkändes och Roger Tiensuu valdes till att justera dagens protokoll."
  Attendance a = ReadAttendance({}, Lines("Punkt 3. Val av justeringsmän.\nValdes Claes Hellerström och Birgitta Lindergren till "
                                          "justeringsmän och tillika rösträknare.\n"));
  CHECK(Names(a.adjusters) == "Claes Hellerström; Birgitta Lindergren");
  Attendance b = ReadAttendance({}, Lines("§ 2. Dagordningen godkändes och Roger Tiensuu valdes till att justera dagens protokoll.\n"));
  CHECK(Names(b.adjusters) == "Roger Tiensuu");
}

TEST_CASE("people: the meeting's chair and secretary elected in the genitive, not the board's") {
  // Fiskars Oyj Abp's annual general meeting, 2015: the board's chair opens, the meeting elects its own.
  Attendance a = ReadAttendance({}, Lines("Stämman öppnades av styrelsens ordförande Paul Ehrnrooth som hälsade de närvarande "
                                          "välkomna.\n2 KONSTITUERING AV STÄMMAN Till bolagsstämmans ordförande valdes advokat Manne "
                                          "Airaksinen som kallade Anna Berg till sekreterare.\n"));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Manne Airaksinen");
  // The association's chair for the year is no chair of the meeting.
  Attendance b = ReadAttendance({}, Lines("Till föreningens ordförande valdes Eva Ek för ett år.\n"));
  CHECK(!b.chair);
}

TEST_CASE("people: 'föra ordet' presides, and a chair called by title alone is the one present with that title") {
  // Torshälla's town council, 1866.
  Attendance a = ReadAttendance({}, Lines("S.D. Sedan 15 ledamöter samlade voro anhöllo\nThermaenius att vise ordföranden Herr P. Th.\n"
                                          "Sundholm måtte vid sammanträdet föra\nordet och hvarefter protocollet upplästes.\n"));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "P. Th. Sundholm");
  // Norrbotten's surveyors' association, 1920.
  Attendance b = ReadAttendance(Lines("Närvarande: Herrar Förstelantmätaren H K Brändström, distriktslantmätarne Brännström, "
                                      "Sandström och Clausén.\n"),
                                Lines("§ 1\nHerr Förstelantmätaren öppnade mötet med några hjärtliga hälsningar och valdes därefter "
                                      "enhälligt att såsom ordförande\nleda mötesförhandlingarna.\n"));
  REQUIRE(b.chair);
  CHECK(b.chair->name == "H K Brändström");
  // A title two of those present have names no one.
  Attendance c = ReadAttendance(Lines("Närvarande: Distriktslantmätaren K Berg, distriktslantmätaren L Ek.\n"),
                                Lines("§ 1\nHerr Distriktslantmätaren öppnade mötet och valdes därefter att såsom ordförande leda "
                                      "förhandlingarna.\n"));
  CHECK_MESSAGE(!c.chair, (c.chair ? c.chair->name : std::string()));
}

TEST_CASE("people: a closing formula in the first person plural: everyone signing under it took part") {
  // Slyte village's bystämma, 1876: "Med denna öfverenskommelse förklara vi oss alla nöjda som med
  // våra namn försäkrar. Slyte by som ofvan" over the villagers' signatures — not one keeper.
  Attendance a = ReadAttendance(Lines("År 1876 den 11 Aprill hölls i Slyte Bygrannar Ordinarie Bystämma.\n"),
                                Lines("§ 6\nAngående den gemensamma Snöskottningen öfverenskoms att hvar och en skall hålla sina "
                                      "wäglotter öppna.\nMed denna öfverenskommelse förklara vi oss alla nöjda som med våra namn "
                                      "försäkrar.\nSlyte by som ofvan\nJacob Jacobsson\nLars Ersson\nLars Albert Larsson\n"));
  CHECK(Names(a.present) == "Jacob Jacobsson; Lars Ersson; Lars Albert Larsson");
  CHECK(!a.chair);
  CHECK(!a.secretary);
}

TEST_CASE("people: the Finland-Swedish municipal form's signatures: the adjusters are the signers who are not chair or secretary") {
  // Kronoby kommunstyrelsen 2014: the captions in a row, then the signatures and the fields' dates.
  Attendance a = ReadAttendance(
      Lines("SAMMANTRÄDESPROTOKOLL Nr 8/2014 Sammanträdesplats Kommungården Beslutande: Ersättare: Storbacka, Bernt "
            "Byggmästar, Liane Filppula, Seppo Sandström, Hans Övriga närvarande: Bjon, Inger kommunsekreterare "
            "Paragrafer: Underskrifter: Ordförande: Protokollförare: Protokolljustering plats och tid: Liane Byggmästar "
            "Kronoby, den 30 april 2014 Inger Bjon Protokollet framlagt till påseende, plats och tid: Intygar, underskrift, "
            "tjänsteställning Hans Sandström Kronoby, den 6 maj 2014 Inger Bjon, kommunsekreterare Seppo Filppula\n"
            "2 KALLELSESIDA Sammanträdestid Måndag Sammanträdesplats Kommungården Ärendets nummer\n"),
      {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Liane Byggmästar");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Inger Bjon");
  CHECK(Names(a.adjusters) == "Hans Sandström; Seppo Filppula");
}

TEST_CASE("people: a presidium under one chair's caption, and the secretaries likewise") {
  // IOGT-NTO's congress 2011: "FÖRSTA SESSIONEN Ordf: Anna Carlstedt Pia Magnusson Anders Häregård
  // Sekr: Mikaela Bexar Magnus Molin 1 Bilaga 1 Kongressens öppnande …".
  Attendance a = ReadAttendance(Lines("Onsdagen den 29 juni FÖRSTA SESSIONEN Ordf: Anna Carlstedt Pia Magnusson Anders Häregård "
                                      "Sekr: Mikaela Bexar Magnus Molin 1 Bilaga 1 Kongressens öppnande Förbundsordförande Anna "
                                      "Carlstedt inledde kongressen.\n"),
                                {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Anna Carlstedt");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Mikaela Bexar");
  CHECK(Names(a.present) == "Anna Carlstedt; Pia Magnusson; Anders Häregård; Mikaela Bexar; Magnus Molin");
  // One name and then other words: the chair alone.
  Attendance b = ReadAttendance(Lines("Ordförande: Eva Ek Kommunchef Per Berg deltog.\n"), {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Eva Ek");
}

TEST_CASE("people: labels in capitals with their Finnish, a label's colon after a comma, an office after each official's name") {
  // Pargas social- och hälsovårdsnämnden 2014, a bilingual page: the names surname first, the role
  // after each.
  Attendance a = ReadAttendance(Lines("PLATS - PAIKKA Houtskär NÄRVARANDE LEDAMÖTER - LÄSNÄ OLLEET JÄSENET Fredriksson Merja "
                                      "ordförande Engström Eskil viceordförande Ekström Kurt medlem ÖVRIGA NÄRVARANDE - MUUT LÄSNÄ "
                                      "OLLEET Järvinen Hanna sst:s representant Sundqvist Paula tf. social- och hälsovårdsdirektör Taxell-Ahlbäck Nina protokollförare "
                                      "Sirén Gun äldreomsorgschef\n"),
                                {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Fredriksson Merja");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Taxell-Ahlbäck Nina");
  CHECK(Names(a.present) == "Fredriksson Merja; Engström Eskil; Ekström Kurt; Järvinen Hanna; Sundqvist Paula; Taxell-Ahlbäck Nina; Sirén Gun");
  // "BEVIS OM ANSLAG", a label with a short word, stays one.
  // Föreningen Norden 2008: "Plats: Norra Latin, (Norra Bantorget), Närvarande ledamöter: Kristina Persson, …".
  Attendance b = ReadAttendance(Lines("Plats: Norra Latin, (Norra Bantorget), Närvarande ledamöter: Kristina Persson, ordförande "
                                      "Fredrik Harstad, Eva Smekal\n"),
                                {});
  CHECK(Names(b.present) == "Kristina Persson; Fredrik Harstad; Eva Smekal");
}

TEST_CASE("people: who keeps the minutes ('föra protokollet') is the secretary, not the firm they are from") {
  // Two AGMs of listed companies, 2018.
  Attendance a = ReadAttendance({}, Lines("§ 2\nPatrik Essehorn valdes att såsom ordförande leda årsstämman. Informerades om att Mark "
                                          "Kristoffersson kommer att föra protokoll samt räkna röster vid stämman.\n"));
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Mark Kristoffersson");
  Attendance b = ReadAttendance({}, Lines("§ 2\nUtsågs advokat Jesper Schönbeck till ordförande vid stämman. Noterades att Nils Fredrik "
                                          "Dehlin från Advokatfirman Vinge hade fått i uppdrag att föra protokollet vid stämman.\n"));
  REQUIRE(b.secretary);
  CHECK(b.secretary->name == "Nils Fredrik Dehlin");
  Attendance c = ReadAttendance({}, Lines("§ 1\nAtt föra protokollet utsågs Anna Berg.\n"));
  REQUIRE(c.secretary);
  CHECK(c.secretary->name == "Anna Berg");
}

TEST_CASE("people: a list's heading as OCR reads it without its diacritics") {
  Attendance a = ReadAttendance(Lines("PROTOKOLL Fullmaktige Narvarande Anna Berg, Per Ek Ovriga deltagare Eva Lind, ekonom\n"), {});
  CHECK(Names(a.present) == "Anna Berg; Per Ek; Eva Lind");
  for (const Person& p : a.present)
    if (p.name == "Eva Lind") CHECK(p.role == "övrig");
}

TEST_CASE("people: an officer's caption after a thing's name and a comma is a caption") {
  // Varberg kultur- och fritidsnämnden 2015's front page, flattened.
  Attendance a = ReadAttendance(Lines("Utses att justera Kaarina Andersson Justeringens plats och tid Kultur- och fritidsförvaltning, "
                                      "Sekreterare Jolanta Mittag Paragraf Ordförande Christofer Bergenblock\n"),
                                {});
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Jolanta Mittag");
  // After a person's name the office is the person's: "Kerstin Isaksson (M), Ordförande".
  Attendance b = ReadAttendance(Lines("Beslutande Kerstin Isaksson (M), Ordförande Per Berg (S)\n"), {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Kerstin Isaksson");
}

TEST_CASE("people: a first name alone is the one person present who bears it") {
  // A hunting team's minutes in the form of a club's (invented names).
  Attendance a = ReadAttendance(Lines("Närvarande: Niclas Moberg, Robert Karlsson, Jan Spjuth, Peter Karlsson\n"),
                                Lines(" 1. Niclas hälsade alla välkomna.\n 2. Till ordförande valdes Niclas och till sekreterare Peter.\n"
                                      " 3. Robert och Jan valdes till justeringsmän.\n"));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Niclas Moberg");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Peter Karlsson");
  REQUIRE(a.adjusters.size() == 2);
  CHECK(a.adjusters[0].name == "Robert Karlsson");
  CHECK(a.adjusters[1].name == "Jan Spjuth");
  // Two who bear it: neither.
  Attendance b = ReadAttendance(Lines("Närvarande: Jan Moberg, Jan Spjuth\n"), Lines(" 2. Till ordförande valdes Jan.\n"));
  CHECK_FALSE(b.chair);
}

TEST_CASE("people: the undersigned chair signs under the last item with no formula, and a patronymic contracted with a colon") {
  // Klosters kommunalstämma 1875, shortened.
  Attendance a = ReadAttendance(Lines("Protokoll fördt vid sammanträde\ninför undertecknad, ordförande\ni Klosters sockens Kommunal-\nstämma\n"),
                                Lines("{§.1.}\nOrdföranden framställde proposition på bifall till förslaget.\n\n/L; P; Åkerman/\n\n"
                                      "Samma dag uppläst och godkändt\n/Ax, K:son Leijonhufvud./\n/Per Olsson/\n"));
  REQUIRE(a.chair);
  CHECK(a.chair->name == "L. P. Åkerman");
  REQUIRE(a.adjusters.size() == 2);
  CHECK(a.adjusters[0].name == "Ax. K:son Leijonhufvud");
  // A nämnd spelt the old way ("Kommunalnämdens") under "som ofvan": its chair's hand too.
  Attendance b = ReadAttendance(Lines("Protokoll hållet vid Kom-\nmunalnämdens sammanträde\n"),
                                Lines("§ 5.\nAtt justera detta protokoll utsågos Herrar\nAnders Larsson och Olof Andersson.\n\nsom ofvan.\n\n"
                                      "/Aug,Olsson,/\n\nJusteradt\n\n/Anders Larsson/\n/Olof Andersson/\n"));
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Aug. Olsson");
  CHECK_FALSE(b.secretary);
  // A signature under a caption is the caption's, not the keeper's: "Justeradt /J. G. Andersson/" / "/Sig; Starck/".
  Attendance c = ReadAttendance(Lines("Kommunalnämndens sammanträde\n"),
                                Lines("§103.\nProtokollet skulle justeras vid\nnästa sammanträde\n\nJusteradt /J. G. Andersson/\n/Sig; Starck/\n"));
  CHECK_FALSE(c.chair);
}

TEST_CASE("people: a place the text names as one does not begin a name") {
  // Geta kommunstyrelse 2014's front page, flattened: the place of the signing before the signatures.
  Attendance a = ReadAttendance(Lines("PROTOKOLL Tid och plats Måndagen den 5 maj 2014 kl. 19: Kommunkansliet i Geta skola, Vestergeta, Geta "
                                      "Närv. Beslutande Ingvar Björling, KST-ordförande X Kjell Berndtsson, KST-viceordförande X Camilla "
                                      "Andersson - Gerd Bergman X Gunnel Nordlund-White X Övriga Mathias Styrström, kommundirektör X "
                                      "Paragrafer Underskrifter Geta Ingvar Björling Mötesordf, KST-ordf Mathias Styrström Mötessekr, k.dir "
                                      "Protokolljustering Geta Gunnel Nordlund-White Kjell Berndtsson Utdragets/kopians riktighet styrks:\n"),
                                {});
  REQUIRE(a.adjusters.size() == 2);
  CHECK(a.adjusters[0].name == "Gunnel Nordlund-White");
  CHECK(a.adjusters[1].name == "Kjell Berndtsson");
  // A surname that is a place stays the surname after a given name ("Anna Geta"), and a place the
  // text does not name as one is read as before.
  Attendance b = ReadAttendance(Lines("Sammanträde i Geta den 5 maj 2014\nNärvarande: Anna Geta, Per Berg\n"), {});
  bool anna = false;
  for (const Person& p : b.present) anna = anna || p.name == "Anna Geta";
  CHECK(anna);
}

TEST_CASE("people: the name lexicon — given names, surnames and places — cuts a run of names printed without commas") {
  CHECK((NameClassesOf("Arvid") & kGivenName) != 0);
  CHECK((NameClassesOf("Gunnel") & kGivenName) != 0);  // from the list of common Swedish given names
  CHECK((NameClassesOf("Lindgren") & kSurname) != 0);
  CHECK(NameClassesOf("Malmö") == kPlace);
  CHECK((NameClassesOf("Lund") & kSurname) != 0);  // a surname as well as a place
  CHECK(NameClassesOf("arvid") == 0);              // as written: case counts
  CHECK(NameClassesOf("Kommunstyrelsen") == 0);
  // Chalmers studentkårs fullmäktige, its front page read as one line: two given names in the
  // third name.
  Attendance a = ReadAttendance(Lines("Närvarande Jakob Andersson Martin Holmberg Carl Arvid Dahlof Alexander Westerling Oskar Luvo "
                                      "Fredrik Matar Clara Tholin\n"),
                                {});
  CHECK(Names(a.present) == "Jakob Andersson; Martin Holmberg; Carl Arvid Dahlof; Alexander Westerling; Oskar Luvo; Fredrik Matar; Clara Tholin");
  // A roster written surname first is still cut in twos.
  Attendance b = ReadAttendance(Lines("Närvarande Holmberg Martin Westerling Alexander Luvo Oskar\n"), {});
  CHECK(Names(b.present) == "Holmberg Martin; Westerling Alexander; Luvo Oskar");
  // A place the lexicon knows only as a place does not begin a name.
  Attendance c = ReadAttendance(Lines("Övriga närvarande: Anna Berg, Malmö Citysamverkan, Per Holm\n"), {});
  CHECK(Names(c.present) == "Anna Berg; Per Holm");
}

TEST_CASE("people: a presence column printed before the names") {
  // Ålands kommunförbund 2014's front page: the marks left of the names, a dash not there.
  Attendance a = ReadAttendance(Lines("Övriga - Niklas Eriksson X Danne Sundman - Dorita Lindholm X Erik Brunström\n"), {});
  CHECK(Names(a.present) == "Danne Sundman; Erik Brunström");
  // After the names, as before.
  Attendance b = ReadAttendance(Lines("Övriga Niklas Eriksson - Danne Sundman X Dorita Lindholm -\n"), {});
  CHECK(Names(b.present) == "Danne Sundman");
}

TEST_CASE("people: who certifies an extract took no part") {
  // Geta kommunstyrelse 2014's front page, its last fields.
  Attendance a = ReadAttendance(Lines("Närv. Beslutande Ingvar Björling, KST-ordförande X Gerd Bergman X Kjell Berndtsson X "
                                      "Utdragets/kopians riktighet styrks: Namnförtydligande, titel/funktion: Inger Björling, byråsekreterare\n"),
                                {});
  CHECK(Names(a.present) == "Ingvar Björling; Gerd Bergman; Kjell Berndtsson");
}

TEST_CASE("people: a column of roles printed after a column of names is the first names' roles, in order") {
  // Svemo's motocross section 2004, its participants flattened: names, then "ordf sekr".
  Attendance a = ReadAttendance(Lines("Deltagare: Margareta Lindfors Håkan Svensson Peter Isgren ordf sekr Jörgen Hafström\n"), {});
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Margareta Lindfors");
  REQUIRE(a.secretary);
  CHECK(a.secretary->name == "Håkan Svensson");
  // A role after one name is that name's, as before.
  Attendance b = ReadAttendance(Lines("Deltagare: Margareta Lindfors, ordf, Håkan Svensson, Peter Isgren\n"), {});
  REQUIRE(b.chair);
  CHECK(b.chair->name == "Margareta Lindfors");
}

TEST_CASE("people: a roster's surname-first name and the signature's given-first one are one person") {
  // Pargas social- och hälsovårdsnämnden 2014: "Fredriksson Merja ordförande" in the roster,
  // "Ordförande: Merja Fredriksson" under it.
  Attendance a = ReadAttendance(Lines("NÄRVARANDE LEDAMÖTER Fredriksson Merja ordförande Engström Eskil viceordförande Ekström Kurt medlem\n"
                                      "Ordförande: Merja Fredriksson\n"),
                                {});
  int merja = 0;
  for (const Person& p : a.present) merja += p.name == "Merja Fredriksson" || p.name == "Fredriksson Merja";
  CHECK(merja == 1);
  bool given_first = false;
  for (const Person& p : a.present) given_first |= p.name == "Merja Fredriksson";
  CHECK(given_first);  // the form that begins with a known given name
}
