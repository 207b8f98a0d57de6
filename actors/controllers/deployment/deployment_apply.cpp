#include "actors/controllers/deployment/deployment_apply.hpp"

#include <functional>
#include <optional>

#include "actors/common/event_builder.hpp"
#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"
#include "messages/map_equal.hpp"

namespace convoy::controllers::deployment {

namespace {

/// ScalingReplicaSet, as Kubernetes' scaleReplicaSet reports it: "Scaled
/// up replica set web-5d4f to 3 from 1" (no "from" for a new one).
void record_scaling(deployment_ptr self, const sync_run& run, const api::ReplicaSet& rs,
                    std::optional<int32_t> from) {
  auto to = rs_replicas(rs);
  if (from && *from == to)
    return;
  const auto& d = run.object->metadata();
  auto text = std::string{from && *from > to ? "Scaled down" : "Scaled up"} + " replica set "
              + rs.metadata().name() + " to " + std::to_string(to)
              + (from ? " from " + std::to_string(*from) : "");
  self->state.events->record(
    reference_to("Deployment", "apps/v1", d.namespace_(), d.name(), d.uid()), "Normal",
    "ScalingReplicaSet", text);
}

/// spec.replicas of the cached ReplicaSet `key`, if cached.
std::optional<int32_t> cached_replicas(const deployment_state& st, const std::string& key) {
  auto it = st.replica_sets->objects().find(key);
  if (it == st.replica_sets->objects().end())
    return std::nullopt;
  return rs_replicas(*it->second);
}

void update_replica_sets(deployment_ptr self, run_ptr run);
void remove_replica_sets(deployment_ptr self, run_ptr run);
void update_deployment(deployment_ptr self, run_ptr run);
void write_annotations(deployment_ptr self, run_ptr run);
void write_status(deployment_ptr self, run_ptr run, const api::Deployment& d, bool last);
void finish(deployment_ptr self, run_ptr run);

bool ignorable(const apiserver::ApiResponse& resp) {
  return !api_failed(resp) || resp.status().reason() == "NotFound";
}

int64_t cached_deployment_version(const deployment_state& st, const std::string& key) {
  auto it = st.deployments->objects().find(key);
  return it == st.deployments->objects().end() ? 0 : version_of(it->second->metadata());
}

void expect_deployment(deployment_ptr self, const sync_run& run, const api::Deployment& d) {
  auto& st = self->state;
  auto rv = version_of(d.metadata());
  auto cached = st.deployments->objects().find(run.key);
  if (cached == st.deployments->objects().end() || version_of(cached->second->metadata()) < rv)
    st.written.expect_version(run.key, deployment_object(run.key), rv, mono_now(self));
}

/// A create answered AlreadyExists (getNewReplicaSet): our own ReplicaSet
/// the cache has not shown yet is fine (wait for it); anything else holding
/// the name is a hash collision: raise status.collisionCount so the next
/// plan hashes to another name.
void on_already_exists(deployment_ptr self, run_ptr run, const api::ReplicaSet& wanted) {
  auto& st = self->state;
  st.calls->get("replicasets", wanted.metadata().namespace_(), wanted.metadata().name(),
                [self, run](const apiserver::ApiResponse& resp) {
                  api::ReplicaSet existing;
                  if (api_failed(resp) || !resp.object().UnpackTo(&existing))
                    return run->done("replica set exists but cannot be read: "
                                     + resp.status().message());
                  const auto* ref = controller_of(existing.metadata());
                  const auto& d = *run->object;
                  if (ref != nullptr && ref->uid() == d.metadata().uid()
                      && equal_ignore_hash(existing.spec().template_(), d.spec().template_())) {
                    expect_written(self, *run, existing);
                    return run->done("");
                  }
                  self->state.log->warn("deployment {}: replica set {} collides, raising "
                                        "collisionCount",
                                        run->key, existing.metadata().name());
                  write_status(self, run, bump_collision_count(d), true);
                });
}

/// Step 1: the new ReplicaSet (at most one).
void create_replica_sets(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (run->plan.create.empty())
    return update_replica_sets(self, std::move(run));
  const auto& rs = run->plan.create.front();
  st.loop->count_writes(1);
  st.calls->create("replicasets", rs.metadata().namespace_(), rs,
                   [self, run, rs](const apiserver::ApiResponse& resp) {
                     api::ReplicaSet created;
                     if (!api_failed(resp) && resp.object().UnpackTo(&created)) {
                       expect_written(self, *run, created);
                       record_scaling(self, *run, created, std::nullopt);
                       return update_replica_sets(self, run);
                     }
                     if (resp.status().reason() == "AlreadyExists")
                       return on_already_exists(self, run, rs);
                     run->done("creating replica set " + rs.metadata().name() + ": "
                               + resp.status().message());
                   });
}

/// Step 2: sizes and annotations, compare-and-swapped.
void update_replica_sets(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (run->plan.update.empty())
    return remove_replica_sets(self, std::move(run));
  run->pending = static_cast<int>(run->plan.update.size());
  for (const auto& rs : run->plan.update) {
    st.loop->count_writes(1);
    auto key = client::object_key(rs);
    auto sent = version_of(rs.metadata());
    auto before = cached_replicas(st, key);
    st.calls->update("replicasets", rs.metadata().namespace_(), rs.metadata().name(), rs,
                     [self, run, key, sent, before](const apiserver::ApiResponse& resp) {
                       api::ReplicaSet written;
                       if (!api_failed(resp) && resp.object().UnpackTo(&written)) {
                         expect_written(self, *run, written);
                         record_scaling(self, *run, written, before);
                       }
                       else if (resp.status().reason() == "Conflict")
                         wait_for_newer(self, *run, rs_object(key),
                                        cached_rs_version(self->state, key), sent);
                       else if (!ignorable(resp))
                         run->error = "updating replica set: " + resp.status().message();
                       if (--run->pending > 0)
                         return;
                       if (!run->error.empty() || run->stale)
                         return run->done(run->error);
                       remove_replica_sets(self, run);
                     });
  }
}

/// Step 3: old revisions beyond revisionHistoryLimit.
void remove_replica_sets(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (run->plan.remove.empty())
    return update_deployment(self, std::move(run));
  run->pending = static_cast<int>(run->plan.remove.size());
  for (const auto& key : run->plan.remove) {
    st.loop->count_writes(1);
    auto slash = key.find('/');
    st.calls->remove("replicasets", key.substr(0, slash), key.substr(slash + 1),
                     api::DeleteOptions{}, [self, run, key](const apiserver::ApiResponse& resp) {
                       auto& st = self->state;
                       if (!api_failed(resp) && st.replica_sets->objects().count(key) > 0)
                         st.written.expect_gone(run->key, rs_object(key), mono_now(self));
                       else if (!ignorable(resp))
                         run->error = "deleting replica set: " + resp.status().message();
                       if (--run->pending > 0)
                         return;
                       if (!run->error.empty())
                         return run->done(run->error);
                       update_deployment(self, run);
                     });
  }
}

/// The answer to a compare-and-swapped write of the deployment itself: a
/// conflict waits for the newer object (its event plans again), a failure
/// ends the run, success records the written version and goes on `next`.
std::function<void(const apiserver::ApiResponse&)>
deployment_written(deployment_ptr self, run_ptr run, std::string what,
                   std::function<void()> next) {
  return [self, run, what = std::move(what), next = std::move(next)](
           const apiserver::ApiResponse& resp) {
    api::Deployment written;
    if (resp.status().reason() == "Conflict") {
      wait_for_newer(self, *run, deployment_object(run->key),
                     cached_deployment_version(self->state, run->key),
                     version_of(run->object->metadata()));
      return run->done("");
    }
    if (api_failed(resp) || !resp.object().UnpackTo(&written))
      return run->done(ignorable(resp) ? "" : what + ": " + resp.status().message());
    expect_deployment(self, *run, written);
    next();
  };
}

/// Step 4: the deprecated rollback annotation's outcome (template restored,
/// annotation cleared), compare-and-swapped.
void update_deployment(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (!run->plan.deployment_update)
    return write_annotations(self, std::move(run));
  const auto& d = *run->plan.deployment_update;
  st.loop->count_writes(1);
  st.calls->update("deployments", d.metadata().namespace_(), d.metadata().name(), d,
                   deployment_written(self, run, "rolling back", [self, run] {
                     // The revision annotation waits for the next sync: this
                     // write moved the resourceVersion the plan was made on.
                     if (run->plan.status_update)
                       return write_status(self, run, *run->plan.status_update, false);
                     finish(self, run);
                   }));
}

/// Step 5a: the revision annotation. Kubernetes writes it with the status
/// (UpdateStatus); convoy's status subresource keeps metadata, so it goes
/// through the main resource, compare-and-swapped on the cached version
/// (a conflict means the user changed the deployment: plan again once the
/// cache shows the change).
void write_annotations(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (!run->plan.status_update)
    return finish(self, std::move(run));
  const auto& wanted = *run->plan.status_update;
  if (same_map(wanted.metadata().annotations(), run->object->metadata().annotations()))
    return write_status(self, std::move(run), wanted, false);
  auto updated = *run->object;
  *updated.mutable_metadata()->mutable_annotations() = wanted.metadata().annotations();
  st.loop->count_writes(1);
  st.calls->update("deployments", updated.metadata().namespace_(), updated.metadata().name(),
                   updated, deployment_written(self, run, "annotating", [self, run] {
                     write_status(self, run, *run->plan.status_update, false);
                   }));
}

/// Step 5b: the status subresource. The status is the controller's alone,
/// so no compare-and-swap: a concurrent spec change only makes
/// observedGeneration lag, and its event plans again. `last`: the run ends
/// here without finish() (a collision: nothing else of the plan applies).
void write_status(deployment_ptr self, run_ptr run, const api::Deployment& d, bool last) {
  auto& st = self->state;
  auto updated = d;
  updated.mutable_metadata()->clear_resource_version();
  st.loop->count_writes(1);
  st.calls->update("deployments", updated.metadata().namespace_(), updated.metadata().name(),
                   updated,
                   [self, run, last](const apiserver::ApiResponse& resp) {
                     api::Deployment written;
                     if (!api_failed(resp) && resp.object().UnpackTo(&written))
                       expect_deployment(self, *run, written);
                     else if (!ignorable(resp))
                       return run->done("status update: " + resp.status().message());
                     if (last)
                       return run->done("");
                     finish(self, run);
                   },
                   "status");
}

/// requeueStuckDeployment: check the progress deadline again later.
void finish(deployment_ptr self, run_ptr run) {
  if (auto after = run->plan.requeue_after_seconds) {
    // 0 means "now, rate-limited": a second is the rate limit here.
    auto delay = std::chrono::seconds{std::max<int64_t>(*after, 1)};
    self->state.loop->add_after(run->key, delay);
  }
  run->done("");
}

} // namespace

void wait_for_newer(deployment_ptr self, sync_run& run, const std::string& object,
                    int64_t cached_version, int64_t sent_version) {
  run.stale = true;
  if (cached_version <= sent_version)
    self->state.written.expect_version(run.key, object, sent_version + 1, mono_now(self));
}

int64_t cached_rs_version(const deployment_state& st, const std::string& key) {
  auto it = st.replica_sets->objects().find(key);
  return it == st.replica_sets->objects().end() ? 0 : version_of(it->second->metadata());
}

void expect_written(deployment_ptr self, const sync_run& run, const api::ReplicaSet& rs) {
  auto& st = self->state;
  auto key = client::object_key(rs);
  auto rv = version_of(rs.metadata());
  auto cached = st.replica_sets->objects().find(key);
  if (cached == st.replica_sets->objects().end() || version_of(cached->second->metadata()) < rv)
    st.written.expect_version(run.key, rs_object(key), rv, mono_now(self));
}

void apply_plan(deployment_ptr self, run_ptr run) {
  create_replica_sets(self, std::move(run));
}

} // namespace convoy::controllers::deployment
