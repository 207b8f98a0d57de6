#pragma once

#include <chrono>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"
#include "caf/io/middleman.hpp"

#include "messages/error.hpp"
#include "net/address/host_port.hpp"

namespace convoy::net {

/// How this node's links behave.
struct network_settings {
  /// A peer silent for this long is declared down at the latest (its actors
  /// get DOWN messages); heartbeats go out four times per timeout.
  std::chrono::milliseconds peer_timeout{2000};
  /// Use CAF's test multiplexer instead of real sockets (simulation).
  bool simulated = false;
};

/// Loads CAF's middleman into `cfg` and sets heartbeats and timeouts so a
/// dead or silent peer is detected within `settings.peer_timeout`.
void configure_network(caf::actor_system_config& cfg, const network_settings& settings);

/// Publishes `handle` at `addr` (binding exactly addr.host; port 0 picks a
/// free port). Returns the bound port or an error naming the address.
template <class Handle>
caf::expected<uint16_t> publish(caf::actor_system& sys, const Handle& handle,
                                const host_port& addr) {
  auto port = sys.middleman().publish(handle, addr.port, addr.host.c_str(), true);
  if (!port)
    return make_error(errc::unavailable,
                      "cannot listen on " + addr.to_string() + ": "
                        + describe(port.error()));
  return *port;
}

} // namespace convoy::net
