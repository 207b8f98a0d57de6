#pragma once

// The deployment's new ReplicaSet: building it (name, hash label, selector,
// owner, annotations), keeping an existing one's revision current, and the
// deployment-side bookkeeping of Kubernetes' getNewReplicaSet (sync.go).

#include <cstdint>
#include <string>
#include <vector>

#include "actors/controllers/deployment/core/rollout_state.hpp"
#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

/// The ReplicaSet "<deployment>-<hash>" for the deployment's current
/// template: pod-template-hash added to its labels, selector and template
/// labels, a controller owner reference to the deployment, minReadySeconds
/// copied, the deployment's annotations (minus the skipped ones), revision
/// `revision` and the desired/max-replicas annotations. spec.replicas is 0;
/// the caller sizes it.
api::ReplicaSet new_replica_set(const api::Deployment& d, const std::string& hash,
                                int64_t revision);

/// SetNewReplicaSetAnnotations: copies the deployment's annotations, raises
/// the revision to `new_revision` when it is lower (remembering the old one
/// in revision-history: the ReplicaSet is being rolled back to), and, for a
/// ReplicaSet not yet created, sets the replicas annotations. Returns true if
/// anything changed.
bool set_new_replica_set_annotations(const api::Deployment& d, api::ReplicaSet& rs,
                                     int64_t new_revision, bool exists);

/// NewRSNewReplicas: the size the new ReplicaSet may grow to now. Rolling:
/// up to replicas + maxSurge pods in total, never above replicas; Recreate:
/// replicas.
int32_t new_rs_new_replicas(const api::Deployment& d,
                            const std::vector<const api::ReplicaSet*>& all,
                            const api::ReplicaSet& new_rs);

/// What getNewReplicaSet ended with.
enum class new_rs_outcome { ready, absent, collision };

/// getNewReplicaSet + SyncRevision on the working state: updates an existing
/// new ReplicaSet's annotations/minReadySeconds, or (when `create`) adds one
/// sized by new_rs_new_replicas; sets the deployment's revision annotation
/// and the FoundNewReplicaSet / NewReplicaSetCreated Progressing condition.
/// `collision`: an owned ReplicaSet with a different template already has
/// the name; status.collisionCount was bumped and nothing was created.
new_rs_outcome sync_new_replica_set(rollout_state& st, bool create, int64_t now_seconds);

} // namespace convoy::controllers::deployment
