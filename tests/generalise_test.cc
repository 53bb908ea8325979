// Rules that must hold for layouts nobody here has seen: table-driven, several shapes each,
// with the look-alikes that must not match. No rule names a municipality.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/decision.h"
#include "extractors/diarienummer.h"
#include "extractors/head.h"
#include "extractors/item.h"
#include "extractors/normalize.h"
#include "extractors/segment.h"
#include "extractors/text.h"

using namespace protokoll::extractors;

namespace {
Segmented Seg(const std::string& text, bool ocr = false) {
  std::vector<std::string> pages;
  size_t b = 0;
  for (size_t ff; (ff = text.find('\f', b)) != std::string::npos; b = ff + 1) pages.push_back(text.substr(b, ff - b));
  pages.push_back(text.substr(b));
  SegmentOptions o;
  if (ocr) o.ocr_pages.assign(pages.size(), true);
  return Segment(Normalize(pages).lines, o);
}
std::vector<std::string> Labels(const Segmented& s) {
  std::vector<std::string> out;
  for (const Item& i : s.items) out.push_back(std::to_string(i.header.number) + i.header.suffix);
  return out;
}
}  // namespace

TEST_CASE("§ headers: sign spellings of every period") {
  struct Case {
    const char* line;
    int number;
    const char* suffix;
    const char* label;
  };
  const Case cases[] = {
      {"§.4.", 4, "", "§.4."},
      {"{§ 1.}", 1, "", "§ 1."},
      {"{§.1.}", 1, "", "§.1."},
      {"{§:123.}", 123, "", "§:123."},
      {"{§2}", 2, "", "§2"},
      {"§ VIIIa", 8, "a", "§ VIIIa"},
      {"§ XII. Om kyrkans tak", 12, "", "§ XII."},
      {"§1Mötet öppnades av Ordf.", 1, "", "§1"},
      {"§ 2/ Till justerare valdes Henry", 2, "", "§ 2/"},
      {"§6/a. Styrelsens verksamhetsberättelse", 6, "a", "§6/a"},
      {"§ 5a: Kassarapport", 5, "a", "§ 5a"},
      {"§63 Anmälan av motioner", 63, "", "§63"},
      {"§ 3 a Motion om cykelbanor", 3, "a", "§ 3 a"},
      {"§ 12b", 12, "b", "§ 12b"},
      {"KS § 7 b Budget", 7, "b", "KS § 7 b"},
      {"Kf § 1", 1, "", "Kf § 1"},
      {"[§ 14.] Val", 14, "", "§ 14."},
      {"§:5 Anmälningar", 5, "", "§:5"},
  };
  for (const Case& c : cases) {
    std::string shown = c.line;
    CAPTURE(shown);
    auto h = ParseParagraphHeader(c.line);
    REQUIRE(h.has_value());
    CHECK(h->number == c.number);
    CHECK(h->suffix == c.suffix);
    CHECK(h->label == c.label);
  }
  // References and sentences are no headers.
  for (const char* no : {"§ 5 i kommunallagen", "§ 12, se ovan", "§ 3 att utse", "Se § 4 ovan"}) {
    std::string shown = no;
    CAPTURE(shown);
    CHECK_FALSE(ParseParagraphHeader(no).has_value());
  }
}

TEST_CASE("§ headers: organ prefix without sign, and bare numbers, as candidates") {
  // The space after the number's full stop lost: "9.Rapporter" (not a decimal "9.5", not a date).
  {
    auto g = ParseBareHeader("9.Rapporter");
    REQUIRE(g.has_value());
    CHECK(g->number == 9);
    CHECK_FALSE(ParseBareHeader("9.5 kronor per timme"));
    CHECK_FALSE(ParseParagraphHeader("§ I kommunallagen stadgas"));
  }
  // A web page's numbered list copied as text: a bullet, the number, the title.
  {
    auto b = ParseBareHeader("• 2           Fastställande av dagordning");
    REQUIRE(b.has_value());
    CHECK(b->number == 2);
    CHECK(b->rest == "Fastställande av dagordning");
  }
  for (const char* yes : {"Kf 88 Anmälda förhinder och upprop", "Ks 250", "KF 170 FASTSTÄLLANDE AV DAGORDNING",
                          "BUN 12 Skolskjuts", "Ks 251 Ordföranderemisser"}) {
    std::string shown = yes;
    CAPTURE(shown);
    auto h = ParseSignlessHeader(yes);
    REQUIRE(h.has_value());
    CHECK(h->style == HeaderStyle::kOrgan);
  }
  for (const char* no : {"Kl 19 Mötet öppnas", "Nr 5 Anmälan", "Sida 3 Protokoll", "Motion 12 Om", "Dnr 112 Budget",
                         "KS 250 kronor per år", "Bilaga 2 Karta"}) {
    std::string shown = no;
    CAPTURE(shown);
    CHECK_FALSE(ParseSignlessHeader(no).has_value());
  }
  for (const char* yes : {"230 Närvarorätt", "12. Budget 2020", "4a Motion om toalettbyggnad"}) {
    std::string shown = yes;
    CAPTURE(shown);
    CHECK(ParseBareHeader(yes).has_value());
  }
  for (const char* no : {"12 januari 2020", "40 kronor", "2020 Budget", "12 procent av"}) {
    std::string shown = no;
    CAPTURE(shown);
    CHECK_FALSE(ParseBareHeader(no).has_value());
  }
}

TEST_CASE("segment: one style per document, chosen by the whole document") {
  // Organ prefix without the sign, items with bodies.
  CHECK(Labels(Seg("Kommunfullmäktige\n\nKf 88 Anmälda förhinder\nFörhinder har anmälts av två ledamöter i dag.\n\n"
                   "Kf 89 Val av justerare\nKommunfullmäktige beslutar att utse Anna Berg.\n")) ==
        std::vector<std::string>{"88", "89"});
  // Bare numbers with a heading under them.
  auto bare = Seg("Plats och tid Stadshuset\n\n230 Närvarorätt\nBeslut\nPraktikanterna medges närvarorätt vid dagens sammanträde.\n\n"
                  "231 Budget\nBeslut\nBudgeten fastställs enligt förslaget från förvaltningen.\n");
  CHECK(Labels(bare) == std::vector<std::string>{"230", "231"});
  CHECK(bare.style == HeaderStyle::kBare);
  // A numbered list inside items never beats the § items, however long.
  std::string listy = "§ 94 Jäv\nBeslut\nIngen anmälde jäv.\n\n§ 95 Årsrapport\nBeslut\n";
  for (int i = 1; i <= 14; ++i)
    listy += std::to_string(i) + ". Kommunstyrelsen beslutar att godkänna punkt " + std::to_string(i) + " i\nårsrapporten.\n";
  listy += "\n§ 96 Förordnanden\nBeslut\nAnna förordnas.\n";
  CHECK(Labels(Seg(listy)) == std::vector<std::string>{"94", "95", "96"});
  // An agenda of bare numbers before § items is no item.
  CHECK(Labels(Seg("64 Anmälan av interpellationer\n\n65 Anmälan av frågor\n\n§63 Anmälan av motioner\nÄrendebeskrivning\n"
                   "En motion har lämnats in.\n\n§64 Anmälan av interpellationer\nÄrendebeskrivning\nInga nya.\n")) ==
        std::vector<std::string>{"63", "64"});
  // Lettered sub-items are items of their own, in order.
  CHECK(Labels(Seg("§ 2 Val\nBeslut\nValdes Anna.\n\n§ 3 a Motion om vägar\nBeslut\nMotionen avslås.\n\n"
                   "§ 3 b Motion om skolor\nBeslut\nMotionen bifalls.\n\n§ 4 Avslutning\nBeslut\nMötet avslutades.\n")) ==
        std::vector<std::string>{"2", "3a", "3b", "4"});
}

TEST_CASE("segment: an OCR'd table of contents (leaders turned to debris) is no run of items") {
  auto s = Seg("Innehållsförteckning\n\nKF 8 676. Anmälan av jäv ................ 2\nKF 8 677. Hemställan ,. .. ,' . ,,. 2\n"
               "KF 8 678. Förvärv av fastigheten .. . ,, . ... 3\n\f"
               "KF 8 676.\nAnmälan av jäv\nDiarienummer: SLK-2024-00074\n\nBeslut\n\nIngen anmälde jäv.\n\n"
               "KF'8 677.\nHemställan\nDiarienummer: SLK-2023-00879\n\nBeslut\n\nÄrendet bordläggs.\n\n"
               "KF 8.678,\nFörvärv av fastigheten\nDiarienummer: SLK-2023-00880\n\nBeslut\n\nFörvärvet godkänns.\n",
               true);
  REQUIRE(Labels(s) == std::vector<std::string>{"676", "677", "678"});
  for (const Item& i : s.items) CHECK(i.lines[0].page == 2);
  CHECK(ExtractItem(s.items[2], {}).title == "Förvärv av fastigheten");
}

TEST_CASE("segment: OCR's § as another glyph, resolved by the numbering") {
  auto s = Seg("27. Val av justerare\nAnna Berg utses att justera protokollet idag.\n\n"
               "28. Budget 2020\nBeslut\nBudgeten antas.\n\n29. Motion om cykelbanor\nBeslut\nMotionen avslås.\n",
               true);
  CHECK(Labels(s) == std::vector<std::string>{"7", "8", "9"});
  // "§" read as one glyph or two and fused ("KF 3813" for "KF § 13"): the readings the rest
  // of the numbering continues win.
  auto k = Seg("KF § 11 Val\nBeslut\nAntas.\n\nKF 3812 Budget\nBeslut\nAntas.\n\nKF 3813 Skatt\nBeslut\nAntas.\n\n"
               "KF 814 Taxa\nBeslut\nAntas.\n", true);
  CHECK(Labels(k) == std::vector<std::string>{"11", "12", "13", "14"});
}

TEST_CASE("segment: flattened pages are cut where items, sentences and headings begin") {
  // A re-publisher put each page on one line behind its page number.
  const std::string flat =
      "1 1(4) KOMMUNEN Sammanträdesprotokoll Plats och tid Stadshuset Beslutande Anna Berg Utses att justera Per Ek "
      "Justeringens plats och tid Kansliet torsdagen den 23 november 1989 Sekreterare Ordförande Justerare Anslag Bevis\f"
      "2 2(4) KOMMUNEN Sammanträdesprotokoll Kommunfullmäktige Kf 88 Anmälda förhinder och upprop Förhinder har anmälts "
      "av ledamöterna Kjell Hellberg och Anna Karlsson, som båda är på resa. Kommunfullmäktige beslutar att godkänna "
      "anmälda förhinder. Därefter förrättas upprop. Kf 89 Val av justerare Kommunfullmäktige beslutar att utse Per Ek "
      "att justera protokollet tillsammans med ordföranden.\f"
      "3 3(4) 90 Närvarorätt Beslut Praktikanterna Erika och William medges närvarorätt vid dagens sammanträde och "
      "får yttra sig i alla ärenden som inte rör enskilda personer eller myndighetsutövning mot enskild.";
  auto s = Seg(flat);
  REQUIRE(Labels(s) == std::vector<std::string>{"88", "89"});
  auto f = ExtractItem(s.items[0], {});
  CHECK(f.title == "Anmälda förhinder och upprop");
  REQUIRE(f.decision.has_value());
  CHECK(f.decision->find("Kommunfullmäktige beslutar att godkänna anmälda förhinder.") == 0);
  CHECK(ExtractItem(s.items[1], {}).title == "Val av justerare");
  // The page number in front of each page is furniture, not a § number.
  auto t = Normalize({"1 1(3) Framsida", "2 2(3) Text här", "3 3(3) 230 Närvarorätt"});
  CHECK(t.lines.back().text == "230 Närvarorätt");

  struct TitleCase {
    const char* rest;
    const char* title;
  };
  const TitleCase titles[] = {
      {"Anmälda förhinder och upprop Förhinder har anmälts av ledamöterna", "Anmälda förhinder och upprop"},
      {"FASTSTÄLLANDE AV DAGORDNING Dagordningen fastställs med följande ändringar", "FASTSTÄLLANDE AV DAGORDNING"},
      {"Närvarorätt Beslut Praktikanterna medges", "Närvarorätt"},
      {"Bidrag till Storviks hembygdsförening Föreningen har ansökt om bidrag", "Bidrag till Storviks hembygdsförening"},
      {"Ordföranderemisser Förteckning över inkomna ärenden", "Ordföranderemisser"},
      {"Avgifter för SFI och KS beredning Förvaltningen har", "Avgifter för SFI och KS beredning"},
      // A person's surname after "av" goes on; a capital after a place ends the title.
      {"Interpellation 2015:2 av Eva Berg (V) om ambulanser i Norrtälje Interpellationen är ställd till rådet",
       "Interpellation 2015:2 av Eva Berg (V) om ambulanser i Norrtälje"},
      {"Motion från Per Ek om cykelbanor Motionären föreslår", "Motion från Per Ek om cykelbanor"},
      // A point that begins with a person's name is not cut inside it (a known given name first).
      {"Tony Herteby valdes till justeringsman Mötet ansågs behörigt utlyst", "Tony Herteby valdes till justeringsman"},
      {"Janne Söderberg och Sven-Håkan Lundevall valdes till rösträknare Mötet ansågs behörigt utlyst",
       "Janne Söderberg och Sven-Håkan Lundevall valdes till rösträknare"},
  };
  for (const TitleCase& c : titles) {
    std::string shown = c.rest;
    CAPTURE(shown);
    CHECK(std::string(c.rest).substr(0, RunOnTitleLength(c.rest)) == c.title);
  }
}

TEST_CASE("segment: a bound volume holds meetings, each with its own items") {
  const std::string volume =
      "KOMMUNSTYRELSEN\nSammanträdesdatum 2019-01-15\n\nPlats och tid Stadshuset kl 18.00\nBeslutande Anna Berg\n\n"
      "§ 1 Val av justerare\nBeslut\nPer Ek utses.\n\n§ 2 Budget\nBeslut\nBudgeten antas.\n\f"
      "KOMMUNSTYRELSEN\nSammanträdesdatum 2019-02-12\n\nPlats och tid Stadshuset kl 18.00\nBeslutande Anna Berg\n\n"
      "§ 3 Val av justerare\nBeslut\nLisa Ek utses.\n\n§ 4 Taxor\nBeslut\nTaxorna antas.\n\f"
      "BARN- OCH UTBILDNINGSNÄMNDEN\nSammanträdesdatum 2019-03-05\n\nPlats och tid Skolan kl 13.00\nBeslutande Ola Ek\n\n"
      "§ 1 Val av justerare\nBeslut\nOla Berg utses.\n\n§ 2 Skolskjuts\nBeslut\nReglerna antas.\n";
  auto s = Seg(volume);
  REQUIRE(Labels(s) == std::vector<std::string>{"1", "2", "3", "4", "1", "2"});
  REQUIRE(s.meetings.size() == 3);
  std::vector<int> meeting_of;
  for (const Item& i : s.items) meeting_of.push_back(i.meeting);
  CHECK(meeting_of == std::vector<int>{0, 0, 1, 1, 2, 2});
  // The front page is the meeting's head, not the previous item's text.
  for (const Line& l : s.items[1].lines) CHECK(l.text.find("Sammanträdesdatum") == std::string::npos);
  // Each meeting's head: its front page and the furniture of its own first page (as the pipeline
  // reads it).
  auto n = Normalize({volume.substr(0, volume.find('\f')), volume.substr(volume.find('\f') + 1, volume.rfind('\f') - volume.find('\f') - 1),
                      volume.substr(volume.rfind('\f') + 1)});
  std::vector<std::string> dates, bodies;
  for (const Meeting& m : s.meetings) {
    std::vector<Line> furniture;
    for (const Line& l : n.furniture)
      if (l.page == m.first_page) furniture.push_back(l);
    ProtocolHead h = ReadHead(m.preamble, furniture);
    dates.push_back(h.meeting_date);
    bodies.push_back(h.body);
  }
  CAPTURE(dates[0]);
  CAPTURE(dates[1]);
  CAPTURE(dates[2]);
  CHECK(dates == std::vector<std::string>{"2019-01-15", "2019-02-12", "2019-03-05"});
  CHECK(bodies == std::vector<std::string>{"Kommunstyrelsen", "Kommunstyrelsen", "Barn- och utbildningsnämnden"});
  // Numbering that drops back with no front page still starts a meeting when a run follows.
  auto r = Seg("§ 7 A\nBeslut\nAntas.\n\n§ 8 B\nBeslut\nAntas.\n\n§ 1 C\nBeslut\nAntas.\n\n§ 2 D\nBeslut\nAntas.\n\n"
               "§ 3 E\nBeslut\nAntas.\n\n§ 4 F\nBeslut\nAntas.\n");
  CHECK(Labels(r) == std::vector<std::string>{"7", "8", "1", "2", "3", "4"});
  // A page header leaked into a text export, a dateline and a wrapped "plats" inside items are
  // no front page.
  auto leak = Seg("§ 5 Ny beräkningsgrund för avgifter för upplåtelse av offentlig\nplats\nBeslut\n\nÄrendet bordläggs.\n"
                  "den 6 maj 2024.\n\nProtokoll nr 14\nSammanträdesdatum: 2024-05-08\n\n"
                  "Tjänstgörande ersättaren Johannes Hulter (S) yrkar bifall.\n\n§ 6 Beslutade visselblåsarärenden 2023\nBeslut\nAntecknas.\n");
  CHECK(leak.meetings.size() == 1);
  REQUIRE(leak.items.size() == 2);
  CHECK(ExtractItem(leak.items[0], {}).title == "Ny beräkningsgrund för avgifter för upplåtelse av offentlig plats");
  CHECK(ExtractItem(leak.items[1], {}).title == "Beslutade visselblåsarärenden 2023");
  // A single stray low number is a reference, not a new meeting.
  CHECK(Labels(Seg("§ 7 A\nBeslut\nAntas.\n\n§ 8 B\nBeslut\nAntas.\n\n§ 2 C\n\n§ 9 D\nBeslut\nAntas.\n")) ==
        std::vector<std::string>{"7", "8", "9"});
}

TEST_CASE("meeting head: the meeting's date, never the justering's") {
  struct Case {
    const char* head;
    const char* date;
  };
  const Case cases[] = {
      {"Kommunfullmäktige 2000-01-31\nPlats och tid Sparbanken kl 18.00\nJusteringens\nplats och tid Servicekontoret 2000-02-11",
       "2000-01-31"},
      {"Plats och tid Stadshuset måndagen den 20 november 1989\nJustering torsdagen den 23 november 1989", "1989-11-20"},
      {"{den 12 Januari 1891}\nNärvarande samtlige Herrar ledamöter.", "1891-01-12"},
      {"{1895, den 22 April}\nNärvarande: samtliga Herrar Stadsfullmäktige", "1895-04-22"},
      {"Anslaget sätts upp 2015-11-17\nSammanträdesdatum 2015-11-10", "2015-11-10"},
  };
  for (const Case& c : cases) {
    std::string shown = c.head;
    CAPTURE(shown);
    auto n = Normalize({c.head});
    CHECK(ReadHead(n.lines, n.furniture).meeting_date == c.date);
  }
}

TEST_CASE("titles: words only, never leaders, page numbers or the record itself") {
  struct Case {
    const char* text;
    const char* title;
  };
  const Case cases[] = {
      {"§ 5 —\nBudget 2020\nBeslut\nAntas.", "Budget 2020"},
      {"§ 5\n=\nBudget 2020\nBeslut\nAntas.", "Budget 2020"},
      {"§.5.\nBeslöts uppdraga åt Ordföranden\natt ombestyra protokollsföringen.", ""},
      {"§.4.\natt jämte Ordföranden justera dagens\nprotokoll utsågos Herrar Petters-\nson och Höglund.", ""},
  };
  for (const Case& c : cases) {
    std::string shown = c.text;
    CAPTURE(shown);
    auto s = Seg(c.text);
    REQUIRE(s.items.size() == 1);
    CHECK(ExtractItem(s.items[0], {}).title == c.title);
  }
}

TEST_CASE("decisions: old and passive forms, qualified headings, procedure last") {
  struct Case {
    const char* text;
    const char* starts;  // the decision starts with this; "" = none
  };
  const Case cases[] = {
      {"§.5.\nBeslöts uppdraga åt Ordföranden\natt ombestyra protokollsföringen.", "Beslöts uppdraga åt Ordföranden att ombestyra"},
      {"§.6.\nBeslutades att ett Beredningsutskott\nskulle tillsättas.", "Beslutades att ett Beredningsutskott"},
      {"§.7.\nRemitterades till Utskottet att ingifva förslag.", "Remitterades till Utskottet"},
      {"§ 123.\nEnär saken är utredd, beslöto Stadsfullmäktige\nlemna sitt bifall.", "Enär saken är utredd, beslöto"},
      {"§ 1.\nAtt justera protokollet utsågos Herrar Aspelin och Stenman", "Att justera protokollet utsågos"},
      {"§ 8.\nÅt Ordföranden lemnade Stadsfullmäktige i uppdrag att underteckna skrifvelsen.", "Åt Ordföranden lemnade"},
      {"§ 1.\nHerr C. A. Ström skulle för uteblifvandet plikta 2 Kronor, hvilket beslut fattades vid votering.", "Herr C. A. Ström skulle"},
      {"§ 170 Dagordning\nDagordningen fastställs med följande ändringar: ärende 4a tillkommer.", "Dagordningen fastställs med följande"},
      {"§ 12 Budget\n\nBeslut – Förslag till kommunfullmäktige\n\nKommunfullmäktige föreslås anta budgeten.", "Kommunfullmäktige föreslås anta budgeten."},
      {"§ 4 Motion\n\nOrdföranden ställer proposition på avslag och bifall och finner att kommunstyrelsen beslutar att "
       "avslå motionen.\n\nKommunstyrelsen beslutar att avslå motionen.",
       "Kommunstyrelsen beslutar att avslå motionen."},
      {"§ 4 Motion\n\nOrdföranden ställer proposition på förslagen och finner att kommunstyrelsen beslutar att avslå motionen.",
       "Ordföranden ställer proposition"},
      {"§ 9 Information\n\nFörvaltningen föreslår att kommunstyrelsen beslutar att godkänna rapporten.", ""},
  };
  for (const Case& c : cases) {
    std::string shown = c.text;
    CAPTURE(shown);
    auto s = Seg(c.text);
    REQUIRE(s.items.size() == 1);
    auto f = ExtractItem(s.items[0], {});
    if (std::string(c.starts).empty()) {
      CHECK_FALSE(f.decision.has_value());
    } else {
      REQUIRE(f.decision.has_value());
      CHECK(f.decision->rfind(c.starts, 0) == 0);
    }
  }
}

TEST_CASE("diarienummer: whatever follows a Dnr label, read generically") {
  struct Case {
    const char* text;
    const char* board;
    int year;
    long serial;
  };
  const Case cases[] = {
      {"Dnr 07/123", "", 2007, 123},
      {"Dnr. KS 2007.0123-10", "KS", 2007, 123},
      {"Diarienr 123-07", "", 2007, 123},
      {"Vår beteckning 2007-KS-45", "KS", 2007, 45},
      {"Dnr KS 1.1.2 2007/45", "KS", 2007, 45},
      {"DNR: 20070045", "", 2007, 45},
      {"Ärendenr BUN 2019/0012 1.1.2", "BUN", 2019, 12},
      {"Dnr. 2011/KS 0206 001", "KS", 2011, 206},
      {"Diarienummer: KS/2007:45", "KS", 2007, 45},
      {"Dnr 1.1.22007/45", "", 2007, 45},
  };
  for (const Case& c : cases) {
    std::string shown = c.text;
    CAPTURE(shown);
    auto d = FindDiarienummer(c.text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].board == c.board);
    CHECK(d[0].year == c.year);
    CHECK(d[0].serial == c.serial);
    CHECK(IsDiarienummerLine(c.text));
  }
  // A label with no number, or a bare running number without a year, reads as nothing.
  for (const char* no : {"Dnr 500/", "Dnr saknas", "Diarienummer Anmälan om"}) {
    std::string shown = no;
    CAPTURE(shown);
    CHECK(FindDiarienummer(no).empty());
  }
}

TEST_CASE("amounts: a thousands group wrapped onto the next line is one number") {
  auto a = FindAmounts("ett bidrag om 1 200\n000 kronor för år 2020");
  REQUIRE(a.size() == 1);
  CHECK(a[0].sek == 1200000);
  CHECK(FindAmounts("000 kronor").empty());
  CHECK(FindAmounts("0 kr").empty());
}

TEST_CASE("amounts: three digits after a comma group thousands of whole kronor, one krona is kronor") {
  auto a = FindAmounts("Styrelsen har 36,000 kr till förfogande.");
  REQUIRE(a.size() == 1);
  CHECK(a[0].sek == 36000);
  auto m = FindAmounts("en ram om 1,375 mnkr");
  REQUIRE(m.size() == 1);
  CHECK(m[0].sek == doctest::Approx(1375000));
  auto o = FindAmounts("avgiften 12,50 kr per år");
  REQUIRE(o.size() == 1);
  CHECK(o[0].sek == doctest::Approx(12.5));
  auto k = FindAmounts("årsavgiften 1 krona för medlem över 15 år");
  REQUIRE(k.size() == 1);
  CHECK(k[0].sek == 1);
}

TEST_CASE("dates: old minutes' spellings and years") {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"Resolution d. 11 Febr: 1835.", "1835-02-11"},
      {"under den 14 September 1893", "1893-09-14"},
      {"{Den 27 Maji 1835}", "1835-05-27"},
      {"{1895, den 22 April}", "1895-04-22"},
      {"den 3 Sept. 1901", "1901-09-03"},
  };
  for (const Case& c : cases) {
    std::string shown = c.text;
    CAPTURE(shown);
    auto d = FindDates(c.text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].iso == c.iso);
  }
}

TEST_CASE("normalise: capitalised words broken at a syllable lose the hyphen, capitals keep it") {
  auto t = Normalize({"godkände Stadsfull-\nmäktige och Herr P.J.Petters-\nson samt EU-\nprojektet och Barn-\noch utbildning"});
  std::string joined;
  for (const Line& l : t.lines) joined += l.text + " ";
  CHECK(joined.find("Stadsfullmäktige") != std::string::npos);
  CHECK(joined.find("P.J.Pettersson") != std::string::npos);
  CHECK(joined.find("EU-projektet") != std::string::npos);
  CHECK(joined.find("Barn- och utbildning") != std::string::npos);
}

TEST_CASE("tables of contents: leaders and their OCR debris end a title, in linear time") {
  struct Case {
    const char* line;
    const char* kept;
  };
  const Case cases[] = {
      {"Budget 2020 ........ 4", "Budget 2020"},
      {"Hemställan ,. .. ,' . ,,. 2", "Hemställan"},
      {"Förvärv av fastigheten .. . ,, . ... 3", "Förvärv av fastigheten"},
      {"Anmälan av jäv … … 12", "Anmälan av jäv"},
      {"Motioner m.m.", "Motioner m.m."},
      {"Taxa 2021–2022", "Taxa 2021–2022"},
      {"Budget 2020", "Budget 2020"},
  };
  for (const Case& c : cases) {
    std::string s = c.line;
    CAPTURE(s);
    size_t at = TocTailStart(s);
    CHECK((at == std::string::npos ? s : s.substr(0, at)) == c.kept);
  }
  // Long runs of marks (what made a regular expression backtrack for seconds) are quick.
  std::string run = "Titel " + std::string(20000, '.') + "x" + std::string(20000, ',');
  CHECK(TocTailStart(run) != std::string::npos);
}

TEST_CASE("amounts: as old minutes write them — kronor and öre, öre alone, words, digits between slashes") {
  struct Case {
    const char* text;
    std::vector<double> sek;
  };
  const Case cases[] = {
      {"behållningen utgjorde 595 kronor 14 öre vid årets slut", {595.14}},
      {"en afgift af 12 kr. 50 öre för hvarje", {12.5}},
      {"uttaxeras 60 öre för skattskrifne män och 35 öre för qvinnor", {0.6, 0.35}},
      {"Etthundra /100/ Kronor anslogs till skolan", {100}},
      {"till ordföranden Ett hundra (100) kronor samt Fyra hundra (400) kronor", {100, 400}},
      {"understöd af Fem kronor till skomakaren", {5}},
      {"en kostnad af tvåhundrafemtio kronor", {250}},
      {"ettusenfemhundra kronor", {1500}},
      {"behållning kr 544:21 enligt räkenskaperna", {544.21}},
      {"hyra 7:50 Kr. i månaden", {7.5}},
      // look-alikes that are no sums
      {"Till revisorer valdes herrar Ek och Berg", {}},
      {"kronor och ören räknades", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    std::vector<double> got;
    for (const Amount& a : FindAmounts(c.text)) got.push_back(a.sek);
    CHECK(got == c.sek);
  }
}
