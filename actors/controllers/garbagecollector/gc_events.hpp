#pragma once

// How informer events reach the garbage collector's queue (Kubernetes'
// GraphBuilder.processGraphChanges): every event updates the uid index and
// the dependency graph, and enqueues the uids the core says need a decision.

#include <vector>

#include "actors/controllers/garbagecollector/gc_state.hpp"

namespace convoy::controllers::gc {

/// The core's identity of an object of `Kind` (the kind comes from the
/// traits: objects read from a list may not carry their TypeMeta).
template <class Kind>
object_ref ref_of(const typename Kind::object& obj) {
  const auto& meta = obj.metadata();
  return object_ref{Kind::api_version, Kind::kind, meta.namespace_(), meta.name(), meta.uid()};
}

inline void enqueue(gc_ptr self, const std::vector<std::string>& uids) {
  for (const auto& uid : uids)
    self->state.loop->add(uid);
}

template <class Kind>
void object_seen(gc_ptr self, const typename Kind::object& obj) {
  auto& st = self->state;
  const auto& meta = obj.metadata();
  st.by_uid[meta.uid()] = tracked_object{info_of<Kind>(), meta.namespace_(), meta.name()};
  enqueue(self, st.collector.on_upsert(ref_of<Kind>(obj), meta));
}

template <class Kind>
void object_gone(gc_ptr self, const typename Kind::object& obj) {
  auto& st = self->state;
  st.by_uid.erase(obj.metadata().uid());
  enqueue(self, st.collector.on_remove(obj.metadata().uid()));
}

/// Starts syncing once every informer has listed: an owner missing from a
/// cache that has not listed yet proves nothing.
inline void maybe_start(gc_ptr self) {
  auto& st = self->state;
  if (st.loop->started())
    return;
  bool all = true;
  for_each_kind([&](auto k) { all = all && informer<decltype(k)>(st).synced(); });
  if (!all)
    return;
  st.log->info("garbage collector synced: {} objects, {} graph nodes", st.by_uid.size(),
               st.collector.graph().size());
  st.loop->start();
}

template <class Kind>
client::informer_handlers<typename Kind::object> handlers(gc_ptr self) {
  using ptr = std::shared_ptr<const typename Kind::object>;
  client::informer_handlers<typename Kind::object> h;
  h.added = [self](const ptr& obj) { object_seen<Kind>(self, *obj); };
  h.updated = [self](const ptr& old_obj, const ptr& obj) {
    // A relist may find the name taken by a recreated object: to the graph
    // that is one object gone and another one added.
    if (old_obj->metadata().uid() != obj->metadata().uid())
      object_gone<Kind>(self, *old_obj);
    object_seen<Kind>(self, *obj);
  };
  h.deleted = [self](const ptr& obj) { object_gone<Kind>(self, *obj); };
  h.synced = [self] { maybe_start(self); };
  return h;
}

} // namespace convoy::controllers::gc
