#pragma once

// The arithmetic Kubernetes' deployment util package does on deployments and
// their ReplicaSets (pkg/controller/deployment/util/deployment_util.go),
// pure: spec defaults, surge/unavailability fenceposts, revisions, replica
// sums and the orderings the rollout steps walk ReplicaSets in.

#include <cstdint>
#include <string>
#include <vector>

#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

inline constexpr const char* revision_annotation = "deployment.kubernetes.io/revision";
inline constexpr const char* revision_history_annotation = "deployment.kubernetes.io/revision-history";
inline constexpr const char* desired_replicas_annotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* max_replicas_annotation = "deployment.kubernetes.io/max-replicas";
inline constexpr const char* rollback_to_annotation = "deprecated.deployment.rollback.to";
inline constexpr const char* last_applied_annotation = "kubectl.kubernetes.io/last-applied-configuration";
inline constexpr const char* pod_template_hash_label = "pod-template-hash";

/// spec.replicas, defaulting to 1 like the apps/v1 defaulter (the apiserver
/// may not have defaulted an object built in a test or by an old client).
int32_t desired_replicas(const api::Deployment& d);

/// spec.replicas of a ReplicaSet (unset = 1, as the defaulter would).
int32_t rs_replicas(const api::ReplicaSet& rs);

/// Strategy type with the apps/v1 default: "RollingUpdate" when empty.
bool is_rolling_update(const api::Deployment& d);

/// spec.revisionHistoryLimit, default 10.
int32_t revision_history_limit(const api::Deployment& d);

/// spec.progressDeadlineSeconds, default 600; INT32_MAX means "no deadline".
int32_t progress_deadline_seconds(const api::Deployment& d);

/// A deadline is set (Kubernetes' HasProgressDeadline).
bool has_progress_deadline(const api::Deployment& d);

/// An IntOrString scaled against `total`: ints as is, "N%" as N% of total,
/// rounded up or down. Malformed percentages scale to 0 (validation rejects
/// them before they reach a controller).
int32_t scaled_value(const api::IntOrString& v, int32_t total, bool round_up);

/// Resolved (maxSurge, maxUnavailable) for `desired` replicas; unset fields
/// default to 25%. When both resolve to 0, maxUnavailable becomes 1 so a
/// rollout can progress even when quota forbids surging.
std::pair<int32_t, int32_t> resolve_fenceposts(const api::Deployment& d, int32_t desired);

/// maxSurge of a rolling deployment, 0 for Recreate.
int32_t max_surge(const api::Deployment& d);

/// maxUnavailable of a rolling deployment capped at replicas, 0 for
/// Recreate or a deployment scaled to 0.
int32_t max_unavailable(const api::Deployment& d);

/// The revision annotation as a number: missing = 0, malformed = -1 (such
/// ReplicaSets are skipped when looking for the highest revision).
int64_t revision_of(const api::ObjectMeta& meta);

/// The highest revision among `rss` (0 when none).
int64_t max_revision(const std::vector<const api::ReplicaSet*>& rss);

/// Sum of spec.replicas.
int32_t spec_replicas_sum(const std::vector<const api::ReplicaSet*>& rss);
/// Sum of status.replicas (pods that exist).
int32_t status_replicas_sum(const std::vector<const api::ReplicaSet*>& rss);
/// Sum of status.readyReplicas.
int32_t ready_replicas_sum(const std::vector<const api::ReplicaSet*>& rss);
/// Sum of status.availableReplicas.
int32_t available_replicas_sum(const std::vector<const api::ReplicaSet*>& rss);

/// ReplicaSetsByCreationTimestamp: older first, ties by name.
bool created_before(const api::ReplicaSet& a, const api::ReplicaSet& b);

/// ReplicaSetsByRevision: lower revision first, ties (or malformed) by age.
bool revision_before(const api::ReplicaSet& a, const api::ReplicaSet& b);

/// An integer annotation, or -1 when missing or malformed.
int64_t int_annotation(const api::ObjectMeta& meta, const std::string& key);

} // namespace convoy::controllers::deployment
