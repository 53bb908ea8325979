// Status and Result: expected failures as values (a corrupt PDF, an unreadable file, a page that
// timed out). Shared by the catalogue, the pipeline and the CLI. Header-only.
#ifndef PROTOKOLL_CATALOGUE_STATUS_H_
#define PROTOKOLL_CATALOGUE_STATUS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace protokoll {

// Length of the well-formed UTF-8 sequence at the start of `s` (1–4), or 0 when its first byte
// does not begin one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF,
// or cut off by the end).
inline size_t Utf8SequenceLength(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i)
    if ((b(i) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
  if (c == 0xED && b(1) >= 0xA0) return 0;  // a surrogate
  if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
  if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
  return n;
}

// A file name (or any bytes) as one line of readable text: "\n", "\t", "\r" and "\\" for a
// newline, tab, carriage return and backslash; "\xNN" for every other control character (C0,
// DEL, C1 and the line, paragraph and bidirectional-override marks, byte by byte) and for every
// byte that is not part of well-formed UTF-8. Everything else (å, ä, ö …) is kept. Reversible:
// each "\xNN" is the byte NN.
inline std::string EscapePath(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto hex = [&](unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = Utf8SequenceLength(s.substr(i));
    if (n == 0) {
      hex(c);
      ++i;
      continue;
    }
    if (n == 1) {
      if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else if (c == '\\') out += "\\\\";
      else if (c < 0x20 || c == 0x7F) hex(c);
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    // C1 controls (U+0080–U+009F), U+2028/U+2029 and the bidirectional embeddings, overrides
    // and isolates (U+202A–U+202E, U+2066–U+2069): invisible, or they reorder the line.
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    const unsigned char c2 = n > 2 ? static_cast<unsigned char>(s[i + 2]) : 0;
    const bool invisible = (c == 0xC2 && c1 < 0xA0) ||
                           (c == 0xE2 && c1 == 0x80 && c2 >= 0xA8 && c2 <= 0xAE) ||
                           (c == 0xE2 && c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9);
    for (size_t k = 0; k < n; ++k) {
      if (invisible) hex(static_cast<unsigned char>(s[i + k]));
      else out += s[i + k];
    }
    i += n;
  }
  return out;
}

// Whether `s` is well-formed UTF-8 throughout.
inline bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

class Status {
 public:
  Status() = default;  // OK
  static Status Error(std::string stage, std::string message, std::string path = {}, int page = 0) {
    Status s;
    s.ok_ = false;
    s.stage_ = std::move(stage);
    s.message_ = std::move(message);
    s.path_ = std::move(path);
    s.page_ = page;
    return s;
  }
  bool ok() const { return ok_; }
  const std::string& stage() const { return stage_; }
  const std::string& message() const { return message_; }
  const std::string& path() const { return path_; }
  int page() const { return page_; }
  Status WithPath(std::string path) const {
    Status s = *this;
    s.path_ = std::move(path);
    return s;
  }
  // "protokoll: PATH: stage: reason" (page appended to the stage when known), on one line: the
  // path as EscapePath gives it.
  std::string ToString() const {
    if (ok_) return "ok";
    std::string out = "protokoll: ";
    if (!path_.empty()) out += EscapePath(path_) + ": ";
    out += stage_;
    if (page_ > 0) out += " (page " + std::to_string(page_) + ")";
    out += ": " + message_;
    return out;
  }

 private:
  bool ok_ = true;
  std::string stage_, message_, path_;
  int page_ = 0;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: must not be ok
  bool ok() const { return std::holds_alternative<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace protokoll

#endif  // PROTOKOLL_CATALOGUE_STATUS_H_
