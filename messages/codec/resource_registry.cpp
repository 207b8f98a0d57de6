#include "messages/codec/resource_registry.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>

#include "api/config.pb.h"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/meta.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/rbac.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

namespace convoy::codec {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using verbs = std::vector<std::string_view>;

const verbs all_verbs = {"create", "delete", "deletecollection", "get",
                         "list",   "patch",  "update",           "watch"};
// Namespaces have no deletecollection (as in Kubernetes).
const verbs namespace_verbs = {"create", "delete", "get", "list", "patch", "update", "watch"};

subresource_info status_of(std::string_view group, std::string_view kind) {
  return {"status", group, "v1", kind, {"get", "patch", "update"}};
}

subresource_info scale() {
  return {"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}};
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    c = lower(c);
  return out;
}

/// Compares a stored lowercase name with a query of any case.
int compare_ci(std::string_view stored, std::string_view query) noexcept {
  size_t n = std::min(stored.size(), query.size());
  for (size_t i = 0; i < n; ++i) {
    char q = lower(query[i]);
    if (stored[i] != q)
      return stored[i] < q ? -1 : 1;
  }
  return stored.size() == query.size() ? 0 : (stored.size() < query.size() ? -1 : 1);
}

std::unique_ptr<Message> make_message(const Descriptor* type) {
  if (type == nullptr)
    return nullptr;
  const auto* proto = google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  return std::unique_ptr<Message>{proto != nullptr ? proto->New() : nullptr};
}

decode_error error_text(std::string message) {
  decode_error err;
  err.message = std::move(message);
  return err;
}

struct row {
  std::string_view kind, resource, singular;
  verbs short_names;
  std::string_view group;
  bool namespaced;
  const Descriptor* type;
  const Descriptor* list_type;
  std::string_view prefix;
  std::vector<subresource_info> subresources;
  verbs categories;
  const verbs* verb_list = &all_verbs;
};

resource_info from_row(row r) {
  resource_info info;
  info.kind = r.kind;
  info.resource = r.resource;
  info.singular = r.singular;
  info.short_names = std::move(r.short_names);
  info.group = r.group;
  info.version = "v1";
  info.namespaced = r.namespaced;
  info.type = r.type;
  info.list_type = r.list_type;
  info.store_prefix = r.prefix;
  info.subresources = std::move(r.subresources);
  info.verbs = *r.verb_list;
  info.categories = std::move(r.categories);
  return info;
}

std::vector<row> builtin_rows() {
  namespace api = convoy::api;
  constexpr bool ns = true;
  constexpr bool cluster = false;
  const std::string_view rbac = "rbac.authorization.k8s.io";
  return {
    {"Pod", "pods", "pod", {"po"}, "", ns, api::Pod::descriptor(), api::PodList::descriptor(),
     "/registry/pods/",
     {status_of("", "Pod"),
      {"binding", "", "v1", "Binding", {"create"}},
      {"eviction", "policy", "v1", "Eviction", {"create"}},
      {"log", "", "v1", "Pod", {"get"}},
      {"exec", "", "v1", "PodExecOptions", {"create", "get"}}},
     {"all"}},
    {"Node", "nodes", "node", {"no"}, "", cluster, api::Node::descriptor(),
     api::NodeList::descriptor(), "/registry/minions/", {status_of("", "Node")}, {}},
    {"Service", "services", "service", {"svc"}, "", ns, api::Service::descriptor(),
     api::ServiceList::descriptor(), "/registry/services/specs/", {status_of("", "Service")},
     {"all"}},
    {"Endpoints", "endpoints", "endpoints", {"ep"}, "", ns, api::Endpoints::descriptor(),
     api::EndpointsList::descriptor(), "/registry/services/endpoints/", {}, {}},
    {"ReplicationController", "replicationcontrollers", "replicationcontroller", {"rc"}, "", ns,
     api::ReplicationController::descriptor(), api::ReplicationControllerList::descriptor(),
     "/registry/controllers/", {scale(), status_of("", "ReplicationController")}, {"all"}},
    {"ReplicaSet", "replicasets", "replicaset", {"rs"}, "apps", ns, api::ReplicaSet::descriptor(),
     api::ReplicaSetList::descriptor(), "/registry/replicasets/",
     {scale(), status_of("apps", "ReplicaSet")}, {"all"}},
    {"Deployment", "deployments", "deployment", {"deploy"}, "apps", ns,
     api::Deployment::descriptor(), api::DeploymentList::descriptor(), "/registry/deployments/",
     {scale(), status_of("apps", "Deployment")}, {"all"}},
    {"ConfigMap", "configmaps", "configmap", {"cm"}, "", ns, api::ConfigMap::descriptor(),
     api::ConfigMapList::descriptor(), "/registry/configmaps/", {}, {}},
    {"Secret", "secrets", "secret", {}, "", ns, api::Secret::descriptor(),
     api::SecretList::descriptor(), "/registry/secrets/", {}, {}},
    {"ServiceAccount", "serviceaccounts", "serviceaccount", {"sa"}, "", ns,
     api::ServiceAccount::descriptor(), api::ServiceAccountList::descriptor(),
     "/registry/serviceaccounts/", {}, {}},
    {"Namespace", "namespaces", "namespace", {"ns"}, "", cluster, api::Namespace::descriptor(),
     api::NamespaceList::descriptor(), "/registry/namespaces/",
     {status_of("", "Namespace"), {"finalize", "", "v1", "Namespace", {"update"}}}, {},
     &namespace_verbs},
    {"Event", "events", "event", {"ev"}, "", ns, api::Event::descriptor(),
     api::EventList::descriptor(), "/registry/events/", {}, {}},
    {"Lease", "leases", "lease", {}, "coordination.k8s.io", ns, api::Lease::descriptor(),
     api::LeaseList::descriptor(), "/registry/leases/", {}, {}},
    {"Role", "roles", "role", {}, rbac, ns, api::Role::descriptor(), api::RoleList::descriptor(),
     "/registry/roles/", {}, {}},
    {"ClusterRole", "clusterroles", "clusterrole", {}, rbac, cluster,
     api::ClusterRole::descriptor(), api::ClusterRoleList::descriptor(),
     "/registry/clusterroles/", {}, {}},
    {"RoleBinding", "rolebindings", "rolebinding", {}, rbac, ns, api::RoleBinding::descriptor(),
     api::RoleBindingList::descriptor(), "/registry/rolebindings/", {}, {}},
    {"ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", {}, rbac, cluster,
     api::ClusterRoleBinding::descriptor(), api::ClusterRoleBindingList::descriptor(),
     "/registry/clusterrolebindings/", {}, {}},
  };
}

} // namespace

// -- resource_info -----------------------------------------------------------

std::string resource_info::api_version() const {
  if (group.empty())
    return std::string{version};
  std::string out{group};
  out += '/';
  out += version;
  return out;
}

std::string_view resource_info::list_kind() const {
  return list_type->name();
}

std::string resource_info::key(std::string_view ns, std::string_view name) const {
  std::string out;
  out.reserve(store_prefix.size() + ns.size() + name.size() + 1);
  out += store_prefix;
  if (namespaced) {
    out += ns;
    out += '/';
  }
  out += name;
  return out;
}

std::string resource_info::prefix(std::string_view ns) const {
  std::string out{store_prefix};
  if (namespaced && !ns.empty()) {
    out += ns;
    out += '/';
  }
  return out;
}

const subresource_info* resource_info::subresource(std::string_view name) const noexcept {
  for (const auto& sub : subresources)
    if (sub.name == name)
      return &sub;
  return nullptr;
}

std::unique_ptr<Message> resource_info::make() const {
  return make_message(type);
}

std::unique_ptr<Message> resource_info::make_list() const {
  return make_message(list_type);
}

// -- resource_registry -------------------------------------------------------

const resource_registry& resource_registry::builtin() {
  static const resource_registry instance;
  return instance;
}

resource_registry::resource_registry() {
  for (auto& r : builtin_rows())
    resources_.push_back(from_row(std::move(r)));
  index();
}

void resource_registry::index() {
  for (size_t i = 0; i < resources_.size(); ++i) {
    const auto& r = resources_[i];
    aliases_.push_back({lowercase(r.kind), name_kind::kind, i});
    aliases_.push_back({lowercase(r.resource), name_kind::resource, i});
    aliases_.push_back({lowercase(r.singular), name_kind::singular, i});
    for (auto s : r.short_names)
      aliases_.push_back({lowercase(s), name_kind::short_name, i});
    kinds_.emplace_back(lowercase(r.kind), r.type);
    kinds_.emplace_back(lowercase(r.list_kind()), r.list_type);
  }
  namespace api = convoy::api;
  for (const auto* type : {api::Scale::descriptor(), api::Binding::descriptor(),
                           api::Eviction::descriptor(), api::Status::descriptor(),
                           api::DeleteOptions::descriptor()})
    kinds_.emplace_back(lowercase(type->name()), type);
  std::sort(aliases_.begin(), aliases_.end(),
            [](const alias& x, const alias& y) { return x.name < y.name; });
  std::sort(kinds_.begin(), kinds_.end());
}

const resource_info* resource_registry::lookup(std::string_view name, int what_mask) const noexcept {
  auto it = std::lower_bound(aliases_.begin(), aliases_.end(), name,
                             [](const alias& a, std::string_view q) { return compare_ci(a.name, q) < 0; });
  for (; it != aliases_.end() && compare_ci(it->name, name) == 0; ++it)
    if (what_mask & (1 << static_cast<int>(it->what)))
      return &resources_[it->index];
  return nullptr;
}

const resource_info* resource_registry::by_kind(std::string_view kind) const noexcept {
  return lookup(kind, 1 << static_cast<int>(name_kind::kind));
}

const resource_info* resource_registry::by_resource(std::string_view resource) const noexcept {
  return lookup(resource, 1 << static_cast<int>(name_kind::resource));
}

const resource_info* resource_registry::by_short_name(std::string_view name) const noexcept {
  return lookup(name, 1 << static_cast<int>(name_kind::short_name));
}

const resource_info* resource_registry::find(std::string_view name) const noexcept {
  if (const auto* r = lookup(name, 0xF))
    return r;
  auto dot = name.find('.');
  if (dot == std::string_view::npos)
    return nullptr;
  const auto* r = lookup(name.substr(0, dot), 0xF);
  if (r == nullptr)
    return nullptr;
  auto qualifier = name.substr(dot + 1);
  std::string version_group{r->version};
  version_group += '.';
  version_group += r->group;
  bool match = compare_ci(lowercase(r->group), qualifier) == 0
               || compare_ci(lowercase(version_group), qualifier) == 0
               || (r->group.empty() && qualifier == r->version);
  return match ? r : nullptr;
}

result<const resource_info*> resource_registry::resolve(std::string_view api_version,
                                                        std::string_view kind) const {
  const auto* r = by_kind(kind);
  if (r != nullptr && r->kind == kind && r->api_version() == api_version)
    return r;
  return error_text("no matches for kind \"" + std::string{kind} + "\" in version \""
                    + std::string{api_version} + "\"");
}

const Descriptor* resource_registry::type_of_kind(std::string_view kind) const noexcept {
  auto it = std::lower_bound(kinds_.begin(), kinds_.end(), kind, [](const auto& entry, std::string_view q) {
    return compare_ci(entry.first, q) < 0;
  });
  return it != kinds_.end() && compare_ci(it->first, kind) == 0 ? it->second : nullptr;
}

std::unique_ptr<Message> resource_registry::make(std::string_view kind) const {
  return make_message(type_of_kind(kind));
}

result<std::string> resource_registry::key(std::string_view resource, std::string_view ns,
                                           std::string_view name) const {
  const auto* r = find(resource);
  if (r == nullptr)
    return error_text("unknown resource \"" + std::string{resource} + "\"");
  if (name.empty())
    return error_text("a name is required for " + std::string{r->resource});
  if (r->namespaced && ns.empty())
    return error_text("a namespace is required for " + std::string{r->resource});
  return r->key(ns, name);
}

result<std::string> resource_registry::prefix(std::string_view resource, std::string_view ns) const {
  const auto* r = find(resource);
  if (r == nullptr)
    return error_text("unknown resource \"" + std::string{resource} + "\"");
  return r->prefix(ns);
}

} // namespace convoy::codec
