#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

/// The few cryptographic primitives bearer tokens need, on OpenSSL.
namespace convoy::apiserver::crypto {

/// A SHA-256 digest.
using digest = std::array<unsigned char, 32>;

/// SHA-256 of `data`. Throws std::runtime_error if OpenSSL fails.
digest sha256(std::string_view data);

/// Hashes a digest for unordered containers (its first bytes: already
/// uniformly distributed).
struct digest_hash {
  size_t operator()(const digest& d) const noexcept;
};

/// Compares in time independent of where the digests differ.
bool equal_constant_time(const digest& a, const digest& b) noexcept;

/// RFC 4648 base64url without padding (tokens that survive URLs, headers
/// and CSV unquoted).
std::string base64url(std::string_view data);

/// The SHA-256 signature of `data` with private `key` (RSASSA-PKCS1-v1_5
/// for RSA, DER ECDSA for EC). Throws auth_config_error when OpenSSL fails
/// (e.g. a public key).
std::string sign_sha256(EVP_PKEY* key, std::string_view data);

/// Whether `signature` is `key`'s SHA-256 signature of `data`. Leaves no
/// error on the thread's OpenSSL queue (where TLS code would find it).
bool verify_sha256(EVP_PKEY* key, std::string_view data, std::string_view signature);

/// Decodes unpadded base64url; nullopt for padding, line breaks, the
/// standard alphabet's + and /, or anything else that is not base64url.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace convoy::apiserver::crypto

namespace convoy::apiserver {

class random_source;

/// `n` bytes from `random`.
std::string random_bytes(random_source& random, size_t n);

} // namespace convoy::apiserver
