#pragma once

// Kubernetes' legacy TokensController (pkg/controller/serviceaccount
// tokens_controller.go): each ServiceAccount references a Secret of type
// kubernetes.io/service-account-token holding a bearer token for it.
// Randomness is a parameter so tests (and replays) are deterministic.

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "api/config.pb.h"

namespace convoy::controllers::serviceaccount {

inline constexpr const char* token_secret_type = "kubernetes.io/service-account-token";
inline constexpr const char* account_name_annotation = "kubernetes.io/service-account.name";
inline constexpr const char* account_uid_annotation = "kubernetes.io/service-account.uid";

/// Kubernetes' IsServiceAccountToken: `secret` is a token Secret whose
/// annotations name `sa` (and its uid, when the annotation has one; a token
/// of a deleted and recreated account of the same name is not its token).
bool is_token_for(const api::Secret& secret, const api::ServiceAccount& sa);

/// The token Secret to create for `sa`, or nullopt when `sa` already
/// references a token Secret of its own among `secrets_in_namespace`, or is
/// being deleted. The Secret is named "<sa>-token-<5 chars>" (Kubernetes'
/// generateName alphabet, avoiding names taken in the namespace), annotated
/// with the account's name and uid, and holds `token` (32 random bytes,
/// unpadded base64url: 43 characters) and `namespace`. The shell creates
/// it, then writes with_token_reference(sa, name).
std::optional<api::Secret>
missing_token(const api::ServiceAccount& sa,
              const std::vector<const api::Secret*>& secrets_in_namespace, std::mt19937_64& rng);

/// `sa` with `secret_name` appended to `secrets` (unchanged if present).
api::ServiceAccount with_token_reference(const api::ServiceAccount& sa,
                                         const std::string& secret_name);

/// Five characters of Kubernetes' name-suffix alphabet (no vowels, no
/// look-alike digits, so generated names never spell words).
std::string random_name_suffix(std::mt19937_64& rng);

/// RFC 4648 base64url without padding (JWT style: safe in headers and URLs).
std::string base64url_encode(const std::string& in);

/// `bytes` random bytes as unpadded base64url.
std::string random_token(std::mt19937_64& rng, std::size_t bytes = 32);

} // namespace convoy::controllers::serviceaccount
