#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/auth/rsa_key.hpp"

namespace convoy::apiserver {

/// The issuer of Kubernetes' legacy (Secret-based) service-account tokens.
inline constexpr std::string_view service_account_issuer = "kubernetes/serviceaccount";
/// The Secret that holds such a token: its type, and the annotations that
/// name the account (the token controller writes them, the apiserver checks
/// them).
inline constexpr const char* service_account_token_type = "kubernetes.io/service-account-token";
inline constexpr const char* service_account_name_annotation = "kubernetes.io/service-account.name";
inline constexpr const char* service_account_uid_annotation = "kubernetes.io/service-account.uid";

/// What a legacy service-account token says (Kubernetes'
/// pkg/serviceaccount/legacy.go claims): the account, its uid when the token
/// was made, and the Secret that holds the token.
struct service_account_claims {
  std::string namespace_;
  std::string secret_name;
  std::string account_name;
  std::string account_uid;

  /// "system:serviceaccount:NS:NAME", the JWT's sub and the RBAC user.
  std::string subject() const;
};

/// A signed token: a JWT (RFC 7519) with header {"alg":"RS256","typ":"JWT"},
/// the claims above plus iss and sub, signed by `key` (a private key).
std::string sign_service_account_token(const rsa_key& key, const service_account_claims& claims);

/// Whether `token` is shaped like a JWT (three base64url parts, the first
/// a JSON object), so other authenticators' tokens are never parsed as one.
bool looks_like_jwt(std::string_view token) noexcept;

/// The claims of `token`, or why it is refused, checked against `keys`
/// (the token is valid when any key verifies it, so keys can rotate).
/// Refused: anything but RS256 (no "none", no HMAC with a public key as
/// secret), a signature no key verifies, another issuer, a missing claim or
/// a sub that does not match the claims. Never includes the token in `why`.
struct verified_token {
  std::optional<service_account_claims> claims;
  std::string why;
};
verified_token verify_service_account_token(std::string_view token,
                                            const std::vector<rsa_key>& keys);

} // namespace convoy::apiserver
