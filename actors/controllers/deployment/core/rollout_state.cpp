#include "actors/controllers/deployment/core/rollout_state.hpp"

#include <algorithm>

#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"

namespace convoy::controllers::deployment {

rollout_state::rollout_state(const api::Deployment& d,
                             const std::vector<const api::ReplicaSet*>& owned)
  : deployment_(d) {
  rss_.reserve(owned.size() + 1);
  for (const auto* rs : owned)
    rss_.push_back(*rs);
  // FindNewReplicaSet: the oldest ReplicaSet whose template matches, so a
  // duplicate created by a stale cache never takes over.
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (!equal_ignore_hash(rss_[i].spec().template_(), d.spec().template_()))
      continue;
    if (!new_rs_ || created_before(rss_[i], rss_[*new_rs_]))
      new_rs_ = i;
  }
}

const api::ReplicaSet* rollout_state::new_rs_ptr() const {
  return new_rs_ ? &rss_[*new_rs_] : nullptr;
}

std::vector<size_t> rollout_state::old_indexes() const {
  std::vector<size_t> out;
  for (size_t i = 0; i < rss_.size(); ++i)
    if (!new_rs_ || i != *new_rs_)
      out.push_back(i);
  return out;
}

std::vector<size_t> rollout_state::active_old_indexes() const {
  std::vector<size_t> out;
  for (size_t i : old_indexes())
    if (rs_replicas(rss_[i]) > 0)
      out.push_back(i);
  return out;
}

std::vector<const api::ReplicaSet*> rollout_state::ptrs(const std::vector<size_t>& idx) const {
  std::vector<const api::ReplicaSet*> out;
  out.reserve(idx.size());
  for (size_t i : idx)
    out.push_back(&rss_[i]);
  return out;
}

std::vector<const api::ReplicaSet*> rollout_state::all_ptrs() const {
  std::vector<const api::ReplicaSet*> out;
  out.reserve(rss_.size());
  for (const auto& rs : rss_)
    out.push_back(&rs);
  return out;
}

size_t rollout_state::add_created(api::ReplicaSet rs) {
  rss_.push_back(std::move(rs));
  created_ = rss_.size() - 1;
  new_rs_ = created_;
  return *created_;
}

void rollout_state::mark_updated(size_t i) {
  if (created_ && *created_ == i)
    return; // its final content goes out with the create
  if (std::find(updated_.begin(), updated_.end(), i) == updated_.end())
    updated_.push_back(i);
}

bool rollout_state::scale(size_t i, int32_t new_scale, const std::string& operation) {
  auto& rs = rss_[i];
  int32_t desired = desired_replicas(deployment_);
  std::string want_desired = std::to_string(desired);
  std::string want_max = std::to_string(desired + max_surge(deployment_));
  auto* annotations = rs.mutable_metadata()->mutable_annotations();
  int32_t old_scale = rs_replicas(rs);
  bool size_changed = old_scale != new_scale || !rs.spec().has_replicas();
  bool annotations_changed = (*annotations)[desired_replicas_annotation] != want_desired
                             || (*annotations)[max_replicas_annotation] != want_max;
  if (!size_changed && !annotations_changed)
    return false;
  rs.mutable_spec()->set_replicas(new_scale);
  (*annotations)[desired_replicas_annotation] = want_desired;
  (*annotations)[max_replicas_annotation] = want_max;
  mark_updated(i);
  if (old_scale != new_scale)
    events_.push_back("Scaled " + operation + " replica set " + rs.metadata().name() + " from "
                      + std::to_string(old_scale) + " to " + std::to_string(new_scale));
  return old_scale != new_scale;
}

bool rollout_state::scale_and_record(size_t i, int32_t new_scale) {
  int32_t current = rs_replicas(rss_[i]);
  if (current == new_scale)
    return false;
  return scale(i, new_scale, current < new_scale ? "up" : "down");
}

} // namespace convoy::controllers::deployment
