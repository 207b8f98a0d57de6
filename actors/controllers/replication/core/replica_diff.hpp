#pragma once

// manageReplicas' arithmetic: how far the owner's active pods are from
// spec.replicas, which pods go first when scaling down, and the
// slow-start batches that keep a failing create from being tried 500 times.

#include <vector>

#include "actors/controllers/replication/core/replica_owner.hpp"
#include "api/pod.pb.h"

namespace convoy::controllers::replication {

/// Kubernetes' burstReplicas: at most this many creates or deletes a sync.
constexpr int default_burst_replicas = 500;

/// Kubernetes' SlowStartInitialBatchSize.
constexpr int slow_start_initial_batch = 1;

/// What one sync changes: pods to create, or pods to delete (never both).
struct replica_diff {
  int create = 0;
  std::vector<const api::Pod*> remove; ///< in deletion order
};

/// manageReplicas' diff. `active` = the owner's claimed pods; inactive
/// ones (finished or being deleted) are skipped here too, so they never
/// count as replicas. Both directions are capped at `burst`; deletions go
/// in delete_before order (unassigned, pending, not ready, newest first).
/// An owner whose selector selects nothing changes nothing: Kubernetes
/// does not sync one with an unusable selector, and creating pods it
/// would immediately release would never converge.
replica_diff diff_replicas(const replica_owner& owner, const std::vector<const api::Pod*>& active,
                           int burst = default_burst_replicas);

/// slowStartBatch's batch sizes for `count` creations: `initial`, then
/// doubling, the last one cut to what remains (10 from 1: 1, 2, 4, 3).
/// The shell stops after the first batch with a failure and skips the rest.
std::vector<int> slow_start_batches(int count, int initial = slow_start_initial_batch);

} // namespace convoy::controllers::replication
