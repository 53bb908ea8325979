#include "catalogue/lexicon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace protokoll::catalogue {
namespace {

// Layout (little-endian, as this machine writes it; a file from another layout fails the
// checks and is made again): "PKLEX" 0x01 0x00 0x00, then per table (stems, nouns, ends,
// begins) its capacity and the byte offset of its slots, then the slots, then the strings
// (a 16-bit length and the bytes each).
constexpr char kMagic[8] = {'P', 'K', 'L', 'E', 'X', 1, 0, 0};
constexpr uint32_t kEmpty = ~0u;
constexpr size_t kHeader = sizeof(kMagic) + 4 * 2 * sizeof(uint32_t);

uint32_t Hash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::string FlatLexicon::Build(const LexiconSets& sets) {
  // The strings, each once.
  std::string pool;
  std::unordered_map<std::string_view, uint32_t> at;
  std::vector<std::string> owned;  // (views into `pool` would move as it grows)
  auto intern = [&](std::string_view s) -> uint32_t {
    if (auto it = at.find(s); it != at.end()) return it->second;
    const uint32_t offset = static_cast<uint32_t>(pool.size());
    const uint16_t n = static_cast<uint16_t>(std::min<size_t>(s.size(), UINT16_MAX));
    pool.append(reinterpret_cast<const char*>(&n), sizeof n);
    pool.append(s.data(), n);
    at.emplace(s, offset);
    return offset;
  };
  struct Made {
    std::vector<uint32_t> slots;
    uint32_t capacity = 0;
  };
  auto table = [&](size_t n, uint32_t width) {
    Made m;
    m.capacity = 16;
    while (m.capacity < n * 2) m.capacity *= 2;  // at most half full
    m.slots.assign(static_cast<size_t>(m.capacity) * width, kEmpty);
    return m;
  };
  // Strings are placed after the slots, so their offsets are known only at the end: the slots
  // hold pool offsets first and are shifted then.
  auto insert = [&](Made& m, uint32_t width, std::string_view key, std::string_view value,
                    const std::function<std::string_view(uint32_t)>& key_at) {
    const uint32_t mask = m.capacity - 1;
    for (uint32_t h = Hash(key) & mask;; h = (h + 1) & mask) {
      uint32_t& slot = m.slots[static_cast<size_t>(h) * width];
      if (slot == kEmpty) {
        slot = intern(key);
        if (width == 2) m.slots[static_cast<size_t>(h) * 2 + 1] = intern(value);
        return;
      }
      if (key_at(slot) == key) return;  // already there: the first counts
    }
  };
  auto key_at = [&](uint32_t offset) {
    uint16_t n;
    std::memcpy(&n, pool.data() + offset, sizeof n);
    return std::string_view(pool.data() + offset + sizeof n, n);
  };
  Made made[4] = {table(sets.stems.size(), 1), table(sets.nouns.size(), 1), table(sets.ends.size(), 1),
                  table(sets.begins.size(), 2)};
  for (auto w : sets.stems) insert(made[0], 1, w, {}, key_at);
  for (auto w : sets.nouns) insert(made[1], 1, w, {}, key_at);
  for (auto w : sets.ends) insert(made[2], 1, w, {}, key_at);
  for (const auto& [k, v] : sets.begins) insert(made[3], 2, k, v, key_at);
  std::string out(kMagic, sizeof kMagic);
  out.resize(kHeader);
  size_t offset = kHeader;
  for (int t = 0; t < 4; ++t) {
    const uint32_t cap = made[t].capacity, where = static_cast<uint32_t>(offset);
    std::memcpy(&out[sizeof kMagic + t * 8], &cap, 4);
    std::memcpy(&out[sizeof kMagic + t * 8 + 4], &where, 4);
    offset += made[t].slots.size() * sizeof(uint32_t);
  }
  const uint32_t pool_start = static_cast<uint32_t>(offset);
  for (Made& m : made) {
    for (uint32_t& s : m.slots)
      if (s != kEmpty) s += pool_start;
    out.append(reinterpret_cast<const char*>(m.slots.data()), m.slots.size() * sizeof(uint32_t));
  }
  out += pool;
  return out;
}

std::optional<FlatLexicon> FlatLexicon::Open(std::string_view bytes) {
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  if (reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint32_t) != 0) return std::nullopt;
  FlatLexicon f;
  f.bytes_ = bytes;
  for (int t = 0; t < 4; ++t) {
    const uint32_t cap = Load32(bytes.data() + sizeof kMagic + t * 8);
    const uint32_t where = Load32(bytes.data() + sizeof kMagic + t * 8 + 4);
    const uint32_t width = t == 3 ? 2 : 1;
    if (cap == 0 || (cap & (cap - 1)) != 0 || where % 4 != 0 ||
        where + static_cast<uint64_t>(cap) * width * 4 > bytes.size())
      return std::nullopt;
    Table& table = f.tables_[t];
    table.slots = reinterpret_cast<const uint32_t*>(bytes.data() + where);
    table.mask = cap - 1;
    table.width = width;
    // Every string a slot names lies inside the bytes.
    for (uint64_t k = 0; k < static_cast<uint64_t>(cap) * width; ++k) {
      const uint32_t s = table.slots[k];
      if (s == kEmpty) continue;
      if (s + uint64_t{2} > bytes.size()) return std::nullopt;
      uint16_t n;
      std::memcpy(&n, bytes.data() + s, sizeof n);
      if (s + uint64_t{2} + n > bytes.size()) return std::nullopt;
    }
  }
  return f;
}

std::string_view FlatLexicon::StringAt(uint32_t offset) const {
  uint16_t n;
  std::memcpy(&n, bytes_.data() + offset, sizeof n);
  return bytes_.substr(offset + sizeof n, n);
}

const uint32_t* FlatLexicon::Find(const Table& t, std::string_view w) const {
  for (uint32_t h = Hash(w) & t.mask;; h = (h + 1) & t.mask) {
    const uint32_t* slot = t.slots + static_cast<size_t>(h) * t.width;
    if (*slot == kEmpty) return nullptr;  // at most half full: an empty slot always comes
    if (StringAt(*slot) == w) return slot;
  }
}

std::optional<std::string_view> FlatLexicon::Begin(std::string_view w) const {
  const uint32_t* slot = Find(tables_[3], w);
  if (!slot) return std::nullopt;
  return StringAt(slot[1]);
}

const FlatLexicon& CachedLexicon(const std::string& dic_path, const std::function<std::string()>& make) {
  static std::mutex mu;
  static std::unique_ptr<FlatLexicon> lexicon;  // shared, read-only, until the process ends
  std::lock_guard<std::mutex> lock(mu);
  if (lexicon) return *lexicon;
  namespace fs = std::filesystem;
  std::string cache;
  struct stat st {};
  if (::stat(dic_path.c_str(), &st) == 0) {
    fs::path dir;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = fs::path(x) / "protokoll";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = fs::path(h) / ".cache" / "protokoll";
    if (!dir.empty())
      cache = (dir / ("lexicon-1-" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
                      std::to_string(st.st_mtim.tv_nsec) + ".bin"))
                  .string();
  }
  // Mapped for the rest of the process (never unmapped, like the lexicon it replaces).
  if (!cache.empty()) {
    int fd = ::open(cache.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat cst {};
    if (fd >= 0 && ::fstat(fd, &cst) == 0 && cst.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(cst.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        if (auto f = FlatLexicon::Open(std::string_view(static_cast<const char*>(p), static_cast<size_t>(cst.st_size)))) {
          ::close(fd);
          lexicon = std::make_unique<FlatLexicon>(*f);
          return *lexicon;
        }
        ::munmap(p, static_cast<size_t>(cst.st_size));
      }
    }
    if (fd >= 0) ::close(fd);
  }
  static std::string bytes;  // made here: kept for the process
  bytes = make();
  if (!cache.empty()) {
    std::error_code ec;
    fs::create_directories(fs::path(cache).parent_path(), ec);
    std::string tmp = cache + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) ec = std::make_error_code(std::errc::io_error);
    }
    if (!ec) fs::rename(tmp, cache, ec);  // another process may write the same bytes meanwhile
    if (ec) fs::remove(tmp, ec);
  }
  lexicon = std::make_unique<FlatLexicon>(FlatLexicon::Open(bytes).value());  // just built: whole
  return *lexicon;
}

}  // namespace protokoll::catalogue
