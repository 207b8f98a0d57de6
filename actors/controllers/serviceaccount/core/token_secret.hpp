#pragma once

// Kubernetes' legacy TokensController (pkg/controller/serviceaccount
// tokens_controller.go): each ServiceAccount references a Secret of type
// kubernetes.io/service-account-token holding a bearer token for it.
// Randomness and the token's signature are parameters so tests (and
// replays) are deterministic.

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "actors/apiserver/auth/service_account_token.hpp"
#include "api/config.pb.h"

namespace convoy::controllers::serviceaccount {

/// Kubernetes' IsServiceAccountToken: `secret` is a token Secret whose
/// annotations name `sa` (and its uid, when the annotation has one; a token
/// of a deleted and recreated account of the same name is not its token).
bool is_token_for(const api::Secret& secret, const api::ServiceAccount& sa);

/// Makes the token of the claims (the shell: sign_service_account_token
/// with the --service-account-private-key-file key).
using token_signer = std::function<std::string(const apiserver::service_account_claims&)>;

/// The token Secret to create for `sa`, or nullopt when `sa` already
/// references a token Secret of its own among `secrets_in_namespace`, or is
/// being deleted. The Secret is named "<sa>-token-<5 chars>" (Kubernetes'
/// generateName alphabet, avoiding names taken in the namespace), annotated
/// with the account's name and uid, and holds `token` (what `sign` makes of
/// the account and the Secret's name) and `namespace`. The shell creates it,
/// then writes with_token_reference(sa, name).
std::optional<api::Secret>
missing_token(const api::ServiceAccount& sa,
              const std::vector<const api::Secret*>& secrets_in_namespace, std::mt19937_64& rng,
              const token_signer& sign);

/// `sa` with `secret_name` appended to `secrets` (unchanged if present).
api::ServiceAccount with_token_reference(const api::ServiceAccount& sa,
                                         const std::string& secret_name);

/// Five characters of Kubernetes' name-suffix alphabet (no vowels, no
/// look-alike digits, so generated names never spell words).
std::string random_name_suffix(std::mt19937_64& rng);

} // namespace convoy::controllers::serviceaccount
