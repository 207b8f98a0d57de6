#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "messages/codec/decode_error.hpp"

namespace google::protobuf {
class Descriptor;
class Message;
} // namespace google::protobuf

namespace convoy::codec {

/// A subresource (pods/binding, replicationcontrollers/scale, ...) as
/// discovery describes it: its name, the kind it answers with, its verbs.
struct subresource_info {
  std::string_view name;    ///< "scale"
  std::string_view group;   ///< group of the response kind ("autoscaling")
  std::string_view version; ///< "v1"
  std::string_view kind;    ///< "Scale"
  std::vector<std::string_view> verbs;
};

/// Everything convoy knows about one served resource: its names (what
/// kubectl and discovery use), scope, protobuf types and store layout.
struct resource_info {
  std::string_view kind;     ///< "Pod"
  std::string_view resource; ///< "pods" (URL segment, RBAC resource)
  std::string_view singular; ///< "pod"
  std::vector<std::string_view> short_names; ///< {"po"}
  std::string_view group;    ///< "" for the core group, "apps", ...
  std::string_view version;  ///< "v1"
  bool namespaced = true;
  const google::protobuf::Descriptor* type = nullptr;      ///< convoy.api.Pod
  const google::protobuf::Descriptor* list_type = nullptr; ///< convoy.api.PodList
  /// Store key prefix, Kubernetes' layout, ending in '/': "/registry/pods/".
  std::string_view store_prefix;
  std::vector<subresource_info> subresources;
  std::vector<std::string_view> verbs;      ///< discovery verbs
  std::vector<std::string_view> categories; ///< {"all"} for `kubectl get all`

  /// "v1" for the core group, else "group/version" ("apps/v1").
  std::string api_version() const;
  /// "PodList".
  std::string_view list_kind() const;
  /// The object's store key: prefix + "NS/NAME" (namespaced) or prefix +
  /// "NAME" (cluster-scoped; `ns` ignored). No validation: see
  /// resource_registry::key for the checked form.
  std::string key(std::string_view ns, std::string_view name) const;
  /// Prefix of one namespace's objects ("/registry/pods/NS/"), or of all of
  /// them when `ns` is empty or the resource is cluster-scoped.
  std::string prefix(std::string_view ns = {}) const;
  const subresource_info* subresource(std::string_view name) const noexcept;
  /// A new empty object / list of this resource (generated message factory).
  std::unique_ptr<google::protobuf::Message> make() const;
  std::unique_ptr<google::protobuf::Message> make_list() const;
};

/// The resources convoy serves, looked up the ways kubectl and the apiserver
/// need: by kind, by resource (URL), by short name, case-insensitively
/// ("po", "pod", "pods", "Pod", "deploy.apps"). Immutable after construction,
/// so lookups need no locking; lookups allocate nothing.
class resource_registry {
public:
  /// The built-in set: pods, nodes, services, endpoints, replicationcontrollers,
  /// replicasets, deployments, configmaps, secrets, serviceaccounts,
  /// namespaces, events, leases, roles, clusterroles, rolebindings,
  /// clusterrolebindings.
  static const resource_registry& builtin();

  const std::vector<resource_info>& resources() const noexcept { return resources_; }

  /// Case-insensitive; nullptr if unknown.
  const resource_info* by_kind(std::string_view kind) const noexcept;
  const resource_info* by_resource(std::string_view resource) const noexcept;
  const resource_info* by_short_name(std::string_view short_name) const noexcept;

  /// kubectl's resource argument: resource, singular, short name or kind,
  /// case-insensitive, optionally qualified by group or version.group
  /// ("deployments.apps", "deploy.v1.apps").
  const resource_info* find(std::string_view name) const noexcept;

  /// The resource a manifest's apiVersion + kind denote (exact, as the
  /// apiserver matches them), or an error like Kubernetes':
  /// `no matches for kind "Deployment" in version "v1"`.
  result<const resource_info*> resolve(std::string_view api_version,
                                       std::string_view kind) const;

  /// Descriptor of any kind convoy encodes: resource kinds, their List
  /// kinds, and Scale, Binding, Eviction, Status, DeleteOptions.
  const google::protobuf::Descriptor* type_of_kind(std::string_view kind) const noexcept;

  /// A new empty message of `kind` (see type_of_kind), or nullptr.
  std::unique_ptr<google::protobuf::Message> make(std::string_view kind) const;

  /// Checked store key of resource `resource` (any name find() accepts):
  /// errors for an unknown resource, an empty name, or a namespaced
  /// resource without namespace.
  result<std::string> key(std::string_view resource, std::string_view ns,
                          std::string_view name) const;
  result<std::string> prefix(std::string_view resource, std::string_view ns = {}) const;

  resource_registry(const resource_registry&) = delete;
  resource_registry& operator=(const resource_registry&) = delete;

private:
  enum class name_kind : unsigned char { kind, resource, singular, short_name };

  struct alias {
    std::string name; ///< lowercase
    name_kind what;
    size_t index;     ///< into resources_
  };

  resource_registry();
  void index();
  const resource_info* lookup(std::string_view name, int what_mask) const noexcept;

  std::vector<resource_info> resources_;
  std::vector<alias> aliases_; ///< sorted by name
  std::vector<std::pair<std::string, const google::protobuf::Descriptor*>> kinds_; ///< lowercase, sorted
};

} // namespace convoy::codec
