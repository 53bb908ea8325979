#include "extractors/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#ifdef PROTOKOLL_REGEX_CROSSCHECK
#include "extractors/regex_icu.h"
#endif

namespace protokoll::extractors {

// The expressions are written in ICU's syntax and meaning (the extractors were built and tuned on
// ICU's RegexMatcher), and run on PCRE2 compiled to machine code by its JIT, straight on the UTF-8
// text: ICU's interpreter over UTF-16 spent 0.3 s of CPU on a 500-page protocol here, PCRE2 0.08 s. The
// options below give ICU's meaning: \d \w \s \b by Unicode properties (UCP), "." and "$" stop
// at any Unicode line end (NEWLINE_ANY), and ill-formed UTF-8 never matches a character but
// does not stop the search (MATCH_INVALID_UTF). Two differences are rewritten (IcuToPcre): under
// case-insensitive matching ICU closes a case property over case, so \p{Lu} there matches any
// cased letter ("ks" as well as "KS"); PCRE2 keeps \p{Lu} upper case, so it becomes \p{L&}. And
// ICU reads a hyphen after a class escape in a set ("[\p{L}- ]") as literal; PCRE2 needs "\-".
// tests/regex_test.cc holds the behaviours this relies on; a build with
// -DPROTOKOLL_REGEX_CROSSCHECK=ON runs every call on ICU as well and aborts on any difference.
namespace {

std::string IcuToPcre(std::string_view p, bool caseless) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  bool after_class_escape = false;  // the last item in a [set] was \p{..}, \d, \w, \s or \h
  for (size_t i = 0; i < p.size(); ++i) {
    const char ch = p[i];
    if (ch != '\\' || i + 1 >= p.size()) {
      if (in_class && ch == '-' && after_class_escape) {
        out += "\\-";  // ICU reads "[\p{L}- ]" as a literal hyphen; PCRE2 as a bad range
      } else {
        out += ch;
        if (!in_class && ch == '[') {
          in_class = true;
          if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
          if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // a leading ] is literal
        } else if (in_class && ch == ']') {
          in_class = false;
        }
      }
      after_class_escape = false;
      continue;
    }
    const char e = p[i + 1];
    if (e == 'p' || e == 'P') {
      const size_t close = i + 2 < p.size() && p[i + 2] == '{' ? p.find('}', i) : i + 2;  // \p{Lu} or \pL
      std::string_view prop = close == std::string_view::npos ? p.substr(i + 2) : p.substr(i + 2, close - i - 1);
      if (caseless && (prop == "{Lu}" || prop == "{Ll}" || prop == "{Lt}")) prop = "{L&}";
      out += '\\';
      out += e;
      out += prop;
      i = close == std::string_view::npos ? p.size() : close;
      after_class_escape = in_class;
      continue;
    }
    out += ch;
    out += e;
    ++i;
    after_class_escape = in_class && std::string_view("dDwWsShHv").find(e) != std::string_view::npos;
  }
  return out;
}

// Per thread: the match data (the offsets of one match) and a JIT stack larger than the default
// 32 KiB, for expressions that backtrack through a long line.
struct ThreadState {
  pcre2_match_data* data = pcre2_match_data_create(kMaxGroups + 1, nullptr);
  pcre2_jit_stack* stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
  pcre2_match_context* context = [this] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    pcre2_jit_stack_assign(c, nullptr, stack);
    return c;
  }();
  static constexpr uint32_t kMaxGroups = 64;
  ~ThreadState() {
    pcre2_match_context_free(context);
    pcre2_jit_stack_free(stack);
    pcre2_match_data_free(data);
  }
};

ThreadState& State() {
  thread_local ThreadState state;
  return state;
}

}  // namespace

// One pattern compiled three ways: a PCRE2 JIT function cannot take "anchored" as a per-call
// option (it would fall back to the interpreter), so LookingAt and FullMatch get their own
// compilation, made on first use.
struct Regex::Compiled {
  std::string pattern;  // as PCRE2 reads it
  uint32_t options = 0;
  pcre2_code* code[3] = {nullptr, nullptr, nullptr};  // unanchored, anchored, anchored both ends
  std::once_flag once[3];
  uint32_t groups = 0;  // set by the constructor's compilation, read-only after
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  std::unique_ptr<IcuRegex> icu;
#endif

  const pcre2_code* Get(int kind) {
    std::call_once(once[kind], [&] {
      const uint32_t anchor = kind == 0 ? 0 : kind == 1 ? PCRE2_ANCHORED : PCRE2_ANCHORED | PCRE2_ENDANCHORED;
      int err = 0;
      PCRE2_SIZE at = 0;
      pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
      pcre2_set_newline(cc, PCRE2_NEWLINE_ANY);
      pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                    options | anchor, &err, &at, cc);
      pcre2_compile_context_free(cc);
      if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        std::fprintf(stderr, "protokoll: internal error: bad regex at %zu: %s (%s)\n",
                     static_cast<size_t>(at), pattern.c_str(), reinterpret_cast<const char*>(msg));
        std::abort();
      }
      if (kind == 0) pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &groups);  // the same for all three
      if (groups >= ThreadState::kMaxGroups) {
        std::fprintf(stderr, "protokoll: internal error: regex with %u groups: %s\n", groups, pattern.c_str());
        std::abort();
      }
      pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);  // if the JIT is unavailable, the interpreter runs
      code[kind] = c;
    });
    return code[kind];
  }
  ~Compiled() {
    for (pcre2_code* c : code) pcre2_code_free(c);
  }
};

namespace {

enum Kind { kFind = 0, kLookingAt = 1, kFull = 2 };

// Matches from byte `from`; the whole match and every group, in bytes, or nothing. A match that
// PCRE2 gives up on (its backtracking limit) counts as no match, as it would have to be
// anyway for the extractor to go on.
std::optional<Match> Run(Regex::Compiled& c, Kind kind, std::string_view text, size_t from) {
  const pcre2_code* code = c.Get(kind);
  ThreadState& st = State();
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), from,
                             0, st.data, st.context);
  if (rc <= 0) return std::nullopt;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(st.data);
  Match m;
  m.text = text;
  m.groups.reserve(c.groups + 1);
  for (uint32_t i = 0; i <= c.groups; ++i) {
    if (i >= static_cast<uint32_t>(rc) || ov[2 * i] == PCRE2_UNSET) m.groups.emplace_back(-1, -1);
    else m.groups.emplace_back(static_cast<int64_t>(ov[2 * i]), static_cast<int64_t>(ov[2 * i + 1]));
  }
  return m;
}

// The first character boundary at or after byte `i` (ICU counted in characters).
size_t NextBoundary(std::string_view text, size_t i) {
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return std::min(i, text.size());
}

#ifdef PROTOKOLL_REGEX_CROSSCHECK
void Check(const Regex::Compiled& c, const char* op, std::string_view text, size_t from,
           const std::vector<Match>& ours, const std::vector<IcuMatch>& icu) {
  bool same = ours.size() == icu.size();
  for (size_t i = 0; same && i < ours.size(); ++i) same = ours[i].groups == icu[i];
  if (same) return;
  std::fprintf(stderr, "regex crosscheck: %s differs from ICU\npattern: %s\nfrom: %zu\ntext: [%.*s]\n",
               op, c.pattern.c_str(), from, static_cast<int>(text.size()), text.data());
  for (const Match& m : ours) std::fprintf(stderr, "  pcre2 %lld-%lld\n", static_cast<long long>(m.groups[0].first), static_cast<long long>(m.groups[0].second));
  for (const IcuMatch& m : icu) std::fprintf(stderr, "  icu   %lld-%lld\n", static_cast<long long>(m[0].first), static_cast<long long>(m[0].second));
  std::abort();
}

void Check(const Regex::Compiled& c, const char* op, std::string_view text, size_t from,
           const std::optional<Match>& ours, const std::vector<IcuMatch>& icu) {
  std::vector<Match> all;
  if (ours) all.push_back(*ours);
  Check(c, op, text, from, all, icu);
}
#endif

}  // namespace

Regex::Regex(const char* pattern_utf8, uint32_t flags) {
  compiled_ = std::make_unique<Compiled>();
  const bool caseless = flags & kIgnoreCase;
  compiled_->pattern = IcuToPcre(pattern_utf8, caseless);
  compiled_->options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
                       (caseless ? PCRE2_CASELESS : 0) | ((flags & kMultiline) ? PCRE2_MULTILINE : 0);
  compiled_->Get(kFind);  // a bad pattern fails at start-up, not on the first document; sets groups
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  compiled_->icu = std::make_unique<IcuRegex>(pattern_utf8, flags);
#endif
}

Regex::~Regex() = default;

std::optional<Match> Regex::Find(std::string_view text, size_t from) const {
  std::optional<Match> out = Run(*compiled_, kFind, text, NextBoundary(text, from));
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  Check(*compiled_, "Find", text, from, out, compiled_->icu->Find(text, from));
#endif
  return out;
}

std::vector<Match> Regex::FindAll(std::string_view text) const {
  std::vector<Match> out;
  size_t at = 0;
  while (at <= text.size()) {
    std::optional<Match> m = Run(*compiled_, kFind, text, at);
    if (!m) break;
    const size_t b = m->Begin(), e = m->End();
    out.push_back(std::move(*m));
    // As ICU: the next search starts where this match ended, or one character on after an
    // empty match.
    at = e > b ? e : NextBoundary(text, e + 1);
    if (e == text.size() && e == b) break;
  }
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  Check(*compiled_, "FindAll", text, 0, out, compiled_->icu->FindAll(text));
#endif
  return out;
}

std::optional<Match> Regex::FullMatch(std::string_view text) const {
  std::optional<Match> out = Run(*compiled_, kFull, text, 0);
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  Check(*compiled_, "FullMatch", text, 0, out, compiled_->icu->FullMatch(text));
#endif
  return out;
}

std::optional<Match> Regex::LookingAt(std::string_view text) const {
  std::optional<Match> out = Run(*compiled_, kLookingAt, text, 0);
#ifdef PROTOKOLL_REGEX_CROSSCHECK
  Check(*compiled_, "LookingAt", text, 0, out, compiled_->icu->LookingAt(text));
#endif
  return out;
}

}  // namespace protokoll::extractors
