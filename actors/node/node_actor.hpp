#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "caf/fwd.hpp"

#include "messages/node/node_actor.hpp"
#include "net/address/host_port.hpp"

namespace convoy {

/// What a node actor needs to know about its node.
struct node_actor_config {
  std::string name;
  std::vector<std::string> roles;
  /// The address the node actor is published on (reported, not bound here).
  std::string listen;
  /// Peers to join: the node connects, asks their NodeInfo, monitors them and
  /// reconnects with back-off when they go away.
  std::vector<net::host_port> join;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds reconnect_initial{500};
  std::chrono::milliseconds reconnect_max{30000};
  /// Seeds the node's jitter generator (reconnect back-off).
  uint64_t seed = 1;
};

/// Spawns the actor every `convoy node` publishes: it answers NodeInfo
/// requests (name, roles, version, uptime, hosted actors, peers) and keeps
/// links to the nodes it joined.
node_actor spawn_node_actor(caf::actor_system& sys, node_actor_config cfg);

} // namespace convoy
