#include "actors/controllers/deployment/core/status.hpp"

#include "actors/controllers/deployment/core/conditions.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"

namespace convoy::controllers::deployment {

namespace {

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

/// The subject of Progressing messages: the new ReplicaSet when there is one.
std::string subject(const rollout_state& st) {
  if (const auto* rs = st.new_rs_ptr())
    return "ReplicaSet " + quoted(rs->metadata().name());
  return "Deployment " + quoted(st.deployment().metadata().name());
}

/// ReplicaFailure conditions of the new ReplicaSet, else of any ReplicaSet.
std::optional<api::DeploymentCondition> replica_failure(const rollout_state& st) {
  auto from = [](const api::ReplicaSet& rs) -> std::optional<api::DeploymentCondition> {
    for (const auto& c : rs.status().conditions()) {
      if (c.type() != "ReplicaFailure")
        continue;
      api::DeploymentCondition out;
      out.set_type(c.type());
      out.set_status(c.status());
      *out.mutable_last_update_time() = c.last_transition_time();
      *out.mutable_last_transition_time() = c.last_transition_time();
      out.set_reason(c.reason());
      out.set_message(c.message());
      return out;
    }
    return std::nullopt;
  };
  if (const auto* rs = st.new_rs_ptr())
    if (auto c = from(*rs))
      return c;
  for (const auto& rs : st.replica_sets())
    if (auto c = from(rs))
      return c;
  return std::nullopt;
}

void update_progressing(const rollout_state& st, api::DeploymentStatus& status, int64_t now) {
  const auto& d = st.deployment();
  const auto* current = get_condition(d.status(), "Progressing");
  if (deployment_complete(d, status)) {
    set_condition(status, new_condition("Progressing", "True", reason::new_rs_available,
                                        subject(st) + " has successfully progressed.", now));
  } else if (deployment_progressing(d, status)) {
    auto c = new_condition("Progressing", "True", reason::rs_updated,
                           subject(st) + " is progressing.", now);
    // Progress moves lastUpdateTime even when the reason stays the same,
    // which set_condition alone would not do.
    if (current != nullptr) {
      if (current->status() == "True")
        *c.mutable_last_transition_time() = current->last_transition_time();
      remove_condition(status, "Progressing");
    }
    set_condition(status, c);
  } else if (deployment_timed_out(d, status, now)) {
    set_condition(status, new_condition("Progressing", "False", reason::timed_out,
                                        subject(st) + " has timed out progressing.", now));
  }
}

} // namespace

api::DeploymentStatus calculate_status(const rollout_state& st, int64_t now_seconds) {
  const auto& d = st.deployment();
  auto all = st.all_ptrs();
  int32_t available = available_replicas_sum(all);
  api::DeploymentStatus s;
  s.set_observed_generation(d.metadata().generation());
  s.set_replicas(status_replicas_sum(all));
  s.set_updated_replicas(st.new_rs_ptr() ? st.new_rs_ptr()->status().replicas() : 0);
  s.set_ready_replicas(ready_replicas_sum(all));
  s.set_available_replicas(available);
  s.set_unavailable_replicas(std::max(0, spec_replicas_sum(all) - available));
  if (d.status().has_collision_count())
    s.set_collision_count(d.status().collision_count());
  *s.mutable_conditions() = d.status().conditions();
  if (available >= desired_replicas(d) - max_unavailable(d))
    set_condition(s, new_condition("Available", "True", reason::min_available,
                                   "Deployment has minimum availability.", now_seconds));
  else
    set_condition(s, new_condition("Available", "False", reason::min_unavailable,
                                   "Deployment does not have minimum availability.", now_seconds));
  return s;
}

bool deployment_complete(const api::Deployment& d, const api::DeploymentStatus& s) {
  int32_t desired = desired_replicas(d);
  return s.updated_replicas() == desired && s.replicas() == desired
         && s.available_replicas() == desired
         && s.observed_generation() >= d.metadata().generation();
}

bool deployment_progressing(const api::Deployment& d, const api::DeploymentStatus& s) {
  const auto& old = d.status();
  return s.updated_replicas() > old.updated_replicas()
         || s.replicas() - s.updated_replicas() < old.replicas() - old.updated_replicas()
         || s.ready_replicas() > old.ready_replicas()
         || s.available_replicas() > old.available_replicas();
}

bool deployment_timed_out(const api::Deployment& d, const api::DeploymentStatus& s,
                          int64_t now_seconds) {
  if (!has_progress_deadline(d))
    return false;
  const auto* c = get_condition(s, "Progressing");
  if (c == nullptr || c->reason() == reason::new_rs_available)
    return false;
  if (c->reason() == reason::timed_out)
    return true;
  return c->last_update_time().seconds() + progress_deadline_seconds(d) < now_seconds;
}

void sync_deployment_status(rollout_state& st, int64_t now_seconds) {
  *st.deployment().mutable_status() = calculate_status(st, now_seconds);
}

void sync_rollout_status(rollout_state& st, int64_t now_seconds) {
  auto status = calculate_status(st, now_seconds);
  const auto& d = st.deployment();
  if (!has_progress_deadline(d))
    remove_condition(status, "Progressing");
  const auto* current = get_condition(d.status(), "Progressing");
  bool complete = status.replicas() == status.updated_replicas() && current != nullptr
                  && current->reason() == reason::new_rs_available;
  if (has_progress_deadline(d) && !complete)
    update_progressing(st, status, now_seconds);
  if (auto failure = replica_failure(st))
    set_condition(status, *failure);
  else
    remove_condition(status, "ReplicaFailure");
  *st.deployment().mutable_status() = std::move(status);
}

std::optional<int64_t> requeue_after(const api::Deployment& d,
                                     const api::DeploymentStatus& new_status, int64_t now_seconds) {
  const auto* c = get_condition(d.status(), "Progressing");
  if (!has_progress_deadline(d) || c == nullptr)
    return std::nullopt;
  if (deployment_complete(d, new_status) || c->reason() == reason::timed_out)
    return std::nullopt;
  int64_t after = c->last_update_time().seconds() + progress_deadline_seconds(d) - now_seconds;
  // One second past the deadline, so the check that follows sees it passed.
  return after < 1 ? 0 : after + 1;
}

void check_paused_conditions(api::Deployment& d, int64_t now_seconds) {
  if (!has_progress_deadline(d))
    return;
  const auto* c = get_condition(d.status(), "Progressing");
  if (c != nullptr && c->reason() == reason::timed_out)
    return;
  bool paused_cond = c != nullptr && c->reason() == reason::paused;
  if (d.spec().paused() && !paused_cond)
    set_condition(*d.mutable_status(), new_condition("Progressing", "Unknown", reason::paused,
                                                     "Deployment is paused", now_seconds));
  else if (!d.spec().paused() && paused_cond)
    set_condition(*d.mutable_status(), new_condition("Progressing", "Unknown", reason::resumed,
                                                     "Deployment is resumed", now_seconds));
}

} // namespace convoy::controllers::deployment
