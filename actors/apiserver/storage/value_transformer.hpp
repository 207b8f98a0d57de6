#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::apiserver {

class random_source;

/// One key of the aesgcm provider. The secret is never logged or put in an
/// error message: only the name is.
struct aesgcm_key {
  std::string name;
  std::string secret; ///< 16, 24 or 32 raw bytes (AES-128/192/256)
};

/// What decrypt returns: the plain value, or an error naming the store key
/// (never both).
struct transform_result {
  std::optional<std::string> value;
  std::string error;

  explicit operator bool() const noexcept { return value.has_value(); }
};

/// Encryption of store values at rest, Kubernetes' aesgcm provider:
///   "k8s:enc:aesgcm:v1:" NAME ":" nonce(12 bytes) ciphertext tag(16 bytes)
/// with the store key as additional authenticated data, so a value copied
/// to another key (another Secret) fails to decrypt instead of leaking
/// there. Values without the prefix are read unchanged (the identity
/// provider): data written before encryption was switched on stays readable.
///
/// Rotation: every key decrypts, the first one encrypts. With
/// `encrypt_writes` false (identity listed first) writes stay plain while
/// encrypted values still read — the step before removing a key.
///
/// Immutable after construction; safe to share between threads as long as
/// the random source is (openssl_random is).
class value_transformer {
public:
  static constexpr std::string_view prefix = "k8s:enc:aesgcm:v1:";
  static constexpr size_t nonce_size = 12;
  static constexpr size_t tag_size = 16;

  /// Throws std::invalid_argument (naming the key, never its secret) for a
  /// key of the wrong size, an empty or ':'-containing or duplicate name, or
  /// no key while `encrypt_writes`. `random` (the nonces) must not be null.
  value_transformer(std::vector<aesgcm_key> keys, bool encrypt_writes,
                    std::shared_ptr<random_source> random);
  ~value_transformer();

  value_transformer(const value_transformer&) = delete;
  value_transformer& operator=(const value_transformer&) = delete;

  /// What to store under `store_key`: `plain` encrypted with the first key,
  /// or `plain` itself when writes are not encrypted. Throws
  /// std::runtime_error only if OpenSSL or the random source fails.
  std::string encrypt(std::string_view plain, std::string_view store_key) const;

  /// The plain value of what was stored under `store_key`; an error such as
  /// `decrypting /registry/secrets/ns/x: key "k2" is not configured`.
  transform_result decrypt(std::string_view stored, std::string_view store_key) const;

  bool encrypts_writes() const noexcept { return encrypt_writes_; }
  /// Names of the keys, the writing one first.
  std::vector<std::string> key_names() const;

private:
  struct cipher_key;
  const cipher_key* find(std::string_view name) const noexcept;

  std::vector<std::unique_ptr<cipher_key>> keys_;
  bool encrypt_writes_;
  std::shared_ptr<random_source> random_;
};

} // namespace convoy::apiserver
