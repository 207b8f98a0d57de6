#pragma once

// What the metrics server tests speak to it with: a TCP client socket on
// 127.0.0.1 and the parse of a raw HTTP/1.1 answer.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace convoy::test {

/// A connected TCP client socket (closed on destruction).
struct client {
  explicit client(uint16_t port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    timeval tv{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~client() { ::close(fd); }

  void send(const std::string& data) { ::send(fd, data.data(), data.size(), MSG_NOSIGNAL); }

  /// Everything until the server closes (or 3 s of silence).
  std::string read_all() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0)
      out.append(buf, static_cast<size_t>(n));
    return out;
  }

  int fd;
  bool connected = false;
};

struct reply_t {
  int code = 0;
  std::string head, body;
};

/// `code` is 0 unless `raw` starts as an HTTP/1.1 answer.
inline reply_t parse(const std::string& raw) {
  reply_t r;
  if (raw.rfind("HTTP/1.1 ", 0) == 0)
    r.code = std::atoi(raw.c_str() + 9);
  auto end = raw.find("\r\n\r\n");
  r.head = raw.substr(0, end);
  r.body = end == std::string::npos ? "" : raw.substr(end + 4);
  return r;
}

} // namespace convoy::test
