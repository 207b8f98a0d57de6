#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <poll.h>

#include "examples/app/http/message.hpp"
#include "examples/app/http/parser.hpp"

namespace convoy::examples::http {

/// A single-threaded HTTP/1.1 server on one poll() loop: non-blocking
/// sockets, keep-alive and pipelining, bounded buffers and connection count.
/// The handler runs on the loop thread and must return quickly (the web's
/// db call is bounded by its own 2 s timeout).
class server {
public:
  using handler = std::function<response(const request&)>;

  /// Binds and listens on ip:port (port 0 = any free port). Throws
  /// std::runtime_error naming the address when that fails. `error_headers`
  /// go on the 400 answers to unparsable input, which never reach the
  /// handler (e.g. X-Served-By, which every answer carries).
  server(const std::string& ip, std::uint16_t port, handler on_request,
         std::vector<header> error_headers = {});
  ~server();

  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The bound port (useful after binding port 0).
  std::uint16_t port() const {
    return port_;
  }

  /// Serves until `stop_fd` is readable, then closes every connection.
  void run(int stop_fd);

private:
  struct connection {
    std::string in;
    std::string out;
    std::size_t out_sent = 0;
    bool close_after_write = false;
    std::chrono::steady_clock::time_point last_active;
  };

  void accept_all();
  /// Reads what is there; false when the connection is to be dropped.
  bool read_from(int fd, connection& c);
  /// Answers every complete request buffered in `c.in`.
  void process(connection& c);
  /// Writes what the socket takes; false when the connection is done.
  bool write_to(int fd, connection& c);
  void close_idle(std::chrono::steady_clock::time_point now);
  void close_all();

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  handler on_request_;
  std::vector<header> error_headers_;
  parse_limits limits_;
  std::unordered_map<int, connection> connections_;
  std::vector<pollfd> poll_set_;
  std::chrono::steady_clock::time_point last_sweep_;
};

} // namespace convoy::examples::http
