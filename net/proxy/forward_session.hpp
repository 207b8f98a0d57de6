#pragma once

// One proxied connection: connect to a backend (trying the next one when a
// backend refuses), then move bytes both ways, propagating half-closes.
// On Linux each direction moves through a pipe with splice(2) (no copy
// through user space: on loopback the copies, not the syscalls, bound the
// throughput); where pipes cannot be had it falls back to two fixed
// buffers allocated once. Lives on the forwarder's io thread only; owned
// by its pending handlers (no registry, no thread).

#include <array>
#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "net/proxy/counters.hpp"

namespace convoy::net::proxy {

using backend_list = std::vector<boost::asio::ip::tcp::endpoint>;

class forward_session : public std::enable_shared_from_this<forward_session> {
public:
  forward_session(boost::asio::ip::tcp::socket client,
                  std::shared_ptr<const backend_list> backends, size_t first,
                  std::shared_ptr<listener_counters> listener,
                  std::shared_ptr<forwarder_counters> totals);
  ~forward_session();

  forward_session(const forward_session&) = delete;
  forward_session& operator=(const forward_session&) = delete;

  /// Connects to backends[first] (then the next ones) and starts copying.
  void start();

  static constexpr size_t buffer_size = 64 * 1024;
  /// Capacity asked for each direction's pipe (splice path).
  static constexpr size_t pipe_size = 1024 * 1024;

private:
  /// One copying direction: from → to through buf.
  struct direction {
    boost::asio::ip::tcp::socket* from;
    boost::asio::ip::tcp::socket* to;
    char* buf;
    std::atomic<uint64_t>* bytes;
    bool done = false;
    /// splice path: the pipe (read end, write end) and what it holds.
    int pipe[2] = {-1, -1};
    size_t in_pipe = 0;
  };

  void connect(size_t attempt);
  void on_connect_failed(size_t attempt);
  /// Starts both directions (splice when both pipes exist).
  void start_copying();
  /// splice path: moves what is ready from dirs_[d].from to dirs_[d].to,
  /// then waits for readiness of whichever side blocked.
  void splice_step(int d);
  void read(int d);
  void on_read(int d, const boost::system::error_code& ec, size_t n);
  /// EOF on dirs_[d].from: pass it on as shutdown(send); close when both
  /// directions ended.
  void half_close(int d);
  /// Error on either side: close both (pending operations end aborted).
  void abort();

  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket backend_;
  std::shared_ptr<const backend_list> backends_;
  size_t first_;
  std::shared_ptr<listener_counters> listener_;
  std::shared_ptr<forwarder_counters> totals_;
  /// Buffer path only (pipes unavailable): 2 x buffer_size.
  std::unique_ptr<char[]> buffers_;
  bool splicing_ = false;
  std::array<direction, 2> dirs_;
};

} // namespace convoy::net::proxy
