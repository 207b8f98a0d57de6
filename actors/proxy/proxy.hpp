#pragma once

// The proxy (kube-proxy role): watches Services and Endpoints and keeps a
// data plane forwarding each service port to the ready endpoints.

#include <chrono>
#include <memory>
#include <string>

#include "caf/fwd.hpp"

#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/proxy/proxy_actor.hpp"
#include "net/proxy/data_plane.hpp"

namespace convoy::proxy {

struct proxy_config {
  /// The apiserver it watches.
  apiserver_actor api;
  /// Its bearer token (may list/watch services and endpoints).
  std::string token;
  /// The actor node it runs on (log lines, status).
  std::string node_name;
  /// Node ports listen here.
  std::string node_ip = "127.0.0.1";
  /// Also serve node ports on 127.0.0.1, as Kubernetes does.
  bool nodeport_on_localhost = true;
  /// null: the proxy makes and starts its own tcp_forwarder. Simulation
  /// passes a recording fake.
  std::shared_ptr<net::proxy::data_plane> plane;
  /// At most one sync per period: bursts of changes coalesce into one
  /// apply (kube-proxy's --iptables-min-sync-period).
  std::chrono::milliseconds min_sync_period{100};
  uint64_t seed = 1;
};

/// "" or the first invalid field of `cfg`.
std::string validate(const proxy_config& cfg);

/// Spawns the proxy. It starts listing and watching at once and applies its
/// first rule set once both informers have listed.
proxy_actor spawn_proxy(caf::actor_system& sys, proxy_config cfg);

} // namespace convoy::proxy
