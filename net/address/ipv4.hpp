#pragma once

// IPv4 addresses and CIDRs, the one parser for the whole code base (pod
// CIDRs, node CIDRs, the bridge network, host-gw routes). Pure: no sockets,
// no syscalls, no inet_pton, so every component reads "10.0.0.01" or
// "10.0.0.0/33" the same way (strictly: it is rejected) and says why.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace convoy::net {

/// Which part of the text a parse rejected, so callers that word their own
/// errors (flag names, API fields) can still tell the cases apart.
enum class ipv4_fault {
  none,
  /// A CIDR without a '/'.
  not_cidr,
  /// The dotted quad (of an address or of a CIDR) is malformed.
  address,
  /// The prefix length after '/' is not 0..32 written in decimal.
  prefix,
};

/// Why a parse failed: the fault, and a message that quotes the text.
struct ipv4_error {
  ipv4_fault fault = ipv4_fault::none;
  std::string message;
};

/// An IPv4 network "a.b.c.d/n", host order.
struct ipv4_cidr {
  /// The address as written: host bits may be set (as Go's ParseCIDR and
  /// `ip addr add 10.0.0.5/24` allow), so a pod address and its prefix fit
  /// in one value.
  uint32_t address = 0;
  int prefix = 0;

  /// The netmask of `prefix` (0 for /0, all ones for /32).
  uint32_t mask() const noexcept;
  /// The network address (host bits cleared).
  uint32_t first() const noexcept;
  /// The broadcast address (host bits set).
  uint32_t last() const noexcept;
  /// The first host, first() + 1: convoy's bridge gateway, never given to a
  /// pod. Wraps for 255.255.255.255/32 (no host there anyway).
  uint32_t gateway() const noexcept;
  /// Whether `addr` lies in first()..last().
  bool contains(uint32_t addr) const noexcept;
  /// "a.b.c.d/n" of the network address, so "10.0.0.5/24" and "10.0.0.0/24"
  /// compare equal.
  std::string canonical() const;
};

/// "10.0.0.1" -> host-order integer. Exactly four decimal octets 0..255,
/// no leading zeros (which inet_aton would read as octal), no spaces.
std::optional<uint32_t> parse_ipv4(std::string_view text);
std::optional<uint32_t> parse_ipv4(std::string_view text, ipv4_error& error);

/// "24" -> 24: decimal 0..32, no sign, no leading zeros.
std::optional<int> parse_prefix_length(std::string_view text);

/// "a.b.c.d/n" under the rules of parse_ipv4 and parse_prefix_length; the
/// address keeps its host bits.
std::optional<ipv4_cidr> parse_ipv4_cidr(std::string_view text);
std::optional<ipv4_cidr> parse_ipv4_cidr(std::string_view text, ipv4_error& error);

/// Host-order integer -> "10.0.0.1".
std::string format_ipv4(uint32_t addr);

/// "a.b.c.d/n" as held (host bits kept; see ipv4_cidr::canonical()).
std::string format_ipv4_cidr(const ipv4_cidr& cidr);

/// The mask of a prefix length, clamped (<= 0 -> 0, >= 32 -> all ones).
uint32_t prefix_mask(int prefix) noexcept;

/// The network address of addr/prefix (host bits cleared).
uint32_t network_of(uint32_t addr, int prefix) noexcept;

/// The first host of addr/prefix (see ipv4_cidr::gateway()).
uint32_t gateway_of(uint32_t addr, int prefix) noexcept;

/// Whether the address is in 127.0.0.0/8, which never leaves a network
/// namespace (so a bridge cannot route it).
bool is_loopback(uint32_t addr) noexcept;

} // namespace convoy::net
