#pragma once

// Applying one deployment plan (plan_sync's output) through the apiserver,
// in Kubernetes' order: create the new ReplicaSet, update ReplicaSets
// (compare-and-swap on the cached resourceVersion), delete old ones, then
// the deployment (rollback annotation, revision annotation) and its status.
// A failed write stops the run (the loop retries with back-off); a
// conflict stops it until the cache shows the newer object. Every
// write is recorded in the write expectations, so the next plan waits for
// the cache to show it.

#include <memory>
#include <string>
#include <vector>

#include "actors/controllers/deployment/core/deployment_plan.hpp"
#include "actors/controllers/deployment/deployment_state.hpp"

namespace convoy::controllers::deployment {

/// What one sync carries between its asynchronous steps. Objects are held
/// by shared_ptr: the informers may drop them while requests are out.
struct sync_run {
  std::string key;
  std::shared_ptr<const api::Deployment> object;
  std::vector<std::shared_ptr<const api::ReplicaSet>> owned;
  deployment_plan plan;
  std::string error;
  /// A compare-and-swap conflicted: the rest of the plan was made on a
  /// stale cache and is dropped.
  bool stale = false;
  reconcile_loop<deployment_self>::done_fn done;
  int pending = 0;
};

using run_ptr = std::shared_ptr<sync_run>;

/// Applies run->plan, then calls run->done.
void apply_plan(deployment_ptr self, run_ptr run);

/// Records that the cache must show `rs` (as the apiserver answered a
/// write of it) before run->key plans again, unless it already does.
void expect_written(deployment_ptr self, const sync_run& run, const api::ReplicaSet& rs);

/// A compare-and-swap on `object` (sent at `sent_version`) conflicted: the
/// cache is behind the apiserver (the ReplicaSet controller wrote a status
/// meanwhile, the user changed the deployment). Rather than retrying with
/// back-off on the same stale object, the next plan waits for the cache to
/// show a newer version, whose event requeues the deployment; the run is
/// marked stale and ends without an error.
void wait_for_newer(deployment_ptr self, sync_run& run, const std::string& object,
                    int64_t cached_version, int64_t sent_version);

/// The cached ReplicaSet's resourceVersion (0 when not cached).
int64_t cached_rs_version(const deployment_state& st, const std::string& key);

} // namespace convoy::controllers::deployment
