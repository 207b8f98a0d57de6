#pragma once

// The nodeipam names of convoy's one IPv4 parser (net/address/ipv4.hpp):
// cluster and node CIDRs are parsed exactly like pod CIDRs elsewhere.

#include "net/address/ipv4.hpp"

namespace convoy::controllers::nodeipam {

using net::format_ipv4;
using net::ipv4_cidr;
using net::parse_ipv4_cidr;

} // namespace convoy::controllers::nodeipam
