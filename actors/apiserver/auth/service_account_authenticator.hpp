#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/apiserver/auth/authenticated_user.hpp"
#include "actors/apiserver/auth/crypto.hpp"
#include "actors/apiserver/auth/rsa_key.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"
#include "api/config.pb.h"

namespace convoy::apiserver {

/// Where the authenticator finds the Secret and the ServiceAccount a token
/// names (the apiserver's watch caches): nullptr when they do not exist.
struct service_account_lookup {
  std::function<std::shared_ptr<const api::Secret>(const std::string& ns, const std::string& name)>
    secret;
  std::function<std::shared_ptr<const api::ServiceAccount>(const std::string& ns,
                                                           const std::string& name)>
    account;
};

/// Kubernetes' legacy service-account token authenticator
/// (--service-account-key-file with --service-account-lookup, the
/// default): a token is valid while its signature verifies with one of the
/// keys AND the Secret it names still holds exactly this token AND the
/// account it names still exists with the same uid, so deleting either
/// revokes it at once. The user is system:serviceaccount:NS:NAME in groups
/// system:serviceaccounts and system:serviceaccounts:NS.
///
/// A verified signature is remembered (the token's SHA-256 -> its claims,
/// bounded), so a pod's further requests cost a hash and the two lookups,
/// not an RSA verification; the lookups still run every time, so
/// revocation stays immediate. Not thread-safe: one actor (the apiserver)
/// uses it.
class service_account_authenticator {
public:
  /// Throws auth_config_error when `keys` is empty.
  explicit service_account_authenticator(std::vector<rsa_key> keys);

  /// Who `token` is, or why not (never the token itself, for the log).
  struct result {
    std::optional<authenticated_user> user;
    std::string why;
  };
  result authenticate(std::string_view token, const service_account_lookup& lookup);

  /// Signatures remembered (bounded by max_remembered).
  size_t remembered() const noexcept { return verified_.size(); }
  static constexpr size_t max_remembered = 4096;

private:
  std::vector<rsa_key> keys_;
  std::unordered_map<crypto::digest, service_account_claims, crypto::digest_hash> verified_;
};

} // namespace convoy::apiserver
