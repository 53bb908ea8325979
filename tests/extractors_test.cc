// Field extractors, table-driven: real-looking Swedish inputs, several per format, with the
// damage they suffer in PDF text layers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/decision.h"
#include "extractors/diarienummer.h"
#include "extractors/head.h"
#include "extractors/paragraf.h"
#include "extractors/text.h"

using namespace protokoll::extractors;

TEST_CASE("diarienummer: the written forms") {
  struct Case {
    const char* text;
    const char* raw;
    const char* board;
    int year;
    long serial;
    const char* normalized;
  };
  const Case cases[] = {
      {"Ks2017/0073", "Ks2017/0073", "KS", 2017, 73, "KS 2017/73"},
      {"KS 2017/73", "KS 2017/73", "KS", 2017, 73, "KS 2017/73"},
      {"Dnr KS 2019/00345", "KS 2019/00345", "KS", 2019, 345, "KS 2019/345"},
      {"Dnr BUN 2020/112-1.2.3", "BUN 2020/112-1.2.3", "BUN", 2020, 112, "BUN 2020/112"},
      {"Dnr 0845/18", "0845/18", "", 2018, 845, "2018/845"},
      {"Dnr 2015.0234.041", "2015.0234.041", "", 2015, 234, "2015/234"},
      {"KS-2024-00011", "KS-2024-00011", "KS", 2024, 11, "KS 2024/11"},
      {"Ärendenummer SLK-2024-00074", "SLK-2024-00074", "SLK", 2024, 74, "SLK 2024/74"},
      {"SLK-2024-00008:15", "SLK-2024-00008:15", "SLK", 2024, 8, "SLK 2024/8"},
      {"§ 38 Ärendenummer SLK-2023-00369:-1", "SLK-2023-00369:-1", "SLK", 2023, 369, "SLK 2023/369"},
      {"KS/2018:298", "KS/2018:298", "KS", 2018, 298, "KS 2018/298"},
      {"KS/2018:298 - 001", "KS/2018:298 - 001", "KS", 2018, 298, "KS 2018/298"},
      {"KSKF/2014:1", "KSKF/2014:1", "KSKF", 2014, 1, "KSKF 2014/1"},
      {"Dnr 112/74", "112/74", "", 1974, 112, "1974/112"},
      {"DNR: KU.2017.3", "KU.2017.3", "KU", 2017, 3, "KU 2017/3"},
      {"Dnr: KFN 2008/310-72", "KFN 2008/310-72", "KFN", 2008, 310, "KFN 2008/310"},
      {"KS 2018/ 14", "KS 2018/ 14", "KS", 2018, 14, "KS 2018/14"},
      {"KS 13/2018", "KS 13/2018", "KS", 2018, 13, "KS 2018/13"},
      {"Dnr 191/2013 Kod 623", "191/2013 Kod 623", "", 2013, 191, "2013/191"},
      {"2018/KS 0290 10", "2018/KS 0290 10", "KS", 2018, 290, "KS 2018/290"},
      {"Diarienummer 00178/2024", "00178/2024", "", 2024, 178, "2024/178"},
      {"Dnr 2019/345", "2019/345", "", 2019, 345, "2019/345"},
      // two-digit year before a zero-padded serial (1990s minutes)
      {"Dnr BUN 99/0012", "BUN 99/0012", "BUN", 1999, 12, "BUN 1999/12"},
      {"KS 98/0233", "KS 98/0233", "KS", 1998, 233, "KS 1998/233"},
      {"MBN 03/117", "MBN 03/117", "MBN", 2003, 117, "MBN 2003/117"},
      // OCR glued the keyword to the board ("Dnr KS" read as "DNEKS", "DnrKS")
      {"DNEKS 13/2018", "DNEKS 13/2018", "KS", 2018, 13, "KS 2018/13"},
      {"DnrKS 2018/14", "DnrKS 2018/14", "KS", 2018, 14, "KS 2018/14"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    auto found = FindDiarienummer(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].raw == c.raw);
    CHECK(found[0].board == c.board);
    CHECK(found[0].year == c.year);
    CHECK(found[0].serial == c.serial);
    CHECK(found[0].normalized == c.normalized);
  }
}

TEST_CASE("diarienummer: not case numbers") {
  const char* none[] = {
      "budgetåret 2020/21",       "Budget 2020/21 antogs",  "SFS 2017:123",
      "SOU 2023:97",              "EU 2014/2020",           "under perioden 2017/2018",
      "fastigheten Heden 704:25", "1 200 000 kronor",       "prop. 2016/17:70",
      "den 12 juni 2024",         "0845/18 utan nyckelord",
  };
  for (const char* t : none) {
    CAPTURE(std::string(t));
    CHECK(FindDiarienummer(t).empty());
  }
}

TEST_CASE("diarienummer: several in a text, own first, distinct") {
  auto found = FindDiarienummer(
      "Dnr KS 2019/00345\nÄrendet hänger samman med KS 2018/112 och Ks2019/345 (samma).");
  REQUIRE(found.size() == 2);
  CHECK(found[0].normalized == "KS 2019/345");
  CHECK(found[1].normalized == "KS 2018/112");
  CHECK(IsDiarienummerLine("Dnr KS 2019/00345"));
  CHECK(IsDiarienummerLine("Ärendenummer SLK-2024-00074"));
  CHECK_FALSE(IsDiarienummerLine("Beslut enligt KS 2019/00345 fattades"));
}

TEST_CASE("amounts: forms, scales and periods") {
  struct Case {
    const char* text;
    double sek;
    const char* period;
  };
  const Case cases[] = {
      {"med 40 000 kronor per år, under tre år", 40000, "year"},
      {"innebär 40 000 kr/år under projekttiden", 40000, "year"},
      {"en kostnad på 1,2 mnkr", 1200000, ""},
      {"högst 250 tkr", 250000, ""},
      {"ett bidrag om 2,5 miljoner kronor", 2500000, ""},
      {"ett belopp om 15.000 kronor", 15000, ""},
      {"med kronor 22 500:-", 22500, ""},
      {"totalt 126 211 500 kronor", 126211500, ""},
      {"kostnaden 1 200 000\nkronor fördelas", 1200000, ""},
      {"1,9 miljoner kronor per år", 1900000, "year"},
      {"cirka 26 mnkr", 26000000, ""},
      {"50 kkr", 50000, ""},
      {"fem miljoner kronor", 5000000, ""},
      {"27 360 kronor/månad", 27360, "month"},
      {"arvode 40 000:-", 40000, ""},
      {"SEK 40 000", 40000, ""},
      {"1 246 595 kr", 1246595, ""},
      {"hyran 8 500 kronor i månaden", 8500, "month"},
      {"3 miljarder kronor", 3e9, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    auto found = FindAmounts(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].sek == doctest::Approx(c.sek));
    CHECK(found[0].period == c.period);
  }
}

TEST_CASE("amounts: OCR damage (letters for digits, broken spacing)") {
  struct Case {
    const char* text;
    double sek;
  };
  const Case cases[] = {
      {"med 4O 000 kronor per år", 40000},   {"totalt l 200 000 kronor", 1200000},
      {"ett bidrag om I5 000 kr", 15000},    {"ram om 1O,5 mnkr", 10500000},
      {"kostnad 4 0 000 kronor", 40000},     {"hyra 8 50 0 kr", 8500},
      {"arvode 4O OOO:-", 40000},            {"anslag 12O tkr", 120000},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    auto found = FindAmounts(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].sek == doctest::Approx(c.sek));
    CHECK(std::string(c.text).find(found[0].raw) != std::string::npos);  // raw is the text as read
  }
  // Words with O, l or I next to numbers stay words; years before an amount stay years.
  CHECK(FindAmounts("Olof 2019 fick 40 000 kronor").size() == 1);
  CHECK(FindAmounts("Olof 2019 fick 40 000 kronor")[0].sek == doctest::Approx(40000));
  CHECK(FindAmounts("under 2019 40 000 kronor")[0].sek == doctest::Approx(40000));
  CHECK(FindAmounts("Ida lämnade 3 förslag").empty());
}

TEST_CASE("amounts: not amounts") {
  const char* none[] = {"en ökning med 15 procent", "ökade med 3,5 %", "SOU 2023:97",
                        "Cirkulär 24:17",           "fastigheten Masthugget 712:39",
                        "enligt KS § 187",          "under 2017 och 2018",
                        "kronor 2019 var ett bra år", "40 000 invånare"};
  for (const char* t : none) {
    CAPTURE(std::string(t));
    CHECK(FindAmounts(t).empty());
  }
}

TEST_CASE("amounts: raw text, duplicates and non-breaking spaces") {
  auto found = FindAmounts("40 000 kronor per år och 40 000 kr/år samt 40 000 kronor");
  REQUIRE(found.size() == 2);  // distinct by value and period
  CHECK(found[0].raw == "40 000 kronor per år");
  CHECK(found[1].period.empty());
  CHECK(ParseSwedishNumber("1 246 595") == doctest::Approx(1246595));
  CHECK(ParseSwedishNumber("1,25") == doctest::Approx(1.25));
  CHECK(ParseSwedishNumber("15.000") == doctest::Approx(15000));
  CHECK_FALSE(ParseSwedishNumber("abc"));
}

TEST_CASE("dates: forms and calendar checks") {
  struct Case {
    const char* text;
    std::vector<std::string> iso;
  };
  const Case cases[] = {
      {"tjänsteskrivelse 2017-03-07.", {"2017-03-07"}},
      {"den 7 mars 2017", {"2017-03-07"}},
      {"sammanträdet 12 juni 2024 kl. 13", {"2024-06-12"}},
      {"konferens 24–25 februari 2024", {"2024-02-24", "2024-02-25"}},
      {"perioden 1 juli–31 augusti 2020", {"2020-07-01", "2020-08-31"}},
      {"ankom 20240115 till registraturen", {"2024-01-15"}},
      {"den 3:e oktober 1987", {"1987-10-03"}},
      {"den 7/3 1985", {"1985-03-07"}},
      {"den 30 november\n2020", {"2020-11-30"}},
      {"2023-02-29 finns inte", {}},
      {"november 2023", {}},
      {"sista mars 2012", {}},
      {"2017-2019", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    std::vector<std::string> got;
    for (const auto& d : FindDates(c.text)) got.push_back(d.iso);
    CHECK(got == c.iso);
  }
  CHECK(IsValidDate(2024, 2, 29));
  CHECK_FALSE(IsValidDate(2023, 2, 29));
  CHECK(SwedishMonth("okt.") == 10);
  CHECK(SwedishMonth("Sept") == 9);
  CHECK(SwedishMonth("maj") == 5);
  CHECK(SwedishMonth("majs") == 0);
}

TEST_CASE("years: ranges, dates, exclusions") {
  auto years = [](const std::string& t, const Spans& ex = {}) {
    std::vector<int> out;
    for (const auto& y : FindYears(t, ex)) out.push_back(y.year);
    return out;
  };
  CHECK(years("under projekttiden 2017-2019") == std::vector<int>{2017, 2019});
  CHECK(years("planen 2017–2019") == std::vector<int>{2017, 2019});
  CHECK(years("budgetåret 2020/21") == std::vector<int>{2020, 2021});
  CHECK(years("åren 2017–19") == std::vector<int>{2017, 2019});
  CHECK(years("november 2023") == std::vector<int>{2023});
  CHECK(years("sista mars 2012") == std::vector<int>{2012});
  CHECK(years("beslut 2017-03-07") == std::vector<int>{2017});
  CHECK(years("2017-12 är ingen årsrad").empty() == false);  // 2017 alone
  CHECK(years("Ks2017/0073").empty());
  CHECK(years("1 200 000 kronor").empty());
  CHECK(years("SOU 2023:97") == std::vector<int>{2023});
  std::string t = "Dnr KS 2018/12 gäller 2019";
  CHECK(years(t, {{4, 14}}) == std::vector<int>{2019});
}

TEST_CASE("paragraf: header forms") {
  struct Case {
    const char* line;
    int number;
    const char* label;
    const char* rest;
  };
  const Case cases[] = {
      {"Ks § 39", 39, "Ks § 39", ""},
      {"§ 39", 39, "§ 39", ""},
      {"§39", 39, "§39", ""},
      {"§ 7.", 7, "§ 7.", ""},
      {"KF § 12", 12, "KF § 12", ""},
      {"BUN § 45", 45, "BUN § 45", ""},
      {"§ 5 Detaljplan för Norrby 2:14", 5, "§ 5", "Detaljplan för Norrby 2:14"},
      {"§ 1 Dnr KS 2017/12", 1, "§ 1", "Dnr KS 2017/12"},
      {"§§ 3–4", 3, "§§ 3–4", ""},
      {"Kommunstyrelsen § 80", 80, "Kommunstyrelsen § 80", ""},
      {"§ 11 \xEF\xBF\xBD", 11, "§ 11", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.line));
    auto h = ParseParagraphHeader(c.line);
    REQUIRE(h);
    CHECK(h->number == c.number);
    CHECK(h->label == c.label);
    CHECK(h->rest == c.rest);
  }
  auto range = ParseParagraphHeader("§§ 3–4");
  CHECK(range->number_end == 4);
  const char* not_headers[] = {"§ 44, som gäller till och med", "Se § 12 ovan", "enligt KS § 187",
                               "§ 12 i kommunallagen", "Enligt § 44 ska", "Jfr § 3."};
  for (const char* l : not_headers) {
    CAPTURE(std::string(l));
    CHECK_FALSE(ParseParagraphHeader(l));
  }
}

TEST_CASE("head: organ names and prefixes") {
  CHECK(FindOrganName("Kultur- och fritidsnämnden 2019-03-12") == "Kultur- och fritidsnämnden");
  CHECK(FindOrganName("KOMMUNSTYRELSEN") == "Kommunstyrelsen");
  CHECK(FindOrganName("Protokoll från Kommunstyrelsens arbetsutskott") == "Kommunstyrelsens arbetsutskott");
  CHECK(FindOrganName("Tekniska nämnden") == "Tekniska nämnden");
  CHECK(FindOrganName("Sammanträdesdatum 2019-11-25").empty());
  CHECK(OrganFromPrefix("Ks") == "Kommunstyrelsen");
  CHECK(OrganFromPrefix("BUN") == "Barn- och utbildningsnämnden");
  CHECK(OrganFromPrefix("XYZ").empty());
  std::vector<Line> furniture = {{"STORVIKS KOMMUN SAMMANTRÄDESPROTOKOLL", 1},
                                 {"Kommunfullmäktige Sammanträdesdatum 2019-11-25", 1}};
  auto head = ReadHead({}, furniture);
  CHECK(head.body == "Kommunfullmäktige");
  CHECK(head.meeting_date == "2019-11-25");
}

TEST_CASE("decision sentences: decisions, not proposals") {
  CHECK(IsDecisionSentence("Kommunstyrelsen beslutar att medfinansiera projektet."));
  CHECK(IsDecisionSentence("Nämnden beslutade att avslå ansökan."));
  CHECK(IsDecisionSentence("Kommunfullmäktige beslöt att anta planen."));
  CHECK(IsDecisionSentence("Rapporten lades till handlingarna."));
  CHECK_FALSE(IsDecisionSentence("Förvaltningen föreslår att kommunstyrelsen beslutar att anta planen."));
  CHECK_FALSE(IsDecisionSentence("Arbetsutskottet föreslår att kommunstyrelsen beslutar att bevilja bidraget."));
  CHECK_FALSE(IsDecisionSentence("Anna Berg (C) yrkar att nämnden beslutar att avslå."));
  CHECK_FALSE(IsDecisionSentence("Ärendet gäller skolskjuts."));
}

TEST_CASE("text helpers") {
  CHECK(Nfc("a\xCC\x8A") == "\xC3\xA5");  // a + ring above → å
  CHECK(Lower("ÅÄÖ") == "åäö");
  CHECK(Squash("  a \n\t b  ") == "a b");
  CHECK(StartsUpper("Överförmyndare"));
  CHECK(StartsLower("överförmyndare"));
  CHECK(IsValidUtf8("åäö"));
  CHECK_FALSE(IsValidUtf8("\xE5\xE4"));
  auto s = Sentences("Kommunstyrelsen beslutar att bevilja bidraget. Beslutet gäller från 2020. Nästa mening.");
  CHECK(s.size() == 3);
}

TEST_CASE("sentences: a first name cut short, and a one-letter word cut short, end none") {
  // Riksdag 1905 and a parish council 1753, as printed.
  auto a = Sentences("Beslöts att kansliet skulle utgöras af en sekreterare och en notarie, och utsågos till "
                     "sekreterare professoren Sam. Clason och till notarie aktuarien S. Wåhlin. Därefter åtskildes utskottet.");
  REQUIRE(a.size() == 2);
  CHECK(a[0].find("Sam. Clason och till notarie aktuarien S. Wåhlin.") != std::string::npos);
  auto b = Sentences("Beslöts, at den g. Kalken, som är rätt liten, skulle omlagas. Sedan uplästes räckningen.");
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "Beslöts, at den g. Kalken, som är rätt liten, skulle omlagas.");
  // A short name written out ends its sentence; so do "i", "å" and "ö".
  CHECK(Sentences("Mötet hölls i Åbo. Sedan valdes en ordförande.").size() == 2);
  CHECK(Sentences("Frågan hänsköts till herr Ek. Han tackade.").size() == 2);
  CHECK(Sentences("Bron leder över en å. Den byggs om.").size() == 2);
}

TEST_CASE("amounts: a sum a money word names without the currency, and kronor before öre") {
  auto sums = [](std::string_view text) {
    std::vector<double> out;
    for (const Amount& a : FindAmounts(text)) out.push_back(a.sek);
    return out;
  };
  CHECK(sums("Kassan hade balanserat på 567:57 med en behållning på 154:04.") == std::vector<double>{567.57, 154.04});
  CHECK(sums("Kassarapport. Behållning vid räkenskapsårets början: 62 413,41, gäller föreningen.") == std::vector<double>{62413.41});
  CHECK(sums("Styrelsen föreslår att höja borgenssumman till 3 miljoner.") == std::vector<double>{3000000});
  CHECK(sums("Årsavgiften fastställdes till kronor 1,50 för medlem över 15 år.") == std::vector<double>{1.5});
  // A count, a time, a number without öre: no sum.
  CHECK(sums("Kassan hade 2 st nycklar. Kassören kom kl 19:30. Summa 12 medlemmar.").empty());
  CHECK(sums("Kassören redovisade 3 miljoner besökare.").empty());
}
