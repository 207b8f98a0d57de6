#pragma once

// A small HTTP/1.1 server for the node's operational endpoints:
//   GET /metrics  200, Prometheus text (what `metrics` returns)
//   GET /healthz  200 "ok" when `healthy` says so, else 503
//   GET /readyz   200 "ok" when `not_ready` returns nothing, else 503 + reason
// anything else 404, other methods 405. One io_context on its own thread;
// bounded: at most max_connections at once, requests up to max_request_bytes,
// read_timeout per request (and per TLS handshake). Asio and Beast stay out
// of this header.
//
// With TLS files (the node's --tls-cert/--tls-key/--tls-ca) it speaks HTTPS
// only. /healthz and /readyz then answer any client (as Kubernetes' health
// endpoints do); /metrics needs a client certificate the cluster CA signed
// (what Prometheus' tls_config cert_file/key_file present), 401 without.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/address/host_port.hpp"
#include "net/middleman/tls_files.hpp"

namespace convoy::net::http {

/// What the endpoints answer. The functions run on the server's thread, one
/// request at a time, so they may block briefly (healthz waits up to ~1 s).
struct metrics_handlers {
  std::function<std::string()> metrics;
  std::function<bool()> healthy;
  /// Why the node is not ready, or nothing when it is.
  std::function<std::optional<std::string>()> not_ready;
};

struct metrics_server_limits {
  size_t max_connections = 64;
  size_t max_request_bytes = 8 * 1024;
  std::chrono::milliseconds read_timeout{5000};
};

class metrics_server {
public:
  /// `node_name` names the log lines' node. Nothing listens before start().
  metrics_server(std::string node_name, metrics_handlers handlers,
                 metrics_server_limits limits = {});

  /// Stops and joins the server thread.
  ~metrics_server();

  metrics_server(const metrics_server&) = delete;
  metrics_server& operator=(const metrics_server&) = delete;

  /// Binds `listen` (port 0 picks a free port) and starts the server thread,
  /// serving HTTPS when `tls` is enabled. Returns an error line naming the
  /// address or the TLS file when it cannot start.
  std::optional<std::string> start(const host_port& listen, const tls_files& tls = {});

  /// The bound port (after a successful start()).
  uint16_t port() const noexcept;

  /// Closes the listener and every connection and joins the thread
  /// (idempotent).
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace convoy::net::http
