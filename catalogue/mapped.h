// The lists file: what a long-running process reads of a catalogue to search it fast (the
// filter columns, catalogue/columns.h, and the common words' match lists, catalogue/postings.h),
// written beside the catalogue (`CATALOGUE.lists`) for one state of it, so that a process that
// starts — the command line's `search`, or `serve` restarted — maps it instead of reading it
// all again from SQLite (at 5M items: the columns 2 s, the lists 25 s; a mapping costs nothing
// until a search touches its pages, and the page cache is shared by every process).
//
// The file is native binary (this build's layout: the header names it, and any other file is
// not used); arrays are 8-byte aligned and used in place. It belongs to one catalogue (its
// `meta.id`) at one state (`meta.seq`): at any other it is ignored and the catalogue searched
// as without it. A file that is cut short or whose sections do not add up is ignored too; the
// indices it holds are checked where they are used, so that a damaged file gives wrong answers
// at worst, never a crash. It is written to a temporary name and renamed over the old one: a
// process that has the old one mapped keeps reading it.
#ifndef PROTOKOLL_CATALOGUE_MAPPED_H_
#define PROTOKOLL_CATALOGUE_MAPPED_H_

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "catalogue/status.h"

namespace protokoll::catalogue {

// An array searches read: the copy's own vector, or a part of a mapped file. Writers fill
// `own` and Publish it; readers go through the view.
template <class T>
struct Array {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<T> own;
  const T* p = nullptr;
  size_t n = 0;

  void Publish() {
    p = own.data();
    n = own.size();
  }
  // Makes the view the copy's own (a mapped part copied), so that it can be changed.
  std::vector<T>& Own() {
    if (p != own.data() || n != own.size()) own.assign(p, p + n);
    Publish();
    return own;
  }
  bool mapped() const { return n > 0 && p != own.data(); }
  const T& operator[](size_t i) const { return p[i]; }
  size_t size() const { return n; }
  bool empty() const { return n == 0; }
  const T* begin() const { return p; }
  const T* end() const { return p + n; }
  const T* data() const { return p; }
  const T& back() const { return p[n - 1]; }
  const T& front() const { return p[0]; }
  size_t Bytes() const { return own.capacity() * sizeof(T); }
};

// A file mapped read-only, whole.
class MappedFile {
 public:
  static Result<std::shared_ptr<const MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Writes the sections of a lists file in order, each aligned to 8 bytes.
class ListsWriter {
 public:
  explicit ListsWriter(std::FILE* f) : f_(f) {}
  void Raw(const void* p, size_t n);
  template <class T>
  void Value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Raw(&v, sizeof v);
  }
  template <class T>
  void Values(const T* p, size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    Value(static_cast<uint64_t>(n));
    Raw(p, n * sizeof(T));
  }
  template <class T>
  void Values(const std::vector<T>& v) { Values(v.data(), v.size()); }
  template <class T>
  void Values(const Array<T>& v) { Values(v.data(), v.size()); }
  void String(const std::string& s) { Values(s.data(), s.size()); }
  void Strings(const std::vector<std::string>& v) {
    Value(static_cast<uint64_t>(v.size()));
    for (const std::string& s : v) String(s);
  }
  bool ok() const { return ok_; }
  uint64_t written() const { return at_; }

 private:
  std::FILE* f_;
  uint64_t at_ = 0;
  bool ok_ = true;
};

// Reads them back from a mapping, every length checked against what is left.
class ListsReader {
 public:
  ListsReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  template <class T>
  bool Value(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const uint8_t* at = Take(sizeof(T));
    if (!at) return false;
    std::memcpy(v, at, sizeof(T));
    return true;
  }
  // An array in place (the mapping must outlive its use).
  template <class T>
  bool Values(Array<T>* out) {
    uint64_t n = 0;
    if (!Value(&n) || n > (n_ - at_) / sizeof(T)) return ok_ = false;
    const uint8_t* at = Take(n * sizeof(T));
    if (!at) return false;
    out->own.clear();
    out->p = reinterpret_cast<const T*>(at);
    out->n = n;
    return true;
  }
  template <class T>
  bool Copy(std::vector<T>* out) {
    Array<T> a;
    if (!Values(&a)) return false;
    out->assign(a.begin(), a.end());
    return true;
  }
  bool String(std::string* s) {
    Array<char> a;
    if (!Values(&a)) return false;
    s->assign(a.begin(), a.end());
    return true;
  }
  bool Strings(std::vector<std::string>* v) {
    uint64_t n = 0;
    if (!Value(&n) || n > n_ - at_) return ok_ = false;
    v->resize(n);
    for (std::string& s : *v)
      if (!String(&s)) return false;
    return true;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == n_; }

 private:
  const uint8_t* Take(size_t bytes);
  const uint8_t* p_;
  size_t n_, at_ = 0;
  bool ok_ = true;
};

// The one copy of T a process keeps for the catalogue file at `path` (its connections share it),
// made empty on first call; paths are compared as the file they name.
template <class T>
std::shared_ptr<T> OnePerFile(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<T>> copies;
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) key = path;
  std::lock_guard<std::mutex> lock(mu);
  auto& c = copies[key];
  if (!c) c = std::make_shared<T>();
  return c;
}

// The file's name beside the catalogue.
inline std::string ListsFilePath(const std::string& catalogue) { return catalogue + ".lists"; }

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_MAPPED_H_
