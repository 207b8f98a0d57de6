#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/apiserver/auth/authenticated_user.hpp"
#include "actors/apiserver/auth/crypto.hpp"
#include "actors/apiserver/auth/static_token_file.hpp"

namespace convoy::apiserver {

/// Kubernetes' static token authenticator (--token-auth-file): a bearer
/// token from the file authenticates as that line's user, uid and groups,
/// plus system:authenticated.
///
/// No timing leak: tokens are never compared directly. Each is stored as
/// its SHA-256 digest, indexed by the digest's first 8 bytes; a lookup
/// hashes the presented token, finds the candidates with the same prefix
/// and compares full digests with CRYPTO_memcmp. What timing can reveal is
/// a prefix of SHA-256(token), which tells an attacker nothing about any
/// stored token; the cost is one hash and O(1) probes, whatever the number
/// of users and nodes (a linear constant-time scan would be O(n) per
/// request). The tokens themselves are not kept in memory.
///
/// Immutable after construction, so one instance may serve many threads.
class token_authenticator {
public:
  /// Throws auth_config_error for a duplicate or empty token.
  explicit token_authenticator(const std::vector<static_token>& tokens);

  /// Loads a token file (see parse_token_file for format and errors).
  static token_authenticator from_file(const std::string& path);

  /// The user `token` authenticates as, or nullptr. The pointer stays valid
  /// as long as this authenticator.
  const authenticated_user* authenticate(std::string_view token) const;

  size_t size() const noexcept { return count_; }

private:
  struct entry {
    crypto::digest digest;
    authenticated_user user;
  };

  static uint64_t prefix_of(const crypto::digest& d) noexcept;

  std::unordered_map<uint64_t, std::vector<entry>> by_prefix_;
  size_t count_ = 0;
};

} // namespace convoy::apiserver
