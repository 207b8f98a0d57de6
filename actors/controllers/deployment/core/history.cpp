#include "actors/controllers/deployment/core/history.hpp"

#include <algorithm>

#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"

namespace convoy::controllers::deployment {

namespace {

bool controller_annotation(const std::string& key) {
  return key == last_applied_annotation || key == revision_annotation
         || key == revision_history_annotation || key == desired_replicas_annotation
         || key == max_replicas_annotation || key == rollback_to_annotation;
}

std::string key_of(const api::ReplicaSet& rs) {
  const auto& ns = rs.metadata().namespace_();
  return ns.empty() ? rs.metadata().name() : ns + "/" + rs.metadata().name();
}

bool deletable(const api::ReplicaSet& rs) {
  return rs.status().replicas() == 0 && rs_replicas(rs) == 0
         && rs.metadata().generation() <= rs.status().observed_generation()
         && !rs.metadata().has_deletion_timestamp();
}

/// The ReplicaSet kubectl would roll back to, or an error.
const api::ReplicaSet* find_revision(const api::Deployment& d,
                                     const std::vector<const api::ReplicaSet*>& rss,
                                     int64_t revision, std::string& error) {
  if (revision > 0) {
    for (const auto* rs : rss)
      if (revision_of(rs->metadata()) == revision)
        return rs;
    error = "unable to find specified revision " + std::to_string(revision) + " in history";
    return nullptr;
  }
  const api::ReplicaSet* latest = nullptr;
  const api::ReplicaSet* previous = nullptr;
  int64_t latest_rev = -1;
  int64_t previous_rev = -1;
  for (const auto* rs : rss) {
    int64_t v = revision_of(rs->metadata());
    if (v < 0)
      continue;
    if (latest_rev < v) {
      previous_rev = latest_rev;
      previous = latest;
      latest_rev = v;
      latest = rs;
    } else if (previous_rev < v) {
      previous_rev = v;
      previous = rs;
    }
  }
  if (previous == nullptr)
    error = "no rollout history found for deployment \"" + d.metadata().name() + "\"";
  return previous;
}

} // namespace

std::vector<std::string> history_to_delete(const rollout_state& st) {
  const auto& rss = st.replica_sets();
  std::vector<size_t> alive;
  for (size_t i : st.old_indexes())
    if (!rss[i].metadata().has_deletion_timestamp())
      alive.push_back(i);
  int64_t diff = static_cast<int64_t>(alive.size()) - revision_history_limit(st.deployment());
  if (diff <= 0)
    return {};
  std::sort(alive.begin(), alive.end(),
            [&](size_t a, size_t b) { return revision_before(rss[a], rss[b]); });
  std::vector<std::string> keys;
  for (int64_t k = 0; k < diff; ++k)
    if (deletable(rss[alive[static_cast<size_t>(k)]]))
      keys.push_back(key_of(rss[alive[static_cast<size_t>(k)]]));
  return keys;
}

api::Deployment with_template_of(const api::Deployment& d, const api::ReplicaSet& rs) {
  api::Deployment out = d;
  *out.mutable_spec()->mutable_template_() = without_hash_label(rs.spec().template_());
  auto* annotations = out.mutable_metadata()->mutable_annotations();
  for (auto it = annotations->begin(); it != annotations->end();)
    it = controller_annotation(it->first) ? std::next(it) : annotations->erase(it);
  for (const auto& [k, v] : rs.metadata().annotations())
    if (!controller_annotation(k))
      (*annotations)[k] = v;
  return out;
}

rollback_result rollback_to(const api::Deployment& d,
                            const std::vector<const api::ReplicaSet*>& owned, int64_t revision) {
  rollback_result result;
  if (revision < 0) {
    result.error = "unable to find specified revision " + std::to_string(revision) + " in history";
    return result;
  }
  if (d.spec().paused()) {
    result.error = "you cannot rollback a paused deployment; resume it first with "
                   "'kubectl rollout resume' and try again";
    return result;
  }
  const auto* rs = find_revision(d, owned, revision, result.error);
  if (rs == nullptr)
    return result;
  if (equal_ignore_hash(rs->spec().template_(), d.spec().template_())) {
    result.message = "skipped rollback (current template already matches revision "
                     + std::to_string(revision) + ")";
    return result;
  }
  result.deployment = with_template_of(d, *rs);
  result.message = "rolled back";
  return result;
}

int64_t last_revision(const std::vector<const api::ReplicaSet*>& rss) {
  int64_t max = 0;
  int64_t second = 0;
  for (const auto* rs : rss) {
    int64_t v = revision_of(rs->metadata());
    if (v < 0)
      continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) {
      second = v;
    }
  }
  return second;
}

std::optional<int64_t> rollback_annotation(const api::Deployment& d) {
  if (d.metadata().annotations().count(rollback_to_annotation) == 0)
    return std::nullopt;
  int64_t v = int_annotation(d.metadata(), rollback_to_annotation);
  if (v < 0)
    return std::nullopt;
  return v;
}

api::Deployment controller_rollback(const rollout_state& st, int64_t revision,
                                    std::vector<std::string>& events) {
  const auto& d = st.deployment();
  auto all = st.all_ptrs();
  api::Deployment out = d;
  if (revision == 0 && (revision = last_revision(all)) == 0) {
    events.push_back("Unable to find last revision.");
  } else {
    auto it = std::find_if(all.begin(), all.end(), [&](const api::ReplicaSet* rs) {
      return revision_of(rs->metadata()) == revision;
    });
    if (it == all.end()) {
      events.push_back("Unable to find the revision to rollback to.");
    } else if (equal_ignore_hash(d.spec().template_(), (*it)->spec().template_())) {
      events.push_back("The rollback revision contains the same template as current deployment \""
                       + d.metadata().name() + "\"");
    } else {
      out = with_template_of(d, **it);
      events.push_back("Rolled back deployment \"" + d.metadata().name() + "\" to revision "
                       + std::to_string(revision));
    }
  }
  out.mutable_metadata()->mutable_annotations()->erase(rollback_to_annotation);
  return out;
}

} // namespace convoy::controllers::deployment
