#include "actors/apiserver/auth/cluster_tokens.hpp"

#include <set>
#include <stdexcept>

#include "actors/apiserver/auth/crypto.hpp"
#include "actors/apiserver/rbac/rbac_rules.hpp"

namespace convoy::apiserver {

namespace {

static_token make_token(random_source& random, std::string user, std::vector<std::string> groups) {
  static_token t;
  t.token = generate_bearer_token(random);
  t.uid = user;
  t.user = std::move(user);
  t.groups = std::move(groups);
  return t;
}

} // namespace

std::string node_username(std::string_view node_name) {
  return "system:node:" + std::string{node_name};
}

std::vector<static_token> cluster_tokens::all() const {
  std::vector<static_token> out{admin, scheduler, controllers, proxy};
  out.insert(out.end(), kubelets.begin(), kubelets.end());
  return out;
}

const static_token* cluster_tokens::kubelet(std::string_view node_name) const {
  auto user = node_username(node_name);
  for (const auto& t : kubelets)
    if (t.user == user)
      return &t;
  return nullptr;
}

std::string generate_bearer_token(random_source& random) {
  return crypto::base64url(random_bytes(random, 32));
}

cluster_tokens generate_cluster_tokens(const std::vector<std::string>& node_names,
                                       random_source& random) {
  std::set<std::string_view> seen;
  for (const auto& n : node_names) {
    if (n.empty())
      throw std::invalid_argument("generate_cluster_tokens: empty node name");
    if (!seen.insert(n).second)
      throw std::invalid_argument("generate_cluster_tokens: duplicate node name \"" + n + "\"");
  }
  cluster_tokens out;
  out.admin = make_token(random, std::string{admin_user}, {std::string{group_masters}});
  out.scheduler = make_token(random, std::string{scheduler_user}, {});
  out.controllers = make_token(random, std::string{controller_manager_user}, {});
  out.proxy = make_token(random, std::string{proxy_user}, {});
  out.kubelets.reserve(node_names.size());
  for (const auto& n : node_names)
    out.kubelets.push_back(make_token(random, node_username(n), {std::string{group_nodes}}));
  return out;
}

} // namespace convoy::apiserver
