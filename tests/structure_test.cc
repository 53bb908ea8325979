// A protocol's parts (issue 20): lists that repeat the items are never items nor a meeting;
// meetings headed by sentences or page headers each keep their own date; closing blocks end the
// last item; a § label alone is kept; review scores what a reader would notice (mutation tests).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/item.h"
#include "extractors/normalize.h"
#include "extractors/paragraf.h"
#include "extractors/people.h"
#include "extractors/segment.h"
#include "extractors/structure.h"
#include "pipeline/document.h"

using namespace protokoll;
using namespace protokoll::extractors;

namespace {
std::vector<std::string> Pages(const std::string& text) {
  std::vector<std::string> pages;
  size_t b = 0;
  for (size_t ff; (ff = text.find('\f', b)) != std::string::npos; b = ff + 1) pages.push_back(text.substr(b, ff - b));
  pages.push_back(text.substr(b));
  return pages;
}
Segmented Seg(const std::string& text) { return Segment(Normalize(Pages(text)).lines, {}); }
std::vector<int> Numbers(const Segmented& s) {
  std::vector<int> out;
  for (const Item& i : s.items) out.push_back(i.header.number);
  return out;
}
catalogue::StoredDocument Process(const std::string& text) {
  pipeline::SourceDocument src;
  src.format = pipeline::Format::kText;
  int n = 1;
  for (const std::string& p : Pages(text)) src.pages.push_back({n++, pipeline::PageSource::kText, p, {}, {}, {}, {}, "source"});
  return pipeline::ProcessDocument(src, "prov.txt", "00", 1);
}

// The items the lists below repeat: three § items with bodies.
const char kItems[] =
    "Plats och tid Kommunhuset 2019-03-04\nBeslutande Anna Berg, ordförande\n\n"
    "§ 1 Dnr KS 2019/10\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek att justera protokollet.\n\n"
    "§ 2 Dnr KS 2019/11\nBudget för 2020\n\nKommunstyrelsen beslutar att anta budgeten för 2020 enligt förslaget.\n\n"
    "§ 3 Dnr KS 2019/12\nTaxa för vatten och avlopp\n\nKommunstyrelsen beslutar att höja taxan med 3 procent.\n";
}  // namespace

TEST_CASE("structure: contents lists in every shape are never items and never a meeting") {
  const std::vector<std::pair<const char*, std::string>> lists = {
      {"one-line entries, dotted leaders, heading",
       "Innehållsförteckning\n§ 1 Val av justerare .......... 2\n§ 2 Budget för 2020 .......... 3\n"
       "§ 3 Taxa för vatten och avlopp .......... 4\n\n"},
      {"two-line entries, § and Dnr first, leaders and page on the second, no heading",
       "§ 1 Dnr KS 2019/10\nVal av justerare ................ 2\n§ 2 Dnr KS 2019/11\nBudget för 2020 .......... 3\n"
       "§ 3 Dnr KS 2019/12\nTaxa för vatten och avlopp .......... 4\n\n"},
      {"three-line entries, spaced dots",
       "Ärendeförteckning\n§ 1\nDnr KS 2019/10\nVal av justerare . . . . . . . 2\n§ 2\nDnr KS 2019/11\n"
       "Budget för 2020 . . . . . . . 3\n§ 3\nDnr KS 2019/12\nTaxa för vatten och avlopp . . . . . 4\n\n"},
      {"OCR letter debris for leaders, no Dnr",
       "§ 1 Val av justerare ,. .. ,' . ,,. 2\n§ 2 Budget för 2020 .,. .. ., ,. 3\n§ 3 Taxa för vatten och avlopp ., .i .. . 4\n\n"},
      {"no leaders: an agenda whose numbers come again with bodies",
       "Föredragningslista\n\n§ 1 Val av justerare\n\n§ 2 Budget för 2020\n\n§ 3 Taxa för vatten och avlopp\n\n"},
      {"no heading, no leaders: the pairing alone",
       "§ 1 Val av justerare\n§ 2 Budget för 2020\n§ 3 Taxa för vatten och avlopp\n\n"},
      {"split across two pages",
       "Innehåll\n§ 1 Val av justerare .......... 2\n§ 2 Budget för 2020 .......... 3\n\f"
       "§ 3 Taxa för vatten och avlopp .......... 4\n\n"},
  };
  for (const auto& [name, list] : lists) {
    const std::string shape = name;
    CAPTURE(shape);
    Segmented s = Seg(list + kItems);
    CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
    CHECK(s.meetings.size() == 1);
    for (const Item& it : s.items) {
      ItemFields f = ExtractItem(it, {});
      CHECK(f.decision.has_value());
      CHECK_FALSE(HasListTail(f.title));
    }
    // Nothing vanishes: each list entry is in the trace with its reason.
    int listed = 0;
    for (const Rejected& r : s.rejected) listed += r.reason.find("list") != std::string::npos;
    CHECK(listed == 3);
  }
  // Bodiless short items that nothing pairs and no heading or leader marks stay items.
  Segmented short_items = Seg("§ 1 Mötet öppnades\n§ 2 Dagordningen godkändes\n§ 3 Mötet avslutades\n");
  CHECK(Numbers(short_items) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: meetings headed by sentences only, and a volume whose numbering runs on") {
  // Three meetings, each headed only by a sentence naming it and its date; § labels alone on
  // their lines, one after a line ending in a hyphen.
  const std::string three =
      "Protokoll, hållet vid Kommunal-\nstämma med Fors socken i\nSockenstugan den 14 Mars 1877.\n\n"
      "§ 1.\nStämman förklarades lagligen utlyst.\n§ 2.\nTill revisorer valdes A. Svedin och P. Persson i Kohl-\n"
      "§ 3.\nBeslöts att skolhuset skulle repareras.\n\nSamma dag uppläst och justeradt\n/A. Svedin/\n"
      "Uppläst i Fors kyrka den 18 Mars 1877.\n\n"
      "Protokoll, hållet vid Kommunalstämma med Fors socken den 2 Oktober 1877.\n\n"
      "§ 1.\nStämman förklarades lagligen utlyst.\n§ 2.\nBeslöts att uttaxera 50 öre per fyrk.\n\n"
      "Som ofvan\n/A. Svedin/\nJusteradt den 9 Oktober 1877\n\n"
      "Protokoll fört vid sammanträde med kommunalnämnden den 5 Januari 1878.\n\n"
      "§ 1.\nNämnden beslöt att bevilja understöd åt enkan Andersson.\n";
  catalogue::StoredDocument doc = Process(three);
  REQUIRE(doc.items.size() == 6);
  const std::vector<std::pair<int, std::string>> want = {{0, "1877-03-14"}, {0, "1877-03-14"}, {0, "1877-03-14"},
                                                         {1, "1877-10-02"}, {1, "1877-10-02"}, {2, "1878-01-05"}};
  for (size_t k = 0; k < want.size(); ++k) {
    CAPTURE(k);
    CHECK(doc.items[k].fields.meeting == want[k].first);
    CHECK(doc.items[k].fields.meeting_date == want[k].second);
  }
  // The closing block's dates are not the last item's.
  CHECK(doc.items[2].fields.dates.empty());
  CHECK(doc.items[4].fields.dates.empty());

  // A bound volume: numbering runs on across meetings, each page headed by its meeting's date.
  const std::string volume =
      "Kommunstyrelsen\nSammanträdesdatum 2019-03-04\n\n§ 10\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek.\n\f"
      "Kommunstyrelsen\nSammanträdesdatum 2019-03-04\n\n§ 11\nBudget\n\nKommunstyrelsen beslutar att anta budgeten.\n\f"
      "Kommunstyrelsen\nSammanträdesdatum 2019-04-08\n\n§ 12\nTaxa\n\nKommunstyrelsen beslutar att höja taxan.\n\f"
      "Kommunstyrelsen\nSammanträdesdatum 2019-04-08\n\n§ 13\nVal av ombud\n\nKommunstyrelsen beslutar att utse Eva Ek.\n";
  catalogue::StoredDocument vol = Process(volume);
  REQUIRE(vol.items.size() == 4);
  CHECK(vol.items[0].fields.meeting_date == "2019-03-04");
  CHECK(vol.items[1].fields.meeting_date == "2019-03-04");
  CHECK(vol.items[2].fields.meeting_date == "2019-04-08");
  CHECK(vol.items[3].fields.meeting_date == "2019-04-08");
  CHECK(vol.items[2].fields.meeting == 1);
}

TEST_CASE("structure: head sentences, closing blocks and list headings") {
  auto head = [](const char* text) {
    std::vector<Line> lines;
    for (const std::string& p : Pages(text)) (void)p;
    std::string t = text;
    size_t b = 0;
    for (size_t nl; (nl = t.find('\n', b)) != std::string::npos; b = nl + 1) lines.push_back({t.substr(b, nl - b), 1});
    lines.push_back({t.substr(b), 1});
    return ParseMeetingHead(lines, 0);
  };
  CHECK(head("Protokoll, hållet vid ordinarie Kom-\nmunalstämma med Fors Socken\ni Sockenstugan den 30 Mars 1881.")->date == "1881-03-30");
  CHECK(head("Protokoll fört vid sammanträde med socialnämnden 1962-05-14")->date == "1962-05-14");
  CHECK(head("Protokoll hållet i Kommunalstämma med Bro och Låssa socknar den 28 mars").has_value());
  CHECK_FALSE(head("Protokollet från sammanträdet den 3 maj 1921 upplästes och godkändes."));
  CHECK_FALSE(head("Kommunstyrelsen beslutar att anta budgeten den 3 maj 2021."));
  for (const char* c : {"Som ofvan", "År och dag som ovan", "Justeradt:", "Justerat den 28 Mars 1885",
                        "Samma dag uppläst och justeradt", "Uppläst i Fors kyrka den 18 mars 1877 af",
                        "Förestående protokoll upplästes i Klosters kyrka", "Vid protokollet", "In fidem", "ANSLAG/BEVIS"})
    CHECK_MESSAGE(StartsClosingBlock(c), std::string(c));
  for (const char* c : {"Att justera dagens protokoll utsågos herrar Ek och Berg.", "Justering av protokollet",
                        "Kommunstyrelsen beslutar att anta budgeten."})
    CHECK_FALSE_MESSAGE(StartsClosingBlock(c), std::string(c));
  for (const char* c : {"Innehållsförteckning", "Ärendelista", "FÖREDRAGNINGSLISTA", "Paragraf Ärende Sida", "Dagordning:"})
    CHECK_MESSAGE(IsListHeading(c), std::string(c));
  CHECK_FALSE(IsListHeading("Ärendet"));
}

TEST_CASE("structure: labels of meeting software, page numbers, the preparing body's paragraph") {
  // "§ 12, KF 2019-11-25 18:00" heads every page of an item; the repeat is traced, not an item.
  Segmented s = Seg(
      "§ 12, KF 2019-11-25 18:00\nBudget 2020\n\nKommunfullmäktige beslutar att anta budgeten.\n\f"
      "§ 12, KF 2019-11-25 18:00\nBudgeten omsluter 2 miljarder kronor.\n\f"
      "§ 13, KF 2019-11-25 18:00\nTaxor 2020\n\nKommunfullmäktige beslutar att anta taxorna.\n");
  CHECK(Numbers(s) == std::vector<int>{12, 13});
  CHECK(s.items[0].header.organ == "KF");
  bool repeat_traced = false;
  for (const Rejected& r : s.rejected) repeat_traced |= r.reason.rfind("repeats the number", 0) == 0;
  CHECK(repeat_traced);
  // "KS § 145 / title / AU § 106": the item is 145.
  Segmented prep = Seg("KS § 145\nSammanträdesdagar 2004\n\nAU § 106\nKommunstyrelsen beslutar att fastställa dagarna.\n\n"
                       "KS § 146\nBudget\n\nKommunstyrelsen beslutar att anta budgeten.\n");
  CHECK(Numbers(prep) == std::vector<int>{145, 146});
}

TEST_CASE("review: each failure class applied to a correctly read document scores below 0.8") {
  const std::string text =
      "Kommunstyrelsen\nPlats och tid Kommunhuset 2019-03-04\nBeslutande Anna Berg, ordförande\n\n"
      "§ 1\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek att justera protokollet.\n\n"
      "§ 2\nBudget för 2020\n\nKommunstyrelsen beslutar att anta budgeten för 2020 enligt förslaget.\n\n"
      "§ 3\nTaxa för vatten och avlopp\n\nKommunstyrelsen beslutar att höja taxan med 3 procent.\n\n"
      "§ 4\nVal av ombud\n\nKommunstyrelsen beslutar att utse Eva Ek till ombud.\n";
  catalogue::StoredDocument clean = Process(text);
  REQUIRE(clean.items.size() == 4);
  CHECK(clean.quality.score >= 0.8);
  pipeline::SourceDocument src;
  src.pages.push_back({1, pipeline::PageSource::kText, text, {}, {}, {}, {}, "source"});
  auto score_of = [&](Segmented seg) {
    std::vector<ItemFields> fields;
    ProtocolHead head;
    head.body = "Kommunstyrelsen";
    head.meeting_date = "2019-03-04";
    for (const Item& it : seg.items) fields.push_back(ExtractItem(it, head));
    return pipeline::AssessQuality(seg, fields, src, false).score;
  };
  const Segmented good = Seg(text);
  CHECK(score_of(good) >= 0.8);
  // Join two items: § 3 read as part of § 2.
  {
    Segmented joined = good;
    Item& a = joined.items[1];
    const Item& b = joined.items[2];
    a.lines.push_back({"", 1});
    a.lines.insert(a.lines.end(), b.lines.begin(), b.lines.end());
    joined.items.erase(joined.items.begin() + 2);
    CHECK(score_of(joined) < 0.8);
  }
  // A contents list read as a meeting of its own: the same § and titles again, no bodies.
  {
    Segmented listed = Seg("§ 1 Val av justerare .... 2\n\n§ 2 Budget för 2020 .... 3\n\n§ 3 Taxa för vatten och avlopp .... 4\n\n"
                           "§ 4 Val av ombud .... 5\n\n" + text);
    Segmented as_meeting = good;
    REQUIRE(listed.rejected.size() == 4);
    for (int k = 0; k < 4; ++k) {
      Item it;
      it.header = *ParseParagraphHeader(listed.rejected[static_cast<size_t>(k)].text);
      it.lines = {{listed.rejected[static_cast<size_t>(k)].text, 1}};
      as_meeting.items.insert(as_meeting.items.begin() + k, it);
    }
    for (size_t k = 4; k < as_meeting.items.size(); ++k) as_meeting.items[k].meeting = 1;
    CHECK(score_of(as_meeting) < 0.8);
  }
  // Page numbers taken as items: a running head read as items 1, 2 between the real ones.
  {
    Segmented paged = good;
    for (int k : {2, 1}) {
      Item it;
      it.header = *ParseBareHeader(std::to_string(k) + " Sammanträdesprotokoll Kommunstyrelsen");
      it.lines = {{std::to_string(k) + " Sammanträdesprotokoll Kommunstyrelsen", 1}};
      paged.items.insert(paged.items.begin() + 2, it);
    }
    CHECK(score_of(paged) < 0.8);
  }
}

TEST_CASE("structure: labels of other periods and converters, each a table row") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<int> numbers;
  };
  const std::vector<Case> cases = {
      {"Latin ordinals, the text running on",
       "Protocoll wid sammanträde med Borgerskapets Äldste d. 22 Nov 1853.\n\n1:mo Föredrogs af Ordföranden fråga om skrifvelse\n"
       "borde afsändas till Riksdagen.\n\n2:de Och beslöts att Herr Schenström skulle anmodas.\n\n3:tio Äfven borde han söka anslag.\n",
       {1, 2, 3}},
      {"Latin ordinals with the raised o written after the figure, after a line left open",
       "1789 den 26 Maii efter Laga pålysning blef Allmän Sochnestämma\nföretagen i den ordning som följer:\n\n"
       "1o Uplästes Kyrke- och Fattig Cassa Räkningarne; som ärkändes.\n\n2o) På begäran skulle stämman afgifva yttrande.\n\n"
       "3o Utsågos Rydberg och Ericsson att justera protokollet.\n",
       {1, 2, 3}},
      {"the figure one read as a letter, after the sign alone and as a bare label in running text",
       "Protokoll, hållet vid Svenska Naturskyddsföreningens\nårsmöte lördagen den 29 mars 1924.\n§ i-\n"
       "Föreningens ordförande förklarade mötet öppnat.\n§ 2.\nAtt justera dagens protokoll utsågos J. Hägg och Aug. "
       "Lyttkens.\n§ 3.\nÅrsberättelsen förelåg tryckt.\n",
       {1, 2, 3}},
      {"the figure one as a letter in a flattened page",
       "Protokoll, hållet hos Stadsfullmäktige i Luleå den 29 augusti 1913 Närvarande: Herrar Ordföranden och vice "
       "Ordföranden samt Herrar Flemström, Thurfjell, Brändström, Aurén, Lindquist, Åhrström, Hellsten, Fröken Holm, "
       "Herrar Lind, Falk och Nilsson äfvensom Stadskamreraren, hvaremot såsom frånvarande antecknades Herrar Wahlgren "
       "och Hellström. l. Utsagos Herrar Nilsson och Thurfjell att justera dagens protokoll. 2. Antecknades att ingen "
       "anmärkning gjordes. 3. I skrifvelse den 30 juli hade Landshöfdinge-Ämbetet anmodat Stadsfullmäktige.\n",
       {1, 2, 3}},
      {"a label with a heading after a paragraph break, the head's last line ending in a comma",
       "Protokoll fört vid Lundsbäcks koloniförenings\n\nhalvårsmöte söndag 20 augusti 2023 Org. Nr: 843000-9988,\n\n"
       "§1 Mötets öppnande Ordf. Lars Ottosson förklarade mötet öppnat.\n\n§2 Val av mötesordförande Mötet utsåg "
       "Lars Ottosson till mötesordförande.\n\n§3 Val av sekreterare Mötet valde Thomas Possling.\n",
       {1, 2, 3}},
      {"the sign alone on its line, its number on the next",
       "Protokoll fört vid föreningsstämma den 30 maj 2017.\n\n§\n\n219 Mötet öppnas.\n\nBengt hälsade de närvarande "
       "välkomna och förklarade mötet öppnat.\n\n§ 220 Val av ordförande för mötet.\n\nTill ordförande valdes Bengt.\n",
       {219, 220}},
      {"the number before the sign, Finland-Swedish",
       "Församlingsrådets sammanträde 26.2.2020\n\n1 §\n\nMötets öppnande\n\nOrdföranden öppnade mötet.\n\n2 §\n\n"
       "Laglighet och beslutförhet\n\nMötet konstaterades lagligt. Kallelsen bifogas protokollet. (bilaga 1/ 2 §)\n\n"
       "3 § Övriga ärenden: Val av representanter.\n",
       {1, 2, 3}},
      {"the year after a running number, and a stray accent after the label's stop",
       "Protokoll fört vid styrelsemöte den 14 augusti 2013.\n\n§ 138/2016 Dnr 2016/0165\n\nRemiss om vägar\n\n"
       "Arbetsutskottet beslutar att yttra sig.\n\n§ 139/2016 Dnr 2016/0166\n\nSvar på remiss\n\nArbetsutskottet "
       "beslutar att anta svaret.\n\n§ 140.´Styrelsen avslutade sammanträdet.\n",
       {138, 139, 140}},
      {"a label inside a line: after the head's sentence, glued to its year, after a dash",
       "Protokoll hållet vid municipalstämma med Nyfors municipalsamhälle den 4 April 1893. §1. På gjord framställning "
       "valdes ordförande.\n\n§ 2. Val af suppleant.\nTill suppleant valdes Karl Berg. -§ 3. Fyrktalslängden, upprättad 1893, "
       "godkändes.\n\n"
       "§ 4. Mötet avslutades.\n",
       {1, 2, 3, 4}},
      {"the sign glued to the head's year",
       "Protokoll, fört vid Klostergårdens byalags extra årsmöte, måndagen den 9 juni 2008§ 1 Årsmötets öppnande Gunnar "
       "Stensson öppnade mötet.\n\n§ 2 Val av ordförande Till ordförande valdes Gunnar.\n\n§ 3 Val av sekreterare "
       "Till sekreterare valdes Anna.\n",
       {1, 2, 3}},
      {"a bullet for the sign", "Årsmötet 1908\n\n • 1\n\nHelsade ordföranden de närvarande välkomna och förklarade mötet öppnadt.\n\n"
       " • 2\n\nUpplästes protokollen för år 1907 och godkändes.\n", {1, 2}},
      {"meeting software with the sign lost, a cover page numbered -2",
       "1 -2, KST :00 Tid kl Plats Kommungården Närvarande Östman Per, ordförande Backman Gustav, I viceordförande Granlund Gun, "
       "II viceordförande Blusi Anna-Lena, ledamot Nikkari-Östman Leena, ledamot Bystedt Rainer, ledamot Grägg Ralf, ledamot "
       "Redlig Ann-Kristin, ledamot Östman Elvi, ledamot Staffas Bror, ersättare Wallin Ralf, ersättare Backman Lisa\n\n"
       "2 287, KST :00 LAGLIGHET OCH BESLUTFÖRHET Ordföranden konstaterar sammanträdets laglighet och beslutförhet enligt "
       "kommunallagen och förvaltningsstadgan.\n\n3 288, KST :00 PROTOKOLLJUSTERARE Kommunstyrelsen utser två protokolljusterare "
       "och bestämmer tidpunkten för justeringen efter sammanträdet.\n", {287, 288}},
      {"organ and date before the sign", "Pöytäkirja 09.12.2025/Pykälä 104\n\nFR 09.12.2025 § 104\nSammanträdets laglighet\n\n"
       "Sammanträdet konstateras vara lagenligt sammankallat och beslutfört.\n", {104}},
      {"a footer word and a rule fused to the label",
       "Underskrift ........\n\nUtdragsbestyrkandeKs § 21\n\nVal av justeringsman\n\nKommunstyrelsen beslutar att utse Per Ek.\n\n"
       "_________Ks § 22\n\nBudget\n\nKommunstyrelsen beslutar att anta budgeten.\n", {21, 22}},
      {"flattened pages numbered '1 1' and '3 3(26)', items as bare numbers",
       "1 1(26) Plats och tid Mötesplats, Arenan, klockan 15:00-16:40 Beslutande Anna Berg (S), ordförande Per Ek (M) Utses att "
       "justera Eva Lund Justeringens plats och tid Förvaltningen Sekreterare Ordförande Justerande Paragrafer 41-42\n\n"
       "2 2(26) 41 Protokollsjustering Beslut Eva Lund utses att justera dagens protokoll.\n\n"
       "3 3(26) 42 Information Beslut Informationen läggs till handlingarna.\n", {41, 42}},
      {"items numbered '1.' inside a flattened page",
       "1 Protokoll januari 1910 Protokoll, fördt vid sammanträde med Fattigvårdsstyrelsen den 3 januari Närvarande: Herrar "
       "Nordin, Thurfjell och Lidgren. 1. Justerades protokollen för sammanträdena den 1 och 14 december förlidet år. "
       "2. Uppdrogs åt Ordföranden att afgifva förklaringar i 2ne särskilda fattigvårdsmål. 3. Föredrogs en ansökan från "
       "sysslomannen vid lasarettet om ersättning för vård af ogifta Anna Lanner, och uppdrogs med anledning häraf åt "
       "Ordföranden och Sekreteraren att med bestridande af krafvet afgifva förklaring öfver ansökningen.\n", {1, 2, 3}},
      {"a running head run into the label", "Kommunfullmäktige\nKf 71 Information från ordförandena.\n"
       "Kommunstyrelsens ordförande lämnar information.\n\nKommunfullmäktige Kf 72 dnr 166/2011 Motion om medlemskap.\n"
       "Kommunfullmäktige beslutar att överlämna motionen till kommunstyrelsen.\n", {71, 72}},
      {"an agenda without the items' numbers does not outweigh the § item",
       "Föredragningslista\n1 Upprop\n2 Val av justerare\n3 Anmälningar\n4 Frågestund\n5 Motioner\n\n§14\nFrågestund\n\n"
       "Kommunstyrelsens ordförande besvarar två frågor.\n", {14}},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    std::string got;
    for (int n : Numbers(Seg(c.text))) got += std::to_string(n) + " ";
    CAPTURE(got);
    CHECK(Numbers(Seg(c.text)) == c.numbers);
  }
  // The ordinal item's run-on text is its record.
  Segmented ord = Seg(cases[0].text);
  REQUIRE(ord.items.size() == 3);
  auto f = ExtractItem(ord.items[1], {});
  REQUIRE(f.decision.has_value());
  CHECK(f.decision->find("Och beslöts att Herr Schenström skulle anmodas.") == 0);
}

TEST_CASE("structure: a scanned contents list, the sign and the leaders both misread by OCR") {
  const std::string text =
      "INNEHÅLL\n8 1 Val av justerare .i. .. ., ,. 2\n8 2 Budget för 2020 ,. .. ,' . ,,. 3\n8 3 Taxa för vatten ., .i .. . 4\n\n"
      "Plats och tid Kommunhuset 2019-03-04\nBeslutande Anna Berg, ordförande\n\n"
      "8 1\nVal av justerare\n\nKommunstyrelsen beslutar att utse Per Ek att justera protokollet.\n\n"
      "8 2\nBudget för 2020\n\nKommunstyrelsen beslutar att anta budgeten för 2020 enligt förslaget.\n\n"
      "8 3\nTaxa för vatten\n\nKommunstyrelsen beslutar att höja taxan med 3 procent.\n";
  SegmentOptions o;
  o.ocr_pages.assign(1, true);
  Segmented s = Segment(Normalize({text}).lines, o);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
  CHECK(s.meetings.size() == 1);
  for (const Item& it : s.items) CHECK(it.header_line + 1 < it.lines.size());
}

TEST_CASE("review: text that belongs to no item is said") {
  std::string text =
      "Protokoll, hållet vid Kommunalstämma med Fors socken den 2 Oktober 1877.\n\n"
      "§ 1.\nStämman förklarades lagligen utlyst.\n§ 2.\nBeslöts att uttaxera 50 öre per fyrk.\n\n"
      "Som ofvan\n/A. Svedin/\n\n";
  // A second meeting whose labels nobody could read: its text is no item's.
  for (int k = 0; k < 14; ++k)
    text += "Kommunalnämnden redogjorde för fattigvårdens räkenskaper och understöd under året som gått.\n";
  catalogue::StoredDocument doc = Process(text);
  REQUIRE(doc.items.size() == 2);
  CHECK(doc.quality.reasons.find("bytes of text belong to no item") != std::string::npos);
  CHECK(doc.quality.score < 0.8);
  catalogue::StoredDocument clean = Process(text.substr(0, text.find("Kommunalnämnden redogjorde")));
  CHECK(clean.quality.reasons.find("belong to no item") == std::string::npos);
}

TEST_CASE("structure: the record's own sentence after the label is no title, on a page read as one line") {
  CHECK(BeginsClause("Föredrogs en ansökan från sysslomannen vid lasarettet om ersättning."));
  CHECK(BeginsClause("Antecknades att ingen af ledamöterna hade någon anmärkning."));
  CHECK(BeginsClause("Med anledning af en ansökan från Öfverluleå sockens Fvst om ersättning"));
  CHECK(BeginsClause("Sedan Stockholms Fattigvårdsnämnd uti ansökan yrkat åläggande"));
  CHECK(BeginsClause("Till Sexman valdes Hans Bengtsson, Äsprilla."));
  CHECK(BeginsClause("Vid uppsummering af nu afgifne röster erhöll undertecknad kallelse"));
  CHECK_FALSE(BeginsClause("Budget 2017 Kommunfullmäktige beslutar att anta budgeten."));
  CHECK_FALSE(BeginsClause("Val av justerare"));
  CHECK_FALSE(BeginsClause("Till kommunfullmäktige: motion om cykelvägar"));
  CHECK_FALSE(BeginsClause("Sammanträdets öppnande"));
  CHECK_FALSE(BeginsClause("Motion om pendlarparkering vid Kumla station"));

  // A whole page as one line (a web transcription): the items' own sentences keep their proper
  // nouns; nothing is split off as a title at "Öfverluleå" or "Stockholms".
  const std::string page =
      "Protokoll, fördt vid sammanträde med Fattigvårdsstyrelsen i Ärla den 3 januari 1910. "
      "Närvarande: Herrar Nordin, Thurfjell och Lidgren. 1. Justerades protokollet för sammanträdet den "
      "1 december förlidet år. 2. Med anledning af en ansökan från Öfverluleå sockens Fvst om ersättning "
      "för lämnadt understöd uppdrog Styrelsen åt Ordföranden att afgifva förklaring i ärendet. 3. Sedan "
      "Stockholms Fattigvårdsnämnd uti ansökan yrkat ersättning beslöt Styrelsen uppdraga åt "
      "Sekreteraren att afgifva förklaring. 4. I skrifvelse den 30 juli hade Landshöfdinge-Ämbetet "
      "anmodat ordföranden att inhämta beslut. Med anledning häraf beslöto Stadsfullmäktige att "
      "staden skall utgöra ett distrikt. 5. Föredrogs och lades till handlingarne Konungens "
      "Befallningshafvandes utslag den 15 november.\n";
  catalogue::StoredDocument doc = Process(page);
  REQUIRE(doc.items.size() == 5);
  CHECK(doc.items[1].fields.decision.value_or("").rfind("Med anledning af en ansökan från Öfverluleå", 0) == 0);
  CHECK(doc.items[1].fields.title.empty());
  CHECK(doc.items[2].fields.decision.value_or("").rfind("Sedan Stockholms", 0) == 0);
  CHECK(doc.items[3].fields.paragraph == 4);
  CHECK(doc.items[4].fields.decision.value_or("").rfind("Föredrogs och lades till handlingarne", 0) == 0);
}

TEST_CASE("structure: meeting software's capitals heading and its decision under the label repeated") {
  const std::string page =
      "1 -2, KST :00 Tid kl Plats Kommungården Närvarande Östman Per, ordförande Backman Gustav, "
      "ledamot Granlund Gun, ledamot Blusi Anna-Lena, ledamot Nikkari Leena, ledamot Bystedt Rainer\n\f"
      "2 287, KST :00 LAGLIGHET OCH BESLUTFÖRHET s ordförande konstaterar sammanträdets laglighet och "
      "beslutförhet. KST 287 Ordförande konstaterade sammanträdets laglighet och beslutförhet.\n\f"
      "3 288, KST :00 PROTOKOLLJUSTERARE, val utser två protokolljusterare och bestämmer tidpunkten för "
      "justeringen. Justeringen föreslås ske direkt efter sammanträdet. KST 288 valde Blusi Anna-Lena "
      "och Granlund Gun till protokolljusterare, justeringen sker direkt efter sammanträdet.\n";
  catalogue::StoredDocument doc = Process(page);
  REQUIRE(doc.items.size() == 2);
  CHECK(doc.items[0].fields.title == "LAGLIGHET OCH BESLUTFÖRHET");
  CHECK(doc.items[1].fields.title == "PROTOKOLLJUSTERARE, val");
  CHECK(doc.items[1].fields.decision.value_or("").rfind("valde Blusi Anna-Lena och Granlund Gun", 0) == 0);
}

TEST_CASE("structure: an excerpt holding an agenda and its first item only") {
  // The summons page's agenda (bare numbers, titles only), then the first item with its text:
  // the drop back to the agenda's first number is the items beginning, not a second meeting.
  const std::string text =
      "KALLELSE Sammanträdestid onsdagen kl. 18.00\nÄrendets nr Ärende\n"
      "19 Laglighet och beslutförhet\n20 Protokolljustering\n21 Personalberättelse 2015\n"
      "22 Bokslutet år 2015\n23 Motion om enskilda vägar\n"
      "24 Principbeslut angående upphandling, tid och plats\n\n"
      "Tisdagen den 21 juni på kommunkansliet. Denna möteskallelse har anslagits på anslagstavlan för offentliga kungörelser.\n\f"
      "19 Laglighet och beslutförhet\nFullmäktige konstaterar sammanträdets lagliga sammankallande samt beslutförhet.\n"
      "Konstaterades.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{19});
  CHECK(s.meetings.size() == 1);
  size_t listed = 0;
  for (const Rejected& r : s.rejected) listed += r.reason.find("list") != std::string::npos;
  CHECK(listed >= 5);
}

TEST_CASE("structure: a heading in capitals printed above its label is the item's title") {
  CHECK(IsCapitalsHeading("KONSTATERA LAGLIGHET OCH BESLUTFÖRHET"));
  CHECK(IsCapitalsHeading("PROTOKOLLJUSTERARE, val") == false);
  CHECK_FALSE(IsCapitalsHeading("KUMLA KOMMUN"));
  CHECK_FALSE(IsCapitalsHeading("KOMMUNSTYRELSEN"));
  CHECK_FALSE(IsCapitalsHeading("SAMMANTRÄDESPROTOKOLL"));
  const std::string text =
      "FINSTRÖMS KOMMUN PROTOKOLL\nKommunstyrelsen 2/12\n\n"
      "KONSTATERA LAGLIGHET OCH BESLUTFÖRHET\n"
      "Kst 25 Konstatera sammanträdets lagliga sammankallande samt beslutförhet.\n\n"
      "Kommunstyrelsen konstaterade sig lagligen sammankallad och beslutför.\n\n"
      "PROTOKOLLJUSTERARE\n"
      "Kst 26 Val av två protokolljusterare.\n\n"
      "Till protokolljusterare valdes Torbjörn Björkman och Lene-Maj Johansson.\n";
  catalogue::StoredDocument doc = Process(text);
  REQUIRE(doc.items.size() == 2);
  CHECK(doc.items[0].fields.title == "KONSTATERA LAGLIGHET OCH BESLUTFÖRHET");
  CHECK(doc.items[1].fields.title == "PROTOKOLLJUSTERARE");
  CHECK(doc.items[0].fields.text.find("PROTOKOLLJUSTERARE") == std::string::npos);
}

TEST_CASE("structure: a number alone on its line with the item's text under it, never a page's own number") {
  const std::string text =
      "Protokoll fört vid möte med Nyhems storlicensområde 031001,\nVängåvan i Nyhem.\n\n"
      "1\n\nErik hälsar välkomna och förklarar mötet öppnat.\n\n2\n\nSittande ordförande väljs att leda kvällens möte.\n\n"
      "3\n\nLeif Johansson väljs som sekreterare för kvällen.\n\n4\n\nKallelsen godkännes.\n\n"
      "5\n\nInga övriga frågor finns att behandla.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1, 2, 3, 4, 5});
  // Page numbers a flattened export puts before each page's text are no items.
  const std::string flat =
      "1 KOMMUN Sammanträdesprotokoll Sida 1(3) Plats och tid Kommunhuset kl 18.00 Beslutande ledamöter Anna Andersson "
      "ordförande Bo Bengtsson Cecilia Carlsson Justerare Bo Bengtsson\n\f"
      "2 KOMMUN Sammanträdesprotokoll Sida 2(3) 1 Val av justerare Bo Bengtsson utses att jämte ordföranden justera "
      "protokollet. Justeringen sker på kommunkansliet.\n\f"
      "3 KOMMUN Sammanträdesprotokoll Sida 3(3) 2 Dagordning Dagordningen fastställs med de ändringar som ordföranden "
      "föreslog vid sammanträdets början.\n";
  CHECK(Numbers(Seg(flat)) == std::vector<int>{1, 2});
}

TEST_CASE("structure: a transcription saved with its HTML line breaks, and Latin ordinals with a full stop") {
  const std::string html =
      "<strong>Lofta</strong> <strong>Sockenstämmoprotokoll</strong>, <strong>1757</strong><br />\n\n"
      "År <strong>1757</strong><br />\n\nd 1 Maji hölts ordentelig Sochnestämmo.<br />\n\n§1.<br />\n\n"
      "Kyrckoräckningar upläste tillika med Specialen och underskrefs.<br />\n\n§2.<br />\n\n"
      "Beslöts, att af Kyrckans Vin upmätes hvar gång Communion hålles.<br />\n";
  Segmented s = Seg(html);
  CHECK(Numbers(s) == std::vector<int>{1, 2});
  for (const Item& it : s.items)
    for (const Line& l : it.lines) CHECK(l.text.find("<br") == std::string::npos);
  // A lone tag is text (a protocol may quote markup): only text full of line-break tags is HTML.
  Segmented quoted = Seg("§ 7 <strong>Budget</strong>\n\nBeslut\nKommunstyrelsen beslutar att anta budgeten.\n");
  REQUIRE(quoted.items.size() == 1);
  CHECK(quoted.items[0].lines[0].text.find("<strong>") != std::string::npos);
  const std::string ordinals =
      "Anno 1753. d. 24 januarii trädde Kyrckrådet tilsammans och då blefo följande Puncter afhandlade.\n\n"
      "2.o Beslöts at den tilskafade nya håf-\nwen skulle inlösas för Sextio dahler Kpprmt\n"
      "3.o Beslöts, at den g. Kalken, som är\nrätt liten, skulle omlagas.\n"
      "4.o Beslöts at en rock åt Kyrckowak-\ntaren skulle göras.\n";
  CHECK(Numbers(Seg(ordinals)) == std::vector<int>{2, 3, 4});
}

TEST_CASE("structure: a label that opens a paragraph of any length, and a rule drawn across the text") {
  // One paragraph a line, the label at its head: the length of the paragraph does not matter.
  std::string long_body;
  for (int i = 0; i < 12; ++i) long_body += "Styrelsens berättelse upplästes och lades till handlingarna. ";
  const std::string text = "Protokoll fört vid årsmöte den 9 November 1963.\n\n§1. Mötet öppnades.\n\n§2. " + long_body +
                           "\n\n§3. Till årsavgift beslutades 5 kronor.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
  REQUIRE(s.items.size() == 3);
  CHECK(s.items[1].header.rest.size() > 600);
  CHECK(ParseBareHeader("4. " + long_body).has_value());
  // A rule of dashes with words after it ends a meeting's text; leaders lead to a page number.
  const std::string rule =
      "§5.\n\nStyrelsen fick i uppdrag att utarbeta stadgar.\n\n\n§6.\n\nAtt justera dagens protokoll valdes "
      "Anders Söderlund och Oskar Homman.-------------------------------Nästa möte hölls den 16 juli 1939.\n";
  CHECK(Numbers(Seg(rule)) == std::vector<int>{5, 6});
  CHECK(HasListTail("§ 6 Val av revisorer ------------------ 12"));
  CHECK_FALSE(HasListTail("Homman.-------------------Nästa möte hölls den 16 juli 1939."));
}

TEST_CASE("structure: the numbering runs on after the last item read, and confirms a label in lower case") {
  const std::string text =
      "KONSTITUERANDE MÖTE 30/11 1941\n\nSammankallande: Ingemar Andersson.\n\n"
      "1 Lokalföreningens namn, Alingsåstraktens Biodlareförening\n\n"
      "2 Styrelsens sammansättning:\nOrdförande Gustaf Lanefors\nKassör Fridolf Andersson.\n\n"
      "3 justeringsmän: Alex Carlsson Anders Hedqvist\n\n4 Revisorer Oscar Eriksson Erik Johansson\nsuppl Anders Hedqvist\n\n"
      "5 Som representant till länsförbundets årsmöte utsågs Gustaf Lanefors\n\n6 Årsavgiften fastställdes till 4 kr.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1, 2, 3, 4, 5, 6});
  // A count in lower case after a paragraph break is no label: "3 st" and "4 kr" are measures.
  const std::string counts =
      "KONSTITUERANDE MÖTE 30/11 1941\n\n1 Lokalföreningens namn, Alingsåstraktens Biodlareförening\n\n"
      "2 Styrelsens sammansättning:\nOrdförande Gustaf Lanefors\nKassör Fridolf Andersson.\n\n"
      "3 st bikupor inköptes.\n\n4 kr per år i avgift.\n";
  CHECK(Numbers(Seg(counts)) == std::vector<int>{1, 2});
}

TEST_CASE("structure: a flattened page's text begins after its running head's page label") {
  const std::string flat =
      "1 Sammanträdesprotokoll KOMMUNSTYRELSEN Plats och tid Prästgatan 50 Beslutande Lars Isacsson (S), ordförande "
      "Susanne Berger (S) Justerare Susanne Berger Paragrafer 36-37\n\f"
      "2 Avesta kommun sammanträdesprotokoll Sida 2 ÄRENDELISTA 36 Information 3 37 Delgivningar 4\n\f"
      "3 Avesta kommun sammanträdesprotokoll Sida 3 36 Information Verksamhetsinformation Resultatenhetschefen "
      "redovisar reviderad rapport om pågående verksamhet och planerade åtgärder under hösten. Utskottet tar del "
      "av informationen och noterar att en fördjupad rapport om skolvägarna lämnas vid nästa sammanträde i oktober.\n\f"
      "4 Avesta kommun sammanträdesprotokoll Sida 4 37 Delgivningar Delgivningarna redovisas och läggs till "
      "handlingarna utan vidare åtgärd från utskottets sida. Bland delgivningarna märks länsstyrelsens beslut om "
      "strandskydd vid Krylbo station och Trafikverkets svar om hastigheten på väg 68 genom Avesta centrum.\n";
  Segmented s = Seg(flat);
  CHECK(Numbers(s) == std::vector<int>{36, 37});
  REQUIRE(s.items.size() == 2);
  CHECK(s.items[0].lines.front().text.find("Sida 2") == std::string::npos);
}

TEST_CASE("structure: an agenda repeats its items' titles, short items before a number that starts again are no agenda") {
  const std::string text =
      "Styrelsemöte för Inköpsföreningen 22 juni 17.00-19.00 protokoll nr 2\n\nNärvarande:\nLena Falkheden, Agnes Rajnak\n\n"
      "  1. Mötet öppnades\n    av Britt Johansson.\n  2. Mötesfunktionärer valdes.\n    Mötesordförande: Britt Johansson\n"
      "  3. Till mötessekreterare: Eli Tistelö\n    och protokolljusterare Agnes Rajnak.\n  4. Dagordningen godkändes. Marie-Louise Ceder och Marcus "
      "Nordgren, som är adjungerade, kommer att bjudas in till varje möte och tas upp först.\n\n"
      "  1. Föregående mötesprotokoll\n    Protokollet lästes upp och lades till handlingarna. Julia blev mycket glad och "
      "överraskad över avtackningen med varor från butiken.\n";
  Segmented s = Seg(text);
  // The second "1." (a second numbered list of the same meeting, as web exports print them) is
  // not lost without a word: review shows it.
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4});
  bool traced = false;
  for (const Rejected& r : s.rejected) traced |= r.text.find("Föregående") != std::string::npos;
  CHECK(traced);
}

TEST_CASE("structure: several short items on one line, and a signature line's dots are no contents list") {
  const std::string text =
      "SBK Vårmöte 2022-05-05\n\n§ 1. Mötet öppnades. § 2. Dagordningen fastställdes. § 3. Kallelsen godkändes: "
      "Programblad och hemsidan.\n\n§ 4. Val av protokollsjusterare. Till att justera dagens protokoll valdes Krister "
      "Lamberg. § 5. Låssystemet. Ett nytt nyckelskåp har införskaffats enligt § 3 i ordningsreglerna.\n\n\n"
      "§ 6. Mötet avslutades. Sjötorp 2023-03-30\n\nSekr.\n\nAnders Magnusson …………………………………………………………\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6});
  CHECK_FALSE(HasListTail("Anders Magnusson …………………………………………………………"));
  CHECK(HasListTail("Val av revisorer …………………………………… 7"));
}

TEST_CASE("structure: bare numbers before headings in capitals run on in one paragraph, and an item that opens with its sub-point a)") {
  const std::string caps =
      "PROTOKOLL FÖRT VID MEDLEMSMÖTE 2019-03-21\n\n1 MEDLEMSMÖTETS ÖPPNANDE Vice ordförande Morgan Lindberg öppnade "
      "mötet och hälsade alla välkomna\n\n2 DAGORDNINGEN Förslaget till dagordningen godkändes 3 VAL AV "
      "PROTOKOLLJUSTERARE Gun Björnsberg och Margareta Silow valdes att justera dagens protokoll. 4 FÖRRA "
      "MÖTESPROTOKOLLET Årsmötesprotokollet lades till handlingarna.\n\n5 SKRIVELSER Inga skrivelser hade kommit in.\n";
  CHECK(Numbers(Seg(caps)) == std::vector<int>{1, 2, 3, 4, 5});
  const std::string sub =
      "Protokoll fört vid årsmöte den 27 oktober 1984.\n\n§ 1. Årsmötet öppnades av ordföranden.\n\n"
      "§ 2. a) Till mötesordförande valdes Anders Berglund.\nb) Till protokollförare valdes Stefan Diös.\n\n"
      "§ 3. Dagordningen fastslogs.\n";
  CHECK(Numbers(Seg(sub)) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: old minutes' heads that open with the day, 'as above' after the place, and the figure one read as l") {
  const std::string two =
      "Bystämma 1876-04-11\n\nÅr 1876 den 11 April höllo Slyte Bygrannar Ordinarie Bystämma då följande ärenden "
      "kom under behandling.\n\n§ 1\n\nBefriades Albert Larsson från Åldermannabefattning.\n\n§ 2\n\nBeslutades att "
      "Noten skulle dragas gemensamt.\n\nSlyte by som ofvan\n\nS. M Moberg   Jacob Jacobsson\n\nBystämma 1877-04-30\n\n"
      "År 1877 den 30 April höllo Slyte Bygrannar Ordinarie Bystämma då följande ärenden kom under behandling.\n\n"
      "§ 1\n\nBefriades Jakob Jakobsson från Åldermannabefattningen.\n";
  Segmented s = Seg(two);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 1});
  REQUIRE(s.meetings.size() == 2);
  CHECK(s.meetings[1].head_date == "1877-04-30");
  // The closing block ends § 2: the signatures are no part of it.
  REQUIRE(s.items.size() == 3);
  for (const Line& l : s.items[1].lines) CHECK(l.text.find("Moberg") == std::string::npos);
  CHECK(StartsClosingBlock("Kungsör som ovan"));
  CHECK_FALSE(StartsClosingBlock("dag som ofvan - På Drätselkammarens vägnar"));
  const std::string ordinals =
      "Anno 1753. d. 24 januarii trädde Kyrckrådet tilsammans och då blefo följande Puncter afhandlade.\n\n"
      "l.o Blef Påmint, at om någon byggnad skulle angripas, borde i tid materialer anskafas.\n"
      "2.o Beslöts at den tilskafade nya håf-\nwen skulle inlösas.\n3.o Beslöts, at den g. Kalken skulle omlagas.\n";
  CHECK(Numbers(Seg(ordinals)) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: a word that means item before the number, read as its own label family") {
  const std::string punkt =
      "Protokoll från årsmöte för Sällskapet söndagen den 18 januari 2004 kl 16.00.\n\n"
      "Punkt 1. Mötet öppnas med en tyst minut för Roland Svensson som avled den 31 juli 2003.\n\n"
      "Punkt 2. Val av ordförande och sekreterare till årsmötet.\nTill ordförande valdes Per-Göran Traung.\n\n"
      "Punkt 3. Val av justeringsmän.\nValdes Claes Hellerström och Birgitta Lindergren till justeringsmän.\n";
  Segmented s = Seg(punkt);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
  REQUIRE(s.items.size() == 3);
  CHECK(s.items[1].header.label == "Punkt 2.");
  CHECK(s.items[1].header.organ.empty());
  std::string key;
  CHECK(ParseWordLabel("# 11. Övriga frågor", &key));
  CHECK(key == "##");
  CHECK(ParseWordLabel("Par 3. Till kassör valdes Anna", &key));
  CHECK(key == "#PAR");
  // One "Punkt 4" in running text is no label: the numbering must confirm the word.
  Segmented one = Seg("Protokoll fört vid styrelsemöte den 3 mars 2015.\n\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n\n"
                      "Punkt 4 Sammanfattning\nDen tas upp nästa gång.\n\n§ 2 Avslutning\nMötet avslutades.\n");
  CHECK(Numbers(one) == std::vector<int>{1, 2});
}

TEST_CASE("structure: a list heading's word at the end of an item's own label line announces no list") {
  const std::string text =
      "Protokoll från styrelsemöte den 4 april 2016\nNärvarande; Martin Johansson, Birgitta Kellner.\n"
      "§1 Ordföranden förklarade mötet öppnat.\n§2 Kallelse och dagordning godkändes, övriga ärenden\n"
      "a. Fastställande av datum för stämman.\n§3 Genomgång av föregående protokoll.\n"
      "§4 Justerare; Tomas Axelsson valdes till justerare\n§5 Senaste nytt från länsstyrelsen, Ordföranden "
      "informerade om senaste nytt från\nlänsstyrelsen om ändrade direktiv från Jordbruksverket.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("structure: the signatures after a meeting's last item belong to no item") {
  const std::string text =
      "SBK Vårmöte 2022-05-05\n\n§ 11. Övriga frågor.\n\nBengt-Åke tog upp att maststället behöver repareras.\n\n"
      "§ 12. Mötet avslutades.\n\nSjötorp 2023-03-30\n\nSekr.\n\nAnders Magnusson …………………………………………\n";
  Segmented s = Seg(text);
  REQUIRE(s.items.size() == 2);
  for (const Line& l : s.items[1].lines) {
    CHECK(l.text.find("Magnusson") == std::string::npos);
    CHECK(l.text.find("2023-03-30") == std::string::npos);
  }
  const std::string names_first =
      "Protokoll fört vid sammanträde den 25 Januari 1915.\n\n§ 4.\nFöreningen skall för vidare behandling "
      "sammanträda nästa måndag.\n\nRackeby som ovan\nGustaf Berg\nOrdf.\n";
  Segmented r = Seg(names_first);
  REQUIRE(r.items.size() == 1);
  for (const Line& l : r.items[0].lines) CHECK(l.text.find("Gustaf Berg") == std::string::npos);
  // A short last line of the text itself stays: names alone are no signatures.
  Segmented keep = Seg("Protokoll fört vid sammanträde den 25 Januari 1915.\n\n§ 4.\nTill kassör valdes\nGustaf Berg\n");
  REQUIRE(keep.items.size() == 1);
  bool kept = false;
  for (const Line& l : keep.items[0].lines) kept |= l.text == "Gustaf Berg";
  CHECK(kept);
}

TEST_CASE("structure: a line that opens with § and a number but reads as no label is traced") {
  Segmented s = Seg("Protokoll fört vid årsmöte den 3 mars 1996.\n\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n\n"
                    "§ 2=Att ta med Hästefjord i boken.\n\n§ 3 Avslutning\nMötet avslutades.\n");
  CHECK(Numbers(s) == std::vector<int>{1, 3});
  bool traced = false;
  for (const Rejected& r : s.rejected) traced |= r.text.find("Hästefjord") != std::string::npos;
  CHECK(traced);
}

TEST_CASE("structure: one short item a line with no blank lines, sub-items 3a–3c, labels the numbering confirms") {
  const std::string text =
      "Styrelsemötesprotokoll för föreningen 2008-05-20\nNärvarande Johnny Olofsson, Sofie Johansson.\n"
      "1. ordförande förklarade mötet öppnat.\n2. Mötet ansågs laga kallat.\n3a. Dagordningen godkändes.\n"
      "3b. föregående protokoll godkändes.\n3c. Till justeringsmän valdes Carina Paulsson och Johnny Olofsson.\n"
      "4. Vi har problem med att hitta ungdomsledare, men vi jobbar vidare mot en lösning.\n"
      "5. Kursgården i Tvedöra inget att rapportera.\n6. information att det är dags att sätta ihop programmet.\n"
      "7. Statistik för april 2008\nvuxna 347 h\n8. 1 ny medlem, Madeleine Bengtsson\n"
      "9. Norgetävlingen genomfördes på ett trevligt sätt och med strålande sol. Har dessutom\ngått ihop ekonomiskt.\n"
      "10. Inga övriga frågor.\n11. Nästa möte blir den 17 juni 2008.\n";
  Segmented s = Seg(text);
  std::vector<std::string> keys;
  for (const Item& it : s.items) keys.push_back(std::to_string(it.header.number) + it.header.suffix);
  CHECK(keys == std::vector<std::string>{"1", "2", "3a", "3b", "3c", "4", "5", "6", "7", "8", "9", "10", "11"});
}

TEST_CASE("structure: the sign typed as another glyph in a text, where the numbering confirms it") {
  const std::string text =
      "Protokoll fört vid urtima nationsmöte den 4 september 2017.\n\n§ 1. Mötet öppnas\nKuratorn öppnade mötet.\n\n"
      "§ 2. Val av mötessekreterare\nTill mötessekreterare valdes Anna.\n\n$ 3. Mötets stadgeenliga utlysande\n"
      "Mötet förklarades stadgeenligt utlyst.\n\n§ 4. Föregående mötesprotokoll\nProtokollet lades till handlingarna.\n\n"
      "Kostnaden är $ 5 per deltagare.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("structure: a text with no sign at all whose labels all carry it as another glyph, flattened") {
  // A scan's OCR exported as text, each page one line: "$" wherever the sign was printed.
  const std::string text =
      "1 PROTOKOLL Seglarsällskapet Styrelsemöte Tid Plats Närvarande Klubbstugan Sven Palm (ordf.) Leif Gud "
      "$1 M ötets öppnande Ordförande hälsade alla välkomna och förklarade mötet öppnat. "
      "$2 F ö regående protokoll Styrelseprotokollet godkändes och lades till handlingarna. "
      "$3 Kassarapport Kassören redogjorde för den ekonomiska ställningen. Ekonomin är fortsatt god. "
      "$4 Möte med kommunen Möte med tekniska kontoret den 4 mars där reparationsbehovet kommer diskuteras.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4});
  REQUIRE(s.items.size() == 4);
  CHECK(s.items[2].header.rest == "Kassarapport");  // the title split off as a label's
  // A single "$" with a number in such a text is no label: the numbering must confirm it.
  CHECK(Seg("Protokoll fört vid styrelsemöte.\n\nBiljetterna kostar\n$5 Per person och dag.\n").items.empty());
}

TEST_CASE("structure: a flattened page's first item right after the page's running head") {
  // Each page one paragraph, beginning with its number and the running head "Kommunala
  // pensionärsrådet 10 april (10)"; the item's number comes right after the head.
  const std::string text =
      "1 Kommunala pensionärsrådet 10 april (10) Plats och tid Sammanträdesrum Hamnen, kl 13:00-16:00. Beslutande "
      "Lars Holmström PRO, Ordförande Uno Tjernström Omsorgsnämnden Susanne Sturk Humanistiska nämnden Gerd Persson "
      "Samhällsbyggnadsnämnden Jan Blomqvist Kultur- och fritidsnämnden Lena Kvarnström Kommunstyrelsen Justerare "
      "Sekreterare Paragrafer 8-9 Ordförande Justerare Ulla Nordin Lars Holmström Instans Anslaget sätts upp\n\n"
      "2 Kommunala pensionärsrådet 10 april (10) Ej tjänstgörande Ulla Grundberg-Larsson Omsorgsnämnden Edit Persson "
      "Humanistiska nämnden John Nilsson Samhällsbyggnadsnämnden Rolf Lindström PRO Gösta Andersson PRO Sven-Erik "
      "Johansson PRO Berta Strindlund PRO Gunnel Andersson SKPF Gunilla Rödin SKPF Nea-Marie Österlund SPF Ingrid "
      "Andersson SPF Övriga deltagare Zonitha Ödling Susanna Domeij Lars Lundgren Karin Bylund Ulla Nordin\n\n"
      "3 Kommunala pensionärsrådet 10 april (10) 8 Öppnande, dagordning, justering Sammanträdet öppnas av "
      "ordföranden. Förslag till dagordning godkänns. Att jämte ordföranden justera protokollet utses Sven-Olof Byström.\n\n"
      "4 Kommunala pensionärsrådet 10 april (10) Ekonomichefen informerar om budgeten för nästa år och om arbetet "
      "med planeringen. Rådet tackar för informationen.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{8});  // one item: no numbering around it to confirm the cut
  // Without a head repeated on the pages, a number in a page's text is no cut of its own.
  CHECK(Numbers(Seg("Kommunala pensionärsrådet Plats och tid Sammanträdesrum Hamnen, kl 13:00-16:00. Beslutande Lars "
                    "Holmström PRO, Ordförande Uno Tjernström Omsorgsnämnden Justerare Sekreterare och 8 Personer "
                    "var närvarande vid mötet som hölls i rummet.\n")).empty());
}

TEST_CASE("structure: pages of one short paragraph each, numbered at both ends, an item each") {
  // "4 … 4/23": the page's number, not an item's; "Vn 1" is valnämnden's first item.
  const std::string text =
      "1 Valnämnden Datum: kl 15:00-17:20 Paragrafer: 1-3 Plats: Nämndrummet Hova 1/23\n\n"
      "4 Vn 1 Val av justerare Monica Joby (M) justerar protokollet. 4/23\n\n"
      "5 Vn 2 Anmälan om eventuellt jäv Föreligger ingen anmälan om jäv. 5/23\n\n"
      "6 Vn 3 Godkännande av dagordning Valnämnden godkänner dagordningen. 6/23\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: a § the meeting came back to, out of order, is an item, and a reference is not") {
  const std::string text =
      "Protokoll fört vid årsmöte den 27 oktober 1984.\n\n§ 1. Årsmötet öppnades av ordföranden.\n\n"
      "§ 2. Till mötesordförande valdes Anders Berglund.\n\n§ 3. Dagordningen fastslogs.\n\n"
      "§ 4. Kallelsen befanns stadgeenlig.\n\n§ 6. Sekreteraren föredrog verksamhetsberättelsen som godkändes.\n\n"
      "§ 5. Eftersom mötet glömt bort att kontrollera rösträtterna beslöt mötet att endast de röstberättigade skulle få rösta.\n\n"
      "§ 7. Revisorn föredrog revisionsberättelsen.\n\n"
      "§ 3 i stadgarna anger hur kallelse ska ske, vilket mötet noterade.\n\n§ 8. Mötet avslutades.\n";
  std::vector<int> want{1, 2, 3, 4, 6, 5, 7, 8};
  CHECK(Numbers(Seg(text)) == want);
}

TEST_CASE("structure: an excerpt's one item, numbered before the heading of a meeting's first business") {
  // A flattened page, the attendance list run straight into the first item; no numbering around
  // it to confirm it, but the opening is worded alike in every protocol.
  const std::string text =
      "Sametinget SAMMANTRÄDESPROTOKOLL 2019:2 Plats och tid Tärnaby Folkets Hus 2019-05-21 kl 08.30-15.00 Beslutande "
      "ledamöter enligt närvarolista Justerare Anna Andersson Per Persson Sekreterare Karin Nilsson Ordförande "
      "Paulus Kuoljok ordförande 20 Öppnande Sametingets ordförande hälsar samtliga välkomna och förklarar "
      "sammanträdet öppnat. Ordföranden konstaterar att sammanträdet är behörigt utlyst.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{20});
  // A number before a sentence that heads a meeting is the page's, not an item's; the items
  // after it are read.
  const std::string headed =
      "1 Beslutsgruppen för mål 5b-skärgården 4/97 1 Protokoll från beslutsgruppsmöte den 3 oktober 1997 Närvarande: "
      "Pär Nuder, ordf. Ledamöter: Berit Adolfsson Anita Bohman Margit Viklund Hans Taremark Sven Düring Marianne "
      "Servais Ulla Jakobsson Bo Hansson Tjänstgörande ersättare Lars Wallstén Eva Johansson Pär Nuder öppnade mötet "
      "och hälsade alla välkomna. 1. Fastställande av dagordning Dagordningen fastställdes efter tillägg av nytt "
      "ärende. 2. Föregående protokoll Protokollet lades till handlingarna. 3. Val av justerare Ulla Jakobsson valdes "
      "till justerare.\n";
  CHECK(Numbers(Seg(headed)) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: bare numbers before headings in capitals, in a flattened page") {
  const std::string text =
      "Tid: kl. 15.00 Plats: Helsingfors Mässcenter Vid stämman var de aktieägare som framgår av röstlängden (Bilaga 1) "
      "närvarande eller representerade. 1 ÖPPNANDE AV STÄMMAN Närvarande var även alla styrelseledamöter. Stämman "
      "öppnades av styrelsens ordförande Paul Ehrnrooth som hälsade de närvarande välkomna. 2 KONSTITUERING AV STÄMMAN "
      "Till bolagsstämmans ordförande valdes advokat Manne Airaksinen som kallade chefsjurist Päivi Timonen till "
      "sekreterare. 3 VAL AV JUSTERARE OCH ÖVERVAKARE AV RÖSTRÄKNINGEN Bert Ekroos valdes till protokolljusterare.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: the first of a run of bare numbers in a flattened page, after a dash or alone before the run") {
  // One label before the first read, with a heading and a body of its own, is the first item.
  const std::string one_before =
      "Protokoll fört vid styrelsesammanträde för Nora Fastigheter AB Tid: Plats: 30 maj 2013 Närvarande ledamöter: "
      "Bror-Erik Israelsson Hendrik Burgering Ivar Fernemo Elisabeth Hoikkala Lars-Erik Larsson Övriga närvarande: "
      "Jeanette Berggren, VD Mötets öppnande Ordföranden hälsade alla välkomna och förklarade mötet öppnat "
      "54 Godkännande av dagordning Föreslagen dagordning godkändes. 55 Val av sekreterare Till sekreterare för mötet "
      "valdes Lars Winell. 56 Val av justerare Till justerare utsågs Ivar Fernemo. 57 Uthyrningsläget Jeanette "
      "Berggren informerade om två förändringar.\n";
  CHECK(Numbers(Seg(one_before)) == std::vector<int>{54, 55, 56, 57});
  // A dash that fills an empty field stands before the first label.
  const std::string dashed =
      "Datum: sida 1 (5) Plats: Hotel Nordlandia, Årjäng Tid: 18:00 20:30 Närvarande: LAG, beslutande Per Jonsson, "
      "ordförande Anne Sörqvist Mats Bergling Bo Carlsson Carina Bohm Anmält förhinder -- Frånvarande -- 1 Mötets "
      "öppnande Ordförande Per Jonsson hälsade alla välkomna och öppnade mötet. 2 Mötesfunktionärer Till "
      "mötesordförande valdes Per Jonsson. 3 Dagordning Dagordningen fastställdes utan tillägg.\n";
  CHECK(Numbers(Seg(dashed)) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: an appendix's attendance table after the signatures — its '§ 1-3' column head is no item, no meeting") {
  const std::string text =
      "FÖRSVARSUTSKOTTET\n\nPROTOKOLL\n\nUTSKOTTSSAMMANTRÄDE 2017/18:40\n\nDATUM\n\n2018-07-24\n\n"
      "§ 1\n\nBeslut om rätt att närvara\n\nUtskottet beslutade att kanslichefen fick närvara.\n\n"
      "§ 2\n\nInformation om skogsbränderna\n\nStatssekreteraren informerade utskottet.\n\n"
      "§ 3\n\nNästa sammanträde\n\nNästa sammanträde äger rum den 1 augusti 2018.\n\n"
      "Vid protokollet\n\nJohan Eriksson\n\nJusteras den 1 augusti 2018\n\nAllan Widman\n\n"
      "FÖRSVARSUTSKOTTET\n\nNÄRVAROFÖRTECKNING\n\nBilaga\n\ntill protokoll\n\n2017/18:40\n\n"
      "§ 1-3\n\nN\n\nV\n\nN\n\nV\n\nN\n\nV\n\nLEDAMÖTER\n\nAllan Widman (L), ordförande\n\nX\n\n"
      "Åsa Lindestam (S), vice ordförande\n\nX\n\nHans Wallmark (M)\n\nPeter Jeppsson (S)\n\nX\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3});
  for (const auto& it : s.items) CHECK(it.meeting == s.items.front().meeting);  // one meeting
}

TEST_CASE("structure: a number before a front page's field label is no item (the paragraphs a person attended)") {
  // A flattened front page lists who attended which paragraphs ("… ekonomichef 133"), then the
  // next field ("Justeringens plats och tid"): 133 is no item. (Malung-Sälen, the design half.)
  const std::string text =
      "fe?l fl Kommunfullmäktige 2017-10-23 1 Plats och tid Ungärde skola, Lima, kl. 18:30-20:30 Beslutande"
      " Enligt bilagd förteckning. Övriga deltagande Erik Hansson, sekreterare Olle Emanuelsson, kommunchef"
      " Jonas Larsson, VD Malungshem AB 132 Lars Bälter, VD Malung-Sälen Turism AB 132 Kjell Jansson, VD Ma"
      "lungs Elverk AB 132 Björn Sjögren, VD Vatten & Avfall i Malung-Sälen AB (VAMAS) 132 Helena Steffanss"
      "on Carlson, ekonomichef 133 Justeringens plats och tid Kommunkontoret, Malung, 2017-10-27 Justerade "
      "paragrafer 132-142 Underskrifter Ordförande Jör/gen orén (S) Justerande Sekreterare..v: Kurt, Podgor"
      "ski Erik Hansson Kristina Bäckman (M) ASLAG/BEVIS Organ Anslaget sätts upp Protokollets förvaringspl"
      "ats Underskrift Protokollet är justerat. Justeringen har tillkännagivits genom anslag. Kommunfullmäk"
      "tige 2017-10-23 2017-10-27 Anslaget tas ned 2017-11-20 Kommunköntoret, Malung EnkiHansso" "\n"
      "^> fl Kommunfullmäktige 2017-10-23 2 132 Återredovisningar av Malungshem AB, Malung-Sälen Turism AB,"
      " Malungs Elverk AB och VAMAS Beskrivning av ärendet ämnderna och de kommunala bolag där kommunen har"
      " ett majoritetsägande ska enligt 34 i kommunfullmäktiges arbetsordning lämna redovisning till kommun"
      "fullmäktige minst en gång per år." "\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{132});
}

TEST_CASE("structure: an excerpt's one item, its number printed beside its case number, the sign lost") {
  // A page read as one line: the page number twice, a dispatch note, the case number, then the
  // item's number and title. No numbering around it to confirm it.
  const std::string text =
      "1 1 Kommunstyrelsens arbetsutskott Plats och tid Kommunhuset kl 8:15 Beslutande Anna Berg Karl Ek Utses att "
      "justera Karl Ek Paragraf 6 Sekreterare Eva Lund\n\f"
      "2 2 Exp: Revisionen KS/2011:286 6 Ändring i bestämmelser för ersättningar Revisionens ordförande önskar ett "
      "ställningstagande till en ändring. Arbetsutskottet beslutar att inte vidta någon ändring i reglerna.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{6});
  const std::string dnr =
      "3 Socialnämnden Sammanträdesprotokoll Dnr 2019/412 41 Riktlinjer för bistånd Nämnden beslutar att anta "
      "riktlinjerna. Beslutet skickas till förvaltningen.\n";
  CHECK(Numbers(Seg(dnr)) == std::vector<int>{41});
}

TEST_CASE("structure: a heading's first sub-item set on its line after the title") {
  const std::string text =
      "§ 6. Föregående protokoll\nProtokollet lades till handlingarna.\n"
      "§7 Rapporter §7a Kostnaden för vatten är föreningens största kostnad. Den påkörda grinden har lagats.\n"
      "§7b Styrelsen har hållit fyra möten sedan årsmötet.\n"
      "§ 8. Övriga frågor\nInga övriga frågor.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{6, 7, 7, 7, 8});
  // A reference inside a title's sentence is no sub-item.
  const std::string ref =
      "§ 6. Föregående protokoll\nProtokollet lades till handlingarna.\n"
      "§ 7. Stadgarna. Ändring enligt §7a godkändes av mötet.\n§ 8. Övriga frågor\nInga.\n";
  CHECK(Numbers(Seg(ref)) == std::vector<int>{6, 7, 8});
}

TEST_CASE("structure: two runs of bare numbers in flattened pages, a contents list's page numbers the longer") {
  // The page numbers of a contents list (3 3 4 4 5 7 9 …) count on longer than the items' own
  // numbers, printed after the organ's name: both runs are cut, the list is told by its leaders.
  const std::string text =
      "STYRELSEN Plats och tid: Kansliet den 11 september 2015 kl. 16:30 Ärenden Mötets öppnande... 3 Val av "
      "sekreterare... 3 Val av protokolljusterare... 3 Ekonomi... 4 Studiedagar... 4 Verksamhetsplan... 5 Personal... 7 "
      "Forum... 9 Övriga ärenden... 10 Nästa möte... 10\n"
      "Mötets öppnande Styrelsen 32 Viceordföranden öppnar mötet. Styrelsen förklaras beslutför. Val av sekreterare "
      "Styrelsen 33 Till sekreterare valdes Jan Lind. Val av protokolljusterare Styrelsen 34 Styrelsen utser Eva Berg "
      "och Per Ek till protokolljusterare. Ekonomi Styrelsen 35 Kassören redogör för det ekonomiska läget.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{32, 33, 34, 35});
}

TEST_CASE("structure: the preparing body's label right after the item's, organ prefixes without the sign") {
  // "Ks 52 Au 110": the item is the board's § 52; "Au 110" is the committee's paragraph.
  const std::string text =
      "Plats och tid Stadshuset, Storrummet, onsdagen den 29 maj 1996 Beslutande Dan-Åke Moberg, ordf Björn Berg "
      "Ingrid Ek Justerare Björn Berg Sekreterare Birgitta Johansson Paragrafer 51-52 Underskrift Birgitta Johansson "
      "Ks 51 Anmälan av allmänna utskottets protokoll Anmäles beslut av kommunstyrelsens allmänna utskott genom "
      "protokoll av den 7 och 21 maj 1996. Kommunstyrelsens allmänna utskott Ks 52 Au 110 Dnr 2024/92 Motion angående "
      "lönepolitiskt program Kommunfullmäktige har den 24 februari 1992 till kommunstyrelsen remitterat en motion.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{51, 52});
}

TEST_CASE("structure: a label alone before the first item, its number not leading on to the next (a figure lost)") {
  const std::string text =
      "{Den 27 Okt. 1893.}\n\nNärvarande: H:rr C.A.Andersson,\nC.J.Andersson, Ståhle samt Ordf.\n\n{§:46}\n"
      "Upplästes utdrag af protokollet, hållet hos Magistraten\ni Torshälla den 9 och 16 innevarande Oktober.\n\n"
      "§:147\nUpplästes en skrifvelse från Drätselkammaren.\n\n§:148\nBeslöts att bifalla ansökan.\n\n"
      "§.149 Genom utdrag af sitt protokoll ingifver Magistraten förslag.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{46, 147, 148, 149});
}

TEST_CASE("structure: a word that means item, alone, with a Dnr and a body under it") {
  const std::string text =
      "PROTOKOLL\nNummer 1 Sammanträdesdatum 4.6.2015\n\nProtokoll fört vid pleniföredragning\n\n"
      "Ärende/Dnr/Exp.   Beslut\n\nNr 1\n\nTrafikverkets begäran om yttrande rörande planerade skyddade platser\n\n"
      "ÅLR 2015/6412\n\nÖverfört från enskild föredragning 2.6.2015.\n\nBeslöts besvara Trafikverket.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1});
  // In running text a lone "Nr 4" is no label.
  CHECK(Seg("Protokoll fört vid styrelsemöte.\n\nVi tog upp frågan om\nNr 4 i serien av skrifter.\n").items.empty());
}

TEST_CASE("structure: a number and its first sub-item both printed, '2.' then '2a.'") {
  const std::string text =
      "Protokoll fört vid styrelsemöte med båtföreningen den 2 juni 2014\n\nNärvarande: Lennart, Ingemar\n\n"
      "1.  Ordförande förklarade mötet för öppnat.\n\n2.  Dagordningen godkändes.\n\n"
      "2a. Då Göran ej är närvarande, valdes Christina till sekr.\n\n3.  Till justeringsmän valdes Ingemar och Ebbe.\n\n"
      "4.  Föregående protokoll lästes upp och lades till handlingarna efter en kort diskussion om bryggorna.\n";
  Segmented s = Seg(text);
  std::vector<std::string> keys;
  for (const Item& it : s.items) keys.push_back(std::to_string(it.header.number) + it.header.suffix);
  CHECK(keys == std::vector<std::string>{"1", "2", "2a", "3", "4"});
}

TEST_CASE("structure: a label after a line left open, and each meeting's short first items, confirmed by the numbering") {
  const std::string text =
      "Protokoll fört vid interimsstyrelsens möte den 12/3 1957\n\n1.\nMötet öppnades av ordföranden Arne Johansson, som "
      "hälsade välkomna.\n\n2.\nTill styrelseledamöter valdes Arne Johansson, Harald Andersson,\n\n3.\nBeslutade att klubben "
      "skulle anslutas till förbundet.\n\n4.\nBeslöt att inträdesavgiften skall vara fem kronor.\n\nKungsör som ovan\nSven Lundqvist\n\n"
      "Protokoll från KMBK:s första styrelsemöte 15 mars 1957\n\n1.\nMötet öppnades av Arne Johansson\n\n2.\n"
      "Styrelsen konstituerade sig. Ordf. blev Arne Johansson, kassör Gunnar Lindholm.\n\n3.\nKristina Holzberg önskade bli "
      "befriad från sitt styrelseuppdrag, vilket godkändes.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 1, 2, 3});
  CHECK(s.meetings.size() == 2);
}

TEST_CASE("structure: a label whose text opens with a quotation mark, where the numbering confirms it") {
  const std::string text =
      "Protokoll fört vid styrelsemöte den 22 oktober 2012\n\n1. Niclas hälsade alla välkomna och dagordningen godkändes.\n"
      "2. Till ordförande valdes Niclas och till sekreterare Peter.\n3. ”Nettoälgarna” redovisades. Resultatet kommer på hemsidan.\n"
      "4. Vår avskjutning hittills är 7 tjurar och 6 hondjur, vilket redovisades för styrelsen.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("structure: a standing agenda printed above the protocol's head, its titles agreeing with the items") {
  const std::string text =
      "Stående dagordning vid månadsmöten i klubben\n\n 1. Mötet öppnas\n 2. Godkännande av dagordningen\n 3. Upprop\n"
      " 4. Föregående protokoll\n 5. Rapporter och info\n 6. Mötet avslutas\n\n"
      "Protokoll fört vid klubbens månadsmöte onsdagen 18 september 2019.\n\n1. LP Claes öppnade mötet.\n\n"
      "2. Den föreslagna dagordningen godkändes.\n\n3. Upprop: Närvarande 12 medlemmar.\n\n4. Föregående protokoll godkändes.\n\n"
      "5. Rapporter:\nLP: På distriktsmötet den 14 september närvarade LP Claes och rapporterade om det nya distriktet.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(s.meetings.size() == 1);
}

TEST_CASE("structure: a number after leaders is the contents entry's page, never an item, however few the dots") {
  // A contents list on a page read as one line whose page numbers count on (3, 4, 5, 7 …): cut at
  // them, every entry became an item titled "… 4". The items' own labels follow their titles.
  const std::string text =
      "STYRELSEN Plats och tid: Kansliet, Vasa den 9 mars 2016 kl. 16:30-19:00 samt Vasa 10 mars kl. 10:00 16:00 "
      "Ärenden Öppnande av mötet... 3 Val av sekreterare... 3 Val av justerare... 3 Ekonomi... 4 Kurser och "
      "höstmöte... 4 Strategi, verksamhets- och ekonomiplan för år 2017-2021... 5 Verksamhetsplanen 2017... 7 "
      "Personalens ledighet... 9 Distriktens forum... 9 Tillkännedom... 10 Övriga ärenden... 10 Nästa "
      "styrelsemöte... 10\n"
      "Öppnande av mötet Styrelsen 52 Ordföranden öppnar mötet. Styrelsen är beslutför då ordföranden eller "
      "viceordföranden och minst fyra medlemmar är närvarande. Styrelsen förklaras stadgeenligt sammankallad och "
      "beslutför. Enligt förslag Val av sekreterare Styrelsen 53 Allmän diskussion Till sekreterare valdes Jan "
      "Lind Val av justerare Styrelsen 54 Enligt tidigare beslut väljs justerare enligt ett löpande system "
      "Styrelsen utser ledamöterna Eva Berg och Per Ek till justerare. Beslut enligt förslag.\n";
  Segmented s = Seg(text);
  CHECK(Numbers(s) == std::vector<int>{52, 53, 54});
  for (const Item& it : s.items) CHECK(it.header.rest.find("...") == std::string::npos);
}

TEST_CASE("structure: a plenary protocol's contents list repeats each matter with its papers and stage, an excerpt cut after two") {
  // Each entry has lines under it — the papers and the stage with its page — but no sentence;
  // the matters come again below with what was done. The entries whose matters lie past the cut
  // run on from the paired ones.
  const std::string text =
      "Lagtinget\n\nPLENARPROTOKOLL\n\nPlenum den 14 mars 2012 kl. 13.00\n\nPlenum börjar 1\n\nRemiss. 1\n\n"
      "1    Ändring av vattenlagen\n\nLag- och kulturutskottets betänkande (LKU 2/2011-2012)\n\n"
      "Landskapsregeringens lagförslag (LF 4/2011-2012)\n\nRemiss. 2\n\n"
      "2    Ändrad fiskelag\n\nNäringsutskottets betänkande (NU 1/2011-2012)\n\n"
      "Landskapsregeringens lagförslag (LF 5/2011-2012)\n\nFörsta behandling. 9\n\n"
      "3    Ny jaktlag\n\nLag- och kulturutskottets betänkande (LKU 3/2011-2012)\n\nFör kännedom. 12\n\n"
      "4    Hamnarnas framtid\n\nLandskapsregeringens meddelande (M 1/2011-2012)\n\nPlenum slutar 14\n\n"
      "Plenum börjar\n\nNärvaroregistrering. 29 ledamöter närvarande.\n\nRemiss\n\n"
      "1        Ändring av vattenlagen\n\nLag- och kulturutskottets betänkande (LKU 2/2011-2012)\n\n"
      "Landskapsregeringens lagförslag (LF 4/2011-2012)\n\n"
      "Talmannen föreslår att ärendet remitteras till lag- och kulturutskottet. Godkänt.\n\nRemiss\n\n"
      "2        Ändrad fiskelag\n\nNäringsutskottets betänkande (NU 1/2011-2012)\n\n"
      "Landskapsregeringens lagförslag (LF 5/2011-2012)\n\n"
      "Talmannen föreslår att ärendet remitteras till näringsutskottet. Godkänt.\n";
  Segmented s = Seg(text);
  REQUIRE(Numbers(s) == std::vector<int>{1, 2});
  CHECK(s.meetings.size() == 1);
  for (const Item& it : s.items) {
    std::string body;
    for (const Line& l : it.lines) body += l.text + "\n";
    CHECK(body.find("Talmannen föreslår") != std::string::npos);
  }
  CHECK(s.rejected.size() >= 4);
}

TEST_CASE("structure: a list named in a flattened page's heading, its entries joined where numbers were lost") {
  const std::string text =
      "1 Kommunstyrelsen 3 (20) Ärendelista 4 april 2016 Ärenden till kommunfullmäktige: 9-10, Upprop och val av justerare "
      "2. Anmälan om delegationsbeslut 3. Information från kommundirektören 4. Idrottsklubbens ansökan om bidrag "
      "Musikskolans ansökan om bidrag Kulturstipendium 2016 Riktlinjer för bidrag revidering 9. Motion om cykelbanor "
      "yttrande 10. Budget 2017 11. Rapporter\n"
      "2 Kommunstyrelsen 4 (20) 1. Upprop och val av justerare Eva Berg (C) är i tur att justera. Kommunstyrelsen "
      "beslutar att utse Eva Berg att jämte ordföranden justera protokollet.\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1});
}

TEST_CASE("structure: the sign's name spelled out, 'Paragraf 1.', alone on its line over a body") {
  const std::string text =
      "Protokoll fört vid bildandet av Sunne missionsförening den 3 maj 1885\n\n"
      "Efter en stunds öfverläggning kommo vi till nedanstående beslut:\n\nParagraf 1.\n\n"
      "Undertecknade hafva enhälligt beslutat sammansluta oss till en förening och kalla densamma Sunne "
      "missionsförening.\n\nA. Berg\n\nJ. Lind\n";
  CHECK(Numbers(Seg(text)) == std::vector<int>{1});
}

TEST_CASE("decision: the 'att' entries after a deciding sentence are the rest of the decision") {
  Segmented s = Seg("§ 3 Val av ordförande och sekreterare\n\nEva Berg föreslogs till ordförande.\n\nStämman beslutade\n"
                    "att till ordförande välja Eva Berg;\natt till sekreterare välja Per Ek.\n\n"
                    "§ 4 Val av justerare\n\nStämman beslutade att välja Ulla Lind.\n");
  REQUIRE(s.items.size() == 2);
  ItemFields f = ExtractItem(s.items[0], {});
  REQUIRE(f.decision.has_value());
  CHECK(f.decision->find("välja Eva Berg;") != std::string::npos);
  CHECK(f.decision->find("att till sekreterare välja Per Ek.") != std::string::npos);
}

TEST_CASE("attendance: a committee's attendance table after the protocol, however long, gives who was present and the chair") {
  // One row a member, "Name (Party)" and the office after a comma, then its marks a line each:
  // X took part, O present without taking part, no mark absent; a vacant seat is nobody.
  std::string text =
      "KULTURUTSKOTTET\n\nPROTOKOLL\n\nUTSKOTTSSAMMANTRÄDE 2019/20:12\n\nDATUM\n\n2019-11-05\n\n"
      "§ 1\n\nJustering av protokoll\n\nUtskottet justerade protokoll 2019/20:11.\n\n"
      "§ 2\n\nNästa sammanträde\n\nNästa sammanträde äger rum tisdagen den 12 november 2019.\n\n"
      "Vid protokollet\n\nEva Strand\n\nJusteras tisdagen den 12 november 2019\n\nPer Almgren\n\n"
      "KULTURUTSKOTTET\n\nNÄRVAROFÖRTECKNING\n\nBilaga\n\ntill protokoll\n\n2019/20:12\n\n§ 1-2\n\n";
  for (int k = 0; k < 8; ++k) text += "N\n\nV\n\n";
  text += "LEDAMÖTER\n\nPer Almgren (C), ordförande\n\nX\n\nLena Ek (S), vice ordförande\n\nX\n\nKarl Berg (M)\n\n"
          "Sara Lund (SD)\n\nX\n\nOla Ås (V)\n\nX\n\n";
  for (int k = 0; k < 10; ++k) text += "Frånvarande Ledamot" + std::to_string(k) + " (S)\n\n";
  text += "SUPPLEANTER\n\nNils Holm (S)\n\nX\n\nVakant (MP)\n\nAnna Bäck (KD)\n\nO\n\nIda Sten (L)\n\n"
          "N = Närvarande\n\nX = ledamöter som deltagit i handläggningen\n\nV = Votering\n\n"
          "O = ledamöter som härutöver varit närvarande\n";
  catalogue::StoredDocument doc = Process(text);
  REQUIRE(doc.items.size() == 2);
  const Attendance& a = doc.items[0].fields.attendance;
  std::vector<std::string> names, roles;
  for (const Person& p : a.present) names.push_back(p.name), roles.push_back(p.role);
  auto role_of = [&](const std::string& n) {
    for (size_t k = 0; k < names.size(); ++k)
      if (names[k] == n) return roles[k];
    return std::string("(absent)");
  };
  CHECK(role_of("Per Almgren") == "ordförande");
  CHECK(role_of("Lena Ek") == "vice ordförande");
  CHECK(role_of("Sara Lund") == "ledamot");
  CHECK(role_of("Ola Ås") == "ledamot");
  CHECK(role_of("Nils Holm") == "tjänstgörande ersättare");
  CHECK(role_of("Anna Bäck") == "ersättare");
  CHECK(role_of("Karl Berg") == "(absent)");
  CHECK(role_of("Ida Sten") == "(absent)");
  CHECK(role_of("Vakant") == "(absent)");
  CHECK(role_of("Eva Strand") == "sekreterare");
  for (const Person& p : a.present)
    if (p.name == "Sara Lund") CHECK(p.party == "SD");
  // The chair signs "Justeras" as chair: no adjuster.
  REQUIRE(a.chair);
  CHECK(a.chair->name == "Per Almgren");
  CHECK(a.adjusters.empty());
}

TEST_CASE("decision: the record's verbs in old spelling, minutes approved, a matter put off") {
  Segmented s = Seg("Protokoll hållet vid Stadsfullmäktiges sammanträde den 4 Mars 1871.\n\n"
                    "§ 1.\nJusterades protokollet för den 18 och den 25 nästlidna Februari.\n\n"
                    "§ 2.\nStadsfullmäktige utsågo till Ombud i rättegången Stadskassören A. Berg.\n\n"
                    "§ 3.\nEn skrifvelse från Drätselkammaren upplästes, hvilken öfverlemnades till Byggnadsnämnden.\n\n"
                    "§ 4.\nUpplästes och justerades det vid föregående sammanträde förda protokoll.\n\n"
                    "§ 5.\nFrågan om den nya bryggan skjuts upp till nästa sammanträde.\n");
  REQUIRE(s.items.size() == 5);
  for (const Item& it : s.items) {
    INFO("§ " << it.header.number);
    CHECK(ExtractItem(it, {}).decision.has_value());
  }
}

TEST_CASE("decision: a report gone through or a view put is no decision") {
  Segmented s = Seg("Protokoll fört vid styrelsemöte den 3 maj 2018\n\n§ 1 Årsberättelsen\nEva gick igenom årsberättelsen.\n\n"
                    "§ 2 Föregående protokoll\nFöregående protokoll genomgås.\n\n"
                    "§ 3 Rekrytering\nPer framhöll vikten av att få in nya medlemmar i styrelsen.\n\n"
                    "§ 4 Medlemsavgift\nMedlemsavgiften fastställdes till 200 kronor.\n");
  REQUIRE(s.items.size() == 4);
  for (size_t k = 0; k < 3; ++k) {
    INFO("§ " << s.items[k].header.number);
    CHECK_FALSE(ExtractItem(s.items[k], {}).decision.has_value());
  }
  CHECK(ExtractItem(s.items[3], {}).decision.has_value());
}

TEST_CASE("structure: the raised o of a Latin ordinal is kept as the ordinal indicator, not as a sub-item's letter") {
  Segmented s = Seg("1789 den 26 Maii blef Allmän Sochnestämma företagen i den ordning som följer:\n\n"
                    "1o Uplästes Kyrke- och Fattig Cassa Räkningarne; som ärkändes.\n\n2o) På begäran skulle stämman afgifva yttrande.\n");
  REQUIRE(s.items.size() == 2);
  CHECK(s.items[0].header.label == "1\xC2\xBA");  // "1º": a reader of "1o" would take the o for a letter as in "3 a"
  CHECK(s.items[0].header.suffix.empty());
  CHECK(s.items[1].header.label == "2o)");
}

TEST_CASE("structure: a decision's points numbered again from 1 after a colon are no items") {
  Segmented s = Seg("Regionstyrelsen 12 maj 2020\n\n1. Ansvar för konstsamlingen\n\nSamlingen omfattar 40 000 verk.\n\n"
                    "Beslut:\n\nRegionstyrelsen föreslår att regionfullmäktige beslutar följande:\n"
                    " 1. Ansvaret för konstsamlingen övergår till fastighetsnämnden.\n"
                    " 2. Fastighetsnämnden får i uppdrag att fastställa riktlinjer.\n\n"
                    "Regionstyrelsen beslutar följande för egen del:\n"
                    " 1. Riktlinjerna antagna av regionstyrelsen 2013-02-26 upphör att gälla.\n"
                    " 2. Regiondirektören får i uppdrag att återkomma.\n\n"
                    "Sverigedemokraterna reserverade sig mot beslutet.\n");
  CHECK(Numbers(s) == std::vector<int>{1});
  REQUIRE(s.items.size() == 1);
  CHECK(ExtractItem(s.items[0], {}).dates == std::vector<std::string>{"2013-02-26"});
  // The meeting's own items on lines of their own after a colon are items.
  CHECK(Numbers(Seg("Protokoll fört vid styrelsemöte den 3 maj 2018. Följande beslutades:\n1. Mötet öppnades.\n"
                    "2. Dagordningen godkändes.\n3. Kassören redovisade ekonomin.\n")) == std::vector<int>{1, 2, 3});
}

TEST_CASE("structure: a margin label a transcriber set inside a line, the number missing between two labels alone") {
  const std::string text =
      "Protokoll hållet vid kommunalstämma i Sundby den 9 Juni 1906.\n\n§1.\nTill justeringsmän valdes Herr A. Berg och C. Lind.\n\n"
      "§2.\nRestlängden för år 1905 upplästes. Det uppdrogs åt Ordf. att granska restlängden och\n"
      "därefter öfverlämna densamma §3. för laga indrifning.\nVid en föregående stämma väcktes förslag om\n"
      "annonsernas införande i tidningen, och beslöt stämman i enlighet därmed.\n\n"
      "§4.\nTill ombud valdes Herr A. Berg.\n\n§5.\nStämman beslöt att bevilja anslaget.\n";
  Segmented s = Seg(text);
  REQUIRE(Numbers(s) == std::vector<int>{1, 2, 3, 4, 5});
  std::string two, three;
  for (const Line& l : s.items[1].lines) two += l.text + "\n";
  for (const Line& l : s.items[2].lines) three += l.text + "\n";
  CHECK(two.find("öfverlämna densamma för laga indrifning.") != std::string::npos);
  CHECK(three.find("Vid en föregående stämma") != std::string::npos);
  bool said = false;  // review says what was moved
  for (const std::string& r : s.reasons) said |= r.find("§3. inside line") != std::string::npos;
  CHECK(said);
  // A reference in the very form is no label: "enligt §3." stays in its sentence.
  const std::string ref =
      "§1.\nTill justeringsmän valdes Herr A. Berg.\n\n§2.\nNämnden beslöt enligt §3. i reglementet att bevilja.\n\n"
      "§4.\nTill ombud valdes Herr C. Lind.\n\n§5.\nStämman beslöt att bevilja anslaget.\n";
  CHECK(Numbers(Seg(ref)) == std::vector<int>{1, 2, 4, 5});
}

TEST_CASE("structure: digits OCR lost from a label, the one number missing between two items") {
  const std::string text =
      "PROTOKOLL\nSocialnämnden\n2019-10-08\n\nSN § 101 Jäv\nHelena Öst (C) anmäler jäv i § 103.\n\n"
      "SN § 1 Riktlinjer för ekonomiskt bistånd\nDnr SN 2019/55\nSocialnämnden beslutar enligt förvaltningens förslag.\n\n"
      "SN § 103 Upphandling av hemtjänst\nSocialnämnden beslutar att anta anbudet.\n";
  SegmentOptions ocr;
  ocr.ocr_pages = {true};
  Segmented s = Segment(Normalize(Pages(text)).lines, ocr);
  CHECK(Numbers(s) == std::vector<int>{101, 102, 103});
  // In a text layer (no OCR) the label is taken as printed: no item is made of it.
  CHECK(Numbers(Seg(text)) == std::vector<int>{101, 103});
}

TEST_CASE("votes: counts in a sentence that breaks across lines") {
  const std::vector<Line> lines = Normalize(Pages(
      "§ 13.\nHerr Sundqvist yrkade bordläggning av ärendet. Votering begärdes. Voteringen utföll med 5 röster för\n"
      "avslag och 2 röster för bifall till bordläggningsyrkandet.\n")).lines;
  Proceedings p = ReadProceedings(lines, 13);
  REQUIRE(p.vote);
  REQUIRE(p.vote->counted());
  CHECK(p.vote->ja == 5);
  CHECK(p.vote->nej == 2);
}

TEST_CASE("title: a heading run into a sentence of a name and a verb in the present") {
  Segmented s = Seg("Protokoll fört vid styrelsemöte den 23 april 2024\n\n§ 3 Val av sekreterare Ann-Britt skriver protokollet.\n\n"
                    "§ 4 Medlemsavgift Kassören föreslår oförändrad avgift.\n");
  REQUIRE(s.items.size() == 2);
  CHECK(ExtractItem(s.items[0], {}).title == "Val av sekreterare");
}

TEST_CASE("title: a heading's end before a number, a told sentence after a comma, the decision's own sentence") {
  Segmented s = Seg("Protokoll fört vid styrelsemöte den 4 april 2016\n\n"
                    "§ 5 Senaste nytt från länsstyrelsen, Ordföranden informerade om senaste nytt från\nlänsstyrelsen.\n\n"
                    "§ 6 Faktura från Eon. 499 000 kr var kostnaden för grävningen. Grävsträckan blev längre\nän beräknat.\n\n"
                    "§ 7 Godkännande av dagordning. Dagordningen godkänns.\n\n"
                    "§ 8 Klubbens 60-årsfirande aug. 2023. Gamla bilder på anläggningen efterlyses.\n\n"
                    "§ 9 Ekonomi, kassa och budget\n\nKassören redovisade.\n");
  REQUIRE(s.items.size() == 5);
  auto title = [&](size_t k) {  // (a heading's own full stop is kept as printed)
    std::string t = ExtractItem(s.items[k], {}).title;
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  CHECK(title(0) == "Senaste nytt från länsstyrelsen");
  CHECK(title(1) == "Faktura från Eon");
  CHECK(title(2) == "Godkännande av dagordning");
  CHECK(title(3) == "Klubbens 60-årsfirande aug. 2023");  // a month's abbreviation
  CHECK(title(4) == "Ekonomi, kassa och budget");  // a comma inside a heading
}
