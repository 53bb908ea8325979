// The municipality (kommun, stad, socken, församling, landsting, region) that kept a protocol:
// its archive creator (arkivbildare), read from the protocol's head or running page header.
// Pure functions of text; thread-safe.
//
// A general rule, never a list of places: a place name — one to three capitalised words, with
// "läns" or "svenska"/"finska" between them — followed by the kind of body ("Ljungby kommun",
// "KUMLA KOMMUN", "Tingsryds kommun", "Borgå stad", "Klosters Socken", "Fors sockens
// kommunalstämma", "Sibbo svenska församling", "Jämtlands läns landsting", "Ålands
// kommunförbund"), or the kind first ("Landstinget Kronoberg", "Region Gotland"). Words that
// begin a sentence or name a protocol's parts are no place ("Varje kommun", "Protokoll …").
#ifndef PROTOKOLL_EXTRACTORS_MUNICIPALITY_H_
#define PROTOKOLL_EXTRACTORS_MUNICIPALITY_H_

#include <string>
#include <string_view>
#include <vector>

#include "extractors/normalize.h"

namespace protokoll::extractors {

// The first municipality named in a line, as a name ("Kumla kommun", "Fors socken",
// "Landstinget Kronoberg"): capitals of an upper-case header made a name's, the kind in lower
// case and without a genitive s. Empty when the line names none.
std::string FindMunicipality(std::string_view line);

// The municipality of a protocol: the first one its running page header (`furniture`, the first
// two pages) or its head (`head`, the lines before the first §; at most the first 30, and of a
// flattened page only its beginning) names. Empty when neither names one.
std::string ReadMunicipality(const std::vector<Line>& head, const std::vector<Line>& furniture);

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_MUNICIPALITY_H_
