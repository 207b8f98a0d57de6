#pragma once

// One step of a RollingUpdate rollout (Kubernetes' rolling.go), pure: grow
// the new ReplicaSet within maxSurge, or shrink old ones within
// maxUnavailable. Availability is read from each ReplicaSet's
// status.availableReplicas, so the shell must let the ReplicaSet controller
// report before the next step can go further.

#include <cstdint>

#include "actors/controllers/deployment/core/rollout_state.hpp"

namespace convoy::controllers::deployment {

/// reconcileNewReplicaSet: scale the new ReplicaSet down to replicas if
/// above, else up to new_rs_new_replicas. True if it was scaled.
bool reconcile_new_replica_set(rollout_state& st);

/// reconcileOldReplicaSets: scale old ReplicaSets down, first their
/// unavailable pods, then as far as maxUnavailable allows, oldest first.
/// True if anything was scaled down.
bool reconcile_old_replica_sets(rollout_state& st);

/// cleanupUnhealthyReplicas: removes up to `max_cleanup` unavailable
/// replicas from old ReplicaSets, oldest first. Returns how many.
int32_t cleanup_unhealthy_replicas(rollout_state& st, int32_t max_cleanup);

/// scaleDownOldReplicaSetsForRollingUpdate: scales old ReplicaSets down by
/// (available - (replicas - maxUnavailable)), oldest first. Returns how many.
int32_t scale_down_old_for_rolling_update(rollout_state& st);

} // namespace convoy::controllers::deployment
