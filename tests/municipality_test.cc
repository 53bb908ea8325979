// The municipality a protocol's head names: a general rule over many shapes, with the
// look-alikes that must not match. No rule names a place.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/municipality.h"

using namespace protokoll::extractors;

TEST_CASE("municipality: a place and its kind, in every shape a head prints them") {
  struct Case {
    const char* line;
    const char* name;
  };
  const Case cases[] = {
      {"Ljungby kommun", "Ljungby kommun"},
      {"Tingsryds kommun   Sammanträdesprotokoll   Sida 3 (12)", "Tingsryds kommun"},
      {"KUMLA KOMMUN Sammanträdesprotokoll Sammanträdesdatum Kommunfullmäktige", "Kumla kommun"},
      {"1 1 KUMLA KOMMUN Sammanträdesprotokoll", "Kumla kommun"},
      {"1 PITEÅ KOMMUN Sammanträdesprotokoll 1 (27)", "Piteå kommun"},
      {"Protokoll hållet vid Fors sockens kommunalstämma den 30 mars 1881", "Fors socken"},
      {"Protokoll fördt i Kommunal- stämma med Klosters Socken den", "Klosters socken"},
      {"Kyrkostämma med Ludvika församling den 14 mai 1882.", "Ludvika församling"},
      {"Protokoll fört vid sammanträde med församlingsrådet i Sibbo svenska församling onsdagen", "Sibbo svenska församling"},
      {"Borgå stad", "Borgå stad"},
      {"Esbo stad  Protokoll 15.02.2021", "Esbo stad"},
      {"PEDERSÖRE KOMMUN", "Pedersöre kommun"},
      {"Landstinget Kronoberg", "Landstinget Kronoberg"},
      {"LANDSTINGET KRONOBERG Protokoll", "Landstinget Kronoberg"},
      {"Region Gotland   Regionstyrelsen", "Region Gotland"},
      {"Jämtlands läns landsting", "Jämtlands läns landsting"},
      {"Agenda för styrelsemöte vid Ålands kommunförbund.", "Ålands kommunförbund"},
      {"Upplands Väsby kommun", "Upplands Väsby kommun"},
      {"Malung-Sälens kommun", "Malung-Sälens kommun"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    CHECK(FindMunicipality(c.line) == c.name);
  }
}

TEST_CASE("municipality: look-alikes are no municipality") {
  const char* lines[] = {
      "Varje kommun ska ha en plan.",                              // a sentence's first word
      "Kommunen har ansökt om bidrag.",                             // the kind alone
      "Denna kommun och andra kommuner",                            // a determiner
      "Adjungerade Jana Nilsson (S) Varbergs kommun Cristina B",   // a list of people
      "Sveriges Kommuner och Landsting",                            // an association
      "BRIS region Nord",                                           // "region" inside a name
      "Kommunstyrelsen kommun",                                     // an organ is no place
      "Sammanträdesprotokoll kommun",                               // a protocol's part
      "Stadshuset, Storrummet, onsdagen den 29 maj 1996",           // no kind
      "i 2019 kommun",                                              // a number
  };
  for (const char* l : lines) {
    CAPTURE(l);
    CHECK(FindMunicipality(l).empty());
  }
}

TEST_CASE("municipality: the page header first, then the head, never an item text") {
  std::vector<Line> head = {{"Protokoll fört vid sammanträde", 1, false}, {"med Kommunalstämman i Kloster", 1, false},
                            {"socken den 28 December 1891.", 1, false}};
  CHECK(ReadMunicipality(head, {}) == "Kloster socken");  // broken across two lines
  std::vector<Line> furniture = {{"STORVIKS KOMMUN", 1, false}, {"SAMMANTRÄDESPROTOKOLL", 1, false}};
  CHECK(ReadMunicipality(head, furniture) == "Storviks kommun");
  // Furniture of a later page (a bound volume's other municipality) is not this head's.
  std::vector<Line> late = {{"Ekeby kommun", 7, false}, {"Sida 1", 1, false}};
  CHECK(ReadMunicipality({}, late).empty());
  // Only the beginning of a flattened page is its head.
  std::string flat = "1 Plats och tid Stadshuset";
  while (flat.size() < 600) flat += " Beslutande Anna Andersson (S) ordförande";
  flat += " i Kumla kommun";
  CHECK(ReadMunicipality({{flat, 1, false}}, {}).empty());
  CHECK(ReadMunicipality({{"1 KUMLA KOMMUN " + flat, 1, false}}, {}) == "Kumla kommun");
}
