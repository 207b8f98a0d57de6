#pragma once

// Deployment status and its Available/Progressing/ReplicaFailure conditions
// (Kubernetes' sync.go calculateStatus, progress.go syncRolloutStatus), pure;
// `now_seconds` stands for the controller's clock.

#include <cstdint>
#include <optional>

#include "actors/controllers/deployment/core/rollout_state.hpp"
#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

/// calculateStatus: counts summed over the ReplicaSets (updated = the new
/// one's pods), observedGeneration, collisionCount, the existing
/// conditions, and Available True iff available >= replicas -
/// maxUnavailable.
api::DeploymentStatus calculate_status(const rollout_state& st, int64_t now_seconds);

/// DeploymentComplete: every replica updated and available, generation seen.
bool deployment_complete(const api::Deployment& d, const api::DeploymentStatus& status);

/// DeploymentProgressing: more updated/ready/available pods or fewer old
/// pods than the status the deployment carries.
bool deployment_progressing(const api::Deployment& d, const api::DeploymentStatus& status);

/// DeploymentTimedOut: the Progressing condition was last updated more than
/// progressDeadlineSeconds before `now_seconds` (never after a completion).
bool deployment_timed_out(const api::Deployment& d, const api::DeploymentStatus& status,
                          int64_t now_seconds);

/// syncDeploymentStatus's status: calculate_status, written into the
/// working deployment.
void sync_deployment_status(rollout_state& st, int64_t now_seconds);

/// syncRolloutStatus's status: calculate_status plus the Progressing
/// condition (NewReplicaSetAvailable / ReplicaSetUpdated /
/// ProgressDeadlineExceeded) and ReplicaFailure copied from the
/// ReplicaSets, written into the working deployment.
void sync_rollout_status(rollout_state& st, int64_t now_seconds);

/// requeueStuckDeployment: seconds until the progress deadline of a rollout
/// that is neither complete nor timed out (0: check now), or nothing.
std::optional<int64_t> requeue_after(const api::Deployment& d,
                                     const api::DeploymentStatus& new_status, int64_t now_seconds);

/// checkPausedConditions: Progressing Unknown DeploymentPaused /
/// DeploymentResumed when spec.paused flips, unless the rollout already
/// timed out (so pausing never hides a deadline). Mutates the working
/// deployment's status.
void check_paused_conditions(api::Deployment& d, int64_t now_seconds);

} // namespace convoy::controllers::deployment
