// SHA-256 via OpenSSL's EVP interface, one-shot and streaming.
//
//   Sha256 h; h.update(chunk1); h.update(chunk2); std::string hex = h.hex_digest();
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "airlock/core/result.h"

namespace airlock {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view data);
  // Finishes the hash; the object must not be updated afterwards.
  std::string hex_digest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);
Result<std::string> sha256_file(const std::string& path);

}  // namespace airlock
