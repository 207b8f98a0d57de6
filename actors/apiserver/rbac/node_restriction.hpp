#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "actors/apiserver/rbac/rbac_rules.hpp"

namespace convoy::apiserver {

/// An admission verdict; `reason` says why a request is refused (to be
/// wrapped into a 403 "... is forbidden: <reason>").
struct admission_decision {
  bool allowed = true;
  std::string reason;
};

/// The node a kubelet's identity names: user "system:node:NAME" in group
/// system:nodes (Kubernetes' NodeIdentifier). nullopt if the user is not a
/// node; an empty name if it is one but the name is missing.
std::optional<std::string_view> node_identity(const user_info& user);

/// Kubernetes' NodeRestriction admission plugin, pure: RBAC's system:node
/// role lets every kubelet write nodes, leases and pods in general; this
/// confines a kubelet to its own. Requests of non-node users, reads, and
/// resources the plugin does not police are allowed.
///
/// - pods: create only mirror pods (annotation kubernetes.io/config.mirror)
///   bound to itself, owned by its Node, not using a service account;
///   delete only pods bound to itself; no other pod writes.
/// - pods/status: only of pods bound to itself, without changing labels.
/// - pods/eviction: only of pods bound to itself.
/// - nodes: only its own Node; may not change its taints, nor set labels
///   under node-restriction.kubernetes.io/.
/// - leases: only in kube-node-lease and named after itself.
///
/// `object` is the object of the request: the new object for create and
/// update, the stored object for delete and eviction. `old_object` is the
/// stored object for updates (status, node taints). Either may be null
/// where the request has none; a check that needs a missing one refuses.
admission_decision node_restriction(const user_info& user, const request_attributes& request,
                                    const google::protobuf::Message* object,
                                    const google::protobuf::Message* old_object = nullptr);

} // namespace convoy::apiserver
