#include "actors/controllers/deployment/core/new_replica_set.hpp"

#include <algorithm>

#include "actors/controllers/deployment/core/conditions.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"

namespace convoy::controllers::deployment {

namespace {

/// Kubernetes' default --max-rev-history-length-in-chars... the annotation
/// must not grow without bound when a deployment flips back and forth.
constexpr size_t max_revision_history_chars = 2000;

bool skip_copy_annotation(const std::string& key) {
  return key == last_applied_annotation || key == revision_annotation
         || key == revision_history_annotation || key == desired_replicas_annotation
         || key == max_replicas_annotation || key == rollback_to_annotation;
}

bool copy_deployment_annotations(const api::Deployment& d, api::ReplicaSet& rs) {
  bool changed = false;
  auto* out = rs.mutable_metadata()->mutable_annotations();
  for (const auto& [k, v] : d.metadata().annotations()) {
    if (skip_copy_annotation(k))
      continue;
    auto it = out->find(k);
    if (it != out->end() && it->second == v)
      continue;
    (*out)[k] = v;
    changed = true;
  }
  return changed;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    parts.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos)
      return parts;
    start = comma + 1;
  }
}

/// Appends `old_revision` to revision-history, dropping the oldest entries
/// to stay under the length limit.
void remember_revision(api::ReplicaSet& rs, const std::string& old_revision) {
  auto* a = rs.mutable_metadata()->mutable_annotations();
  const std::string history = (*a)[revision_history_annotation];
  if (history.empty()) {
    (*a)[revision_history_annotation] = old_revision;
    return;
  }
  auto parts = split_commas(history);
  size_t total = history.size() + old_revision.size() + 1;
  size_t start = 0;
  while (total > max_revision_history_chars && start < parts.size())
    total -= parts[start++].size() + 1;
  if (total > max_revision_history_chars)
    return;
  std::string joined;
  for (size_t i = start; i < parts.size(); ++i)
    joined += parts[i] + ",";
  (*a)[revision_history_annotation] = joined + old_revision;
}

bool set_replicas_annotations(const api::Deployment& d, api::ReplicaSet& rs) {
  auto* a = rs.mutable_metadata()->mutable_annotations();
  int32_t desired = desired_replicas(d);
  std::string want_desired = std::to_string(desired);
  std::string want_max = std::to_string(desired + max_surge(d));
  bool changed = false;
  for (const auto& [key, value] : {std::pair{desired_replicas_annotation, want_desired},
                                   std::pair{max_replicas_annotation, want_max}}) {
    auto it = a->find(key);
    if (it != a->end() && it->second == value)
      continue;
    (*a)[key] = value;
    changed = true;
  }
  return changed;
}

} // namespace

bool set_new_replica_set_annotations(const api::Deployment& d, api::ReplicaSet& rs,
                                     int64_t new_revision, bool exists) {
  bool changed = copy_deployment_annotations(d, rs);
  auto* a = rs.mutable_metadata()->mutable_annotations();
  auto it = a->find(revision_annotation);
  bool had_revision = it != a->end();
  std::string old_revision = had_revision ? it->second : "";
  int64_t old_value = revision_of(rs.metadata());
  if (old_value < 0)
    return false; // malformed: leave it alone, like Kubernetes
  if (old_value < new_revision) {
    (*a)[revision_annotation] = std::to_string(new_revision);
    changed = true;
    if (had_revision)
      remember_revision(rs, old_revision);
  }
  if (!exists && set_replicas_annotations(d, rs))
    changed = true;
  return changed;
}

api::ReplicaSet new_replica_set(const api::Deployment& d, const std::string& hash,
                                int64_t revision) {
  api::ReplicaSet rs;
  rs.set_kind("ReplicaSet");
  rs.set_api_version("apps/v1");
  auto* meta = rs.mutable_metadata();
  meta->set_name(d.metadata().name() + "-" + hash);
  meta->set_namespace_(d.metadata().namespace_());
  auto* owner = meta->add_owner_references();
  owner->set_api_version("apps/v1");
  owner->set_kind("Deployment");
  owner->set_name(d.metadata().name());
  owner->set_uid(d.metadata().uid());
  owner->set_controller(true);
  owner->set_block_owner_deletion(true);

  auto* spec = rs.mutable_spec();
  spec->set_replicas(0);
  spec->set_min_ready_seconds(d.spec().min_ready_seconds());
  *spec->mutable_template_() = d.spec().template_();
  (*spec->mutable_template_()->mutable_metadata()->mutable_labels())[pod_template_hash_label] = hash;
  *spec->mutable_selector() = d.spec().selector();
  (*spec->mutable_selector()->mutable_match_labels())[pod_template_hash_label] = hash;
  *meta->mutable_labels() = spec->template_().metadata().labels();

  set_new_replica_set_annotations(d, rs, revision, false);
  return rs;
}

int32_t new_rs_new_replicas(const api::Deployment& d,
                            const std::vector<const api::ReplicaSet*>& all,
                            const api::ReplicaSet& new_rs) {
  int32_t desired = desired_replicas(d);
  if (!is_rolling_update(d))
    return desired;
  int32_t surge = resolve_fenceposts(d, desired).first;
  int32_t current = spec_replicas_sum(all);
  int32_t max_total = desired + surge;
  if (current >= max_total)
    return rs_replicas(new_rs);
  int32_t up = std::min(max_total - current, desired - rs_replicas(new_rs));
  return rs_replicas(new_rs) + up;
}

namespace {

/// The existing new ReplicaSet: bring its annotations and minReadySeconds
/// up to date, then record its revision (and, for a deployment that never
/// had one, a FoundNewReplicaSet Progressing condition) on the deployment.
void refresh_existing(rollout_state& st, size_t i, int64_t new_revision, int64_t now_seconds) {
  auto& d = st.deployment();
  auto& rs = st.replica_sets()[i];
  bool changed = set_new_replica_set_annotations(d, rs, new_revision, true);
  if (rs.spec().min_ready_seconds() != d.spec().min_ready_seconds()) {
    rs.mutable_spec()->set_min_ready_seconds(d.spec().min_ready_seconds());
    changed = true;
  }
  if (changed) {
    // Kubernetes skips the deployment's bookkeeping after this write; the
    // next sync, which sees the written ReplicaSet, records the revision.
    st.mark_updated(i);
    return;
  }
  auto it = rs.metadata().annotations().find(revision_annotation);
  (*d.mutable_metadata()->mutable_annotations())[revision_annotation] =
    it == rs.metadata().annotations().end() ? "" : it->second;
  if (has_progress_deadline(d) && get_condition(d.status(), "Progressing") == nullptr)
    set_condition(*d.mutable_status(),
                  new_condition("Progressing", "True", reason::found_new_rs,
                                "Found new replica set \"" + rs.metadata().name() + "\"",
                                now_seconds));
}

} // namespace

new_rs_outcome sync_new_replica_set(rollout_state& st, bool create, int64_t now_seconds) {
  auto old = st.old_indexes();
  int64_t new_revision = max_revision(st.ptrs(old)) + 1;
  if (auto i = st.new_rs()) {
    refresh_existing(st, *i, new_revision, now_seconds);
    return new_rs_outcome::ready;
  }
  if (!create)
    return new_rs_outcome::absent;
  auto& d = st.deployment();
  int32_t collisions = d.status().has_collision_count() ? d.status().collision_count() : 0;
  auto rs = new_replica_set(d, pod_template_hash(d.spec().template_(), collisions), new_revision);
  for (size_t i : old) {
    if (st.replica_sets()[i].metadata().name() != rs.metadata().name())
      continue;
    // Same name, different template: a hash collision. Kubernetes bumps
    // the count (which changes the next hash) and retries on the next sync.
    d.mutable_status()->set_collision_count(collisions + 1);
    return new_rs_outcome::collision;
  }
  auto all = st.all_ptrs();
  all.push_back(&rs);
  rs.mutable_spec()->set_replicas(new_rs_new_replicas(d, all, rs));
  size_t idx = st.add_created(std::move(rs));
  const auto& created = st.replica_sets()[idx];
  if (created.spec().replicas() > 0)
    st.events().push_back("Scaled up replica set " + created.metadata().name() + " from 0 to "
                          + std::to_string(created.spec().replicas()));
  (*d.mutable_metadata()->mutable_annotations())[revision_annotation] = std::to_string(new_revision);
  if (has_progress_deadline(d))
    set_condition(*d.mutable_status(),
                  new_condition("Progressing", "True", reason::new_rs_created,
                                "Created new replica set \"" + created.metadata().name() + "\"",
                                now_seconds));
  return new_rs_outcome::ready;
}

} // namespace convoy::controllers::deployment
