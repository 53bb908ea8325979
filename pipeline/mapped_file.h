// A file's bytes mapped read-only into memory (mmap, MAP_PRIVATE): its pages come from the OS
// cache when touched and are never copied into the process's own memory, so a 2 GB file costs
// no 2 GB of it. Touched pages count as resident until handed back: Release() drops them (they
// are read again if touched), so reading a file from start to end keeps memory bounded.
//
// Movable, not copyable; the bytes stay valid until the object is destroyed, and may be read
// from many threads at once (Release included: a page dropped under another reader is read
// again for it). A file shortened by another process while it is mapped makes a read past its
// new end raise SIGBUS: ingest reads files an archive keeps, not files being written.
#ifndef PROTOKOLL_PIPELINE_MAPPED_FILE_H_
#define PROTOKOLL_PIPELINE_MAPPED_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "catalogue/status.h"

namespace protokoll::pipeline {

class MappedFile {
 public:
  // Maps the regular file at `path` (raw bytes: any name the system takes). Failures are
  // Status stage "read": no such file, not a regular file, permission, the mapping refused.
  static Result<MappedFile> Open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }
  size_t size() const { return size_; }
  // Hands back the resident pages that lie wholly inside bytes [begin, end).
  void Release(size_t begin, size_t end) const;
  void ReleaseAll() const { Release(0, size_); }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_MAPPED_FILE_H_
