#include "actors/apiserver/rbac/node_restriction.hpp"

#include <algorithm>

#include <google/protobuf/util/message_differencer.h>

#include "actors/apiserver/validation/field_error.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::apiserver {

namespace {

constexpr std::string_view node_user_prefix = "system:node:";
constexpr const char* mirror_pod_annotation = "kubernetes.io/config.mirror";
constexpr std::string_view restricted_label_prefix = "node-restriction.kubernetes.io/";
constexpr const char* node_lease_namespace = "kube-node-lease";

enum class operation { create, update, remove, other };

operation operation_of(std::string_view verb) {
  if (verb == "create")
    return operation::create;
  if (verb == "update" || verb == "patch")
    return operation::update;
  if (verb == "delete" || verb == "deletecollection")
    return operation::remove;
  return operation::other;
}

admission_decision deny(std::string reason) {
  return {false, std::move(reason)};
}

std::string quoted(std::string_view s) {
  return bad_value::quote(s);
}

template <class T>
const T* as(const google::protobuf::Message* m) {
  return m != nullptr && m->GetDescriptor() == T::descriptor() ? static_cast<const T*>(m) : nullptr;
}

admission_decision unexpected_type(const google::protobuf::Message* m) {
  return deny("unexpected type " + (m ? m->GetDescriptor()->full_name() : std::string{"<nil>"}));
}

admission_decision admit_pod_create(std::string_view node, const api::Pod* pod) {
  if (pod == nullptr)
    return deny("unexpected type <nil>");
  const auto& n = quoted(node);
  if (pod->metadata().annotations().count(mirror_pod_annotation) == 0)
    return deny("pod does not have " + quoted(mirror_pod_annotation) + " annotation, node " + n
                + " can only create mirror pods");
  if (pod->spec().node_name() != node)
    return deny("node " + n + " can only create pods with spec.nodeName set to itself");
  const auto& owners = pod->metadata().owner_references();
  if (owners.size() > 1)
    return deny("node " + n + " can only create pods with a single owner reference set to itself");
  if (owners.empty())
    return deny("node " + n + " can only create pods with an owner reference set to itself");
  const auto& owner = owners[0];
  if (owner.api_version() != "v1" || owner.kind() != "Node" || owner.name() != node)
    return deny("node " + n + " can only create pods with an owner reference set to itself");
  if (!pod->spec().service_account_name().empty())
    return deny("node " + n + " can not create pods that reference a service account");
  return {};
}

admission_decision admit_pod_status(std::string_view node, const request_attributes& request,
                                    const google::protobuf::Message* object,
                                    const google::protobuf::Message* old_object) {
  const auto n = quoted(node);
  const auto op = operation_of(request.verb);
  if (op != operation::update)
    return deny("unexpected operation " + quoted(request.verb));
  const auto* old_pod = as<api::Pod>(old_object ? old_object : object);
  if (old_pod == nullptr)
    return unexpected_type(old_object);
  if (old_pod->spec().node_name() != node)
    return deny("node " + n
                + " can only update pod status for pods with spec.nodeName set to itself");
  const auto* new_pod = as<api::Pod>(object);
  if (new_pod != nullptr && old_object != nullptr) {
    const auto& x = new_pod->metadata().labels();
    const auto& y = old_pod->metadata().labels();
    bool same = x.size() == y.size()
                && std::all_of(x.begin(), x.end(), [&](const auto& kv) {
                     auto it = y.find(kv.first);
                     return it != y.end() && it->second == kv.second;
                   });
    if (!same)
      return deny("node " + n + " cannot update labels through pod status");
  }
  return {};
}

admission_decision admit_pod(std::string_view node, const request_attributes& request,
                             const google::protobuf::Message* object,
                             const google::protobuf::Message* old_object) {
  const auto n = quoted(node);
  const auto op = operation_of(request.verb);
  if (request.subresource.empty()) {
    if (op == operation::create)
      return admit_pod_create(node, as<api::Pod>(object));
    if (op == operation::remove) {
      const auto* pod = as<api::Pod>(object);
      if (pod == nullptr)
        return unexpected_type(object);
      if (pod->spec().node_name() != node)
        return deny("node " + n + " can only delete pods with spec.nodeName set to itself");
      return {};
    }
    return deny("unexpected operation " + quoted(request.verb) + ", node " + n
                + " can only create and delete mirror pods");
  }
  if (request.subresource == "status")
    return admit_pod_status(node, request, object, old_object);
  if (request.subresource == "eviction") {
    const auto* pod = as<api::Pod>(old_object ? old_object : object);
    if (pod == nullptr)
      return unexpected_type(object);
    if (pod->spec().node_name() != node)
      return deny("node " + std::string{node}
                  + " can only evict pods with spec.nodeName set to itself");
    return {};
  }
  return deny("unexpected pod subresource " + quoted(request.subresource)
              + ", only 'status' and 'eviction' are allowed");
}

std::string restricted_labels(const api::Node& node, const api::Node* old) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : node.metadata().labels()) {
    if (key.rfind(restricted_label_prefix, 0) != 0)
      continue;
    if (old != nullptr) {
      auto it = old->metadata().labels().find(key);
      if (it != old->metadata().labels().end() && it->second == value)
        continue;
    }
    keys.push_back(key);
  }
  if (old != nullptr)
    for (const auto& [key, value] : old->metadata().labels())
      if (key.rfind(restricted_label_prefix, 0) == 0 && node.metadata().labels().count(key) == 0)
        keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& k : keys)
    out += (out.empty() ? "" : ", ") + k;
  return out;
}

admission_decision admit_node(std::string_view node, const request_attributes& request,
                              const google::protobuf::Message* object,
                              const google::protobuf::Message* old_object) {
  const auto op = operation_of(request.verb);
  const auto* updated = as<api::Node>(object);
  std::string_view requested = request.name;
  if (requested.empty() && op == operation::create && updated != nullptr)
    requested = updated->metadata().name();
  if (requested != node)
    return deny("node " + quoted(node) + " is not allowed to modify node " + quoted(requested));
  if (op == operation::create && updated != nullptr) {
    if (auto labels = restricted_labels(*updated, nullptr); !labels.empty())
      return deny("node " + quoted(node) + " is not allowed to set the following labels: "
                  + labels);
  }
  if (op == operation::update && request.subresource.empty()) {
    const auto* old = as<api::Node>(old_object);
    if (updated == nullptr || old == nullptr)
      return unexpected_type(updated == nullptr ? object : old_object);
    bool same_taints = updated->spec().taints_size() == old->spec().taints_size();
    for (int i = 0; same_taints && i < updated->spec().taints_size(); ++i)
      same_taints = google::protobuf::util::MessageDifferencer::Equals(updated->spec().taints(i),
                                                                       old->spec().taints(i));
    if (!same_taints)
      return deny("node " + quoted(node) + " is not allowed to modify taints");
    if (auto labels = restricted_labels(*updated, old); !labels.empty())
      return deny("node " + quoted(node) + " is not allowed to modify labels: " + labels);
  }
  return {};
}

admission_decision admit_lease(std::string_view node, const request_attributes& request,
                               const google::protobuf::Message* object) {
  if (request.namespace_ != node_lease_namespace)
    return deny("can only access leases in the " + quoted(node_lease_namespace)
                + " system namespace");
  std::string_view name = request.name;
  if (operation_of(request.verb) == operation::create) {
    const auto* lease = as<api::Lease>(object);
    if (lease == nullptr)
      return unexpected_type(object);
    name = lease->metadata().name();
  }
  if (name != node)
    return deny("can only access node lease with the same name as the requesting node");
  return {};
}

} // namespace

std::optional<std::string_view> node_identity(const user_info& user) {
  std::string_view name = user.name;
  if (name.substr(0, node_user_prefix.size()) != node_user_prefix)
    return std::nullopt;
  if (std::find(user.groups.begin(), user.groups.end(), group_nodes) == user.groups.end())
    return std::nullopt;
  return name.substr(node_user_prefix.size());
}

admission_decision node_restriction(const user_info& user, const request_attributes& request,
                                    const google::protobuf::Message* object,
                                    const google::protobuf::Message* old_object) {
  auto node = node_identity(user);
  if (!node || !request.resource_request || operation_of(request.verb) == operation::other)
    return {};
  if (node->empty())
    return deny("could not determine node from user " + quoted(user.name));
  if (request.api_group.empty() && request.resource == "pods")
    return admit_pod(*node, request, object, old_object);
  if (request.api_group.empty() && request.resource == "nodes")
    return admit_node(*node, request, object, old_object);
  if (request.api_group == "coordination.k8s.io" && request.resource == "leases")
    return admit_lease(*node, request, object);
  return {};
}

} // namespace convoy::apiserver
