#include "actors/controllers/namespace/core/namespaced_resources.hpp"

namespace convoy::controllers::namespaces {

const std::vector<namespaced_resource>& namespaced_resources() {
  static const std::vector<namespaced_resource> all{
    {"apps", "deployments"},
    {"apps", "replicasets"},
    {"", "replicationcontrollers"},
    {"", "pods"},
    {"", "services"},
    {"", "endpoints"},
    {"", "configmaps"},
    {"", "secrets"},
    {"", "serviceaccounts"},
    {"rbac.authorization.k8s.io", "roles"},
    {"rbac.authorization.k8s.io", "rolebindings"},
    {"coordination.k8s.io", "leases"},
    {"", "events"},
  };
  return all;
}

std::string qualified_name(const namespaced_resource& r) {
  return r.group.empty() ? r.resource : r.resource + "." + r.group;
}

std::string group_of(const std::string& resource) {
  for (const auto& r : namespaced_resources())
    if (r.resource == resource)
      return r.group;
  return {};
}

} // namespace convoy::controllers::namespaces
