// Normalisation: characters, furniture, hyphenation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/normalize.h"

using namespace protokoll::extractors;

namespace {
std::vector<std::string> Texts(const NormalizedText& n) {
  std::vector<std::string> out;
  for (const Line& l : n.lines) out.push_back(l.text);
  return out;
}
}  // namespace

TEST_CASE("characters: NFC, spaces of every width, soft hyphens, controls, ligatures") {
  auto lines = CleanPage(
      "40\xC2\xA0" "000 kr\n"                // no-break space
      "1\xE2\x80\xAF" "200\xE2\x80\x89" "000\n"  // narrow no-break, thin space
      "a\xCC\x8Ar\n"                          // decomposed å
      "grund\xC2\xAD" "skolan\n"              // soft hyphen inside a word
      "NUL\x01here\n"
      "\xEF\xAC\x81nansiering\n"              // ﬁ ligature
      "2017\xE2\x80\x93" "2019\n"             // en dash kept
      "\tindrag   och   mellanrum  \n");
  REQUIRE(lines.size() == 8);
  CHECK(lines[0] == "40 000 kr");
  CHECK(lines[1] == "1 200 000");
  CHECK(lines[2] == "år");
  CHECK(lines[3] == "grundskolan");
  CHECK(lines[4] == "NULhere");
  CHECK(lines[5] == "finansiering");
  CHECK(lines[6] == "2017\xE2\x80\x93" "2019");
  CHECK(lines[7] == "indrag och mellanrum");
}

TEST_CASE("blank lines fold to one paragraph break, CR LF and CR end lines") {
  auto lines = CleanPage("a\r\n\r\n\r\nb\rc\n\n");
  CHECK(lines == std::vector<std::string>{"a", "", "b", "c"});
}

TEST_CASE("hyphenation: joined, except real compound hyphens") {
  struct Case {
    const char* raw;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"att medfinan-\nsiera projektet", {"att medfinansiera", "projektet"}},
      {"Barn-\noch utbildningsnämnden", {"Barn-", "och utbildningsnämnden"}},
      {"Kultur-\noch fritidsnämnden", {"Kultur-", "och fritidsnämnden"}},
      {"för-\neller nackdelar", {"för-", "eller nackdelar"}},
      {"ett EU-\nprojekt", {"ett EU-projekt"}},
      {"under 2017-\n2019 pågår", {"under 2017-2019", "pågår"}},
      {"skickas via e-\npost", {"skickas via e-post"}},
      {"Göteborgs-\nRegionen", {"Göteborgs-", "Regionen"}},
      {"kommun-\n\nstyrelsen", {"kommun-", "", "styrelsen"}},
      {"grund\xC2\xAD\nskolan", {"grundskolan"}},
      {"ett - tecken", {"ett - tecken"}},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.raw));
    CHECK(Texts(Normalize({c.raw})) == c.want);
  }
}

TEST_CASE("hyphenation across a page break, furniture in between") {
  auto n = Normalize({"Sida 1\nKommunen ska medfinan-\nSida 1 (2)", "Sida 2 (2)\nsiera projektet."});
  CHECK(Texts(n) == std::vector<std::string>{"Kommunen ska medfinansiera", "projektet."});
  CHECK(n.lines[0].page == 1);
  CHECK(n.lines[1].page == 2);
}

TEST_CASE("furniture: forms that are headers or footers anywhere") {
  CHECK(IsFurnitureLine("Sida 3 (12)", false));
  CHECK(IsFurnitureLine("Sida 3 av 12", false));
  CHECK(IsFurnitureLine("Justerandes sign", false));
  CHECK(IsFurnitureLine("Justerandes signatur Utdragsbestyrkande", false));
  CHECK(IsFurnitureLine("Utdragsbestyrkande", false));
  CHECK_FALSE(IsFurnitureLine("Justeringen sker på måndag.", false));
  // Only near a page's top or bottom:
  CHECK(IsFurnitureLine("156", true));
  CHECK_FALSE(IsFurnitureLine("156", false));
  CHECK(IsFurnitureLine("LJUNGBY KOMMUN SAMMANTRÄDESPROTOKOLL", true));
  CHECK(IsFurnitureLine("Sammanträdesdatum 2017-03-28", true));
  CHECK(IsFurnitureLine("Ljungby kommun", true));
  CHECK(IsFurnitureLine("Upplands Väsby kommun", true));
  CHECK(IsFurnitureLine("Kommunstyrelsen 2017-03-28", true));
  CHECK(IsFurnitureLine("2020-09-14", true));
  CHECK_FALSE(IsFurnitureLine("enligt sammanträdesprotokoll från maj", true));
  CHECK_FALSE(IsFurnitureLine("Ks § 39", true));
  CHECK_FALSE(IsFurnitureLine("Beslut", true));
  CHECK_FALSE(IsFurnitureLine("Detta gäller kommun", true));
  // A footer's label and page number on one line (left and right halves of the footer)
  CHECK(IsFurnitureLine("Justering Sida 1 (1)", true));
  CHECK(IsFurnitureLine("Justerare Blad 2", true));
  CHECK(IsFurnitureLine("Justerandes sign Sida 2 av 5", true));
  CHECK_FALSE(IsFurnitureLine("Se bilaga sida 4", false));
  // The municipality's running head, and a page's first line that goes on into its text.
  CHECK(IsFurnitureLine("Avesta kommun sammanträdesprotokoll Sida 3", true));
  CHECK(IsFurnitureLine("Ljungby kommun Kommunstyrelsen 2017-03-07", true));
  CHECK(IsFurnitureLine("TROSA KOMMUN Sida 2 (9)", true));
  CHECK_FALSE(IsFurnitureLine("Avesta kommun sammanträdesprotokoll Sida 3 36 Information Resultatenhetschefen "
                              "redovisar reviderad rapport om pågående verksamhet.", true));
  CHECK_FALSE(IsFurnitureLine("Tingsryds kommun beviljar föreningen 40 000 kronor per år", true));
}

TEST_CASE("furniture: repeated headers go, the protocol's content stays") {
  std::vector<std::string> pages;
  for (int p = 1; p <= 3; ++p) {
    pages.push_back("LJUNGBY KOMMUN\nKommunstyrelsen 2017-04-04\nProtokoll nr " + std::to_string(p) +
                    "\n\n§ " + std::to_string(38 + p) + "\nTitel " + std::to_string(p) +
                    "\nBeslut\nText.\n\nJusterandes sign\n" + std::to_string(p));
  }
  NormalizedText n = Normalize(pages);
  for (const Line& l : n.lines) {
    CAPTURE(l.text);
    CHECK(l.text.find("LJUNGBY") == std::string::npos);
    CHECK(l.text.find("Protokoll nr") == std::string::npos);
    CHECK(l.text.find("Justerandes") == std::string::npos);
  }
  int headers = 0;
  for (const Line& l : n.lines) headers += l.text.rfind("§ ", 0) == 0;
  CHECK(headers == 3);
  bool kept_date = false;
  for (const Line& l : n.furniture) kept_date |= l.text == "Kommunstyrelsen 2017-04-04";
  CHECK(kept_date);
}

TEST_CASE("furniture: a header leaked into a text export without page breaks") {
  std::string text;
  for (int i = 1; i <= 4; ++i)
    text += "Göteborgs Stad Kommunstyrelsen, protokoll\n\n§ " + std::to_string(i) + " Ärendenummer SLK-2024-0000" +
            std::to_string(i) + "\nTitel\nBeslut\n\nText.\n\n";
  auto lines = Texts(Normalize({text}));
  for (const auto& l : lines) CHECK(l.find("Göteborgs Stad Kommunstyrelsen, protokoll") == std::string::npos);
}
