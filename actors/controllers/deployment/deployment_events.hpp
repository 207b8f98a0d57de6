#pragma once

// How deployment, ReplicaSet and pod changes reach the Deployment
// controller's queue (Kubernetes' addDeployment ... deletePod): handlers
// keep the indexes, tell the write expectations what the cache now shows,
// and enqueue the keys of the deployments concerned. Nothing else.

#include "actors/controllers/deployment/deployment_state.hpp"

namespace convoy::controllers::deployment {

client::informer_handlers<api::Deployment> deployment_handlers(deployment_ptr self);

/// A ReplicaSet's controlling deployment, or for an orphan every deployment
/// of its namespace whose selector matches (one may adopt it).
client::informer_handlers<api::ReplicaSet> replica_set_handlers(deployment_ptr self);

/// Pods are indexed by controller; a deleted pod wakes its Recreate
/// deployment, which waits for old pods to be gone.
client::informer_handlers<api::Pod> pod_handlers(deployment_ptr self);

} // namespace convoy::controllers::deployment
