#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace convoy::apiserver {

/// An RSA key on OpenSSL, private (signs and verifies) or public (verifies
/// only): what signs service-account tokens (RS256, as Kubernetes'
/// --service-account-private-key-file) and what the apiserver checks them
/// with (--service-account-key-file). Immutable once made, so one key may
/// serve many threads. Errors throw auth_config_error naming the problem.
class rsa_key {
public:
  /// A fresh private key of `bits` bits (2048 is Kubernetes' choice).
  static rsa_key generate(int bits = 2048);

  /// Every key in PEM `text` (several blocks may follow each other; a
  /// private key also gives its public half, as Kubernetes reads
  /// --service-account-key-file). `source` names the text in errors.
  /// Throws when `text` holds no RSA key, or a block that does not parse.
  static std::vector<rsa_key> all_from_pem(std::string_view text, const std::string& source);

  /// The private key of PEM `text` (the first block). Throws when `text`
  /// holds no RSA private key.
  static rsa_key private_from_pem(std::string_view text, const std::string& source);

  /// PKCS#8 PEM of the private key (throws for a public key).
  std::string private_pem() const;

  bool has_private() const noexcept { return private_; }

  /// RSASSA-PKCS1-v1_5 with SHA-256 over `data` (JWS "RS256"). Throws for a
  /// public key or when OpenSSL fails.
  std::string sign_sha256(std::string_view data) const;

  /// Whether `signature` is this key's RS256 signature of `data`.
  bool verify_sha256(std::string_view data, std::string_view signature) const;

private:
  rsa_key(std::shared_ptr<EVP_PKEY> key, bool is_private)
      : key_(std::move(key))
      , private_(is_private) {}

  std::shared_ptr<EVP_PKEY> key_;
  bool private_ = false;
};

} // namespace convoy::apiserver
