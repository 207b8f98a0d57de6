#pragma once

// A userspace TCP forwarder (kube-proxy's old "userspace" mode): one
// io_context on one thread, an acceptor per listen address, two fixed
// buffers per connection. Asio stays out of this header, so includers do
// not pay for it.

#include <memory>
#include <string>
#include <vector>

#include "net/proxy/data_plane.hpp"

namespace convoy::net::proxy {

class tcp_forwarder : public data_plane {
public:
  /// `node_name` names the log lines' node. Nothing runs before start().
  explicit tcp_forwarder(std::string node_name = "proxy");

  /// Stops and joins the io thread; established connections are cut.
  ~tcp_forwarder() override;

  tcp_forwarder(const tcp_forwarder&) = delete;
  tcp_forwarder& operator=(const tcp_forwarder&) = delete;

  /// Starts the io thread (idempotent).
  void start();

  /// Stops the io thread and closes every listener and connection
  /// (idempotent; apply() afterwards is ignored).
  void stop();

  void apply(std::vector<convoy::proxy::rule> rules) override;

  plane_stats stats() const override;

  /// Bytes of each of the two per-connection buffers.
  static constexpr size_t buffer_size = 64 * 1024;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace convoy::net::proxy
