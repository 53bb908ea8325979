#include "extractors/regex.h"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <cstdio>
#include <mutex>
#include <vector>
#include <cstdlib>

namespace protokoll::extractors {
namespace {

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

Match Collect(const icu::RegexMatcher& m, std::string_view text) {
  Match out;
  out.text = text;
  UErrorCode status = U_ZERO_ERROR;
  const int n = m.groupCount();
  out.groups.reserve(n + 1);
  for (int i = 0; i <= n; ++i) {
    int64_t b = m.start64(i, status);
    int64_t e = m.end64(i, status);
    out.groups.emplace_back(b, e);
  }
  return out;
}

}  // namespace

struct Regex::Compiled {
  std::unique_ptr<icu::RegexPattern> pattern;
  // Matchers made from `pattern`, kept for the next call: making one allocates, and the
  // extractors call each expression tens of thousands of times per document.
  std::mutex mu;
  std::vector<std::unique_ptr<icu::RegexMatcher>> idle;
};

namespace {

// Runs `fn` with a matcher reset to `text`; returns false if ICU refused the input.
template <typename Fn>
bool WithMatcher(Regex::Compiled& c, std::string_view text, Fn&& fn) {
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return false;
  std::unique_ptr<icu::RegexMatcher> m;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    if (!c.idle.empty()) {
      m = std::move(c.idle.back());
      c.idle.pop_back();
    }
  }
  if (!m) m.reset(c.pattern->matcher(status));
  if (U_FAILURE(status) || !m) {
    utext_close(&ut);
    return false;
  }
  m->reset(&ut);  // the matcher keeps a shallow clone: `ut` may be closed after use
  fn(*m);
  utext_close(&ut);
  std::lock_guard<std::mutex> lock(c.mu);
  c.idle.push_back(std::move(m));
  return true;
}

}  // namespace

Regex::Regex(const char* pattern_utf8, uint32_t flags) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError pe{};
  compiled_ = std::make_unique<Compiled>();
  compiled_->pattern.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern_utf8), flags,
                                            pe, status));
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "protokoll: internal error: bad regex at %d: %s (%s)\n", pe.offset,
                 pattern_utf8, u_errorName(status));
    std::abort();
  }
}

Regex::~Regex() = default;

std::optional<Match> Regex::Find(std::string_view text, size_t from) const {
  std::optional<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.find(static_cast<int64_t>(from), status) && U_SUCCESS(status)) out = Collect(m, text);
  });
  return out;
}

std::vector<Match> Regex::FindAll(std::string_view text) const {
  std::vector<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m) {
    while (m.find()) out.push_back(Collect(m, text));
  });
  return out;
}

std::optional<Match> Regex::FullMatch(std::string_view text) const {
  std::optional<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.matches(status) && U_SUCCESS(status)) out = Collect(m, text);
  });
  return out;
}

std::optional<Match> Regex::LookingAt(std::string_view text) const {
  std::optional<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.lookingAt(status) && U_SUCCESS(status)) out = Collect(m, text);
  });
  return out;
}

}  // namespace protokoll::extractors
