#include "actors/kubelet/core/pod_ip_pool.hpp"

#include <charconv>

namespace convoy::kubelet {

namespace {

/// A decimal number in [0, max] spanning exactly [first, last).
std::optional<uint32_t> parse_number(const char* first, const char* last, uint32_t max) {
  if (first == last || last - first > 3 || (last - first > 1 && *first == '0'))
    return std::nullopt;
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last || value > max)
    return std::nullopt;
  return value;
}

} // namespace

std::optional<uint32_t> pod_ip_pool::parse_ipv4(const std::string& text) {
  uint32_t addr = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  for (int i = 0; i < 4; ++i) {
    const char* dot = p;
    while (dot != end && *dot != '.')
      ++dot;
    if ((i < 3) == (dot == end))
      return std::nullopt;
    auto octet = parse_number(p, dot, 255);
    if (!octet)
      return std::nullopt;
    addr = (addr << 8) | *octet;
    p = dot == end ? end : dot + 1;
  }
  return addr;
}

std::string pod_ip_pool::format_ipv4(uint32_t addr) {
  return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "."
         + std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff);
}

pod_ip_pool_result pod_ip_pool::parse(const std::string& cidr) {
  auto bad = [&](const std::string& why) {
    return pod_ip_pool_result{std::nullopt, "pod CIDR \"" + cidr + "\": " + why};
  };
  auto slash = cidr.find('/');
  if (slash == std::string::npos)
    return bad("expected an IPv4 CIDR like 10.88.0.0/24");
  auto addr = parse_ipv4(cidr.substr(0, slash));
  if (!addr)
    return bad("invalid IPv4 address \"" + cidr.substr(0, slash) + "\"");
  const char* first = cidr.data() + slash + 1;
  auto prefix = parse_number(first, cidr.data() + cidr.size(), 32);
  if (!prefix)
    return bad("invalid prefix length \"" + cidr.substr(slash + 1) + "\"");
  if (*prefix < 8 || *prefix > 30)
    return bad("prefix length must be between 8 and 30");
  uint32_t mask = ~uint32_t{0} << (32 - *prefix);
  uint32_t network = *addr & mask;
  uint32_t broadcast = network | ~mask;
  // .0 is the network, .1 the gateway-like first host, the last broadcast.
  return pod_ip_pool_result{pod_ip_pool{cidr, network + 2, broadcast - 1}, {}};
}

pod_ip_pool::pod_ip_pool(std::string cidr, uint32_t first, uint32_t last)
  : cidr_(std::move(cidr)), first_(first), last_(last), cursor_(first) {
}

std::optional<std::string> pod_ip_pool::allocate(const std::string& pod_uid) {
  if (auto it = by_uid_.find(pod_uid); it != by_uid_.end())
    return format_ipv4(it->second);
  if (by_ip_.size() >= capacity())
    return std::nullopt;
  while (by_ip_.count(cursor_) != 0)
    cursor_ = cursor_ == last_ ? first_ : cursor_ + 1;
  uint32_t addr = cursor_;
  cursor_ = cursor_ == last_ ? first_ : cursor_ + 1;
  by_uid_.emplace(pod_uid, addr);
  by_ip_.emplace(addr, pod_uid);
  return format_ipv4(addr);
}

void pod_ip_pool::release(const std::string& pod_uid) {
  auto it = by_uid_.find(pod_uid);
  if (it == by_uid_.end())
    return;
  by_ip_.erase(it->second);
  by_uid_.erase(it);
}

std::string pod_ip_pool::restore(const std::string& pod_uid, const std::string& ip) {
  auto addr = parse_ipv4(ip);
  if (!addr)
    return "pod IP \"" + ip + "\" is not an IPv4 address";
  if (*addr < first_ || *addr > last_)
    return "pod IP " + ip + " is outside the pod CIDR " + cidr_;
  if (auto it = by_ip_.find(*addr); it != by_ip_.end() && it->second != pod_uid)
    return "pod IP " + ip + " is already held by pod " + it->second;
  release(pod_uid);
  by_uid_.emplace(pod_uid, *addr);
  by_ip_.emplace(*addr, pod_uid);
  return {};
}

std::optional<std::string> pod_ip_pool::lookup(const std::string& pod_uid) const {
  auto it = by_uid_.find(pod_uid);
  if (it == by_uid_.end())
    return std::nullopt;
  return format_ipv4(it->second);
}

} // namespace convoy::kubelet
