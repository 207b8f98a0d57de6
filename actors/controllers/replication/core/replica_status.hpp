#pragma once

// calculateStatus and updateReplicaSetStatus' no-op check: the status a
// sync writes back, for either kind, and when to look again so pods that
// are ready but not yet minReadySeconds old get counted as available.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/controllers/replication/core/replica_owner.hpp"
#include "api/pod.pb.h"
#include "api/workload.pb.h"

namespace convoy::controllers::replication {

/// The condition type manageReplicas' failures set.
inline constexpr const char* replica_failure = "ReplicaFailure";

/// The status of either kind, before it is written into the kind's message.
struct replica_status {
  int32_t replicas = 0, fully_labeled_replicas = 0, ready_replicas = 0, available_replicas = 0;
  int64_t observed_generation = 0;
  /// RS condition messages stand for both kinds (the fields are the same).
  std::vector<api::ReplicaSetCondition> conditions;
};

/// calculateStatus over the owner's claimed pods (inactive ones are
/// skipped, so finished or terminating pods are never replicas):
/// replicas, fullyLabeledReplicas (labels include all template labels),
/// readyReplicas, availableReplicas (ready for min_ready_seconds at
/// now_seconds), observedGeneration = owner.generation. Conditions start
/// from `previous`: a non-empty manage_error adds ReplicaFailure (True,
/// reason manage_error_reason, or FailedCreate/FailedDelete from the diff
/// when that is empty, lastTransitionTime now) unless one is already
/// there, which is then kept as it is, like Kubernetes; no error removes
/// it.
replica_status compute_status(const replica_owner& owner,
                              const std::vector<const api::Pod*>& owned_active,
                              int64_t now_seconds, const std::string& manage_error,
                              const std::string& manage_error_reason,
                              const std::vector<api::ReplicaSetCondition>& previous);

/// The current conditions of either kind, as `previous` for compute_status.
std::vector<api::ReplicaSetCondition> conditions_of(const api::ReplicaSetStatus& status);
std::vector<api::ReplicaSetCondition> conditions_of(const api::ReplicationControllerStatus& status);

/// Writes `s` into the kind's status; true if anything changed, so the
/// shell can skip no-op status updates.
bool apply_status(const replica_status& s, api::ReplicaSetStatus& out);
bool apply_status(const replica_status& s, api::ReplicationControllerStatus& out);

/// Seconds until the earliest ready-but-not-yet-available active pod
/// becomes available (at least 1), when min_ready_seconds > 0 and there
/// is one; else nullopt. Kubernetes only requeues after minReadySeconds
/// once all replicas are ready; this covers that case with a tighter delay.
std::optional<int64_t> requeue_after_seconds(const replica_owner& owner,
                                             const std::vector<const api::Pod*>& owned_active,
                                             int64_t now_seconds);

} // namespace convoy::controllers::replication
