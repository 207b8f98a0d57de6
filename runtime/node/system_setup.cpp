#include "runtime/node/system_setup.hpp"

#include <algorithm>
#include <thread>

#include "caf/actor_system_config.hpp"
#include "caf/atom.hpp"

#include "messages/message_registry.hpp"

namespace convoy {

void configure_system(caf::actor_system_config& cfg, const system_settings& settings) {
  register_messages(cfg);
  net::configure_network(cfg, settings.network);
  // convoy logs through spdlog; CAF's own logger (if compiled in) stays quiet.
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  cfg.set("logger.console-verbosity", caf::atom("quiet"));
  if (settings.deterministic) {
    cfg.set("scheduler.policy", caf::atom("testing"));
  } else {
    // Store replicas block in fsync; spare workers keep everyone else moving.
    auto cores = std::max(1u, std::thread::hardware_concurrency());
    cfg.set("scheduler.max-threads", size_t{cores + 2});
  }
  if (settings.customize)
    settings.customize(cfg);
}

} // namespace convoy
