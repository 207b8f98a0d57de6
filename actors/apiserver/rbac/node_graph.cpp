#include "actors/apiserver/rbac/node_graph.hpp"

namespace convoy::apiserver {

namespace {

std::string edge_key(std::string_view node, std::string_view resource, std::string_view ns,
                     std::string_view name) {
  std::string out;
  out.reserve(node.size() + resource.size() + ns.size() + name.size() + 3);
  out.append(node).append(1, '\n').append(resource).append(1, '\n');
  out.append(ns).append(1, '\n').append(name);
  return out;
}

std::string ns_key(std::string_view ns, std::string_view name) {
  std::string out{ns};
  out.append(1, '/').append(name);
  return out;
}

} // namespace

void node_graph::set_pod(const std::string& key, const api::Pod* pod) {
  if (auto old = pods_.find(key); old != pods_.end()) {
    count(old->second, -1);
    pods_.erase(old);
  }
  if (pod == nullptr || pod->spec().node_name().empty())
    return;
  auto& edges = pods_[key];
  edges = {pod->spec().node_name(), pod->metadata().namespace_(), references_of(*pod)};
  count(edges, +1);
}

void node_graph::set_account(const std::string& key, const api::ServiceAccount* account) {
  auto slash = key.find('/');
  auto ns = key.substr(0, slash);
  auto name = key.substr(slash + 1);
  if (auto old = account_secrets_.find(key); old != account_secrets_.end()) {
    for (const auto& secret : old->second) {
      auto owners = secret_accounts_.find(ns_key(ns, secret));
      if (owners != secret_accounts_.end() && owners->second.erase(name) != 0
          && owners->second.empty())
        secret_accounts_.erase(owners);
    }
    account_secrets_.erase(old);
  }
  if (account == nullptr || account->secrets().empty())
    return;
  auto& secrets = account_secrets_[key];
  for (const auto& ref : account->secrets()) {
    secrets.push_back(ref.name());
    secret_accounts_[ns_key(ns, ref.name())].insert(name);
  }
}

bool node_graph::may_get(std::string_view node, std::string_view resource, std::string_view ns,
                         std::string_view name) const {
  if (resource != "secrets" && resource != "configmaps" && resource != "serviceaccounts")
    return false;
  if (has_edge(node, resource, ns, name))
    return true;
  if (resource != "secrets")
    return false;
  auto owners = secret_accounts_.find(ns_key(ns, name));
  if (owners == secret_accounts_.end())
    return false;
  for (const auto& account : owners->second)
    if (has_edge(node, "serviceaccounts", ns, account))
      return true;
  return false;
}

void node_graph::count(const pod_edges& pod, int delta) {
  for (const auto& s : pod.refs.secrets)
    count_edge(edge_key(pod.node, "secrets", pod.ns, s), delta);
  for (const auto& c : pod.refs.config_maps)
    count_edge(edge_key(pod.node, "configmaps", pod.ns, c), delta);
  count_edge(edge_key(pod.node, "serviceaccounts", pod.ns, pod.refs.service_account), delta);
}

void node_graph::count_edge(const std::string& edge, int delta) {
  auto& n = edges_[edge];
  n += delta;
  if (n <= 0)
    edges_.erase(edge);
}

bool node_graph::has_edge(std::string_view node, std::string_view resource, std::string_view ns,
                          std::string_view name) const {
  return edges_.count(edge_key(node, resource, ns, name)) != 0;
}

} // namespace convoy::apiserver
