#include "examples/app/http/client.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "examples/app/http/parser.hpp"
#include "examples/app/http/writer.hpp"

namespace convoy::examples::http {

namespace {

using clock = std::chrono::steady_clock;

/// Closes the socket on every path out of fetch().
struct socket_guard {
  int fd;
  ~socket_guard() {
    if (fd >= 0)
      ::close(fd);
  }
};

bool resolve(const std::string& host, std::uint16_t port, sockaddr_in& addr, std::string& error) {
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) == 1)
    return true;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    error = std::string("cannot resolve: ") + ::gai_strerror(rc);
    return false;
  }
  addr.sin_addr = reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr;
  ::freeaddrinfo(found);
  return true;
}

/// Waits for `events` on fd until `deadline`; false with `error` otherwise.
bool wait_for(int fd, short events, clock::time_point deadline, std::string& error) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() <= 0) {
      error = "timed out";
      return false;
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    if (n > 0)
      return true;
    if (n < 0 && errno != EINTR) {
      error = std::string("poll: ") + std::strerror(errno);
      return false;
    }
  }
}

bool connect_to(int fd, const sockaddr_in& addr, clock::time_point deadline, std::string& error) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0)
    return true;
  if (errno != EINPROGRESS) {
    error = std::strerror(errno);
    return false;
  }
  if (!wait_for(fd, POLLOUT, deadline, error))
    return false;
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0)
    error = std::strerror(so_error);
  return so_error == 0;
}

bool send_all(int fd, const std::string& data, clock::time_point deadline, std::string& error) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
    } else if (errno != EAGAIN && errno != EINTR) {
      error = std::string("send: ") + std::strerror(errno);
      return false;
    } else if (!wait_for(fd, POLLOUT, deadline, error)) {
      return false;
    }
  }
  return true;
}

bool receive(int fd, clock::time_point deadline, fetch_result& result) {
  std::string in;
  char buf[16 * 1024];
  while (true) {
    auto parsed = parse_response(in);
    if (parsed.status == parse_status::complete) {
      result.resp = std::move(parsed.message);
      return true;
    }
    if (parsed.status == parse_status::error) {
      result.error = "bad response: " + parsed.error;
      return false;
    }
    if (!wait_for(fd, POLLIN, deadline, result.error))
      return false;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n == 0) {
      result.error = "connection closed before a full response";
      return false;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      result.error = std::string("recv: ") + std::strerror(errno);
      return false;
    }
    if (n > 0)
      in.append(buf, static_cast<std::size_t>(n));
  }
}

} // namespace

fetch_result fetch(const std::string& host, std::uint16_t port, const request& req,
                   std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  fetch_result result;
  sockaddr_in addr{};
  socket_guard sock{-1};
  if (resolve(host, port, addr, result.error)) {
    sock.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (sock.fd < 0)
      result.error = std::string("socket: ") + std::strerror(errno);
    else
      result.ok = connect_to(sock.fd, addr, deadline, result.error)
                  && send_all(sock.fd, format_request(req, host), deadline, result.error)
                  && receive(sock.fd, deadline, result);
  }
  if (!result.ok)
    result.error = host + ":" + std::to_string(port) + ": " + result.error;
  return result;
}

} // namespace convoy::examples::http
