#pragma once

#include <chrono>
#include <set>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"
#include "caf/io/middleman.hpp"
#include "caf/io/middleman_actor.hpp"

#include "messages/error.hpp"
#include "net/address/host_port.hpp"
#include "net/middleman/tls_files.hpp"

namespace convoy::net {

/// How this node's links behave.
struct network_settings {
  /// A peer silent for this long is declared down at the latest (its actors
  /// get DOWN messages); heartbeats go out four times per timeout.
  std::chrono::milliseconds peer_timeout{2000};
  /// Use CAF's test multiplexer instead of real sockets (simulation).
  bool simulated = false;
  /// Certificate, key and cluster CA (checked with check_tls_files). Set:
  /// every link of this node -- the published node actor and every
  /// connect -- runs over mutually authenticated TLS, and a peer without a
  /// certificate signed by the CA (or without TLS) is refused by CAF's
  /// openssl module. Ignored when simulated.
  tls_files tls;
};

/// Loads CAF's middleman into `cfg` and sets heartbeats and timeouts so a
/// dead or silent peer is detected within `settings.peer_timeout`; with
/// TLS files, also loads CAF's openssl module configured with them.
void configure_network(caf::actor_system_config& cfg, const network_settings& settings);

/// True if `sys` was configured with TLS files: its links use TLS only.
bool uses_tls(const caf::actor_system& sys);

/// The middleman actor every connect and publish of this node goes through:
/// the openssl manager's when TLS is on, the plain middleman's otherwise.
/// (Both speak the same connect_atom/publish_atom protocol.)
caf::io::middleman_actor middleman_handle(caf::actor_system& sys);

/// Why a failed connect most likely failed when TLS is involved (CAF only
/// reports that the peer hung up during the handshake or, with TLS, that it
/// could not connect at all): a text to append to the error message, empty
/// when there is nothing to add.
std::string tls_hint(bool tls, const caf::error& err);

/// Untyped core of publish(): see there.
caf::expected<uint16_t> publish_actor(caf::actor_system& sys, caf::strong_actor_ptr whom,
                                      std::set<std::string> interface,
                                      const host_port& addr);

/// Untyped core of remote_actor(): see there.
caf::expected<caf::strong_actor_ptr> remote_actor_ptr(caf::actor_system& sys,
                                                      std::set<std::string> interface,
                                                      const host_port& addr);

/// Blocking connect (CLI clients): a handle to the actor published at
/// `addr`, over TLS when `sys` uses TLS.
template <class Handle>
caf::expected<Handle> remote_actor(caf::actor_system& sys, const host_port& addr) {
  auto ptr = remote_actor_ptr(sys, sys.message_types<Handle>(), addr);
  if (!ptr)
    return std::move(ptr.error());
  return caf::actor_cast<Handle>(std::move(*ptr));
}

/// Publishes `handle` at `addr` (binding exactly addr.host; port 0 picks a
/// free port). Returns the bound port or an error naming the address.
template <class Handle>
caf::expected<uint16_t> publish(caf::actor_system& sys, const Handle& handle,
                                const host_port& addr) {
  return publish_actor(sys, caf::actor_cast<caf::strong_actor_ptr>(handle),
                       sys.message_types(handle), addr);
}

} // namespace convoy::net
