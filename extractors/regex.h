// Regular expressions in ICU's syntax and meaning over UTF-8 text, reporting UTF-8 byte offsets;
// run by PCRE2's JIT (regex.cc says how ICU's meaning is kept).
//
// Internal to the extractors (no engine type is exposed). A Regex is compiled once and immutable:
// one instance may be used from many threads at once (match data is per thread). A pattern that
// fails to compile is a programming error and aborts at start-up.
#ifndef PROTOKOLL_EXTRACTORS_REGEX_H_
#define PROTOKOLL_EXTRACTORS_REGEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::extractors {

// One match: byte offsets into the text that was searched (which must outlive the Match).
struct Match {
  std::string_view text;
  std::vector<std::pair<int64_t, int64_t>> groups;  // [0] is the whole match; -1 if unmatched

  bool Has(int i) const { return i < static_cast<int>(groups.size()) && groups[i].first >= 0; }
  std::string_view Group(int i) const {
    if (!Has(i)) return {};
    return text.substr(groups[i].first, groups[i].second - groups[i].first);
  }
  size_t Begin(int i = 0) const { return static_cast<size_t>(groups[i].first); }
  size_t End(int i = 0) const { return static_cast<size_t>(groups[i].second); }
};

class Regex {
 public:
  enum Flags : uint32_t { kNone = 0, kIgnoreCase = 2, kMultiline = 8 };
  explicit Regex(const char* pattern_utf8, uint32_t flags = kIgnoreCase);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // First match at or after byte offset `from`.
  std::optional<Match> Find(std::string_view text, size_t from = 0) const;
  // All non-overlapping matches, left to right.
  std::vector<Match> FindAll(std::string_view text) const;
  // The whole text matches.
  std::optional<Match> FullMatch(std::string_view text) const;
  // Matches at the start of the text (not necessarily to its end).
  std::optional<Match> LookingAt(std::string_view text) const;

  struct Compiled;  // the ICU pattern and a pool of matchers (regex.cc); thread-safe

 private:
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace protokoll::extractors

#endif  // PROTOKOLL_EXTRACTORS_REGEX_H_
