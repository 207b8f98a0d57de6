#include "runtime/network/ipv4.hpp"

#include <cstdlib>

namespace convoy::network {

std::optional<uint32_t> parse_ipv4(const std::string& text) {
  uint32_t out = 0;
  size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.')
        return std::nullopt;
      ++pos;
    }
    size_t start = pos;
    uint32_t value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3)
      value = value * 10 + static_cast<uint32_t>(text[pos++] - '0');
    if (pos == start || value > 255)
      return std::nullopt;
    out = (out << 8) | value;
  }
  if (pos != text.size())
    return std::nullopt;
  return out;
}

std::string format_ipv4(uint32_t addr) {
  return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "."
         + std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff);
}

std::optional<ipv4_cidr> parse_cidr(const std::string& text, std::string& error) {
  auto slash = text.find('/');
  auto addr = parse_ipv4(text.substr(0, slash));
  if (slash == std::string::npos || !addr) {
    error = "'" + text + "' is not a CIDR (A.B.C.D/N)";
    return std::nullopt;
  }
  auto bits = text.substr(slash + 1);
  char* end = nullptr;
  long prefix = std::strtol(bits.c_str(), &end, 10);
  if (bits.empty() || *end != '\0' || prefix < 0 || prefix > 32) {
    error = "'" + text + "': the prefix length must be 0..32";
    return std::nullopt;
  }
  return ipv4_cidr{*addr, static_cast<int>(prefix)};
}

std::string format_cidr(const ipv4_cidr& c) {
  return format_ipv4(c.addr) + "/" + std::to_string(c.prefix);
}

uint32_t prefix_mask(int prefix) {
  if (prefix <= 0)
    return 0;
  if (prefix >= 32)
    return 0xffffffffu;
  return ~((uint32_t{1} << (32 - prefix)) - 1);
}

uint32_t network_of(uint32_t addr, int prefix) {
  return addr & prefix_mask(prefix);
}

uint32_t gateway_of(uint32_t addr, int prefix) {
  return network_of(addr, prefix) + 1;
}

bool is_loopback(uint32_t addr) {
  return (addr >> 24) == 127;
}

} // namespace convoy::network
