#include "catalogue/mapped.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace protokoll::catalogue {

Result<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error("lists", std::strerror(errno), path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    return Status::Error("lists", "empty or unreadable", path);
  }
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (p == MAP_FAILED) return Status::Error("lists", std::strerror(errno), path);
  std::shared_ptr<MappedFile> m(new MappedFile());
  m->data_ = static_cast<const uint8_t*>(p);
  m->size_ = static_cast<size_t>(st.st_size);
  return std::shared_ptr<const MappedFile>(std::move(m));
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

void ListsWriter::Raw(const void* p, size_t n) {
  static const uint8_t kZeros[8] = {};
  if (n > 0 && std::fwrite(p, 1, n, f_) != n) ok_ = false;
  at_ += n;
  const size_t pad = (8 - at_ % 8) % 8;
  if (pad > 0 && std::fwrite(kZeros, 1, pad, f_) != pad) ok_ = false;
  at_ += pad;
}

const uint8_t* ListsReader::Take(size_t bytes) {
  const size_t padded = bytes + (8 - bytes % 8) % 8;
  if (!ok_ || bytes > n_ - at_ || padded > n_ - at_) {
    ok_ = false;
    return nullptr;
  }
  const uint8_t* at = p_ + at_;
  at_ += padded;
  return at;
}

}  // namespace protokoll::catalogue
