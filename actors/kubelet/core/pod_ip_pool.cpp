#include "actors/kubelet/core/pod_ip_pool.hpp"

#include <utility>

#include "net/address/ipv4.hpp"

namespace convoy::kubelet {

using net::format_ipv4;
using net::parse_ipv4;

pod_ip_pool_result pod_ip_pool::parse(const std::string& cidr) {
  auto bad = [&](const std::string& why) {
    return pod_ip_pool_result{std::nullopt, "pod CIDR \"" + cidr + "\": " + why};
  };
  net::ipv4_error error;
  auto parsed = net::parse_ipv4_cidr(cidr, error);
  if (!parsed) {
    auto slash = cidr.find('/');
    switch (error.fault) {
      case net::ipv4_fault::address:
        return bad("invalid IPv4 address \"" + cidr.substr(0, slash) + "\"");
      case net::ipv4_fault::prefix:
        return bad("invalid prefix length \"" + cidr.substr(slash + 1) + "\"");
      default:
        return bad("expected an IPv4 CIDR like 10.88.0.0/24");
    }
  }
  if (parsed->prefix < 8 || parsed->prefix > 30)
    return bad("prefix length must be between 8 and 30");
  uint32_t network = parsed->first();
  uint32_t broadcast = parsed->last();
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
