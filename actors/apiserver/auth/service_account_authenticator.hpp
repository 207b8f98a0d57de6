#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/auth/authenticated_user.hpp"
#include "actors/apiserver/auth/rsa_key.hpp"
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
/// system:serviceaccounts and system:serviceaccounts:NS. Immutable: one
/// instance may serve many threads.
class service_account_authenticator {
public:
  /// Throws auth_config_error when `keys` is empty.
  explicit service_account_authenticator(std::vector<rsa_key> keys);

  /// Who `token` is, or why not (never the token itself, for the log).
  struct result {
    std::optional<authenticated_user> user;
    std::string why;
  };
  result authenticate(std::string_view token, const service_account_lookup& lookup) const;

private:
  std::vector<rsa_key> keys_;
};

} // namespace convoy::apiserver
