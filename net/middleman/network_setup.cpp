#include "net/middleman/network_setup.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/atom.hpp"

namespace convoy::net {

void configure_network(caf::actor_system_config& cfg, const network_settings& settings) {
  cfg.load<caf::io::middleman>();
  // CAF checks for silence on every heartbeat tick, so a peer is declared
  // gone at most one interval after the connection timeout: keep the sum at
  // the configured peer timeout.
  auto timeout = std::chrono::duration_cast<caf::timespan>(settings.peer_timeout);
  auto interval = timeout / 4;
  cfg.set("middleman.heartbeat-interval", interval);
  cfg.set("middleman.connection-timeout", timeout - interval);
  if (settings.simulated) {
    cfg.set("middleman.network-backend", caf::atom("testing"));
    cfg.set("middleman.manual-multiplexing", true);
    cfg.set("middleman.workers", size_t{0});
  }
}

} // namespace convoy::net
