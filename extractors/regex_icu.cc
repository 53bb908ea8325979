#include "extractors/regex_icu.h"

#include <unicode/regex.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace protokoll::extractors {
namespace {

// The text as UTF-16 (ICU's fast path), with each unit's UTF-8 byte offset to map matches back.
struct Utf16 {
  std::vector<UChar> units;
  std::vector<int32_t> byte_of;  // per unit, and one past the end
};

Utf16 ToUtf16(std::string_view text) {
  Utf16 u;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    if (U_IS_BMP(c)) {
      u.units.push_back(static_cast<UChar>(c));
      u.byte_of.push_back(at);
    } else {
      u.units.push_back(U16_LEAD(c));
      u.units.push_back(U16_TRAIL(c));
      u.byte_of.push_back(at);
      u.byte_of.push_back(at);
    }
  }
  u.byte_of.push_back(n);
  return u;
}

IcuMatch Collect(const icu::RegexMatcher& m, const Utf16& u) {
  IcuMatch out;
  UErrorCode status = U_ZERO_ERROR;
  auto byte = [&](int64_t unit) -> int64_t {
    return unit < 0 ? -1 : u.byte_of[static_cast<size_t>(std::min<int64_t>(unit, static_cast<int64_t>(u.units.size())))];
  };
  for (int i = 0; i <= m.groupCount(); ++i)
    out.emplace_back(byte(m.start64(i, status)), byte(m.end64(i, status)));
  return out;
}

}  // namespace

struct IcuRegex::Impl {
  std::unique_ptr<icu::RegexPattern> pattern;

  template <typename Fn>
  std::vector<IcuMatch> Run(std::string_view text, Fn&& fn) const {
    std::vector<IcuMatch> out;
    UErrorCode status = U_ZERO_ERROR;
    const Utf16 u = ToUtf16(text);
    UText ut = UTEXT_INITIALIZER;
    utext_openUChars(&ut, u.units.data(), static_cast<int64_t>(u.units.size()), &status);
    std::unique_ptr<icu::RegexMatcher> m(pattern->matcher(status));
    if (U_FAILURE(status)) return out;
    m->reset(&ut);
    fn(*m, u, out);
    utext_close(&ut);
    return out;
  }
};

IcuRegex::IcuRegex(const char* pattern_utf8, uint32_t flags) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError pe{};
  impl_->pattern.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern_utf8), flags, pe, status));
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "protokoll: internal error: ICU cannot compile %s (%s)\n", pattern_utf8, u_errorName(status));
    std::abort();
  }
}

IcuRegex::~IcuRegex() = default;

std::vector<IcuMatch> IcuRegex::Find(std::string_view text, size_t from) const {
  return impl_->Run(text, [&](icu::RegexMatcher& m, const Utf16& u, std::vector<IcuMatch>& out) {
    UErrorCode status = U_ZERO_ERROR;
    const int64_t unit = std::lower_bound(u.byte_of.begin(), u.byte_of.end(),
                                          static_cast<int32_t>(std::min(from, text.size()))) - u.byte_of.begin();
    if (m.find(unit, status) && U_SUCCESS(status)) out.push_back(Collect(m, u));
  });
}

std::vector<IcuMatch> IcuRegex::FindAll(std::string_view text) const {
  return impl_->Run(text, [&](icu::RegexMatcher& m, const Utf16& u, std::vector<IcuMatch>& out) {
    while (m.find()) out.push_back(Collect(m, u));
  });
}

std::vector<IcuMatch> IcuRegex::FullMatch(std::string_view text) const {
  return impl_->Run(text, [&](icu::RegexMatcher& m, const Utf16& u, std::vector<IcuMatch>& out) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.matches(status) && U_SUCCESS(status)) out.push_back(Collect(m, u));
  });
}

std::vector<IcuMatch> IcuRegex::LookingAt(std::string_view text) const {
  return impl_->Run(text, [&](icu::RegexMatcher& m, const Utf16& u, std::vector<IcuMatch>& out) {
    UErrorCode status = U_ZERO_ERROR;
    if (m.lookingAt(status) && U_SUCCESS(status)) out.push_back(Collect(m, u));
  });
}

}  // namespace protokoll::extractors
