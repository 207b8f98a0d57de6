#include "actors/controllers/deployment/core/scaling.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "actors/controllers/deployment/core/deployment_util.hpp"

namespace convoy::controllers::deployment {

namespace {

std::vector<size_t> active_indexes(const rollout_state& st) {
  auto idx = st.active_old_indexes();
  if (auto n = st.new_rs(); n && rs_replicas(st.replica_sets()[*n]) > 0)
    idx.push_back(*n);
  return idx;
}

/// FindActiveOrLatest: the only active ReplicaSet, the newest one when none
/// is active, nothing when several are.
std::optional<size_t> active_or_latest(const rollout_state& st) {
  auto active = active_indexes(st);
  if (active.size() == 1)
    return active.front();
  if (!active.empty())
    return std::nullopt;
  if (st.new_rs())
    return st.new_rs();
  auto old = st.old_indexes();
  if (old.empty())
    return std::nullopt;
  const auto& rss = st.replica_sets();
  return *std::max_element(old.begin(), old.end(),
                           [&](size_t a, size_t b) { return created_before(rss[a], rss[b]); });
}

/// IsSaturated: the new ReplicaSet is fully sized and fully available.
bool saturated(const api::Deployment& d, const api::ReplicaSet* rs) {
  if (rs == nullptr)
    return false;
  int32_t desired = desired_replicas(d);
  return rs_replicas(*rs) == desired
         && int_annotation(rs->metadata(), desired_replicas_annotation) == desired
         && rs->status().available_replicas() == desired;
}

int32_t fraction(const api::ReplicaSet& rs, const api::Deployment& d) {
  int32_t desired = desired_replicas(d);
  if (desired == 0)
    return -rs_replicas(rs);
  int64_t before = int_annotation(rs.metadata(), max_replicas_annotation);
  if (before <= 0) {
    // No usable annotation (edited by hand): fall back to the current size.
    before = d.status().replicas();
    if (before == 0)
      return 0;
  }
  double sized = static_cast<double>(rs_replicas(rs)) * (desired + max_surge(d)) / before;
  return static_cast<int32_t>(std::round(sized)) - rs_replicas(rs);
}

void scale_proportionally(rollout_state& st) {
  const auto& d = st.deployment();
  const auto& rss = st.replica_sets();
  auto active = active_indexes(st);
  int32_t desired = desired_replicas(d);
  int32_t allowed = desired > 0 ? desired + max_surge(d) : 0;
  int32_t to_add = allowed - spec_replicas_sum(st.ptrs(active));
  // Largest first; among equals, newer first when growing (new pods go to
  // the newest template) and older first when shrinking.
  std::sort(active.begin(), active.end(), [&](size_t a, size_t b) {
    if (rs_replicas(rss[a]) != rs_replicas(rss[b]))
      return rs_replicas(rss[a]) > rs_replicas(rss[b]);
    return to_add > 0 ? created_before(rss[b], rss[a]) : created_before(rss[a], rss[b]);
  });
  std::map<size_t, int32_t> size;
  int32_t added = 0;
  for (size_t i : active) {
    int32_t p = to_add != 0 ? replica_set_proportion(rss[i], d, to_add, added) : 0;
    size[i] = rs_replicas(rss[i]) + p;
    added += p;
  }
  std::string op = to_add > 0 ? "up" : "down";
  for (size_t k = 0; k < active.size(); ++k) {
    size_t i = active[k];
    if (k == 0 && to_add != 0)
      size[i] = std::max(0, size[i] + to_add - added);
    st.scale(i, size[i], op);
  }
}

} // namespace

int32_t replica_set_proportion(const api::ReplicaSet& rs, const api::Deployment& d,
                               int32_t to_add, int32_t added) {
  if (rs_replicas(rs) == 0 || to_add == 0 || to_add == added)
    return 0;
  int32_t f = fraction(rs, d);
  int32_t allowed = to_add - added;
  return to_add > 0 ? std::min(f, allowed) : std::max(f, allowed);
}

bool is_scaling_event(const rollout_state& st) {
  int32_t desired = desired_replicas(st.deployment());
  for (size_t i : active_indexes(st)) {
    int64_t annotated = int_annotation(st.replica_sets()[i].metadata(), desired_replicas_annotation);
    if (annotated >= 0 && annotated != desired)
      return true;
  }
  return false;
}

void scale_deployment(rollout_state& st) {
  const auto& d = st.deployment();
  if (auto one = active_or_latest(st)) {
    if (rs_replicas(st.replica_sets()[*one]) != desired_replicas(d))
      st.scale_and_record(*one, desired_replicas(d));
    return;
  }
  if (saturated(d, st.new_rs_ptr())) {
    for (size_t i : st.active_old_indexes())
      st.scale_and_record(i, 0);
    return;
  }
  if (is_rolling_update(d))
    scale_proportionally(st);
}

} // namespace convoy::controllers::deployment
