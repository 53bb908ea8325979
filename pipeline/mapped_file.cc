#include "pipeline/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace protokoll::pipeline {

Result<MappedFile> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Status::Error("read", std::strerror(errno), path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return Status::Error("read", std::strerror(e), path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error("read", "not a regular file", path);
  }
  MappedFile f;
  f.size_ = static_cast<size_t>(st.st_size);
  if (f.size_ > 0) {
    void* p = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return Status::Error("read", std::string("cannot map the file: ") + std::strerror(e), path);
    }
    f.data_ = static_cast<const char*>(p);
  }
  ::close(fd);  // the mapping keeps the file
  return f;
}

MappedFile::MappedFile(MappedFile&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::Release(size_t begin, size_t end) const {
  if (!data_) return;
  end = std::min(end, size_);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t b = (begin + page - 1) / page * page;
  // The mapping's last page is whole to the kernel however short the file's tail.
  const size_t e = end == size_ ? (size_ + page - 1) / page * page : end / page * page;
  // A private mapping that was never written: dropped pages are read from the file again.
  if (e > b) ::madvise(const_cast<char*>(data_) + b, e - b, MADV_DONTNEED);
}

}  // namespace protokoll::pipeline
