#include "actors/controllers/deployment/deployment_sync.hpp"

#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/deployment/core/claim.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/rollout_state.hpp"
#include "actors/controllers/deployment/deployment_apply.hpp"

namespace convoy::controllers::deployment {

namespace {

using rs_ptr = std::shared_ptr<const api::ReplicaSet>;

std::vector<const api::ReplicaSet*> raw(const std::vector<rs_ptr>& rss) {
  std::vector<const api::ReplicaSet*> out;
  out.reserve(rss.size());
  for (const auto& rs : rss)
    out.push_back(rs.get());
  return out;
}

/// oldPodsRunning's pod half: a pod of an old ReplicaSet (not the one
/// whose template is the deployment's) that has not finished. Pods being
/// deleted count: Recreate waits until they are gone.
bool old_pods_running(const deployment_state& st, const sync_run& run) {
  rollout_state view(*run.object, raw(run.owned));
  auto new_rs = view.new_rs();
  for (size_t i = 0; i < run.owned.size(); ++i) {
    if (new_rs && *new_rs == i)
      continue;
    for (const auto& key : st.pod_owners.controlled_by(run.owned[i]->metadata().uid())) {
      auto pod = st.pods->objects().find(key);
      if (pod == st.pods->objects().end())
        continue;
      const auto& phase = pod->second->status().phase();
      if (phase != "Succeeded" && phase != "Failed")
        return true;
    }
  }
  return false;
}

/// Plans with the ReplicaSets claimed, then applies the plan.
void plan_and_apply(deployment_ptr self, run_ptr run) {
  auto& st = self->state;
  if (!run->error.empty() || run->stale)
    return run->done(run->error);
  bool old_running = !is_rolling_update(*run->object) && old_pods_running(st, *run);
  auto now_s
    = std::chrono::duration_cast<std::chrono::seconds>(st.clock->now().time_since_epoch()).count();
  run->plan = plan_sync(*run->object, raw(run->owned), old_running, now_s);
  for (const auto& event : run->plan.events)
    st.log->info("deployment {}: {}", run->key, event);
  apply_plan(self, std::move(run));
}

/// One adoption or release (an update compare-and-swapped on the cached
/// resourceVersion); an adopted ReplicaSet joins run->owned.
void write_claim(deployment_ptr self, run_ptr run, const api::ReplicaSet& updated, bool adopting,
                 std::function<void()> one_done) {
  auto& st = self->state;
  st.loop->count_writes(1);
  st.calls->update(
    "replicasets", updated.metadata().namespace_(), updated.metadata().name(), updated,
    [self, run, adopting, one_done, key = client::object_key(updated),
     sent = version_of(updated.metadata())](const apiserver::ApiResponse& resp) {
      auto rs = std::make_shared<api::ReplicaSet>();
      if (!api_failed(resp) && resp.object().UnpackTo(rs.get())) {
        expect_written(self, *run, *rs);
        if (adopting)
          run->owned.push_back(std::move(rs));
      } else if (resp.status().reason() == "Conflict") {
        wait_for_newer(self, *run, rs_object(key), cached_rs_version(self->state, key), sent);
      } else if (api_failed(resp) && resp.status().reason() != "NotFound") {
        // Planning without it could create a twin of an orphan we failed
        // to adopt: retry the whole sync instead (Kubernetes does too).
        run->error = "claiming replica sets: " + resp.status().message();
      }
      one_done();
    });
}

/// getReplicaSetsForDeployment: claims among the ReplicaSets this
/// deployment controls and the orphans of its namespace.
void claim(deployment_ptr self, run_ptr run, const apiserver::label_selector& selector) {
  auto& st = self->state;
  const auto& meta = run->object->metadata();
  auto candidates
    = st.rs_index.claim_candidates(st.replica_sets->objects(), meta.uid(), meta.namespace_());
  auto claimed = claim_objects(claimant_of(*run->object, selector), candidates);
  run->owned = std::move(claimed.owned);
  run->pending = static_cast<int>(claimed.adopt.size() + claimed.release.size()) + 1;
  auto one_done = [self, run] {
    if (--run->pending == 0)
      plan_and_apply(self, run);
  };
  for (const auto& rs : claimed.adopt)
    write_claim(self, run, adopted(*rs, *run->object), true, one_done);
  for (const auto& rs : claimed.release)
    write_claim(self, run, released(*rs, *run->object), false, one_done);
  one_done();
}

} // namespace

void sync(deployment_ptr self, const std::string& key,
          reconcile_loop<deployment_self>::done_fn done) {
  auto& st = self->state;
  auto it = st.deployments->objects().find(key);
  if (it == st.deployments->objects().end()) {
    st.written.erase(key);
    return done("");
  }
  auto now = mono_now(self);
  if (!st.written.satisfied(key, now)) {
    // The events we wait for requeue the key; the timer only guards
    // against one that never comes.
    if (st.written.arm_timer(key))
      st.loop->add_after(key, st.written.ttl());
    return done("");
  }
  st.written.erase(key);
  auto run = std::make_shared<sync_run>();
  run->key = key;
  run->object = it->second;
  run->done = std::move(done);
  auto selector = apiserver::label_selector::from_message(it->second->spec().selector());
  if (!selector) {
    st.log->warn("deployment {}: invalid selector: {}", key, selector.error);
    return run->done(""); // selects nothing; validation keeps these out
  }
  if (selector.value->empty())
    return plan_and_apply(self, std::move(run)); // the core refuses to act
  claim(self, std::move(run), *selector.value);
}

} // namespace convoy::controllers::deployment
