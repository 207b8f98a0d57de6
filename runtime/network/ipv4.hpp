#pragma once

// The pod network's names for convoy's one IPv4 parser and address
// arithmetic (net/address/ipv4.hpp): parsing "A.B.C.D" and "A.B.C.D/N",
// the network and gateway of a pod CIDR, the loopback test that decides
// which ranges a bridge can use.

#include <optional>
#include <string>

#include "net/address/ipv4.hpp"

namespace convoy::network {

using net::format_ipv4;
using net::gateway_of;
using net::ipv4_cidr;
using net::is_loopback;
using net::network_of;
using net::parse_ipv4;
using net::prefix_mask;

/// "10.213.1.0/24" (prefix 0..32); nullopt with `error` quoting the text in
/// the wording the pod network has always logged.
inline std::optional<ipv4_cidr> parse_cidr(const std::string& text, std::string& error) {
  net::ipv4_error why;
  auto cidr = net::parse_ipv4_cidr(text, why);
  if (!cidr)
    error = why.fault == net::ipv4_fault::prefix
              ? "'" + text + "': the prefix length must be 0..32"
              : "'" + text + "' is not a CIDR (A.B.C.D/N)";
  return cidr;
}

/// "A.B.C.D/N" as held (host bits kept).
inline std::string format_cidr(const ipv4_cidr& c) {
  return net::format_ipv4_cidr(c);
}

} // namespace convoy::network
