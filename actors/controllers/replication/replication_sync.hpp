#pragma once

// One sync of one ReplicaSet/ReplicationController (Kubernetes'
// syncReplicaSet): claim pods (adopt matching orphans, release pods that no
// longer match), create or delete pods towards spec.replicas when the
// expectations say the cache has caught up, then write the status.
// Asynchronous: each phase continues when the apiserver answered.

#include <memory>
#include <string>
#include <vector>

#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/replication/core/claim.hpp"
#include "actors/controllers/replication/core/pod_template.hpp"
#include "actors/controllers/replication/core/replica_diff.hpp"
#include "actors/controllers/replication/core/replica_owner.hpp"
#include "actors/controllers/replication/core/replica_status.hpp"
#include "actors/controllers/replication/replication_events.hpp"

namespace convoy::controllers::replication {

/// What one sync carries between its asynchronous phases. Pods are held by
/// shared_ptr: the informer may drop them while requests are out.
template <class Kind>
struct sync_run {
  std::string key;
  std::shared_ptr<const typename Kind::object> object;
  replica_owner owner;
  std::vector<std::shared_ptr<const api::Pod>> owned;
  std::string error;
  std::string error_reason;
  typename reconcile_loop<replication_self<Kind>>::done_fn done;
  int pending = 0;
};

template <class Kind>
using run_ptr = std::shared_ptr<sync_run<Kind>>;

/// An Event about the owner (SuccessfulCreate, FailedDelete, ...).
template <class Kind>
void record(replication_ptr<Kind> self, const sync_run<Kind>& run, const std::string& type,
            const std::string& reason, const std::string& message) {
  const auto& o = run.owner;
  self->state.events->record(reference_to(o.kind, o.api_version, o.namespace_, o.name, o.uid),
                             type, reason, message);
}

template <class Kind>
void manage(replication_ptr<Kind> self, run_ptr<Kind> run);

template <class Kind>
void write_status(replication_ptr<Kind> self, run_ptr<Kind> run);

/// Adopts and releases, then continues with manage().
template <class Kind>
void claim(replication_ptr<Kind> self, run_ptr<Kind> run) {
  auto& st = self->state;
  auto candidates = st.index.claim_candidates(st.pods->objects(), run->owner.uid,
                                              run->owner.namespace_);
  auto claimed = claim_objects(claimant_of(run->owner), candidates);
  run->owned = std::move(claimed.owned);
  run->pending = static_cast<int>(claimed.adopt.size() + claimed.release.size()) + 1;
  auto one_done = [self, run] {
    if (--run->pending == 0)
      manage<Kind>(self, run);
  };
  auto write = [&](const api::Pod& updated, bool adopting) {
    st.loop->count_writes(1);
    st.calls->update("pods", updated.metadata().namespace_(), updated.metadata().name(), updated,
                     [self, run, one_done, adopting](const apiserver::ApiResponse& resp) {
                       auto pod = std::make_shared<api::Pod>();
                       if (adopting && !api_failed(resp) && resp.object().UnpackTo(pod.get()))
                         run->owned.push_back(std::move(pod));
                       else if (api_failed(resp) && resp.status().reason() != "NotFound"
                                && resp.status().reason() != "Conflict")
                         run->error = resp.status().message();
                       one_done();
                     });
  };
  for (const auto& p : claimed.adopt)
    write(adopted(*p, run->owner), true);
  for (const auto& p : claimed.release)
    write(released(*p, run->owner), false);
  one_done();
}

template <class Kind>
std::vector<const api::Pod*> active_pods(const sync_run<Kind>& run) {
  std::vector<const api::Pod*> out;
  for (const auto& p : run.owned)
    if (is_pod_active(*p))
      out.push_back(p.get());
  return out;
}

/// Creates `left` more pods in slow-start batches (1, 2, 4, ...): a batch
/// that fails ends the run, so a broken template costs one failed request,
/// not hundreds.
template <class Kind>
void create_batches(replication_ptr<Kind> self, run_ptr<Kind> run, std::vector<int> batches,
                    size_t at) {
  auto& st = self->state;
  if (at == batches.size() || !run->error.empty()) {
    for (size_t i = at; i < batches.size(); ++i) // never sent: nothing to wait for
      for (int n = 0; n < batches[i]; ++n)
        st.expected.creation_observed(run->key);
    return write_status<Kind>(self, run);
  }
  run->pending = batches[at];
  auto pod = pod_from_template(run->owner);
  for (int i = 0; i < batches[at]; ++i) {
    st.loop->count_writes(1);
    st.calls->create("pods", run->owner.namespace_, pod,
                     [self, run, batches, at](const apiserver::ApiResponse& resp) {
                       api::Pod created;
                       if (api_failed(resp)) {
                         self->state.expected.creation_observed(run->key);
                         run->error = resp.status().message();
                         run->error_reason = "FailedCreate";
                         record<Kind>(self, *run, "Warning", "FailedCreate",
                                      "Error creating: " + run->error);
                       } else if (resp.object().UnpackTo(&created)) {
                         record<Kind>(self, *run, "Normal", "SuccessfulCreate",
                                      "Created pod: " + created.metadata().name());
                       }
                       if (--run->pending == 0)
                         create_batches<Kind>(self, run, batches, at + 1);
                     });
  }
}

template <class Kind>
void delete_pods(replication_ptr<Kind> self, run_ptr<Kind> run,
                 const std::vector<const api::Pod*>& victims) {
  auto& st = self->state;
  std::vector<std::string> keys;
  for (const auto* p : victims)
    keys.push_back(client::object_key(*p));
  st.expected.expect_deletions(run->key, keys, mono_now(self));
  run->pending = static_cast<int>(keys.size());
  for (const auto& key : keys) {
    st.loop->count_writes(1);
    auto slash = key.find('/');
    st.calls->remove("pods", key.substr(0, slash), key.substr(slash + 1), api::DeleteOptions{},
                     [self, run, key](const apiserver::ApiResponse& resp) {
                       auto name = key.substr(key.find('/') + 1);
                       if (api_failed(resp) && resp.status().reason() != "NotFound") {
                         self->state.expected.deletion_observed(run->key, key);
                         run->error = resp.status().message();
                         run->error_reason = "FailedDelete";
                         record<Kind>(self, *run, "Warning", "FailedDelete",
                                      "Error deleting: " + run->error);
                       } else if (!api_failed(resp)) {
                         record<Kind>(self, *run, "Normal", "SuccessfulDelete",
                                      "Deleted pod: " + name);
                       }
                       if (--run->pending == 0)
                         write_status<Kind>(self, run);
                     });
  }
}

/// manageReplicas, when the cache has seen our earlier writes.
template <class Kind>
void manage(replication_ptr<Kind> self, run_ptr<Kind> run) {
  auto& st = self->state;
  if (!st.expected.satisfied(run->key, mono_now(self)) || run->owner.deleting)
    return write_status<Kind>(self, run);
  auto diff = diff_replicas(run->owner, active_pods(*run));
  if (diff.create > 0) {
    st.expected.expect_creations(run->key, diff.create, mono_now(self));
    return create_batches<Kind>(self, run, slow_start_batches(diff.create), 0);
  }
  if (!diff.remove.empty())
    return delete_pods<Kind>(self, run, diff.remove);
  write_status<Kind>(self, run);
}

/// Writes the status if it changed, then finishes the sync (an error from
/// manage() requeues it with back-off).
template <class Kind>
void write_status(replication_ptr<Kind> self, run_ptr<Kind> run) {
  auto& st = self->state;
  auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                 st.clock->now().time_since_epoch())
                 .count();
  auto active = active_pods(*run);
  auto status = compute_status(run->owner, active, now_s, run->error, run->error_reason,
                               conditions_of(run->object->status()));
  if (auto after = requeue_after_seconds(run->owner, active, now_s); after && run->error.empty())
    st.loop->add_after(run->key, std::chrono::seconds{*after});
  auto updated = *run->object;
  if (!apply_status(status, *updated.mutable_status()))
    return run->done(run->error);
  updated.mutable_metadata()->clear_resource_version(); // the status is ours alone
  st.loop->count_writes(1);
  st.calls->update(Kind::resource, run->owner.namespace_, run->owner.name, updated,
                   [run](const apiserver::ApiResponse& resp) {
                     if (api_failed(resp) && resp.status().reason() != "NotFound"
                         && run->error.empty())
                       run->error = "status update: " + resp.status().message();
                     run->done(run->error);
                   },
                   "status");
}

/// Kubernetes' syncReplicaSet for `key`.
template <class Kind>
void sync(replication_ptr<Kind> self, const std::string& key,
          typename reconcile_loop<replication_self<Kind>>::done_fn done) {
  auto& st = self->state;
  auto it = st.owners->objects().find(key);
  if (it == st.owners->objects().end()) {
    st.expected.erase(key);
    return done("");
  }
  auto run = std::make_shared<sync_run<Kind>>();
  run->key = key;
  run->object = it->second;
  run->owner = owner_of(*it->second);
  run->done = std::move(done);
  if (!run->owner.selector_error.empty())
    return run->done(""); // selects nothing: Kubernetes leaves it alone
  claim<Kind>(self, std::move(run));
}

} // namespace convoy::controllers::replication
