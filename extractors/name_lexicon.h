// Given names, surnames and places as Apertium's Swedish and Norwegian analysers know them, a
// table made at build time (extractors/lexicon/names_from_apertium.cc): what a capitalised word
// can be when it stands in a list of names.
#pragma once

#include <cstddef>
#include <string_view>

namespace protokoll::extractors {

enum NameClass : unsigned { kGivenName = 1, kSurname = 2, kPlace = 4 };

struct NameLexiconEntry {
  const char* word;  // UTF-8, NFC, as the dictionary writes it ("Arvid", "Malmö")
  unsigned classes;  // NameClass bits
};
extern const NameLexiconEntry kNameLexicon[];
extern const size_t kNameLexiconSize;

// The classes of `word` as written (case-sensitive: "Berg" is a surname, "berg" is not); 0 when
// the lexicon does not know it.
unsigned NameClassesOf(std::string_view word);

// Whether `word` is a given name the lexicon knows, a hyphenated one by its first part too
// ("Anna-Lena", "Jan-Erik").
bool IsKnownGivenName(std::string_view word);

}  // namespace protokoll::extractors
