#pragma once

#include "actors/apiserver/validation/field_error.hpp"
#include "api/workload.pb.h"

/// Validation of the controllers of replicated pods (Kubernetes'
/// ValidateReplicationController, apps ValidateReplicaSet and
/// ValidateDeployment, and their updates) and of the Scale subresource.
namespace convoy::apiserver {

/// replicas >= 0, minReadySeconds >= 0, a non-empty selector that matches
/// the template's labels, the template a valid pod spec whose restartPolicy
/// is Always and that has no activeDeadlineSeconds.
field_error_list validate_replication_controller(const api::ReplicationController& rc);
field_error_list validate_replication_controller_update(const api::ReplicationController& updated,
                                                        const api::ReplicationController& old);

/// As the RC, with a LabelSelector (matchLabels/matchExpressions) that is
/// required and non-empty.
field_error_list validate_replica_set(const api::ReplicaSet& rs);

/// ...and (apps/v1) an immutable spec.selector.
field_error_list validate_replica_set_update(const api::ReplicaSet& updated,
                                             const api::ReplicaSet& old);

/// As the ReplicaSet, plus strategy (RollingUpdate with maxSurge /
/// maxUnavailable as ints >= 0 or percentages, not both 0, maxUnavailable
/// <= 100%; or Recreate without rollingUpdate), revisionHistoryLimit >= 0,
/// progressDeadlineSeconds > minReadySeconds.
field_error_list validate_deployment(const api::Deployment& deployment);

/// ...and (apps/v1) an immutable spec.selector.
field_error_list validate_deployment_update(const api::Deployment& updated,
                                            const api::Deployment& old);

/// A scale subresource write: spec.replicas >= 0.
field_error_list validate_scale(const api::Scale& scale);

} // namespace convoy::apiserver
