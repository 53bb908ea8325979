// The compound lexicon (catalogue/terms.cc) in a flat form: a pool of strings and open-addressing
// hash tables of offsets into it, all in one block of bytes. Made once from the Swedish
// dictionary and kept in a cache file that later processes map instead of parsing the
// dictionary again (≈ 0.1 s of CPU and 30 MB of small allocations per process, which a run
// ingesting a few files pays in full).
#ifndef PROTOKOLL_CATALOGUE_LEXICON_H_
#define PROTOKOLL_CATALOGUE_LEXICON_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::catalogue {

// The lexicon's contents: words that are stems, nouns, compound ends, and forms that begin a
// compound with their base form ("skol" → "skola").
struct LexiconSets {
  std::vector<std::string_view> stems, nouns, ends;
  std::vector<std::pair<std::string_view, std::string_view>> begins;  // the first of a key counts
};

class FlatLexicon {
 public:
  // The flat bytes of `sets`.
  static std::string Build(const LexiconSets& sets);
  // A view of flat bytes, after checking that every table and string lies inside them
  // (a truncated or foreign file is refused). The bytes must outlive the view.
  static std::optional<FlatLexicon> Open(std::string_view bytes);

  bool IsStem(std::string_view w) const { return Has(tables_[0], w); }
  bool IsNoun(std::string_view w) const { return Has(tables_[1], w); }
  bool IsEnd(std::string_view w) const { return Has(tables_[2], w); }
  // The base form of a compound's first part, if `w` can begin one.
  std::optional<std::string_view> Begin(std::string_view w) const;

 private:
  struct Table {
    const uint32_t* slots = nullptr;  // string offsets (pairs for the begins table); ~0u: empty
    uint32_t mask = 0;                // capacity − 1 (a power of two)
    uint32_t width = 1;               // 1, or 2 for (key, value)
  };
  bool Has(const Table& t, std::string_view w) const { return Find(t, w) != nullptr; }
  const uint32_t* Find(const Table& t, std::string_view w) const;
  std::string_view StringAt(uint32_t offset) const;

  std::string_view bytes_;
  Table tables_[4];
};

// The lexicon of the dictionary at `dic_path`: mapped from its cache file when that is there
// and whole; otherwise made by `make`, written to the cache for the next process (atomically:
// a temporary file renamed) and used from memory. The cache lives in $XDG_CACHE_HOME/protokoll
// or ~/.cache/protokoll, named by the dictionary's size and modification time and the format.
// Never fails: without a writable cache the lexicon is made in every process, as before.
// `make` returns FlatLexicon::Build of the sets (made while what they view is alive).
const FlatLexicon& CachedLexicon(const std::string& dic_path, const std::function<std::string()>& make);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_LEXICON_H_
