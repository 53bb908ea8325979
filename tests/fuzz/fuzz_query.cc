// libFuzzer: search input into a real (in-memory) catalogue. Any query returns hits or none;
// an SQL or FTS5 error is a failure.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "catalogue/catalogue.h"

namespace cat = protokoll::catalogue;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cat::Catalogue* c = [] {
    auto r = cat::Catalogue::Open(":memory:");
    if (!r.ok()) std::abort();
    auto* p = new cat::Catalogue(std::move(r.value()));
    cat::StoredDocument d;
    d.path = "a.txt";
    d.sha256 = std::string(64, 'a');
    d.format = "text";
    d.pages.push_back({1, cat::PageSource::kText, std::nullopt, "x", "", {}});
    cat::StoredItem it;
    it.fields.paragraph = 1;
    it.fields.paragraph_label = "§ 1";
    it.fields.title = "Förskola i Norrby";
    it.fields.text = "Förskolan byggs ut för 40 000 kronor år 2020.";
    it.source = "text";
    d.items.push_back(it);
    if (!p->StoreDocument(d).ok()) std::abort();
    return p;
  }();
  cat::SearchOptions o;
  o.query.assign(reinterpret_cast<const char*>(data), size);
  auto hits = c->Search(o);
  if (!hits.ok()) std::abort();
  return 0;
}
