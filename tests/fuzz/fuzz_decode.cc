// libFuzzer: text sources (charset detection and conversion) and the PDF reader on arbitrary
// bytes. Failures must be a Status; any page text must be valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extractors/text.h"
#include "pipeline/source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto doc = protokoll::pipeline::ReadSource(bytes, {});
  if (doc.ok()) {
    for (const auto& p : doc->pages)
      if (!protokoll::extractors::IsValidUtf8(p.text)) std::abort();
  } else if (doc.status().message().empty()) {
    std::abort();
  }
  return 0;
}
