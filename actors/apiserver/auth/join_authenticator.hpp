#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "actors/apiserver/auth/authenticated_user.hpp"
#include "actors/apiserver/auth/crypto.hpp"
#include "api/config.pb.h"

namespace convoy::apiserver {

/// Authenticates the credentials of joining workers from the Secrets in
/// kube-system (fed by the apiserver's watch of them), so a request never
/// reads the store or scans all Secrets:
///
/// - a bootstrap token ID.SECRET (Secret bootstrap-token-ID of type
///   bootstrap.kubernetes.io/token with usage-bootstrap-authentication=true,
///   not expired) as system:bootstrap:ID in system:bootstrappers;
/// - a node credential (Secret node-credential-NODE of type
///   convoy.io/node-credential holding the SHA-256 of the token) as
///   system:node:NODE in system:nodes, so RBAC and NodeRestriction treat it
///   exactly like a static kubelet token.
///
/// Secrets are compared as SHA-256 digests in constant time; node tokens
/// are found by their digest's prefix (see token_authenticator). Pure: the
/// time is a parameter.
class join_authenticator {
public:
  /// Indexes `secret` if it is a join credential in kube-system; a Secret
  /// of that name that no longer qualifies (wrong type, malformed data)
  /// is forgotten, so it stops authenticating at once.
  void upsert(const api::Secret& secret);

  /// The Secret `ns/name` was deleted: its credential is revoked.
  void remove(std::string_view ns, std::string_view name);

  /// Adds a node credential directly (the apiserver that minted it, before
  /// its own watch reports the Secret).
  void add_node(const std::string& node_name, const crypto::digest& digest);

  /// Who `token` is at `now_unix_seconds`, or nothing.
  std::optional<authenticated_user> authenticate(std::string_view token,
                                                 int64_t now_unix_seconds) const;

  size_t bootstrap_tokens() const noexcept { return tokens_.size(); }
  size_t node_credentials() const noexcept { return nodes_.size(); }

private:
  struct token_entry {
    crypto::digest secret;
    std::optional<int64_t> expires;
  };

  void upsert_bootstrap(const api::Secret& secret, std::string_view id);
  void upsert_node(const api::Secret& secret, std::string_view node);
  void remove_node(const std::string& node);
  std::optional<authenticated_user> authenticate_node(std::string_view token) const;

  static uint64_t prefix_of(const crypto::digest& d) noexcept;

  /// Bootstrap tokens by id.
  std::unordered_map<std::string, token_entry> tokens_;
  /// Node credential digests by node name, and node names by digest prefix.
  std::unordered_map<std::string, crypto::digest> nodes_;
  std::unordered_multimap<uint64_t, std::string> by_prefix_;
};

} // namespace convoy::apiserver
