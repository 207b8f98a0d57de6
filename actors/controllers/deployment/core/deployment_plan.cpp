#include "actors/controllers/deployment/core/deployment_plan.hpp"

#include <google/protobuf/util/message_differencer.h>

#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/history.hpp"
#include "actors/controllers/deployment/core/new_replica_set.hpp"
#include "actors/controllers/deployment/core/recreate.hpp"
#include "actors/controllers/deployment/core/rolling.hpp"
#include "actors/controllers/deployment/core/scaling.hpp"
#include "actors/controllers/deployment/core/status.hpp"

namespace convoy::controllers::deployment {

namespace {

using google::protobuf::util::MessageDifferencer;

/// Turns the working state into writes: whatever differs from the input.
deployment_plan finish(rollout_state& st, const api::Deployment& original,
                       std::vector<std::string> remove) {
  deployment_plan plan;
  if (auto c = st.created())
    plan.create.push_back(st.replica_sets()[*c]);
  for (size_t i : st.updated())
    plan.update.push_back(st.replica_sets()[i]);
  plan.remove = std::move(remove);
  const auto& d = st.deployment();
  if (!MessageDifferencer::Equals(d.status(), original.status())
      || !MessageDifferencer::Equals(d.metadata(), original.metadata()))
    plan.status_update = d;
  plan.events = std::move(st.events());
  return plan;
}

/// A rollout step's status write, or (status unchanged) the deadline requeue.
deployment_plan finish_rollout(rollout_state& st, const api::Deployment& original,
                               std::vector<std::string> remove, int64_t now) {
  sync_rollout_status(st, now);
  bool status_same = MessageDifferencer::Equals(st.deployment().status(), original.status());
  auto plan = finish(st, original, std::move(remove));
  if (status_same)
    plan.requeue_after_seconds = requeue_after(original, st.deployment().status(), now);
  return plan;
}

/// sync(): scale (paused or scaled deployments), prune history when
/// paused, recompute status; no rollout progress.
deployment_plan sync_only_scale(rollout_state& st, const api::Deployment& original, int64_t now) {
  sync_new_replica_set(st, false, now);
  scale_deployment(st);
  std::vector<std::string> remove;
  if (st.deployment().spec().paused())
    remove = history_to_delete(st);
  sync_deployment_status(st, now);
  return finish(st, original, std::move(remove));
}

deployment_plan rollout_rolling(rollout_state& st, const api::Deployment& original, int64_t now) {
  if (sync_new_replica_set(st, true, now) == new_rs_outcome::collision) {
    auto plan = finish(st, original, {});
    plan.requeue_after_seconds = 0;
    return plan;
  }
  if (reconcile_new_replica_set(st) || reconcile_old_replica_sets(st))
    return finish_rollout(st, original, {}, now);
  std::vector<std::string> remove;
  if (deployment_complete(st.deployment(), st.deployment().status()))
    remove = history_to_delete(st);
  return finish_rollout(st, original, std::move(remove), now);
}

deployment_plan rollout_recreate(rollout_state& st, const api::Deployment& original,
                                 bool old_running, int64_t now) {
  // No new ReplicaSet yet: creating it would scale up before scaling down.
  sync_new_replica_set(st, false, now);
  if (scale_down_old_for_recreate(st) || old_pods_running(st, old_running))
    return finish_rollout(st, original, {}, now);
  if (sync_new_replica_set(st, true, now) == new_rs_outcome::collision) {
    auto plan = finish(st, original, {});
    plan.requeue_after_seconds = 0;
    return plan;
  }
  scale_up_new_for_recreate(st);
  std::vector<std::string> remove;
  if (deployment_complete(st.deployment(), st.deployment().status()))
    remove = history_to_delete(st);
  return finish_rollout(st, original, std::move(remove), now);
}

bool selects_everything(const api::Deployment& d) {
  const auto& s = d.spec().selector();
  return s.match_labels().empty() && s.match_expressions().empty();
}

} // namespace

deployment_plan plan_sync(const api::Deployment& d,
                          const std::vector<const api::ReplicaSet*>& owned,
                          bool old_pods_running, int64_t now_seconds) {
  rollout_state st(d, owned);
  if (selects_everything(d)) {
    // A deployment that would adopt every pod of its namespace is left
    // alone; only its generation is acknowledged.
    if (d.status().observed_generation() < d.metadata().generation())
      st.deployment().mutable_status()->set_observed_generation(d.metadata().generation());
    auto plan = finish(st, d, {});
    plan.events.push_back("This deployment will select all pods; a non-empty selector is required.");
    return plan;
  }
  if (d.metadata().has_deletion_timestamp()) {
    sync_new_replica_set(st, false, now_seconds);
    sync_deployment_status(st, now_seconds);
    return finish(st, d, {});
  }
  check_paused_conditions(st.deployment(), now_seconds);
  if (d.spec().paused())
    return sync_only_scale(st, d, now_seconds);
  if (auto revision = rollback_annotation(d)) {
    sync_new_replica_set(st, true, now_seconds);
    auto plan = finish(st, d, {});
    plan.deployment_update = controller_rollback(st, *revision, plan.events);
    return plan;
  }
  if (is_scaling_event(st))
    return sync_only_scale(st, d, now_seconds);
  if (is_rolling_update(d))
    return rollout_rolling(st, d, now_seconds);
  return rollout_recreate(st, d, old_pods_running, now_seconds);
}

api::Deployment bump_collision_count(const api::Deployment& d) {
  api::Deployment out = d;
  int32_t current = d.status().has_collision_count() ? d.status().collision_count() : 0;
  out.mutable_status()->set_collision_count(current + 1);
  return out;
}

} // namespace convoy::controllers::deployment
