#pragma once

// Real-socket helpers for the data plane tests: an identify-and-echo
// backend on its own io thread (answers "<name>\n", then echoes until EOF,
// then half-closes), blocking POSIX clients with receive timeouts, and
// polling with a deadline.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio.hpp>

#include "child_process.hpp"

namespace convoy::net::proxy::test {

/// Polls `pred` every millisecond until it holds or `limit` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds{5}) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return pred();
}

/// A port nobody listens on right now: the one picker all tests share.
using convoy::test::free_port;

class test_backend {
public:
  explicit test_backend(std::string name)
    : name_(std::move(name) + "\n"),
      acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~test_backend() {
    ioc_.stop();
    thread_.join();
  }
  int port() const {
    return acceptor_.local_endpoint().port();
  }

private:
  using tcp = boost::asio::ip::tcp;
  struct session : std::enable_shared_from_this<session> {
    explicit session(tcp::socket s) : sock(std::move(s)) {}
    void echo() {
      sock.async_read_some(boost::asio::buffer(buf),
                           [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                             if (ec) {
                               self->sock.shutdown(tcp::socket::shutdown_send, ec);
                               return;
                             }
                             boost::asio::async_write(
                               self->sock, boost::asio::buffer(self->buf, n),
                               [self](boost::system::error_code wec, size_t) {
                                 if (!wec)
                                   self->echo();
                               });
                           });
    }
    tcp::socket sock;
    char buf[4096];
  };
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec)
        return;
      auto sess = std::make_shared<session>(std::move(s));
      boost::asio::async_write(sess->sock, boost::asio::buffer(name_),
                               [sess](boost::system::error_code wec, size_t) {
                                 if (!wec)
                                   sess->echo();
                               });
      accept();
    });
  }
  std::string name_;
  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

/// A blocking client socket whose reads give up after 5 s.
class client {
public:
  /// Connects to 127.0.0.1:port; ok() is false when refused.
  explicit client(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~client() {
    ::close(fd_);
  }
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  bool ok() const {
    return connected_;
  }
  bool send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  void shutdown_write() {
    ::shutdown(fd_, SHUT_WR);
  }
  /// Up to and without the '\n'; "" on EOF, error or timeout.
  std::string line() {
    std::string out;
    char c;
    while (::recv(fd_, &c, 1, 0) == 1) {
      if (c == '\n')
        return out;
      out += c;
    }
    return "";
  }
  /// Exactly n bytes, or fewer on EOF/error/timeout.
  std::string read(size_t n) {
    std::string out(n, '\0');
    size_t got = 0;
    while (got < n) {
      auto r = ::recv(fd_, &out[got], n - got, 0);
      if (r <= 0)
        break;
      got += static_cast<size_t>(r);
    }
    out.resize(got);
    return out;
  }
  /// Everything until EOF; eof() tells whether EOF (not a timeout) ended it.
  std::string read_to_eof() {
    std::string out;
    char buf[4096];
    for (;;) {
      auto r = ::recv(fd_, buf, sizeof buf, 0);
      if (r <= 0) {
        eof_ = r == 0;
        return out;
      }
      out.append(buf, static_cast<size_t>(r));
    }
  }
  bool eof() const {
    return eof_;
  }

private:
  int fd_;
  bool connected_ = false;
  bool eof_ = false;
};

} // namespace convoy::net::proxy::test
