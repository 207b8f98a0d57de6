#include "actors/controllers/nodeipam/core/node_cidrs.hpp"

namespace convoy::controllers::nodeipam {

node_cidrs::observation node_cidrs::observe(const std::string& node, const std::string& cidr) {
  auto parsed = parse_ipv4_cidr(cidr);
  auto key = parsed ? parsed->canonical() : cidr;
  if (auto it = nodes_.find(node); it != nodes_.end()) {
    if (it->second.cidr == key)
      return {verdict::unchanged, {}};
    forget(node);
  }
  auto status = set_.occupy(key);
  if (!status.ok())
    return reject(node, key, status);
  nodes_[node] = entry{key, role::holder};
  holders_[key] = node;
  return {verdict::claimed, {}};
}

node_cidrs::observation node_cidrs::reject(const std::string& node, const std::string& cidr,
                                           const cidr_status& why) {
  switch (why.code) {
    case cidr_error::occupied: {
      auto holder = holders_.find(cidr);
      if (holder != holders_.end()) {
        nodes_[node] = entry{cidr, role::waiter};
        waiters_[cidr].insert(node);
        return {verdict::collision,
                "CIDR " + cidr + " of node " + node + " is allocated to node " + holder->second};
      }
      nodes_[node] = entry{cidr, role::outside};
      return {verdict::collision, why.message};
    }
    case cidr_error::out_of_range:
      nodes_[node] = entry{cidr, role::outside};
      return {verdict::out_of_range, why.message};
    default:
      nodes_[node] = entry{cidr, role::outside};
      return {verdict::invalid, why.message};
  }
}

std::optional<std::string> node_cidrs::reserve(const std::string& node) {
  if (auto it = nodes_.find(node); it != nodes_.end()) {
    if (it->second.what == role::holder)
      return it->second.cidr;
    forget(node);
  }
  auto cidr = set_.allocate_next();
  if (!cidr)
    return std::nullopt;
  nodes_[node] = entry{*cidr, role::holder};
  holders_[*cidr] = node;
  return cidr;
}

bool node_cidrs::forget(const std::string& node) {
  auto it = nodes_.find(node);
  if (it == nodes_.end())
    return false;
  auto [cidr, what] = it->second;
  nodes_.erase(it);
  if (what == role::outside)
    return false;
  auto waiting = waiters_.find(cidr);
  if (what == role::waiter) {
    waiting->second.erase(node);
    if (waiting->second.empty())
      waiters_.erase(waiting);
    return false;
  }
  if (waiting != waiters_.end()) { // the first waiter inherits it
    auto heir = *waiting->second.begin();
    waiting->second.erase(waiting->second.begin());
    if (waiting->second.empty())
      waiters_.erase(waiting);
    nodes_[heir] = entry{cidr, role::holder};
    holders_[cidr] = heir;
    return false;
  }
  holders_.erase(cidr);
  set_.release(cidr);
  return true;
}

std::optional<std::string> node_cidrs::cidr_of(const std::string& node) const {
  auto it = nodes_.find(node);
  if (it == nodes_.end() || it->second.what != role::holder)
    return std::nullopt;
  return it->second.cidr;
}

size_t node_cidrs::conflicts() const noexcept {
  size_t n = 0;
  for (const auto& [name, e] : nodes_)
    n += e.what == role::holder ? 0 : 1;
  return n;
}

} // namespace convoy::controllers::nodeipam
