#include "runtime/cli/ctl_session.hpp"

#include "runtime/node/system_setup.hpp"

namespace convoy::cli {

caf::actor_system_config& ctl_session::configured(caf::actor_system_config& cfg) {
  configure_system(cfg, system_settings{});
  return cfg;
}

ctl_session::ctl_session(net::host_port server, std::chrono::milliseconds timeout)
  : system_(configured(cfg_)), server_(std::move(server)), timeout_(timeout) {
  // nop
}

} // namespace convoy::cli
