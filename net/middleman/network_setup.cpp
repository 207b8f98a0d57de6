#include "net/middleman/network_setup.hpp"

#include <algorithm>

#include "caf/actor_system_config.hpp"
#include "caf/atom.hpp"
#include "caf/openssl/manager.hpp"
#include "caf/scoped_actor.hpp"

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
  // The I/O thread deserializes what arrives and enqueues it straight to its
  // actor. CAF's default hands every message to a deserialization worker
  // first: one more thread wake-up per message, which on a small host buys
  // no parallelism (store puts, 64 clients: 1 replica 44,300-44,800 ->
  // 47,500-51,300/s, 3 replicas 16,000-16,900 -> 18,600-18,900/s). A very
  // large message (a snapshot) now holds the I/O thread while it decodes.
  cfg.set("middleman.workers", size_t{0});
  if (settings.simulated) {
    cfg.set("middleman.network-backend", caf::atom("testing"));
    cfg.set("middleman.manual-multiplexing", true);
    return;
  }
  if (settings.tls.enabled()) {
    // With any of these set, CAF's openssl session requires a peer
    // certificate on both sides (SSL_VERIFY_PEER |
    // SSL_VERIFY_FAIL_IF_NO_PEER_CERT) verified against the CA file; it
    // does not check host names, so any certificate of the cluster CA is a
    // cluster member. Verified by experiment: a foreign CA's certificate,
    // no certificate and a plain-TCP peer all fail the handshake.
    cfg.load<caf::openssl::manager>();
    cfg.openssl_certificate = settings.tls.certificate;
    cfg.openssl_key = settings.tls.key;
    cfg.openssl_cafile = settings.tls.ca;
  }
}

bool uses_tls(const caf::actor_system& sys) {
  return sys.has_openssl_manager();
}

caf::io::middleman_actor middleman_handle(caf::actor_system& sys) {
  if (uses_tls(sys))
    return sys.openssl_manager().actor_handle();
  return sys.middleman().actor_handle();
}

std::string tls_hint(bool tls, const caf::error& err) {
  static const std::string refused_because =
    "the peer's certificate is not signed by our cluster CA, ours is not signed by its CA, "
    "or the peer does not use TLS";
  if (err == caf::sec::disconnect_during_handshake)
    return tls ? " (TLS handshake refused: " + refused_because + ")"
               : " (the peer may require TLS: give it a certificate, key and the cluster CA)";
  // CAF 0.17's openssl middleman gives this same error, without context,
  // both when the TCP connect fails and when the peer's refusal arrives
  // before our first SSL_connect returns (a loaded host): name both.
  if (tls && err == caf::sec::cannot_connect_to_node)
    return " (nothing listens there, or the TLS handshake was refused: " + refused_because + ")";
  return "";
}

caf::expected<uint16_t> publish_actor(caf::actor_system& sys, caf::strong_actor_ptr whom,
                                      std::set<std::string> interface,
                                      const host_port& addr) {
  // What caf::io::middleman::publish does, but through whichever middleman
  // actor is in charge (its strong_actor_ptr overload is private).
  caf::scoped_actor self{sys};
  caf::expected<uint16_t> port{caf::sec::cannot_open_port};
  self->request(middleman_handle(sys), caf::infinite, caf::publish_atom::value, addr.port,
                std::move(whom), std::move(interface), addr.host, true)
    .receive([&](uint16_t bound) { port = bound; },
             [&](caf::error& err) { port = std::move(err); });
  if (!port)
    return make_error(errc::unavailable,
                      "cannot listen on " + addr.to_string() + ": " + describe(port.error()));
  return port;
}

caf::expected<caf::strong_actor_ptr> remote_actor_ptr(caf::actor_system& sys,
                                                      std::set<std::string> interface,
                                                      const host_port& addr) {
  caf::scoped_actor self{sys};
  caf::expected<caf::strong_actor_ptr> result{caf::sec::no_actor_published_at_port};
  self->request(middleman_handle(sys), caf::infinite, caf::connect_atom::value, addr.host,
                addr.port)
    .receive(
      [&](const caf::node_id&, caf::strong_actor_ptr& ptr, std::set<std::string>& offered) {
        if (!ptr)
          return; // sec::no_actor_published_at_port
        if (!std::includes(offered.begin(), offered.end(), interface.begin(),
                           interface.end()))
          result = caf::sec::unexpected_actor_messaging_interface;
        else
          result = std::move(ptr);
      },
      [&](caf::error& err) { result = std::move(err); });
  return result;
}

} // namespace convoy::net
