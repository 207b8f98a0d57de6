#pragma once

#include <cstddef>

namespace convoy::apiserver {

/// Where secrets (tokens, keys, nonces) get their randomness. Injected, so
/// tests can use a seeded source and replay; production uses
/// openssl_random. Implementations shared between threads must be
/// thread-safe (openssl_random is).
class random_source {
public:
  virtual ~random_source() = default;

  /// Fills `out[0..n)` with unpredictable bytes. Throws std::runtime_error
  /// if no randomness is available: continuing with weak bytes would hand
  /// out guessable tokens or reuse a GCM nonce.
  virtual void fill(unsigned char* out, size_t n) = 0;
};

/// OpenSSL's CSPRNG (RAND_bytes).
class openssl_random final : public random_source {
public:
  void fill(unsigned char* out, size_t n) override;
};

} // namespace convoy::apiserver
