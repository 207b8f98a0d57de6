#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "caf/fwd.hpp"

#include "messages/store/store_actor.hpp"
#include "net/address/host_port.hpp"

namespace convoy {

/// Where the store replicas are.
struct store_client_config {
  /// Nodes hosting store replicas (their node actors are asked for "store").
  std::vector<net::host_port> endpoints;
  /// Replicas in this process (convoy up), used without the network.
  std::vector<store_actor> local;
  /// Each request's deadline, retries included.
  std::chrono::milliseconds request_timeout{5000};
  std::string node_name;
};

/// Spawns the client-side store actor. It speaks store_actor itself, so
/// components use it like a replica, and it hides which replica answers:
///
/// - Requests go to one connected replica (which forwards writes to the Raft
///   leader). A replica that dies or says "not proposed" (errc::unavailable:
///   no leader, not reachable) is replaced by the next one and the request
///   is tried again until its deadline: such a request was never applied.
/// - A write whose outcome is unknown (errc::timeout: the leader changed
///   before it committed, or no answer came) is NOT retried: a Put would be
///   applied twice (two revisions) and a compare-and-swap would report a
///   false conflict. The caller re-reads and decides (Kubernetes clients do).
/// - Reads are always retried on another replica.
/// - Watches resume on another replica from the revision after the last one
///   delivered, so a watcher sees no gap and no duplicate across failover.
store_actor spawn_store_client(caf::actor_system& sys, store_client_config cfg);

} // namespace convoy
