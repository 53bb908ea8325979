#include "extractors/regex.h"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace protokoll::extractors {
namespace {

// ICU matches fastest over UTF-16 held whole in memory (its "chunk" path, straight on the
// array); over UTF-8 it goes through UText accessors for every character and case-folds through
// an iterator. So the text is converted once — the last text of each thread is kept, as the
// extractors run many expressions over one item or line — and the offsets of a match are
// mapped back to UTF-8 bytes. Ill-formed UTF-8 becomes U+FFFD, as ICU's UTF-8 UText makes it.
struct Utf16 {
  std::string source;            // the UTF-8 it was made from
  std::vector<UChar> units;
  std::vector<int32_t> byte_of;  // per unit, and one past the end: its byte offset in `source`
};

const Utf16& ToUtf16(std::string_view text) {
  thread_local Utf16 last;
  if (last.source.size() == text.size() && !last.byte_of.empty() &&
      std::memcmp(last.source.data(), text.data(), text.size()) == 0)
    return last;
  last.source.assign(text.data(), text.size());
  last.units.clear();
  last.byte_of.clear();
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    if (U_IS_BMP(c)) {
      last.units.push_back(static_cast<UChar>(c));
      last.byte_of.push_back(at);
    } else {
      last.units.push_back(U16_LEAD(c));
      last.units.push_back(U16_TRAIL(c));
      last.byte_of.push_back(at);
      last.byte_of.push_back(at);
    }
  }
  last.byte_of.push_back(n);
  return last;
}

int64_t ByteOffset(const Utf16& u, int64_t unit) {
  return unit < 0 ? -1 : u.byte_of[static_cast<size_t>(std::min<int64_t>(unit, static_cast<int64_t>(u.units.size())))];
}

Match Collect(const icu::RegexMatcher& m, std::string_view text, const Utf16& u) {
  Match out;
  out.text = text;
  UErrorCode status = U_ZERO_ERROR;
  const int n = m.groupCount();
  out.groups.reserve(n + 1);
  for (int i = 0; i <= n; ++i) {
    int64_t b = m.start64(i, status);
    int64_t e = m.end64(i, status);
    out.groups.emplace_back(ByteOffset(u, b), ByteOffset(u, e));
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

// Runs `fn` with a matcher reset to `text` (as UTF-16); returns false if ICU refused the input.
template <typename Fn>
bool WithMatcher(Regex::Compiled& c, std::string_view text, Fn&& fn) {
  UErrorCode status = U_ZERO_ERROR;
  const Utf16& u = ToUtf16(text);
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, u.units.data(), static_cast<int64_t>(u.units.size()), &status);
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
  fn(*m, u);
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
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m, const Utf16& u) {
    UErrorCode status = U_ZERO_ERROR;
    // The first unit at or after byte `from`.
    const int64_t unit = std::lower_bound(u.byte_of.begin(), u.byte_of.end(), static_cast<int32_t>(std::min(from, text.size()))) -
                         u.byte_of.begin();
    if (m.find(unit, status) && U_SUCCESS(status)) out = Collect(m, text, u);
  });
  return out;
}

std::vector<Match> Regex::FindAll(std::string_view text) const {
  std::vector<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m, const Utf16& u) {
    while (m.find()) out.push_back(Collect(m, text, u));
  });
  return out;
}

std::optional<Match> Regex::FullMatch(std::string_view text) const {
  std::optional<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m, const Utf16& u) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.matches(status) && U_SUCCESS(status)) out = Collect(m, text, u);
  });
  return out;
}

std::optional<Match> Regex::LookingAt(std::string_view text) const {
  std::optional<Match> out;
  WithMatcher(*compiled_, text, [&](icu::RegexMatcher& m, const Utf16& u) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.lookingAt(status) && U_SUCCESS(status)) out = Collect(m, text, u);
  });
  return out;
}

}  // namespace protokoll::extractors
