#pragma once

// Kubernetes' PodControllerRefManager.ClaimPods for one owner: which pods
// it controls, which orphans it adopts and which it lets go. Adoption and
// release are writes, so claim_pods only decides; adopted() / released()
// build the objects the shell writes.

#include <vector>

#include "actors/controllers/common/controller_ref_manager.hpp"
#include "actors/controllers/replication/core/replica_owner.hpp"
#include "api/pod.pb.h"

namespace convoy::controllers::replication {

/// The pods `claim_pods` sorted out. owned + adopt (once adopted) are the
/// owner's pods for this sync, as ClaimPods returns them.
using claim_result = claimed<const api::Pod*>;

/// ClaimObject per pod, in the input order. Pods of other namespaces and
/// pods controlled by someone else are ignored. A deleting owner keeps
/// the pods it controls whose labels still match, neither adopts nor
/// releases (releasing then would orphan pods the garbage collector is
/// about to delete with it). Kubernetes claims only active pods: the shell
/// passes FilterActivePods' result.
claim_result claim_pods(const replica_owner& owner, const std::vector<const api::Pod*>& pods);

/// The owner as claim_objects sees it (the shell claims the informer's
/// shared_ptrs with it directly).
claimant claimant_of(const replica_owner& owner);

/// The pod with the owner's controller reference added (an existing
/// reference with the owner's uid is replaced, like the strategic merge
/// patch Kubernetes sends, keyed by uid): what the shell writes to adopt.
api::Pod adopted(const api::Pod& pod, const replica_owner& owner);

/// The pod without references to the owner's uid: what the shell writes
/// to release.
api::Pod released(const api::Pod& pod, const replica_owner& owner);

} // namespace convoy::controllers::replication
