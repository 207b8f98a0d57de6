#include "runtime/cli/ctl_session.hpp"

#include "runtime/node/system_setup.hpp"

namespace convoy::cli {

caf::actor_system_config& ctl_session::configured(caf::actor_system_config& cfg) {
  // A client of a TLS cluster needs a certificate of the cluster CA too:
  // CONVOY_TLS_CERT, CONVOY_TLS_KEY and CONVOY_TLS_CA (all or none).
  system_settings settings;
  net::tls_files tls;
  if (!net::tls_files_from_env(tls))
    settings.network.tls = tls;
  configure_system(cfg, settings);
  return cfg;
}

ctl_session::ctl_session(net::host_port server, std::chrono::milliseconds timeout)
  : system_(configured(cfg_)), server_(std::move(server)), timeout_(timeout) {
  net::tls_files unused;
  tls_error_ = net::tls_files_from_env(unused);
}

} // namespace convoy::cli
