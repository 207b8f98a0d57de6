#pragma once

// The Recreate strategy's steps (Kubernetes' recreate.go), pure: every old
// pod goes away before any new pod is created.

#include "actors/controllers/deployment/core/rollout_state.hpp"

namespace convoy::controllers::deployment {

/// scaleDownOldReplicaSetsForRecreate: every active old ReplicaSet to 0.
/// True if any was scaled.
bool scale_down_old_for_recreate(rollout_state& st);

/// oldPodsRunning: old ReplicaSets still report pods (status.replicas), or
/// the shell saw a pod of an old ReplicaSet that is not Succeeded/Failed
/// (`old_pods_running`; the ReplicaSet status may lag its pods).
bool old_pods_running(const rollout_state& st, bool old_pods_running);

/// scaleUpNewReplicaSetForRecreate: the new ReplicaSet to replicas.
bool scale_up_new_for_recreate(rollout_state& st);

} // namespace convoy::controllers::deployment
