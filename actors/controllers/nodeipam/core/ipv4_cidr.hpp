#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace convoy::controllers::nodeipam {

/// An IPv4 network "a.b.c.d/n" (convoy's pod networks are IPv4 only).
struct ipv4_cidr {
  /// The address as written (host bits may be set, as Go's ParseCIDR allows).
  uint32_t address = 0;
  int prefix = 0;

  /// The netmask of `prefix` (0 for /0).
  uint32_t mask() const noexcept;
  /// The first address (host bits cleared).
  uint32_t first() const noexcept;
  /// The last address (host bits set).
  uint32_t last() const noexcept;
  /// "a.b.c.d/n" of the network address, so "10.0.0.5/24" and "10.0.0.0/24"
  /// compare equal.
  std::string canonical() const;
};

/// Parses "a.b.c.d/n"; nothing for anything else (no leading zeros, no
/// spaces, every octet 0..255, prefix 0..32).
std::optional<ipv4_cidr> parse_ipv4_cidr(const std::string& text);

/// "a.b.c.d".
std::string format_ipv4(uint32_t address);

} // namespace convoy::controllers::nodeipam
