#pragma once

#include <cstdint>
#include <functional>

#include "caf/fwd.hpp"

#include "net/middleman/network_setup.hpp"

namespace convoy {

/// How an actor system for a convoy node is built. The same function
/// prepares production nodes and simulated hosts, so components run unchanged
/// in both.
struct system_settings {
  net::network_settings network;
  /// Run on CAF's test coordinator (virtual time, manual scheduling).
  bool deterministic = false;
  /// Last word on the CAF config (tests use it to register extra types).
  std::function<void(caf::actor_system_config&)> customize;
};

/// Registers every convoy message type, loads and configures the network
/// layer and, when deterministic, selects the test coordinator.
void configure_system(caf::actor_system_config& cfg, const system_settings& settings);

} // namespace convoy
