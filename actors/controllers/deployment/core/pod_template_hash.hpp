#pragma once

// The pod-template-hash Kubernetes stamps on a deployment's ReplicaSets
// (controller.ComputeHash) and the template comparison that finds the new
// ReplicaSet (deploymentutil.EqualIgnoreHash), pure.

#include <cstdint>
#include <string>

#include "api/pod.pb.h"

namespace convoy::controllers::deployment {

/// FNV-1a (32 bit) over the deterministic protobuf serialization of
/// `tmpl` (map entries sorted), plus the collision count as 8 little-endian
/// bytes when it is non-zero, rendered like Kubernetes' SafeEncodeString
/// of the decimal hash (alphabet "bcdfghjklmnpqrstvwxz2456789", so no
/// vowels and no bad words). Same template and count → same string; any
/// change to the template → a different string. A count of 0 is treated
/// as Kubernetes treats an unset collisionCount (never written as 0).
std::string pod_template_hash(const api::PodTemplateSpec& tmpl, int32_t collision_count);

/// True if the templates are equal once the pod-template-hash label is
/// dropped from both: the ReplicaSet carries it, the deployment does not.
bool equal_ignore_hash(const api::PodTemplateSpec& a, const api::PodTemplateSpec& b);

/// `tmpl` without the pod-template-hash label (what rollback restores).
api::PodTemplateSpec without_hash_label(const api::PodTemplateSpec& tmpl);

} // namespace convoy::controllers::deployment
