#pragma once

// Kubernetes' ReplicaSetControllerRefManager.ClaimReplicaSets for one
// deployment, pure: which ReplicaSets it controls, which orphans it adopts
// and which it lets go. Adoption and release are writes, so
// claim_replica_sets only decides; adopted() / released() build the
// objects the shell writes.

#include <vector>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/controllers/common/controller_ref_manager.hpp"
#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

/// What claim_replica_sets sorted out. owned + adopt (once adopted) are the
/// deployment's ReplicaSets for this sync.
using replica_set_claim = claimed<const api::ReplicaSet*>;

/// ClaimObject per ReplicaSet (matched on its metadata labels against the
/// deployment's `selector`), in input order. ReplicaSets of other
/// namespaces or controlled by someone else are ignored. A deleting
/// deployment keeps the ReplicaSets it controls whose labels still match
/// and neither adopts nor releases (the garbage collector is about to
/// delete them with it); a deleting orphan is never adopted.
replica_set_claim claim_replica_sets(const api::Deployment& d,
                                     const apiserver::label_selector& selector,
                                     const std::vector<const api::ReplicaSet*>& candidates);

/// The deployment as claim_objects sees it (`selector` must outlive the
/// claim; the shell claims the informer's shared_ptrs with it directly).
claimant claimant_of(const api::Deployment& d, const apiserver::label_selector& selector);

/// The controller reference a deployment's ReplicaSets carry
/// (NewControllerRef: apps/v1 Deployment, controller, blockOwnerDeletion).
api::OwnerReference deployment_ref(const api::Deployment& d);

/// `rs` with d's controller reference added (replacing one with d's uid):
/// what the shell writes to adopt it.
api::ReplicaSet adopted(const api::ReplicaSet& rs, const api::Deployment& d);

/// `rs` without references to d's uid: what the shell writes to release it.
api::ReplicaSet released(const api::ReplicaSet& rs, const api::Deployment& d);

} // namespace convoy::controllers::deployment
