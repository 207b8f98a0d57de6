#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "caf/actor_system.hpp"

#include "messages/apiserver/apiserver_actor.hpp"
#include "net/address/host_port.hpp"

namespace convoy::client {

/// Where a node's API clients find an apiserver when the node runs none.
struct apiserver_relay_config {
  /// Nodes to ask for their apiserver (--join), tried in turn.
  std::vector<net::host_port> endpoints;
  std::string node_name;
  /// How long one connection attempt may take.
  std::chrono::milliseconds connect_timeout{5000};
  /// Requests held while no apiserver is reachable; more are refused at once.
  size_t max_pending = 4096;
  uint64_t seed = 1;
};

/// A local stand-in for a remote apiserver that fails over. The scheduler,
/// controller manager, kubelets and proxies of a node talk to this actor as
/// if it were the apiserver; it forwards every request unchanged (the reply
/// goes straight back to the caller) to the apiserver of one of the
/// endpoints. When that apiserver dies or its node falls silent (the
/// middleman's heartbeats notice), the relay connects to the next endpoint
/// and breaks every watch that went through it with an ERROR event, so the
/// informers list again from the new apiserver — clients never hold a
/// handle to a dead peer. While no apiserver is reachable, requests wait in
/// a bounded queue; they are refused with `unavailable` when the queue is
/// full or a whole round over the endpoints failed.
apiserver_actor spawn_apiserver_relay(caf::actor_system& sys, apiserver_relay_config cfg);

} // namespace convoy::client
