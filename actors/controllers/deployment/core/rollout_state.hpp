#pragma once

// The working copy one sync mutates: the deployment and its ReplicaSets as
// the controller would see them after its own writes. Each step of a sync
// (Kubernetes' getNewReplicaSet, scale, reconcile*, cleanup) reads and
// updates it, so later steps observe earlier ones exactly as the Go
// controller observes the objects its API calls returned.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

class rollout_state {
public:
  rollout_state(const api::Deployment& d, const std::vector<const api::ReplicaSet*>& owned);

  api::Deployment& deployment() { return deployment_; }
  const api::Deployment& deployment() const { return deployment_; }

  /// All ReplicaSets (owned plus any created this sync).
  std::vector<api::ReplicaSet>& replica_sets() { return rss_; }
  const std::vector<api::ReplicaSet>& replica_sets() const { return rss_; }

  /// Index of the new ReplicaSet (template equals the deployment's), if any.
  std::optional<size_t> new_rs() const { return new_rs_; }
  const api::ReplicaSet* new_rs_ptr() const;

  /// Indexes of the old ReplicaSets (everything but the new one).
  std::vector<size_t> old_indexes() const;
  /// Old ReplicaSets with spec.replicas > 0 (FilterActiveReplicaSets).
  std::vector<size_t> active_old_indexes() const;

  /// Pointers to the given ReplicaSets, for the sum helpers.
  std::vector<const api::ReplicaSet*> ptrs(const std::vector<size_t>& idx) const;
  /// Pointers to all ReplicaSets.
  std::vector<const api::ReplicaSet*> all_ptrs() const;

  /// Adds a ReplicaSet this sync will create and makes it the new one.
  size_t add_created(api::ReplicaSet rs);
  /// Marks a ReplicaSet as written (its content must be sent as an update).
  void mark_updated(size_t i);

  /// scaleReplicaSet: sets spec.replicas and the desired/max-replicas
  /// annotations; marks an update when either changed and records the
  /// "Scaled up/down" event when the size changed. Returns whether the
  /// size changed.
  bool scale(size_t i, int32_t new_scale, const std::string& operation);
  /// scaleReplicaSetAndRecordEvent: no-op when already at `new_scale`.
  bool scale_and_record(size_t i, int32_t new_scale);

  /// Index of the created ReplicaSet, if one was added this sync.
  std::optional<size_t> created() const { return created_; }
  /// Indexes of owned ReplicaSets written this sync, in first-write order.
  const std::vector<size_t>& updated() const { return updated_; }
  /// Human-readable events (Kubernetes' ScalingReplicaSet etc.).
  std::vector<std::string>& events() { return events_; }

private:
  api::Deployment deployment_;
  std::vector<api::ReplicaSet> rss_;
  std::optional<size_t> new_rs_;
  std::optional<size_t> created_;
  std::vector<size_t> updated_;
  std::vector<std::string> events_;
};

} // namespace convoy::controllers::deployment
