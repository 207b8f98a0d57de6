#include "net/address/ipv4.hpp"

namespace convoy::net {

namespace {

/// A decimal number in [0, max] that is all of `text`: 1..3 digits, no
/// leading zero, no sign.
std::optional<uint32_t> strict_decimal(std::string_view text, uint32_t max) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text.front() == '0'))
    return std::nullopt;
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > max)
    return std::nullopt;
  return value;
}

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::nullopt_t fail(ipv4_error& error, ipv4_fault fault, std::string message) {
  error.fault = fault;
  error.message = std::move(message);
  return std::nullopt;
}

} // namespace

uint32_t ipv4_cidr::mask() const noexcept {
  return prefix_mask(prefix);
}

uint32_t ipv4_cidr::first() const noexcept {
  return address & mask();
}

uint32_t ipv4_cidr::last() const noexcept {
  return first() | ~mask();
}

uint32_t ipv4_cidr::gateway() const noexcept {
  return first() + 1;
}

bool ipv4_cidr::contains(uint32_t addr) const noexcept {
  return (addr & mask()) == first();
}

std::string ipv4_cidr::canonical() const {
  return format_ipv4_cidr(ipv4_cidr{first(), prefix});
}

std::optional<uint32_t> parse_ipv4(std::string_view text) {
  uint32_t addr = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    auto dot = rest.find('.');
    // Octets 0..2 end at a dot, octet 3 at the end of the text.
    if ((i < 3) == (dot == std::string_view::npos))
      return std::nullopt;
    auto octet = strict_decimal(rest.substr(0, dot), 255);
    if (!octet)
      return std::nullopt;
    addr = addr << 8 | *octet;
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  }
  return addr;
}

std::optional<uint32_t> parse_ipv4(std::string_view text, ipv4_error& error) {
  if (auto addr = parse_ipv4(text))
    return addr;
  return fail(error, ipv4_fault::address,
              quoted(text) + " is not an IPv4 address (a.b.c.d, each 0..255, no leading zeros)");
}

std::optional<int> parse_prefix_length(std::string_view text) {
  auto value = strict_decimal(text, 32);
  if (!value)
    return std::nullopt;
  return static_cast<int>(*value);
}

std::optional<ipv4_cidr> parse_ipv4_cidr(std::string_view text) {
  ipv4_error ignored;
  return parse_ipv4_cidr(text, ignored);
}

std::optional<ipv4_cidr> parse_ipv4_cidr(std::string_view text, ipv4_error& error) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return fail(error, ipv4_fault::not_cidr, quoted(text) + " is not an IPv4 CIDR (a.b.c.d/n)");
  auto address = parse_ipv4(text.substr(0, slash));
  if (!address)
    return fail(error, ipv4_fault::address,
                "CIDR " + quoted(text) + ": invalid IPv4 address "
                  + quoted(text.substr(0, slash)));
  auto prefix = parse_prefix_length(text.substr(slash + 1));
  if (!prefix)
    return fail(error, ipv4_fault::prefix,
                "CIDR " + quoted(text) + ": invalid prefix length "
                  + quoted(text.substr(slash + 1)) + " (0..32)");
  return ipv4_cidr{*address, *prefix};
}

std::string format_ipv4(uint32_t addr) {
  std::string out;
  out.reserve(15);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string(addr >> shift & 0xff);
    if (shift > 0)
      out += '.';
  }
  return out;
}

std::string format_ipv4_cidr(const ipv4_cidr& cidr) {
  return format_ipv4(cidr.address) + "/" + std::to_string(cidr.prefix);
}

uint32_t prefix_mask(int prefix) noexcept {
  if (prefix <= 0)
    return 0;
  if (prefix >= 32)
    return 0xffffffffu;
  return ~uint32_t{0} << (32 - prefix);
}

uint32_t network_of(uint32_t addr, int prefix) noexcept {
  return addr & prefix_mask(prefix);
}

uint32_t gateway_of(uint32_t addr, int prefix) noexcept {
  return network_of(addr, prefix) + 1;
}

bool is_loopback(uint32_t addr) noexcept {
  return addr >> 24 == 127;
}

} // namespace convoy::net
