#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::net {

/// A "HOST:PORT" network address as users write it in flags and config
/// (`--listen 127.0.0.1:7000`, `--join a:7000,b:7000`, `[::1]:7000`).
struct host_port {
  std::string host;
  uint16_t port = 0;

  /// "HOST:PORT", with brackets around IPv6 hosts.
  std::string to_string() const;

  /// Parses one address. On failure returns nothing and sets `error` to one
  /// line naming the problem, e.g. "malformed address 'foo': expected HOST:PORT".
  static std::optional<host_port> parse(std::string_view text, std::string& error);

  /// Parses a comma-separated list ("a:1,b:2"); empty items are errors.
  static std::optional<std::vector<host_port>> parse_list(std::string_view text,
                                                          std::string& error);

  /// True for 127.0.0.0/8, ::1 and "localhost": addresses that never leave
  /// the host (used to warn before listening beyond what the user configured).
  bool is_loopback() const;

  friend bool operator==(const host_port& x, const host_port& y) {
    return x.host == y.host && x.port == y.port;
  }
};

} // namespace convoy::net
