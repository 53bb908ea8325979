// Catalogue internals shared by its .cc files.
#ifndef PROTOKOLL_CATALOGUE_IMPL_H_
#define PROTOKOLL_CATALOGUE_IMPL_H_

#include "catalogue/catalogue.h"
#include "catalogue/sqlite_util.h"

namespace protokoll::catalogue {

struct Catalogue::Impl {
  DbPtr db;
  std::string path;
};

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_IMPL_H_
