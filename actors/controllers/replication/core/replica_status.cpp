#include "actors/controllers/replication/core/replica_status.hpp"

#include <algorithm>

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers::replication {

namespace {

/// The ReplicaFailure condition of calculateStatus, applied to `conds`.
void update_failure(std::vector<api::ReplicaSetCondition>& conds, int64_t active,
                    const replica_owner& owner, int64_t now_seconds,
                    const std::string& error, const std::string& reason) {
  auto it = std::find_if(conds.begin(), conds.end(),
                         [](const auto& c) { return c.type() == replica_failure; });
  if (error.empty()) {
    if (it != conds.end())
      conds.erase(it);
    return;
  }
  if (it != conds.end())
    return; // Kubernetes keeps the first failure until the errors stop
  api::ReplicaSetCondition cond;
  cond.set_type(replica_failure);
  cond.set_status("True");
  cond.mutable_last_transition_time()->set_seconds(now_seconds);
  if (!reason.empty())
    cond.set_reason(reason);
  else if (active < owner.replicas)
    cond.set_reason("FailedCreate");
  else if (active > owner.replicas)
    cond.set_reason("FailedDelete");
  cond.set_message(error);
  conds.push_back(std::move(cond));
}

template <class Cond>
bool same_condition(const api::ReplicaSetCondition& a, const Cond& b) {
  return a.type() == b.type() && a.status() == b.status() && a.reason() == b.reason()
         && a.message() == b.message()
         && a.has_last_transition_time() == b.has_last_transition_time()
         && a.last_transition_time().seconds() == b.last_transition_time().seconds()
         && a.last_transition_time().nanos() == b.last_transition_time().nanos();
}

template <class From, class To>
void copy_condition(const From& from, To& to) {
  to.set_type(from.type());
  to.set_status(from.status());
  if (from.has_last_transition_time())
    *to.mutable_last_transition_time() = from.last_transition_time();
  else
    to.clear_last_transition_time();
  to.set_reason(from.reason());
  to.set_message(from.message());
}

/// Both status messages have the same fields; one body for both.
template <class Status>
bool apply_to(const replica_status& s, Status& out) {
  bool same = out.replicas() == s.replicas
              && out.fully_labeled_replicas() == s.fully_labeled_replicas
              && out.ready_replicas() == s.ready_replicas
              && out.available_replicas() == s.available_replicas
              && out.observed_generation() == s.observed_generation
              && out.conditions_size() == static_cast<int>(s.conditions.size());
  for (std::size_t i = 0; same && i < s.conditions.size(); ++i)
    same = same_condition(s.conditions[i], out.conditions(static_cast<int>(i)));
  if (same)
    return false;
  out.set_replicas(s.replicas);
  out.set_fully_labeled_replicas(s.fully_labeled_replicas);
  out.set_ready_replicas(s.ready_replicas);
  out.set_available_replicas(s.available_replicas);
  out.set_observed_generation(s.observed_generation);
  out.clear_conditions();
  for (const auto& c : s.conditions)
    copy_condition(c, *out.add_conditions());
  return true;
}

template <class Status>
std::vector<api::ReplicaSetCondition> conditions_from(const Status& status) {
  std::vector<api::ReplicaSetCondition> out;
  for (const auto& c : status.conditions())
    copy_condition(c, out.emplace_back());
  return out;
}

} // namespace

replica_status compute_status(const replica_owner& owner,
                              const std::vector<const api::Pod*>& owned_active,
                              int64_t now_seconds, const std::string& manage_error,
                              const std::string& manage_error_reason,
                              const std::vector<api::ReplicaSetCondition>& previous) {
  replica_status s;
  auto template_labels =
      apiserver::label_selector::from_map(owner.pod_template.metadata().labels());
  for (const auto* pod : owned_active) {
    if (pod == nullptr || !is_pod_active(*pod))
      continue;
    ++s.replicas;
    if (template_labels.matches(pod->metadata().labels()))
      ++s.fully_labeled_replicas;
    if (is_pod_ready(*pod)) {
      ++s.ready_replicas;
      if (is_pod_available(*pod, owner.min_ready_seconds, now_seconds))
        ++s.available_replicas;
    }
  }
  s.observed_generation = owner.generation;
  s.conditions = previous;
  update_failure(s.conditions, s.replicas, owner, now_seconds, manage_error,
                 manage_error_reason);
  return s;
}

std::vector<api::ReplicaSetCondition> conditions_of(const api::ReplicaSetStatus& status) {
  return conditions_from(status);
}

std::vector<api::ReplicaSetCondition> conditions_of(const api::ReplicationControllerStatus& status) {
  return conditions_from(status);
}

bool apply_status(const replica_status& s, api::ReplicaSetStatus& out) {
  return apply_to(s, out);
}

bool apply_status(const replica_status& s, api::ReplicationControllerStatus& out) {
  return apply_to(s, out);
}

std::optional<int64_t> requeue_after_seconds(const replica_owner& owner,
                                             const std::vector<const api::Pod*>& owned_active,
                                             int64_t now_seconds) {
  if (owner.min_ready_seconds <= 0)
    return std::nullopt;
  std::optional<int64_t> soonest;
  for (const auto* pod : owned_active) {
    if (pod == nullptr || !is_pod_active(*pod) || !is_pod_ready(*pod)
        || is_pod_available(*pod, owner.min_ready_seconds, now_seconds))
      continue;
    const auto* ready = pod_condition(*pod, "Ready");
    // Without a transition time the pod never ages; retry after the full wait.
    int64_t wait = owner.min_ready_seconds;
    if (ready->has_last_transition_time())
      wait = seconds_of(ready->last_transition_time()) + owner.min_ready_seconds - now_seconds;
    wait = std::max<int64_t>(wait, 1);
    soonest = soonest ? std::min(*soonest, wait) : wait;
  }
  return soonest;
}

} // namespace convoy::controllers::replication
