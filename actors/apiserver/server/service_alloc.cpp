// ClusterIP and NodePort allocation. Each address a service holds is also
// a store key (/registry/ranges/...) created in the same transaction as the
// service, so two apiservers can never hand out one address twice: the
// loser's transaction fails and it picks again.

#include "actors/apiserver/server/apiserver_state.hpp"

#include "api/service.pb.h"
#include "net/address/ipv4.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view ip_prefix = "/registry/ranges/serviceips/";
constexpr std::string_view port_prefix = "/registry/ranges/servicenodeports/";

struct cidr {
  uint32_t base = 0;
  uint32_t size = 0;
};

std::optional<cidr> parse_cidr(const std::string& text) {
  auto range = net::parse_ipv4_cidr(text);
  if (!range || range->prefix < 8 || range->prefix > 30)
    return std::nullopt;
  return cidr{range->first(), range->last() - range->first() + 1};
}

std::string ip_text(uint32_t ip) {
  return net::format_ipv4(ip);
}

uint32_t ip_value(const std::string& text) {
  return net::parse_ipv4(text).value_or(0);
}

bool allocate_ip(apiserver_ptr self, api::ServiceSpec& spec, std::string& error) {
  auto range = parse_cidr(self->state.cfg.service_cidr);
  if (!range) {
    error = "service CIDR " + self->state.cfg.service_cidr + " is not usable";
    return false;
  }
  auto& taken = self->state.taken_ips;
  // Start at a random offset so racing apiservers rarely collide.
  auto usable = range->size - 2;
  auto start = static_cast<uint32_t>(self->state.rng() % usable);
  for (uint32_t i = 0; i < usable; ++i) {
    auto ip = range->base + 1 + (start + i) % usable;
    if (taken.count(ip))
      continue;
    spec.set_cluster_ip(ip_text(ip));
    spec.clear_cluster_ips();
    spec.add_cluster_ips(spec.cluster_ip());
    return true;
  }
  error = "no ClusterIP left in " + self->state.cfg.service_cidr;
  return false;
}

bool allocate_ports(apiserver_ptr self, api::ServiceSpec& spec, std::string& error) {
  auto& st = self->state;
  auto span = st.cfg.node_port_max - st.cfg.node_port_min + 1;
  for (auto& port : *spec.mutable_ports()) {
    if (port.node_port() != 0)
      continue;
    auto start = static_cast<int>(st.rng() % static_cast<uint64_t>(span));
    bool found = false;
    for (int i = 0; i < span && !found; ++i) {
      auto candidate = st.cfg.node_port_min + (start + i) % span;
      bool used_here = false;
      for (const auto& other : spec.ports())
        used_here |= other.node_port() == candidate;
      if (!st.taken_ports.count(candidate) && !used_here) {
        port.set_node_port(candidate);
        found = true;
      }
    }
    if (!found) {
      error = "no NodePort left in range";
      return false;
    }
  }
  return true;
}

} // namespace

std::vector<std::string> service_allocation_keys(const google::protobuf::Message& obj) {
  std::vector<std::string> keys;
  auto* svc = dynamic_cast<const api::Service*>(&obj);
  if (!svc)
    return keys;
  const auto& ip = svc->spec().cluster_ip();
  if (!ip.empty() && ip != "None")
    keys.push_back(std::string{ip_prefix} + ip);
  for (const auto& p : svc->spec().ports())
    if (p.node_port() != 0)
      keys.push_back(std::string{port_prefix} + std::to_string(p.node_port()));
  return keys;
}

std::optional<std::vector<std::string>> allocate_service(apiserver_ptr self,
                                                         google::protobuf::Message& obj,
                                                         std::string& error) {
  auto* svc = dynamic_cast<api::Service*>(&obj);
  if (!svc)
    return std::vector<std::string>{};
  auto& spec = *svc->mutable_spec();
  if (spec.cluster_ip().empty() && !allocate_ip(self, spec, error))
    return std::nullopt;
  if (spec.type() == "NodePort" && !allocate_ports(self, spec, error))
    return std::nullopt;
  auto keys = service_allocation_keys(obj);
  // Remember them as taken now; the store has the last word.
  if (auto ip = ip_value(spec.cluster_ip()))
    self->state.taken_ips.insert(ip);
  for (const auto& p : spec.ports())
    if (p.node_port() != 0)
      self->state.taken_ports.insert(p.node_port());
  return keys;
}

} // namespace convoy::apiserver
