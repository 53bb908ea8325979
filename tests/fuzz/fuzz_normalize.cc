// libFuzzer: normalisation of arbitrary bytes (pages split at form feeds). Must not crash, hang
// or read out of bounds; every output line must be valid UTF-8 without control characters.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "extractors/normalize.h"
#include "extractors/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> pages;
  size_t start = 0;
  for (size_t ff; (ff = in.find('\f', start)) != std::string::npos; start = ff + 1) pages.push_back(in.substr(start, ff - start));
  pages.push_back(in.substr(start));
  auto n = protokoll::extractors::Normalize(pages);
  for (const auto& l : n.lines) {
    if (!protokoll::extractors::IsValidUtf8(l.text)) std::abort();
    for (unsigned char c : l.text)
      if (c < 0x20) std::abort();
    if (l.page < 1 || l.page > static_cast<int>(pages.size())) std::abort();
  }
  return 0;
}
