#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/apiserver/auth/crypto.hpp"
#include "api/config.pb.h"

namespace convoy::apiserver {

class random_source;

/// Where join credentials live, and what they are called (Kubernetes'
/// bootstrap-token names, plus convoy's node credential Secrets).
inline constexpr std::string_view join_secrets_namespace = "kube-system";
inline constexpr std::string_view bootstrap_token_type = "bootstrap.kubernetes.io/token";
inline constexpr std::string_view bootstrap_token_prefix = "bootstrap-token-";
inline constexpr std::string_view bootstrappers_group = "system:bootstrappers";
inline constexpr std::string_view node_credential_type = "convoy.io/node-credential";
inline constexpr std::string_view node_credential_prefix = "node-credential-";
inline constexpr std::string_view nodes_group = "system:nodes";

/// A Kubernetes bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}`: the id is
/// public (it names the Secret), the secret part is the credential.
struct bootstrap_token {
  std::string id;
  std::string secret;

  /// "ID.SECRET".
  std::string str() const { return id + "." + secret; }
};

/// The token in `text`, or nothing if it does not have the exact shape.
std::optional<bootstrap_token> parse_bootstrap_token(std::string_view text);

/// Whether `id` is a valid token id (`[a-z0-9]{6}`).
bool is_bootstrap_token_id(std::string_view id) noexcept;

/// A fresh token; every character uniformly from [a-z0-9] (rejection
/// sampling, so no character is likelier than another).
bootstrap_token generate_bootstrap_token(random_source& random);

/// "bootstrap-token-ID".
std::string bootstrap_token_secret_name(std::string_view id);

/// The Secret that makes `token` valid: type bootstrap.kubernetes.io/token,
/// data token-id, token-secret, usage-bootstrap-authentication=true, and
/// expiration (RFC 3339) / description when given.
api::Secret make_bootstrap_token_secret(const bootstrap_token& token,
                                        std::optional<int64_t> expires_unix_seconds,
                                        const std::string& description);

/// RFC 3339 UTC ("2024-05-01T12:00:00Z") of a Unix time, and back (any
/// offset); nothing if `text` is not RFC 3339.
std::string format_rfc3339(int64_t unix_seconds);
std::optional<int64_t> parse_rfc3339(std::string_view text);

/// "node-credential-NODE".
std::string node_credential_secret_name(std::string_view node_name);

/// The Secret that makes a node token valid: only the token's SHA-256
/// digest (hex, data key token-sha256) and the node name (node-name).
api::Secret make_node_credential_secret(std::string_view node_name, const crypto::digest& digest);

/// Lower-case hex of a digest, and back (nothing unless 64 hex digits).
std::string to_hex(const crypto::digest& d);
std::optional<crypto::digest> digest_from_hex(std::string_view hex);

} // namespace convoy::apiserver
