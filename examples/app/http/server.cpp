#include "examples/app/http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "examples/app/http/writer.hpp"

namespace convoy::examples::http {

namespace {

constexpr std::size_t max_connections = 512;
constexpr std::size_t read_chunk = 64 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr auto sweep_interval = std::chrono::seconds(1);
constexpr int poll_interval_ms = 5000;

std::runtime_error socket_error(const std::string& what, const std::string& where) {
  return std::runtime_error(what + " " + where + ": " + std::strerror(errno));
}

} // namespace

server::server(const std::string& ip, std::uint16_t port, handler on_request,
               std::vector<header> error_headers)
  : on_request_(std::move(on_request)), error_headers_(std::move(error_headers)) {
  std::string where = ip + ":" + std::to_string(port);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("listen address " + where + " is not IPv4");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0)
    throw socket_error("socket for", where);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0
      || ::listen(listen_fd_, 128) != 0) {
    auto err = socket_error("cannot listen on", where);
    ::close(listen_fd_);
    throw err;
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

server::~server() {
  close_all();
  ::close(listen_fd_);
}

void server::run(int stop_fd) {
  while (true) {
    poll_set_.clear();
    poll_set_.push_back({stop_fd, POLLIN, 0});
    poll_set_.push_back({listen_fd_, POLLIN, 0});
    for (auto& [fd, c] : connections_) {
      // Read only when nothing is waiting to go out: a client that does not
      // read its answers cannot make us buffer more.
      short events = c.out.size() > c.out_sent ? POLLOUT : POLLIN;
      poll_set_.push_back({fd, events, 0});
    }
    int n = ::poll(poll_set_.data(), poll_set_.size(), poll_interval_ms);
    if (n < 0 && errno != EINTR)
      throw socket_error("poll on", "port " + std::to_string(port_));
    if (poll_set_[0].revents != 0)
      break;
    if (poll_set_[1].revents & POLLIN)
      accept_all();
    for (std::size_t i = 2; i < poll_set_.size(); ++i) {
      auto& p = poll_set_[i];
      if (p.revents == 0)
        continue;
      auto& c = connections_.at(p.fd);
      c.last_active = std::chrono::steady_clock::now();
      bool keep = (p.revents & POLLOUT) ? write_to(p.fd, c) : read_from(p.fd, c);
      if (!keep) {
        ::close(p.fd);
        connections_.erase(p.fd);
      }
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_sweep_ > sweep_interval) {
      last_sweep_ = now;
      close_idle(now);
    }
  }
  close_all();
}

void server::accept_all() {
  while (true) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
      return; // EAGAIN: drained; other errors: the client is already gone
    if (connections_.size() >= max_connections) {
      ::close(fd);
      continue;
    }
    connections_[fd].last_active = std::chrono::steady_clock::now();
  }
}

bool server::read_from(int fd, connection& c) {
  char buf[read_chunk];
  ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
  if (n == 0)
    return false;
  if (n < 0)
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  c.in.append(buf, static_cast<std::size_t>(n));
  process(c);
  return write_to(fd, c);
}

void server::process(connection& c) {
  std::size_t offset = 0;
  while (!c.close_after_write) {
    auto parsed = parse_request(std::string_view(c.in).substr(offset), limits_);
    if (parsed.status == parse_status::need_more)
      break;
    if (parsed.status == parse_status::error) {
      auto resp = text_response(400, parsed.error + "\n");
      resp.headers.insert(resp.headers.end(), error_headers_.begin(), error_headers_.end());
      c.out += format_response(resp, false);
      c.close_after_write = true;
      break;
    }
    offset += parsed.consumed;
    bool keep_alive = wants_keep_alive(parsed.message);
    c.out += format_response(on_request_(parsed.message), keep_alive);
    c.close_after_write = !keep_alive;
  }
  c.in.erase(0, offset);
}

bool server::write_to(int fd, connection& c) {
  while (c.out_sent < c.out.size()) {
    ssize_t n = ::send(fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n < 0)
      return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    c.out_sent += static_cast<std::size_t>(n);
  }
  c.out.clear();
  c.out_sent = 0;
  return !c.close_after_write;
}

void server::close_idle(std::chrono::steady_clock::time_point now) {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (now - it->second.last_active > idle_timeout) {
      ::close(it->first);
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void server::close_all() {
  for (auto& entry : connections_)
    ::close(entry.first);
  connections_.clear();
}

} // namespace convoy::examples::http
