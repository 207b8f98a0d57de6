#pragma once

// One sync of one deployment (Kubernetes' syncDeployment), pure: what the
// shell must write, computed from the deployment, the ReplicaSets it
// controls and the clock. The shell applies the plan (creates, then
// updates, then deletes, then the status) and waits until its informers
// show those writes before planning the next sync, like Kubernetes'
// expectations: each plan is one step of a rollout, never the whole of it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

struct deployment_plan {
  /// ReplicaSets to create (at most the one new ReplicaSet).
  std::vector<api::ReplicaSet> create;
  /// ReplicaSets to update, full new content (spec.replicas, annotations,
  /// minReadySeconds); resourceVersion is the one the shell passed in.
  std::vector<api::ReplicaSet> update;
  /// Keys ("namespace/name") of old ReplicaSets to delete (history limit).
  std::vector<std::string> remove;
  /// The deployment to write through its status subresource: the new
  /// status, and the revision annotation Kubernetes writes the same way.
  std::optional<api::Deployment> status_update;
  /// The deployment to update (the deprecated rollback annotation: template
  /// restored, annotation cleared).
  std::optional<api::Deployment> deployment_update;
  /// Sync again after this many seconds even without changes (progress
  /// deadline checks; 0 = soon, rate-limited).
  std::optional<int64_t> requeue_after_seconds;
  /// Events Kubernetes would record on the deployment.
  std::vector<std::string> events;

  /// Nothing to write.
  bool empty() const {
    return create.empty() && update.empty() && remove.empty() && !status_update
           && !deployment_update;
  }
};

/// Plans one sync. `owned`: the ReplicaSets whose controller reference is
/// the deployment (already claimed). `old_pods_running`: for Recreate, the
/// shell saw a pod of an old ReplicaSet that has not terminated.
/// Deleted deployments and paused ones only get their status (and, when
/// paused or scaled, their ReplicaSets' sizes); a changed spec.replicas is
/// a scaling step (proportional mid-rollout); otherwise one step of the
/// RollingUpdate or Recreate strategy, then history cleanup once complete.
deployment_plan plan_sync(const api::Deployment& d,
                          const std::vector<const api::ReplicaSet*>& owned,
                          bool old_pods_running, int64_t now_seconds);

/// The deployment with status.collisionCount raised by one: what the shell
/// writes (status) when creating the new ReplicaSet failed with
/// AlreadyExists on a ReplicaSet that is not this deployment's, so the next
/// plan hashes to another name.
api::Deployment bump_collision_count(const api::Deployment& d);

} // namespace convoy::controllers::deployment
