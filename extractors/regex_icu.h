// The extractors' expressions on ICU's RegexMatcher, the engine they were written for: built only
// with -DPROTOKOLL_REGEX_CROSSCHECK=ON, where every Regex call is run on both engines and any
// difference aborts (regex.cc). It is the oracle that says PCRE2 reads the expressions as ICU did.
#ifndef PROTOKOLL_EXTRACTORS_REGEX_ICU_H_
#define PROTOKOLL_EXTRACTORS_REGEX_ICU_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::extractors {

// A match's groups in UTF-8 bytes, [0] the whole match; -1 if a group did not take part.
using IcuMatch = std::vector<std::pair<int64_t, int64_t>>;

class IcuRegex {
 public:
  IcuRegex(const char* pattern_utf8, uint32_t flags);  // flags as Regex::Flags
  ~IcuRegex();
  std::vector<IcuMatch> Find(std::string_view text, size_t from) const;  // none or one
  std::vector<IcuMatch> FindAll(std::string_view text) const;
  std::vector<IcuMatch> FullMatch(std::string_view text) const;
  std::vector<IcuMatch> LookingAt(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_REGEX_ICU_H_
