#pragma once

// One sync of one namespace being deleted (Kubernetes' namespace deleter):
// list every namespaced resource in it and count what remains, delete what
// was found (resource by resource, in the plan's order: workloads before
// their pods), write the deletion conditions to status, and when a sync
// found nothing left, write the namespace without our finalizer to its
// finalize subresource: the apiserver then removes it. While content
// remains the namespace is checked again after a growing delay.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/controllers/namespace/core/deletion_plan.hpp"
#include "actors/controllers/namespace/core/listed_objects.hpp"
#include "actors/controllers/namespace/core/namespaced_resources.hpp"
#include "actors/controllers/namespace/namespace_state.hpp"

namespace convoy::controllers::namespaces {

using done_fn = reconcile_loop<namespace_self>::done_fn;

/// What one sync carries between its asynchronous phases.
struct deletion_run {
  std::string ns;
  std::shared_ptr<const api::Namespace> object;
  /// Objects found per resource (zero counts omitted).
  std::map<std::string, int> remaining;
  /// Names to delete per resource (found and not already being deleted).
  std::map<std::string, std::vector<std::string>> to_delete;
  /// One message per resource whose listing or deletion failed.
  std::map<std::string, std::string> errors;
  std::vector<std::string> order;
  done_fn done;
  int pending = 0;
};

using run_ptr = std::shared_ptr<deletion_run>;

inline void delete_contents(namespace_ptr self, run_ptr run, size_t at);
inline void write_plan(namespace_ptr self, run_ptr run);

inline int64_t now_seconds(const namespace_state& st) {
  return std::chrono::duration_cast<std::chrono::seconds>(st.clock->now().time_since_epoch())
    .count();
}

inline std::vector<std::string> error_list(const deletion_run& run) {
  std::vector<std::string> out;
  for (const auto& [resource, message] : run.errors)
    out.push_back(resource + ": " + message);
  return out;
}

/// Lists every namespaced resource in the namespace at once.
inline void list_contents(namespace_ptr self, run_ptr run) {
  auto& st = self->state;
  run->pending = static_cast<int>(namespaced_resources().size());
  for (const auto& r : namespaced_resources()) {
    st.calls->list(r.resource, run->ns,
                   [self, run, resource = r.resource](const apiserver::ApiResponse& resp) {
                     auto objects = api_failed(resp) ? std::nullopt
                                                     : listed_objects(resource, resp.object());
                     if (!objects) {
                       run->errors[resource] = "listing failed: " + resp.status().message();
                     } else if (!objects->empty()) {
                       run->remaining[resource] = static_cast<int>(objects->size());
                       for (const auto& o : *objects)
                         if (!o.deleting)
                           run->to_delete[resource].push_back(o.name);
                     }
                     if (--run->pending == 0) {
                       run->order = plan_deletion(*run->object, run->remaining,
                                                  now_seconds(self->state))
                                      .delete_contents_of;
                       delete_contents(self, run, 0);
                     }
                   });
  }
}

/// Deletes what was found of resource order[at] (all at once), then moves
/// on to the next resource; pods get their default grace period.
inline void delete_contents(namespace_ptr self, run_ptr run, size_t at) {
  auto& st = self->state;
  while (at < run->order.size() && run->to_delete[run->order[at]].empty())
    ++at;
  if (at == run->order.size())
    return write_plan(self, run);
  const auto resource = run->order[at];
  const auto& names = run->to_delete[resource];
  run->pending = static_cast<int>(names.size());
  api::DeleteOptions opts;
  opts.set_propagation_policy("Background");
  for (const auto& name : names) {
    st.loop->count_writes(1);
    st.calls->remove(resource, run->ns, name, opts,
                     [self, run, resource, at](const apiserver::ApiResponse& resp) {
                       if (api_failed(resp) && resp.status().reason() != "NotFound")
                         run->errors.emplace(resource, resp.status().message());
                       if (--run->pending == 0)
                         delete_contents(self, run, at + 1);
                     });
  }
}

/// Content remains (or something failed): check again later.
inline void recheck(namespace_ptr self, run_ptr run) {
  auto& st = self->state;
  if (!run->errors.empty()) {
    std::string joined;
    for (const auto& e : error_list(*run))
      joined += (joined.empty() ? "" : "; ") + e;
    return run->done(joined);
  }
  int& rounds = st.rounds[run->ns];
  st.loop->add_after(run->ns, std::chrono::seconds{1 << std::min(rounds, 3)});
  ++rounds;
  run->done("");
}

/// Writes `finalized` (our finalizer removed) with a compare-and-swap on
/// `resource_version`: a namespace changed meanwhile is synced again.
inline void finalize(namespace_ptr self, run_ptr run, api::Namespace finalized,
                     const std::string& resource_version) {
  auto& st = self->state;
  finalized.mutable_metadata()->set_resource_version(resource_version);
  st.loop->count_writes(1);
  st.calls->update("namespaces", "", run->ns, finalized,
                   [self, run](const apiserver::ApiResponse& resp) {
                     if (api_failed(resp) && resp.status().reason() != "NotFound")
                       return run->done("finalizing: " + resp.status().message());
                     self->state.rounds.erase(run->ns);
                     self->state.log->info("namespace {} emptied and finalized", run->ns);
                     run->done("");
                   },
                   "finalize");
}

/// plan_deletion over what this sync found and failed: status, then
/// finalize or re-check.
inline void write_plan(namespace_ptr self, run_ptr run) {
  auto& st = self->state;
  auto plan = plan_deletion(*run->object, run->remaining, now_seconds(st), error_list(*run));
  auto rv = run->object->metadata().resource_version();
  if (!plan.status_update) {
    if (plan.finalized)
      return finalize(self, run, *plan.finalized, rv);
    return recheck(self, run);
  }
  auto status = *plan.status_update;
  status.mutable_metadata()->clear_resource_version(); // the status is ours alone
  st.loop->count_writes(1);
  st.calls->update(
    "namespaces", "", run->ns, status,
    [self, run, finalized = std::move(plan.finalized)](const apiserver::ApiResponse& resp) {
      if (api_failed(resp)) {
        if (resp.status().reason() == "NotFound")
          return run->done("");
        return run->done("status update: " + resp.status().message());
      }
      if (!finalized)
        return recheck(self, run);
      api::Namespace written;
      if (!resp.object().UnpackTo(&written))
        return run->done("status update: unexpected answer");
      finalize(self, run, *finalized, written.metadata().resource_version());
    },
    "status");
}

/// The namespace `ns`: nothing unless it is being deleted.
inline void sync(namespace_ptr self, const std::string& ns, done_fn done) {
  auto& st = self->state;
  auto it = st.namespaces->objects().find(ns);
  if (it == st.namespaces->objects().end() || !it->second->metadata().has_deletion_timestamp()) {
    st.rounds.erase(ns);
    return done("");
  }
  const auto& finalizers = it->second->spec().finalizers();
  if (std::find(finalizers.begin(), finalizers.end(), kubernetes_finalizer) == finalizers.end())
    return done(""); // finalized already; the apiserver (or another finalizer) holds it
  auto run = std::make_shared<deletion_run>();
  run->ns = ns;
  run->object = it->second;
  run->done = std::move(done);
  list_contents(self, std::move(run));
}

} // namespace convoy::controllers::namespaces
