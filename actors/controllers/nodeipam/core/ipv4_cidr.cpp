#include "actors/controllers/nodeipam/core/ipv4_cidr.hpp"

#include <cctype>

namespace convoy::controllers::nodeipam {

namespace {

/// A decimal number of at most `max_digits` digits, no leading zero, at
/// `text[pos]`; advances pos.
std::optional<uint32_t> number_at(const std::string& text, size_t& pos, size_t max_digits) {
  size_t start = pos;
  uint32_t value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))
         && pos - start < max_digits) {
    value = value * 10 + static_cast<uint32_t>(text[pos] - '0');
    ++pos;
  }
  if (pos == start || (pos - start > 1 && text[start] == '0'))
    return std::nullopt;
  return value;
}

} // namespace

uint32_t ipv4_cidr::mask() const noexcept {
  return prefix == 0 ? 0u : ~uint32_t{0} << (32 - prefix);
}

uint32_t ipv4_cidr::first() const noexcept {
  return address & mask();
}

uint32_t ipv4_cidr::last() const noexcept {
  return first() | ~mask();
}

std::string ipv4_cidr::canonical() const {
  return format_ipv4(first()) + "/" + std::to_string(prefix);
}

std::optional<ipv4_cidr> parse_ipv4_cidr(const std::string& text) {
  ipv4_cidr out;
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= text.size() || text[pos] != '.')
        return std::nullopt;
      ++pos;
    }
    auto octet = number_at(text, pos, 3);
    if (!octet || *octet > 255)
      return std::nullopt;
    out.address = out.address << 8 | *octet;
  }
  if (pos >= text.size() || text[pos] != '/')
    return std::nullopt;
  ++pos;
  auto prefix = number_at(text, pos, 2);
  if (!prefix || *prefix > 32 || pos != text.size())
    return std::nullopt;
  out.prefix = static_cast<int>(*prefix);
  return out;
}

std::string format_ipv4(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string(address >> 16 & 0xff) + "."
         + std::to_string(address >> 8 & 0xff) + "." + std::to_string(address & 0xff);
}

} // namespace convoy::controllers::nodeipam
