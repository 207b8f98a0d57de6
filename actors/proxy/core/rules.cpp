#include "actors/proxy/core/rules.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace convoy::proxy {

bool operator==(const backend& a, const backend& b) {
  return a.port == b.port && a.ip == b.ip;
}

bool operator!=(const backend& a, const backend& b) {
  return !(a == b);
}

bool operator<(const backend& a, const backend& b) {
  return std::tie(a.ip, a.port) < std::tie(b.ip, b.port);
}

bool operator==(const rule& a, const rule& b) {
  return a.listen_port == b.listen_port && a.listen_ip == b.listen_ip
         && a.service_key == b.service_key && a.backends == b.backends;
}

std::string listen_key(const rule& r) {
  return r.listen_ip + ":" + std::to_string(r.listen_port);
}

namespace {

bool is_tcp(const std::string& protocol) {
  return protocol.empty() || protocol == "TCP";
}

bool valid_port(int port) {
  return port >= 1 && port <= 65535;
}

/// The subset's endpoint port serving service port `name`, or nullptr.
const api::EndpointPort* matching_port(const api::EndpointSubset& subset,
                                       const std::string& name) {
  for (const auto& p : subset.ports())
    if (p.name() == name && is_tcp(p.protocol()))
      return &p;
  return nullptr;
}

std::string object_key(const api::ObjectMeta& meta) {
  if (meta.namespace_().empty())
    return meta.name();
  return meta.namespace_() + "/" + meta.name();
}

void report(std::vector<std::string>* errors, std::string what) {
  if (errors)
    errors->push_back(std::move(what));
}

rule make_rule(const std::string& key, const std::string& ip, int port,
               const std::vector<backend>& backends) {
  return rule{key, ip, port, backends};
}

} // namespace

std::vector<backend> ready_backends(const api::Endpoints& eps, const std::string& port_name) {
  std::vector<backend> out;
  for (const auto& subset : eps.subsets()) {
    const auto* port = matching_port(subset, port_name);
    if (port == nullptr || !valid_port(port->port()))
      continue;
    for (const auto& addr : subset.addresses())
      if (!addr.ip().empty())
        out.push_back(backend{addr.ip(), port->port()});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<rule> service_rules(const api::Service& svc, const api::Endpoints* eps,
                                const rule_options& opts, std::vector<std::string>* errors) {
  std::vector<rule> out;
  const auto& spec = svc.spec();
  const auto& type = spec.type();
  if (type == "ExternalName" || spec.cluster_ip().empty() || spec.cluster_ip() == "None")
    return out;
  bool node_ports = type == "NodePort" || type == "LoadBalancer";
  auto svc_key = object_key(svc.metadata());
  for (int i = 0; i < spec.ports_size(); ++i) {
    const auto& port = spec.ports(i);
    if (!is_tcp(port.protocol()))
      continue;
    auto field = svc_key + ": spec.ports[" + std::to_string(i) + "]";
    if (!valid_port(port.port())) {
      report(errors, field + ".port " + std::to_string(port.port()) + " is not in 1..65535");
      continue;
    }
    auto backends = eps ? ready_backends(*eps, port.name()) : std::vector<backend>{};
    auto key = svc_key + ":" + port.name();
    out.push_back(make_rule(key, spec.cluster_ip(), port.port(), backends));
    if (!node_ports || port.node_port() == 0)
      continue;
    if (!valid_port(port.node_port())) {
      report(errors,
             field + ".nodePort " + std::to_string(port.node_port()) + " is not in 1..65535");
      continue;
    }
    out.push_back(make_rule(key, opts.node_ip, port.node_port(), backends));
    if (opts.nodeport_on_localhost && opts.node_ip != "127.0.0.1")
      out.push_back(make_rule(key, "127.0.0.1", port.node_port(), backends));
  }
  return out;
}

std::vector<rule> compute_rules(const service_map& services, const endpoints_map& endpoints,
                                const rule_options& opts, std::vector<std::string>* errors) {
  std::vector<const std::string*> keys;
  keys.reserve(services.size());
  for (const auto& [key, svc] : services)
    keys.push_back(&key);
  std::sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return *a < *b; });
  std::map<std::string, rule> by_listen;
  for (const auto* key : keys) {
    auto ep = endpoints.find(*key);
    const api::Endpoints* eps = ep == endpoints.end() ? nullptr : ep->second.get();
    for (auto& r : service_rules(*services.at(*key), eps, opts, errors)) {
      auto lk = listen_key(r);
      auto [it, fresh] = by_listen.try_emplace(lk, std::move(r));
      if (!fresh)
        report(errors, *key + ": listen address " + lk + " already used by "
                         + it->second.service_key);
    }
  }
  std::vector<rule> out;
  out.reserve(by_listen.size());
  for (auto& [lk, r] : by_listen)
    out.push_back(std::move(r));
  return out;
}

rule_diff diff(const std::vector<rule>& current, const std::vector<rule>& desired) {
  std::map<std::string, const rule*> cur;
  for (const auto& r : current)
    cur.try_emplace(listen_key(r), &r);
  std::map<std::string, const rule*> want;
  for (const auto& r : desired)
    want.try_emplace(listen_key(r), &r);
  rule_diff out;
  for (const auto& [lk, r] : want) {
    auto it = cur.find(lk);
    if (it == cur.end())
      out.open.push_back(*r);
    else if (!(*it->second == *r))
      out.update.push_back(*r);
  }
  for (const auto& [lk, r] : cur)
    if (want.count(lk) == 0)
      out.close.push_back(lk);
  return out;
}

} // namespace convoy::proxy
