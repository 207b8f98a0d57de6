#include "actors/controllers/garbagecollector/gc_sync.hpp"

#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

#include "actors/controllers/garbagecollector/core/owner_edits.hpp"
#include "actors/controllers/garbagecollector/gc_events.hpp"

namespace convoy::controllers::gc {

namespace {

/// What one sync carries across its asynchronous steps.
struct sync_run {
  std::string uid;
  done_fn done;
  /// Owners the caches call absent that no live read has confirmed yet.
  std::vector<object_ref> unconfirmed;
  /// Owner uids a live read found present (the cache is behind).
  std::unordered_set<std::string> live;
  std::string error;
  size_t pending = 0;
};

using run_ptr = std::shared_ptr<sync_run>;
using meta_edit = std::function<void(api::ObjectMeta&)>;
using write_done = std::function<void(const std::string& error)>;

std::string describe(const object_ref& ref) {
  return ref.kind + " " + ref.namespace_ + "/" + ref.name;
}

/// "" when the write took effect or its object is gone already.
std::string write_error(const apiserver::ApiResponse& resp, const std::string& what) {
  if (!api_failed(resp) || resp.status().reason() == "NotFound")
    return {};
  return what + ": " + resp.status().message();
}

/// What the informer caches say about `owner`.
owner_presence cache_presence(const gc_state& st, const object_ref& owner) {
  auto out = owner_presence::unknown;
  with_kind(owner.kind, [&](auto k) {
    using kind = decltype(k);
    if (!informer<kind>(st).synced())
      return;
    auto it = st.by_uid.find(owner.uid);
    out = it != st.by_uid.end() && it->second.kind == info_of<kind>() ? owner_presence::present
                                                                      : owner_presence::absent;
  });
  return out;
}

/// First pass: the caches' word, noting the absences to confirm.
gc_action decide_from_caches(gc_state& st, sync_run& run) {
  return st.collector.decide(run.uid, [&](const object_ref& owner) {
    if (st.absent_owners.count(owner.uid) > 0)
      return owner_presence::absent;
    auto p = cache_presence(st, owner);
    if (p == owner_presence::absent)
      run.unconfirmed.push_back(owner);
    return p;
  });
}

/// Second pass, after the live reads: only confirmed absences count (the
/// graph may have moved on meanwhile; its events requeue this uid).
gc_action decide_confirmed(const gc_state& st, const sync_run& run) {
  return st.collector.decide(run.uid, [&](const object_ref& owner) {
    if (st.absent_owners.count(owner.uid) > 0)
      return owner_presence::absent;
    if (run.live.count(owner.uid) > 0)
      return owner_presence::present;
    auto p = cache_presence(st, owner);
    return p == owner_presence::absent ? owner_presence::unknown : p;
  });
}

void remember_absent(gc_state& st, const std::string& uid) {
  if (st.absent_owners.size() >= gc_state::absent_cache_limit)
    st.absent_owners.clear();
  st.absent_owners.insert(uid);
}

/// The uid of the object a successful GET of a `kind` returned, or "".
std::string uid_in(const std::string& kind, const apiserver::ApiResponse& resp) {
  std::string out;
  with_kind(kind, [&](auto k) {
    typename decltype(k)::object obj;
    if (resp.object().UnpackTo(&obj))
      out = obj.metadata().uid();
  });
  return out;
}

/// Files a live read of `owner`: gone, renamed to another uid, or there.
void note_live_read(gc_state& st, sync_run& run, const object_ref& owner,
                    const apiserver::ApiResponse& resp) {
  if (resp.status().reason() == "NotFound")
    return remember_absent(st, owner.uid);
  if (api_failed(resp)) {
    run.error = "reading owner " + describe(owner) + ": " + resp.status().message();
    return;
  }
  if (uid_in(owner.kind, resp) == owner.uid)
    run.live.insert(owner.uid);
  else
    remember_absent(st, owner.uid);
}

template <class Kind>
void edit_cached(gc_ptr self, const object_ref& ref, const meta_edit& edit, write_done then) {
  auto& st = self->state;
  const auto& objects = informer<Kind>(st).objects();
  auto it = objects.find(ref.namespace_.empty() ? ref.name : ref.namespace_ + "/" + ref.name);
  if (it == objects.end() || it->second->metadata().uid() != ref.uid)
    return then(""); // gone (or recreated): nothing of it left to edit
  auto updated = *it->second; // keeps resourceVersion: a compare-and-swap
  edit(*updated.mutable_metadata());
  st.loop->count_writes(1);
  st.calls->update(Kind::resource, ref.namespace_, ref.name, updated,
                   [then, what = "updating " + describe(ref)](const apiserver::ApiResponse& resp) {
                     then(write_error(resp, what));
                   });
}

/// Updates the metadata of `ref` from its cached object (CAS; a Conflict
/// is an error, so the sync is retried on a fresher cache).
void edit_meta(gc_ptr self, const object_ref& ref, const meta_edit& edit, write_done then) {
  if (!with_kind(ref.kind, [&](auto k) { edit_cached<decltype(k)>(self, ref, edit, then); }))
    then(""); // not a kind we watch: never in the graph as an observed node
}

void delete_target(gc_ptr self, run_ptr run, const gc_action& a) {
  auto& st = self->state;
  const auto* kind = find_kind(a.target.kind);
  if (kind == nullptr)
    return run->done("");
  api::DeleteOptions opts;
  opts.set_propagation_policy(a.propagation);
  opts.mutable_preconditions()->set_uid(a.target.uid); // never a recreated namesake
  st.log->info("deleting {} (no owner left), propagation {}", describe(a.target),
               a.propagation);
  st.loop->count_writes(1);
  st.calls->remove(kind->resource, a.target.namespace_, a.target.name, opts,
                   [run, what = "deleting " + describe(a.target)](
                     const apiserver::ApiResponse& resp) { run->done(write_error(resp, what)); });
}

void delete_object(gc_ptr self, run_ptr run, const gc_action& a) {
  if (!a.unblock_owner_references)
    return delete_target(self, std::move(run), a);
  // Foreground cycle: first stop our owners from waiting on us.
  edit_meta(
    self, a.target,
    [](api::ObjectMeta& m) { *m.mutable_owner_references() = unblocked(m.owner_references()); },
    [self, run, a](const std::string& error) {
      if (!error.empty())
        return run->done(error);
      delete_target(self, run, a);
    });
}

void orphan_dependents(gc_ptr self, run_ptr run, const gc_action& a) {
  self->state.log->info("orphaning {} dependents of {}", a.dependents.size(),
                        describe(a.target));
  run->pending = a.dependents.size() + 1;
  auto one_done = [run](const std::string& error) {
    if (!error.empty() && run->error.empty())
      run->error = error;
    if (--run->pending == 0)
      run->done(run->error);
  };
  std::vector<std::string> owner{a.target.uid};
  for (const auto& dep : a.dependents)
    edit_meta(
      self, dep,
      [owner](api::ObjectMeta& m) {
        *m.mutable_owner_references() = without_owners(m.owner_references(), owner);
      },
      one_done);
  one_done("");
}

/// Re-examines `uid` after wait_recheck unless a recheck is pending.
void recheck_later(gc_ptr self, const std::string& uid) {
  if (self->state.waiting.insert(uid).second)
    self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(wait_recheck),
                       tick_atom::value, uid);
}

void execute(gc_ptr self, run_ptr run, const gc_action& a) {
  auto finish = [run](const std::string& error) { run->done(error); };
  switch (a.kind) {
  case gc_action_kind::none:
    return run->done("");
  case gc_action_kind::delete_object:
    return delete_object(self, std::move(run), a);
  case gc_action_kind::remove_owner_references:
    return edit_meta(
      self, a.target,
      [uids = a.owner_uids](api::ObjectMeta& m) {
        *m.mutable_owner_references() = without_owners(m.owner_references(), uids);
      },
      finish);
  case gc_action_kind::orphan_dependents:
    return orphan_dependents(self, std::move(run), a);
  case gc_action_kind::remove_finalizer:
    self->state.log->info("removing finalizer {} of {}", a.finalizer, describe(a.target));
    return edit_meta(
      self, a.target,
      [name = a.finalizer](api::ObjectMeta& m) {
        *m.mutable_finalizers() = without_finalizer(m.finalizers(), name);
      },
      finish);
  case gc_action_kind::wait_for_dependents:
    enqueue(self, a.requeue);
    recheck_later(self, run->uid);
    return run->done("");
  }
}

/// Kubernetes' isDangling: a cache can lag behind the apiserver (an owner
/// created just before its dependent may not have reached our watch yet),
/// so an absence is read back live before anything is deleted for it.
void confirm_absences(gc_ptr self, run_ptr run) {
  auto& st = self->state;
  run->pending = run->unconfirmed.size();
  for (const auto& owner : run->unconfirmed) {
    const auto* kind = find_kind(owner.kind); // non-null: the cache judged it
    st.calls->get(kind->resource, owner.namespace_, owner.name,
                  [self, run, owner](const apiserver::ApiResponse& resp) {
                    note_live_read(self->state, *run, owner, resp);
                    if (--run->pending > 0)
                      return;
                    if (!run->error.empty())
                      return run->done(run->error);
                    execute(self, run, decide_confirmed(self->state, *run));
                  });
  }
}

bool relies_on_absence(const gc_action& a) {
  return a.kind == gc_action_kind::delete_object
         || a.kind == gc_action_kind::remove_owner_references;
}

} // namespace

void sync(gc_ptr self, const std::string& uid, done_fn done) {
  auto run = std::make_shared<sync_run>();
  run->uid = uid;
  run->done = std::move(done);
  auto action = decide_from_caches(self->state, *run);
  if (relies_on_absence(action) && !run->unconfirmed.empty())
    return confirm_absences(self, std::move(run));
  execute(self, std::move(run), action);
}

} // namespace convoy::controllers::gc
