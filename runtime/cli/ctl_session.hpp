#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/expected.hpp"
#include "caf/io/middleman.hpp"
#include "caf/scoped_actor.hpp"

#include "messages/error.hpp"
#include "messages/node/node_actor.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/address/host_port.hpp"
#include "net/middleman/network_setup.hpp"

namespace convoy::cli {

/// The client side of `convoy ctl`: a small actor system that connects to
/// one node and asks it typed requests, blocking (a CLI has nothing else to do).
class ctl_session {
public:
  ctl_session(net::host_port server, std::chrono::milliseconds timeout);

  /// A typed handle to the actor published at `addr` (default: --server).
  template <class Handle>
  caf::expected<Handle> connect(const net::host_port* addr = nullptr) {
    const auto& where = addr ? *addr : server_;
    if (tls_error_)
      return make_error(errc::invalid_argument, *tls_error_);
    auto handle = net::remote_actor<Handle>(system_, where);
    if (!handle)
      return make_error(errc::unavailable,
                        "cannot reach a convoy node at " + where.to_string() + ": "
                          + describe(handle.error())
                          + net::tls_hint(net::uses_tls(system_), handle.error()));
    return handle;
  }

  /// The actor of `component` (e.g. "store") on the node at `addr`.
  template <class Handle>
  caf::expected<Handle> lookup(const std::string& component,
                               const net::host_port* addr = nullptr) {
    auto node = connect<node_info_actor>(addr);
    if (!node)
      return node.error();
    node::LookupRequest req;
    req.set_component(component);
    auto found = ask<caf::actor>(*node, req);
    if (!found)
      return found.error();
    return caf::actor_cast<Handle>(*found);
  }

  caf::actor_system& system() {
    return system_;
  }

  /// Sends `request` to `handle` and waits for the typed response.
  template <class Response, class Handle, class Request>
  caf::expected<Response> ask(const Handle& handle, const Request& request) {
    caf::scoped_actor self{system_};
    std::optional<Response> response;
    caf::error failure;
    self->request(handle, timeout_, request)
      .receive([&](Response& x) { response = std::move(x); },
               [&](caf::error& err) { failure = std::move(err); });
    if (response)
      return std::move(*response);
    return failure;
  }

private:
  caf::actor_system_config cfg_;
  caf::actor_system system_;
  net::host_port server_;
  std::chrono::milliseconds timeout_;
  /// Bad CONVOY_TLS_* settings: every connect fails with this line.
  std::optional<std::string> tls_error_;

  static caf::actor_system_config& configured(caf::actor_system_config& cfg);
};

} // namespace convoy::cli
