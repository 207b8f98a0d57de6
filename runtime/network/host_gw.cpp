#include "runtime/network/host_gw.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "runtime/network/ipv4.hpp"

namespace convoy::network {

bool operator==(const pod_route& a, const pod_route& b) {
  return a.cidr == b.cidr && a.via == b.via;
}

bool operator<(const pod_route& a, const pod_route& b) {
  return a.cidr != b.cidr ? a.cidr < b.cidr : a.via < b.via;
}

namespace {

std::string internal_ip(const api::Node& node) {
  for (const auto& a : node.status().addresses())
    if (a.type() == "InternalIP")
      return a.address();
  return {};
}

/// The route of one node, or nullopt (skipped, with an error if invalid).
std::optional<pod_route> route_of(const api::Node& node, std::vector<std::string>* errors) {
  const auto& name = node.metadata().name();
  auto report = [&](const std::string& what) {
    if (errors)
      errors->push_back("node " + name + ": " + what);
    return std::nullopt;
  };
  const auto& cidr_text = node.spec().pod_cidr();
  auto ip_text = internal_ip(node);
  if (cidr_text.empty() || ip_text.empty())
    return std::nullopt; // not allocated / not reported yet
  std::string err;
  auto cidr = parse_cidr(cidr_text, err);
  if (!cidr)
    return report("spec.podCIDR: " + err);
  auto ip = parse_ipv4(ip_text);
  if (!ip)
    return report("status.addresses InternalIP '" + ip_text + "': not an IPv4 address");
  if (is_loopback(*ip))
    return std::nullopt;
  cidr->address = cidr->first();
  return pod_route{format_cidr(*cidr), ip_text};
}

} // namespace

std::vector<pod_route> desired_routes(const std::vector<api::Node>& nodes,
                                      const std::string& own_node,
                                      std::vector<std::string>* errors) {
  std::vector<const api::Node*> sorted;
  for (const auto& n : nodes)
    if (n.metadata().name() != own_node)
      sorted.push_back(&n);
  std::sort(sorted.begin(), sorted.end(), [](const api::Node* a, const api::Node* b) {
    return a->metadata().name() < b->metadata().name();
  });
  std::map<std::string, pod_route> by_cidr;
  for (const auto* n : sorted)
    if (auto r = route_of(*n, errors)) {
      auto [it, fresh] = by_cidr.emplace(r->cidr, *r);
      if (!fresh && errors)
        errors->push_back("node " + n->metadata().name() + ": spec.podCIDR " + r->cidr
                          + " is already routed via " + it->second.via);
    }
  std::vector<pod_route> out;
  for (auto& [cidr, r] : by_cidr)
    out.push_back(std::move(r));
  return out;
}

std::vector<pod_route> parse_route_list(const std::string& text) {
  std::vector<pod_route> out;
  std::istringstream lines{text};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words{line};
    std::string dest, word;
    if (!(words >> dest))
      continue;
    pod_route r{dest, {}};
    while (words >> word)
      if (word == "via" && (words >> r.via))
        break;
    out.push_back(std::move(r));
  }
  return out;
}

route_diff diff_routes(const std::vector<pod_route>& desired,
                       const std::vector<pod_route>& current) {
  route_diff d;
  std::map<std::string, std::string> have;
  for (const auto& r : current)
    have[r.cidr] = r.via;
  std::map<std::string, bool> wanted;
  for (const auto& r : desired) {
    wanted[r.cidr] = true;
    auto i = have.find(r.cidr);
    if (i == have.end() || i->second != r.via)
      d.replace.push_back(r);
  }
  for (const auto& [cidr, via] : have)
    if (!wanted.count(cidr))
      d.remove.push_back(cidr);
  return d;
}

} // namespace convoy::network
