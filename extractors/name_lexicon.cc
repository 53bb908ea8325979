#include "extractors/name_lexicon.h"

#include <algorithm>

namespace protokoll::extractors {

unsigned NameClassesOf(std::string_view word) {
  const NameLexiconEntry* end = kNameLexicon + kNameLexiconSize;
  const NameLexiconEntry* it =
      std::lower_bound(kNameLexicon, end, word, [](const NameLexiconEntry& e, std::string_view w) { return std::string_view(e.word) < w; });
  return it != end && std::string_view(it->word) == word ? it->classes : 0;
}

bool IsKnownGivenName(std::string_view word) {
  if (NameClassesOf(word) & kGivenName) return true;
  const size_t hyphen = word.find('-');
  return hyphen != std::string_view::npos && (NameClassesOf(word.substr(0, hyphen)) & kGivenName) != 0;
}

}  // namespace protokoll::extractors
