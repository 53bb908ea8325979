// SHA-256 of bytes, as 64 lower-case hex digits (OpenSSL libcrypto). Thread-safe.
#ifndef PROTOKOLL_PIPELINE_SHA256_H_
#define PROTOKOLL_PIPELINE_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace protokoll::pipeline {

std::string Sha256Hex(std::string_view bytes);

// The same, fed piece by piece (a file streamed through, never held whole). One object per
// thread; Hex() ends it.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string Hex();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace protokoll::pipeline

#endif  // PROTOKOLL_PIPELINE_SHA256_H_
