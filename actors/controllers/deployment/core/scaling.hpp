#pragma once

// Scaling a deployment whose replicas changed, mid-rollout or not
// (Kubernetes' sync.go scale() and isScalingEvent), pure.

#include <cstdint>

#include "actors/controllers/deployment/core/rollout_state.hpp"

namespace convoy::controllers::deployment {

/// isScalingEvent: some active ReplicaSet's desired-replicas annotation
/// differs from spec.replicas, i.e. the user scaled rather than edited the
/// template.
bool is_scaling_event(const rollout_state& st);

/// scale(): one active ReplicaSet (or none: the newest) takes all replicas;
/// a saturated new ReplicaSet makes old ones go to 0; otherwise, for a
/// rolling deployment, replicas + maxSurge is spread over the active
/// ReplicaSets in proportion to their size (largest first; leftovers to the
/// largest), so a rollout keeps its ratio across the scale.
void scale_deployment(rollout_state& st);

/// getReplicaSetFraction's result for one ReplicaSet: how many replicas it
/// gains (or loses) out of the deployment's change, from its size and the
/// max-replicas annotation it was last sized under.
int32_t replica_set_proportion(const api::ReplicaSet& rs, const api::Deployment& d,
                               int32_t to_add, int32_t added);

} // namespace convoy::controllers::deployment
