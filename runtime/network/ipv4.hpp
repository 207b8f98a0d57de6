#pragma once

// IPv4 address arithmetic for pod networking (pure: no sockets, no
// syscalls): parsing "A.B.C.D" and "A.B.C.D/N", the network and gateway of
// a pod CIDR, the loopback test that decides which ranges a bridge can use.

#include <cstdint>
#include <optional>
#include <string>

namespace convoy::network {

/// An address with its prefix length, host order.
struct ipv4_cidr {
  uint32_t addr = 0;
  int prefix = 0;
};

/// "10.0.0.1" -> host-order integer; nullopt unless a dotted quad.
std::optional<uint32_t> parse_ipv4(const std::string& text);

/// Host-order integer -> "10.0.0.1".
std::string format_ipv4(uint32_t addr);

/// "10.213.1.0/24" (prefix 0..32); nullopt with `error` naming the text.
std::optional<ipv4_cidr> parse_cidr(const std::string& text, std::string& error);

/// "A.B.C.D/N".
std::string format_cidr(const ipv4_cidr& c);

/// The mask of a prefix length (0 -> 0, 32 -> all ones).
uint32_t prefix_mask(int prefix);

/// The network address of addr/prefix (host bits cleared).
uint32_t network_of(uint32_t addr, int prefix);

/// The first address of the network: the bridge's gateway address
/// (pod_ip_pool never hands it to a pod).
uint32_t gateway_of(uint32_t addr, int prefix);

/// Whether the address is in 127.0.0.0/8, which never leaves a network
/// namespace (so a bridge cannot route it).
bool is_loopback(uint32_t addr);

} // namespace convoy::network
