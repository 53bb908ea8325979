// libFuzzer: each field extractor on its own over arbitrary bytes (invalid UTF-8 included).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/decision.h"
#include "extractors/diarienummer.h"
#include "extractors/head.h"
#include "extractors/paragraf.h"
#include "extractors/segment.h"
#include "extractors/text.h"

namespace ex = protokoll::extractors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4000) return 0;
  std::string s(reinterpret_cast<const char*>(data), size);
  std::string t = ex::Nfc(s);  // the extractors get NFC UTF-8 from the normaliser
  for (const auto& d : ex::FindDiarienummer(t))
    if (d.begin > d.end || d.end > t.size() || d.normalized.empty()) std::abort();
  for (const auto& a : ex::FindAmounts(t))
    if (a.begin > a.end || a.end > t.size() || !(a.sek >= 0)) std::abort();
  for (const auto& d : ex::FindDates(t)) {
    int y = std::stoi(d.iso.substr(0, 4)), m = std::stoi(d.iso.substr(5, 2)), day = std::stoi(d.iso.substr(8, 2));
    if (!ex::IsValidDate(y, m, day)) std::abort();
  }
  for (const auto& y : ex::FindYears(t))
    if (y.year < 1600 || y.year > 2099) std::abort();  // written dates of old minutes go back to the 1600s
  (void)ex::ParseParagraphHeader(t);
  (void)ex::MisreadParagraphHeaders(t);
  (void)ex::ClassifyHeading(t);
  (void)ex::IsDecisionSentence(t);
  (void)ex::FindOrganName(t);
  (void)ex::Sentences(t);
  (void)ex::ParseSwedishNumber(t);
  return 0;
}
