// Catalogue internals shared by its .cc files.
#ifndef PROTOKOLL_CATALOGUE_IMPL_H_
#define PROTOKOLL_CATALOGUE_IMPL_H_

#include "catalogue/catalogue.h"
#include "catalogue/sqlite_util.h"
#include "catalogue/terms.h"

#include <future>
#include <unordered_set>

namespace protokoll::catalogue {

struct Catalogue::Impl {
  DbPtr db;
  std::string path;
  TermsMode terms_mode = TermsMode::kLemmasAndParts;
  std::unique_ptr<SwedishTerms> terms;  // made on first use (the dictionary takes ~0.15 s)

  std::unique_ptr<SwedishTerms> query_terms;  // base forms of query words not in the vocabulary
  std::unordered_set<std::string> known_words;  // in the vocabulary table (this process's view)

  std::future<std::unique_ptr<SwedishTerms>> pending;  // being made in the background

  SwedishTerms& Terms() {
    if (!terms) terms = pending.valid() ? pending.get() : SwedishTerms::Create(terms_mode);
    return *terms;
  }
  // Base forms only (no compound flags to read): enough for a query word.
  SwedishTerms& QueryTerms() {
    if (terms) return *terms;
    if (!query_terms)
      query_terms = SwedishTerms::Create(terms_mode == TermsMode::kLemmasAndParts ? TermsMode::kLemmas
                                                                                   : terms_mode);
    return *query_terms;
  }
};

// Writes the search-term columns of every item from its title and text, and the vocabulary.
Status ComputeAllTerms(sqlite3* db, SwedishTerms& terms);
// Adds the words of one item to the vocabulary table (those not in `known` yet).
Status AddVocabulary(sqlite3* db, SwedishTerms& terms, const std::vector<std::string>& words,
                     std::unordered_set<std::string>& known);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_IMPL_H_
