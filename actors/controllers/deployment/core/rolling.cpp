#include "actors/controllers/deployment/core/rolling.hpp"

#include <algorithm>

#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/new_replica_set.hpp"

namespace convoy::controllers::deployment {

namespace {

/// Old ReplicaSets with replicas, oldest first (ReplicaSetsByCreationTimestamp).
std::vector<size_t> active_old_by_age(const rollout_state& st) {
  auto idx = st.active_old_indexes();
  const auto& rss = st.replica_sets();
  std::sort(idx.begin(), idx.end(),
            [&](size_t a, size_t b) { return created_before(rss[a], rss[b]); });
  return idx;
}

} // namespace

bool reconcile_new_replica_set(rollout_state& st) {
  auto i = st.new_rs();
  if (!i)
    return false;
  const auto& d = st.deployment();
  int32_t desired = desired_replicas(d);
  const auto& rs = st.replica_sets()[*i];
  if (rs_replicas(rs) == desired)
    return false;
  if (rs_replicas(rs) > desired)
    return st.scale_and_record(*i, desired);
  return st.scale_and_record(*i, new_rs_new_replicas(d, st.all_ptrs(), rs));
}

bool reconcile_old_replica_sets(rollout_state& st) {
  auto old = st.active_old_indexes();
  if (spec_replicas_sum(st.ptrs(old)) == 0)
    return false;
  const auto* new_rs = st.new_rs_ptr();
  const auto& d = st.deployment();
  int32_t min_available = desired_replicas(d) - max_unavailable(d);
  int32_t new_unavailable =
    new_rs == nullptr ? 0 : rs_replicas(*new_rs) - new_rs->status().available_replicas();
  int32_t max_scaled_down = spec_replicas_sum(st.all_ptrs()) - min_available - new_unavailable;
  if (max_scaled_down <= 0)
    return false;
  // Unhealthy replicas first: they cost no availability, and left alone
  // they would block the rollout until it times out (kubernetes#16737).
  int32_t cleaned = cleanup_unhealthy_replicas(st, max_scaled_down);
  int32_t scaled = scale_down_old_for_rolling_update(st);
  return cleaned + scaled > 0;
}

int32_t cleanup_unhealthy_replicas(rollout_state& st, int32_t max_cleanup) {
  int32_t total = 0;
  for (size_t i : active_old_by_age(st)) {
    if (total >= max_cleanup)
      break;
    const auto& rs = st.replica_sets()[i];
    int32_t replicas = rs_replicas(rs);
    int32_t unhealthy = replicas - rs.status().available_replicas();
    if (replicas == 0 || unhealthy <= 0)
      continue;
    int32_t count = std::min(max_cleanup - total, unhealthy);
    st.scale_and_record(i, replicas - count);
    total += count;
  }
  return total;
}

int32_t scale_down_old_for_rolling_update(rollout_state& st) {
  const auto& d = st.deployment();
  int32_t min_available = desired_replicas(d) - max_unavailable(d);
  int32_t available = available_replicas_sum(st.all_ptrs());
  if (available <= min_available)
    return 0;
  int32_t to_scale_down = available - min_available;
  int32_t total = 0;
  for (size_t i : active_old_by_age(st)) {
    if (total >= to_scale_down)
      break;
    int32_t replicas = rs_replicas(st.replica_sets()[i]);
    if (replicas == 0)
      continue;
    int32_t count = std::min(replicas, to_scale_down - total);
    st.scale_and_record(i, replicas - count);
    total += count;
  }
  return total;
}

} // namespace convoy::controllers::deployment
