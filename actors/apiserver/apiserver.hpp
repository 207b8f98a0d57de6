#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "actors/apiserver/rbac/rbac_rules.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/store/store_actor.hpp"

namespace convoy {

/// How to run one apiserver.
struct apiserver_config {
  /// The store (a store client, or a replica in this process).
  store_actor store;
  std::string node_name;
  /// Who a bearer token is (static tokens, service-account tokens, join
  /// tokens); nothing: unauthenticated (401).
  std::function<std::optional<apiserver::user_info>(const std::string& token)> authenticate;
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
};

/// Spawns an apiserver: the only component that talks to the store.
apiserver_actor spawn_apiserver(caf::actor_system& sys, apiserver_config cfg);

} // namespace convoy
