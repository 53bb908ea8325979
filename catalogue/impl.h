// Catalogue internals shared by its .cc files.
#ifndef PROTOKOLL_CATALOGUE_IMPL_H_
#define PROTOKOLL_CATALOGUE_IMPL_H_

#include "catalogue/catalogue.h"
#include "catalogue/sqlite_util.h"
#include "catalogue/terms.h"

namespace protokoll::catalogue {

struct Catalogue::Impl {
  DbPtr db;
  std::string path;
  TermsMode terms_mode = TermsMode::kLemmasAndParts;
  std::unique_ptr<SwedishTerms> terms;  // made on first use (the dictionary takes ~0.15 s)

  SwedishTerms& Terms() {
    if (!terms) terms = SwedishTerms::Create(terms_mode);
    return *terms;
  }
};

// Writes the search-term columns of every item from its title and text.
Status ComputeAllTerms(sqlite3* db, SwedishTerms& terms);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_IMPL_H_
