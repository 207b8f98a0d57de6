#include "actors/apiserver/rbac/bootstrap_policy.hpp"

#include <initializer_list>
#include <string>

#include "actors/apiserver/rbac/rbac_authorizer.hpp"

namespace convoy::apiserver {

namespace {

using strings = std::initializer_list<const char*>;

const strings read = {"get", "list", "watch"};
const strings write = {"create", "update", "patch", "delete", "deletecollection"};
const strings read_write = {"get",   "list",  "watch",  "create",
                            "update", "patch", "delete", "deletecollection"};

constexpr const char* core = "";
constexpr const char* apps = "apps";
constexpr const char* coordination = "coordination.k8s.io";
constexpr const char* events_group = "events.k8s.io";
constexpr const char* authentication = "authentication.k8s.io";
constexpr const char* authorization = "authorization.k8s.io";
constexpr const char* rbac = "rbac.authorization.k8s.io";

/// A rule builder in the style of Kubernetes' rbacv1helpers.NewRule.
class rule {
public:
  explicit rule(strings verbs) {
    for (auto v : verbs)
      rule_.add_verbs(v);
  }
  rule(strings verbs, const char* extra) : rule(verbs) { rule_.add_verbs(extra); }

  rule& groups(strings groups) {
    for (auto g : groups)
      rule_.add_api_groups(g);
    return *this;
  }
  rule& resources(strings resources) {
    for (auto r : resources)
      rule_.add_resources(r);
    return *this;
  }
  rule& names(strings names) {
    for (auto n : names)
      rule_.add_resource_names(n);
    return *this;
  }
  rule& urls(strings urls) {
    for (auto u : urls)
      rule_.add_non_resource_urls(u);
    return *this;
  }
  operator api::PolicyRule() const { return rule_; }

private:
  api::PolicyRule rule_;
};

void mark_bootstrap(api::ObjectMeta& meta, const char* name) {
  meta.set_name(name);
  (*meta.mutable_labels())["kubernetes.io/bootstrapping"] = "rbac-defaults";
  (*meta.mutable_annotations())["rbac.authorization.kubernetes.io/autoupdate"] = "true";
}

api::ClusterRole cluster_role(const char* name, std::vector<api::PolicyRule> rules) {
  api::ClusterRole role;
  role.set_kind("ClusterRole");
  role.set_api_version("rbac.authorization.k8s.io/v1");
  mark_bootstrap(*role.mutable_metadata(), name);
  for (auto& r : rules)
    *role.add_rules() = std::move(r);
  return role;
}

api::ClusterRoleBinding binding(const char* name, const char* role, const char* subject_kind,
                                strings subjects) {
  api::ClusterRoleBinding b;
  b.set_kind("ClusterRoleBinding");
  b.set_api_version("rbac.authorization.k8s.io/v1");
  mark_bootstrap(*b.mutable_metadata(), name);
  b.mutable_role_ref()->set_api_group(rbac);
  b.mutable_role_ref()->set_kind("ClusterRole");
  b.mutable_role_ref()->set_name(role);
  for (auto s : subjects) {
    auto& subject = *b.add_subjects();
    subject.set_kind(subject_kind);
    subject.set_api_group(rbac);
    subject.set_name(s);
  }
  return b;
}

api::PolicyRule events_rule() {
  return rule({"create", "update", "patch"}).groups({core, events_group}).resources({"events"});
}

std::vector<api::PolicyRule> view_rules() {
  return {
    rule(read).groups({core}).resources(
      {"pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
       "services", "services/status", "endpoints", "persistentvolumeclaims",
       "persistentvolumeclaims/status", "configmaps"}),
    rule(read).groups({core}).resources(
      {"limitranges", "resourcequotas", "bindings", "events", "pods/status",
       "resourcequotas/status", "namespaces/status", "replicationcontrollers/status",
       "pods/log"}),
    rule(read).groups({core}).resources({"namespaces"}),
    rule(read).groups({apps}).resources(
      {"controllerrevisions", "statefulsets", "statefulsets/scale", "statefulsets/status",
       "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
       "deployments/status", "replicasets", "replicasets/scale", "replicasets/status"}),
  };
}

std::vector<api::PolicyRule> edit_rules() {
  return {
    rule(read).groups({core}).resources(
      {"pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets",
       "services/proxy"}),
    rule({"impersonate"}).groups({core}).resources({"serviceaccounts"}),
    rule(write).groups({core}).resources(
      {"pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"}),
    rule({"create"}).groups({core}).resources({"pods/eviction"}),
    rule(write).groups({core}).resources(
      {"replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
       "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"}),
    rule({"create"}).groups({core}).resources({"serviceaccounts/token"}),
    rule(write).groups({apps}).resources(
      {"statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale",
       "deployments/rollback", "replicasets", "replicasets/scale"}),
    rule(read_write).groups({coordination}).resources({"leases"}),
  };
}

std::vector<api::PolicyRule> admin_rules() {
  return {
    rule({"create"}).groups({authorization}).resources({"localsubjectaccessreviews"}),
    rule(read_write).groups({rbac}).resources({"roles", "rolebindings"}),
  };
}

std::vector<api::PolicyRule> concat(std::initializer_list<std::vector<api::PolicyRule>> parts) {
  std::vector<api::PolicyRule> out;
  for (const auto& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

std::vector<api::PolicyRule> scheduler_rules() {
  return {
    events_rule(),
    rule({"create"}).groups({coordination}).resources({"leases"}),
    rule({"get", "update"}).groups({coordination}).resources({"leases"}).names({"kube-scheduler"}),
    rule(read).groups({core}).resources({"nodes"}),
    rule(read, "delete").groups({core}).resources({"pods"}),
    rule({"create"}).groups({core}).resources({"pods/binding", "bindings"}),
    rule({"patch", "update"}).groups({core}).resources({"pods/status"}),
    rule(read).groups({core}).resources({"services", "replicationcontrollers"}),
    rule(read).groups({apps}).resources({"replicasets", "statefulsets"}),
    rule(read).groups({core}).resources({"persistentvolumeclaims", "persistentvolumes"}),
    rule({"create"}).groups({authentication}).resources({"tokenreviews"}),
    rule({"create"}).groups({authorization}).resources({"subjectaccessreviews"}),
    rule(read).groups({core}).resources({"namespaces"}),
  };
}

std::vector<api::PolicyRule> controller_manager_rules() {
  return {
    events_rule(),
    rule({"create"}).groups({coordination}).resources({"leases"}),
    rule({"get", "update"}).groups({coordination}).resources({"leases"}).names(
      {"kube-controller-manager"}),
    rule({"create"}).groups({core}).resources({"secrets", "serviceaccounts"}),
    rule({"delete"}).groups({core}).resources({"secrets"}),
    rule({"get"}).groups({core}).resources({"configmaps", "namespaces", "secrets",
                                            "serviceaccounts"}),
    rule({"update"}).groups({core}).resources({"secrets", "serviceaccounts"}),
    rule({"create"}).groups({authentication}).resources({"tokenreviews"}),
    rule({"create"}).groups({authorization}).resources({"subjectaccessreviews"}),
    rule({"list", "watch"}).groups({"*"}).resources({"*"}),
    rule({"create"}).groups({core}).resources({"serviceaccounts/token"}),
    // convoy: the rules of the per-controller roles convoy's controllers need.
    rule(read_write).groups({core}).resources({"pods", "endpoints", "nodes"}),
    rule({"update", "patch"}).groups({core}).resources(
      {"pods/status", "nodes/status", "replicationcontrollers/status", "namespaces/status",
       "namespaces/finalize"}),
    rule({"create"}).groups({core}).resources({"pods/eviction"}),
    rule({"get", "list", "watch", "update", "patch"}).groups({core}).resources(
      {"replicationcontrollers", "services", "namespaces"}),
    rule({"delete"}).groups({core}).resources({"namespaces"}),
    rule(read_write).groups({apps}).resources({"replicasets", "deployments"}),
    rule({"update", "patch"}).groups({apps}).resources(
      {"replicasets/status", "deployments/status", "replicasets/scale", "deployments/scale"}),
    rule(read).groups({coordination}).resources({"leases"}),
    rule({"get", "list", "watch", "patch", "update", "delete", "deletecollection"})
      .groups({"*"})
      .resources({"*"}),
  };
}

std::vector<api::PolicyRule> node_rules() {
  return {
    rule({"create"}).groups({authentication}).resources({"tokenreviews"}),
    rule({"create"})
      .groups({authorization})
      .resources({"subjectaccessreviews", "localsubjectaccessreviews"}),
    rule(read).groups({core}).resources({"services"}),
    rule({"create", "get", "list", "watch"}).groups({core}).resources({"nodes"}),
    rule({"update", "patch"}).groups({core}).resources({"nodes/status"}),
    rule({"update", "patch"}).groups({core}).resources({"nodes"}),
    rule({"create", "update", "patch"}).groups({core}).resources({"events"}),
    rule(read).groups({core}).resources({"pods"}),
    rule({"create", "delete"}).groups({core}).resources({"pods"}),
    rule({"update", "patch"}).groups({core}).resources({"pods/status"}),
    rule({"create"}).groups({core}).resources({"pods/eviction"}),
    rule({"get"}).groups({core}).resources({"persistentvolumeclaims", "persistentvolumes"}),
    rule({"get"}).groups({core}).resources({"endpoints"}),
    rule({"get", "create", "update", "patch", "delete"})
      .groups({coordination})
      .resources({"leases"}),
    rule({"create"}).groups({core}).resources({"serviceaccounts/token"}),
  };
}

std::vector<api::PolicyRule> proxier_rules() {
  return {
    rule({"list", "watch"}).groups({core}).resources({"services", "endpoints"}),
    rule(read).groups({core}).resources({"nodes"}),
    events_rule(),
    rule({"list", "watch"}).groups({"discovery.k8s.io"}).resources({"endpointslices"}),
  };
}

} // namespace

bootstrap_policy make_bootstrap_policy() {
  bootstrap_policy p;
  p.cluster_roles = {
    cluster_role("cluster-admin", {rule({"*"}).groups({"*"}).resources({"*"}),
                                   rule({"*"}).urls({"*"})}),
    cluster_role("admin", concat({admin_rules(), edit_rules(), view_rules()})),
    cluster_role("edit", concat({edit_rules(), view_rules()})),
    cluster_role("view", view_rules()),
    cluster_role("system:basic-user",
                 {rule({"create"}).groups({authorization}).resources(
                    {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}),
                  rule({"create"}).groups({authentication}).resources({"selfsubjectreviews"})}),
    cluster_role("system:discovery",
                 {rule({"get"}).urls({"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
                                      "/openapi", "/openapi/*", "/readyz", "/version",
                                      "/version/"})}),
    cluster_role("system:public-info-viewer",
                 {rule({"get"}).urls({"/healthz", "/livez", "/readyz", "/version", "/version/"})}),
    cluster_role("system:kube-scheduler", scheduler_rules()),
    cluster_role("system:kube-controller-manager", controller_manager_rules()),
    cluster_role("system:node", node_rules()),
    cluster_role("system:node-proxier", proxier_rules()),
  };
  p.cluster_role_bindings = {
    binding("cluster-admin", "cluster-admin", "Group", {"system:masters"}),
    binding("system:basic-user", "system:basic-user", "Group", {"system:authenticated"}),
    binding("system:discovery", "system:discovery", "Group", {"system:authenticated"}),
    binding("system:public-info-viewer", "system:public-info-viewer", "Group",
            {"system:authenticated", "system:unauthenticated"}),
    binding("system:kube-scheduler", "system:kube-scheduler", "User", {"system:kube-scheduler"}),
    binding("system:kube-controller-manager", "system:kube-controller-manager", "User",
            {"system:kube-controller-manager"}),
    binding("system:node", "system:node", "Group", {"system:nodes"}),
    binding("system:node-proxier", "system:node-proxier", "User", {"system:kube-proxy"}),
    // convoy: a joined worker's proxy acts with its node's credential
    // (system:node:NAME), so nodes may do what kube-proxy does.
    binding("convoy:node-proxier", "system:node-proxier", "Group", {"system:nodes"}),
  };
  return p;
}

void install(const bootstrap_policy& policy, rbac_authorizer& authorizer) {
  for (const auto& role : policy.cluster_roles)
    authorizer.upsert(role);
  for (const auto& b : policy.cluster_role_bindings)
    authorizer.upsert(b);
}

} // namespace convoy::apiserver
