// SHA-256 of bytes, as 64 lower-case hex digits (OpenSSL libcrypto). Thread-safe.
#ifndef PROTOKOLL_PIPELINE_SHA256_H_
#define PROTOKOLL_PIPELINE_SHA256_H_

#include <string>
#include <string_view>

namespace protokoll::pipeline {
std::string Sha256Hex(std::string_view bytes);
}

#endif  // PROTOKOLL_PIPELINE_SHA256_H_
