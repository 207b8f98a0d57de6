#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "actors/apiserver/auth/client_certificate.hpp"
#include "actors/apiserver/auth/service_account_authenticator.hpp"
#include "actors/apiserver/rbac/rbac_rules.hpp"
#include "actors/apiserver/storage/value_transformer.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/store/store_actor.hpp"

namespace convoy {

/// How to run one apiserver.
struct apiserver_config {
  /// The store (a store client, or a replica in this process).
  store_actor store;
  std::string node_name;
  /// Who a bearer token is (static tokens); nothing: ask the others
  /// (service-account tokens, join credentials), then unauthenticated (401).
  std::function<std::optional<apiserver::user_info>(const std::string& token)> authenticate;
  /// Verifies service-account tokens (--service-account-key-file) against
  /// the Secrets and ServiceAccounts in the watch caches. Null: such tokens
  /// do not authenticate. Used by this one apiserver only (it remembers
  /// verified signatures).
  std::shared_ptr<apiserver::service_account_authenticator> service_accounts;
  /// Verifies client certificate credentials against the client CA
  /// (--client-ca-file). Null: they do not authenticate. Used by this one
  /// apiserver only (it remembers verified credentials).
  std::shared_ptr<apiserver::certificate_authenticator> client_certificates;
  /// Range ClusterIPs come from (the proxy makes them real loopback
  /// addresses) and the NodePort range.
  std::string service_cidr = "127.96.0.0/16";
  int node_port_min = 30000;
  int node_port_max = 32767;
  /// Default toleration of not-ready / unreachable nodes added to pods.
  int64_t not_ready_toleration_seconds = 300;
  int64_t unreachable_toleration_seconds = 300;
  std::chrono::milliseconds store_timeout{10000};
  /// How often watches that allow them get a BOOKMARK.
  std::chrono::milliseconds bookmark_interval{60000};
  uint64_t seed = 1;
  /// The random part of a generated name (metadata.generateName + this).
  /// Null: 5 characters drawn from `seed`'s generator, as Kubernetes does.
  /// Tests pin it to make generated names collide.
  std::function<std::string()> name_suffix;
  /// Encrypts Secrets at rest (--encryption-provider-config): applied to
  /// every value under the secrets store prefix on its way to and from the
  /// store. Null: Secrets are stored as they are.
  std::shared_ptr<const apiserver::value_transformer> secrets_transformer;
  /// Audit log (Kubernetes audit.k8s.io/v1 events, level Metadata, one JSON
  /// line each). Empty: no audit log. Its directory must exist.
  std::string audit_log_path;
  /// "writes": all but successful reads (and admin access reviews); "all":
  /// every request (see audit_policy in audit/audit_event.hpp).
  std::string audit_policy = "writes";
  /// The file is renamed to PATH.1 once it would grow past this.
  uint64_t audit_log_max_bytes = 100ull << 20;
};

/// Spawns an apiserver: the only component that talks to the store.
apiserver_actor spawn_apiserver(caf::actor_system& sys, apiserver_config cfg);

} // namespace convoy
