#pragma once

// One listen address of the forwarder: its acceptor, the current backend
// list (replaced as a whole by apply; connections keep the list they
// started with) and the round-robin cursor. io thread only.

#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <spdlog/logger.h>

#include "net/proxy/forward_session.hpp"

namespace convoy::net::proxy {

class proxy_listener : public std::enable_shared_from_this<proxy_listener> {
public:
  proxy_listener(boost::asio::io_context& ioc, std::string ip, int port,
                 std::shared_ptr<forwarder_counters> totals, std::shared_ptr<spdlog::logger> log);

  /// Binds and starts accepting if not listening yet. A failure is kept in
  /// error() and logged once (until the error changes or a bind works).
  void listen();

  /// Stops accepting; accepted connections keep running.
  void close();

  void set_service(std::string key) {
    service_key_ = std::move(key);
  }
  void set_backends(std::shared_ptr<const backend_list> backends) {
    backends_ = std::move(backends);
    next_ = 0;
  }

  bool bound() const noexcept {
    return acceptor_.is_open();
  }
  const std::string& address() const noexcept {
    return address_;
  }
  const std::string& service_key() const noexcept {
    return service_key_;
  }
  const std::string& error() const noexcept {
    return error_;
  }
  size_t backend_count() const noexcept {
    return backends_ ? backends_->size() : 0;
  }
  const std::shared_ptr<listener_counters>& counters() const noexcept {
    return counters_;
  }

private:
  void accept();
  void on_accept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket sock);
  void fail(const std::string& what, const boost::system::error_code& ec);

  boost::asio::ip::tcp::acceptor acceptor_;
  /// Backs off accepting after an accept error (EMFILE would spin).
  boost::asio::steady_timer retry_;
  std::string ip_;
  int port_;
  std::string address_;
  std::string service_key_;
  std::string error_;
  std::shared_ptr<const backend_list> backends_;
  size_t next_ = 0;
  bool closed_ = false;
  std::shared_ptr<listener_counters> counters_;
  std::shared_ptr<forwarder_counters> totals_;
  std::shared_ptr<spdlog::logger> log_;
};

} // namespace convoy::net::proxy
