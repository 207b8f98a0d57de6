// The node authorizer (Kubernetes' --authorization-mode=Node before RBAC):
// a kubelet may get the Secrets, ConfigMaps and ServiceAccounts of the
// pods bound to its node, and no others. The graph is fed by the pods and
// serviceaccounts watch caches; authorize() asks it first.

#include "actors/apiserver/server/apiserver_state.hpp"

#include "actors/apiserver/rbac/node_restriction.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"

namespace convoy::apiserver {

namespace {

/// "NS/NAME" of a store key ".../NS/NAME".
std::string namespaced_name(const std::string& key) {
  auto last = key.rfind('/');
  auto before =
    last == std::string::npos || last == 0 ? std::string::npos : key.rfind('/', last - 1);
  return before == std::string::npos ? key : key.substr(before + 1);
}

} // namespace

void follow_node_graph(apiserver_ptr self) {
  auto& st = self->state;
  observe_cache(self, *st.registry->by_resource("pods"),
                [self](const std::string& key, const google::protobuf::Message* object) {
                  self->state.nodes.set_pod(namespaced_name(key),
                                            dynamic_cast<const api::Pod*>(object));
                });
  observe_cache(self, *st.registry->by_resource("serviceaccounts"),
                [self](const std::string& key, const google::protobuf::Message* object) {
                  self->state.nodes.set_account(namespaced_name(key),
                                                dynamic_cast<const api::ServiceAccount*>(object));
                });
}

std::optional<std::string> node_graph_allows(apiserver_ptr self, const user_info& user,
                                             const request_attributes& a) {
  auto node = node_identity(user);
  if (!node || !a.resource_request || a.verb != "get" || !a.subresource.empty()
      || !a.api_group.empty())
    return std::nullopt;
  if (!self->state.nodes.may_get(*node, a.resource, a.namespace_, a.name))
    return std::nullopt;
  return "node authorizer: a pod bound to node \"" + std::string{*node} + "\" uses it";
}

} // namespace convoy::apiserver
