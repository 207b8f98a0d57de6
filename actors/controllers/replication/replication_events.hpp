#pragma once

// How pod and owner changes reach a replication controller's queue: each
// event only enqueues the keys of the owners it concerns and records what
// the expectations wait for (Kubernetes' addPod/updatePod/deletePod).

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/replication/core/replica_owner.hpp"
#include "actors/controllers/replication/replication_state.hpp"

namespace convoy::controllers::replication {

template <class Kind>
void maybe_start(replication_ptr<Kind> self);

/// Monotonic time, as expectations measure it.
template <class Self>
std::chrono::nanoseconds mono_now(Self* self) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
}

/// The key of the owner of our kind that controls `pod`, or "".
template <class Kind>
std::string owner_key_of(const api::Pod& pod) {
  const auto* ref = controller_of(pod.metadata());
  if (ref == nullptr || ref->kind() != Kind::kind)
    return {};
  return pod.metadata().namespace_() + "/" + ref->name();
}

/// Enqueues the owner controlling `pod`, or, for an orphan, every owner in
/// its namespace whose selector matches (one may adopt it).
template <class Kind>
void enqueue_owners(replication_ptr<Kind> self, const api::Pod& pod) {
  auto& st = self->state;
  if (auto key = owner_key_of<Kind>(pod); !key.empty())
    return st.loop->add(key);
  if (controller_of(pod.metadata()) != nullptr)
    return; // controlled by another kind
  auto it = st.owners_by_ns.find(pod.metadata().namespace_());
  if (it == st.owners_by_ns.end())
    return;
  for (const auto& key : it->second) {
    auto owner = st.owners->objects().find(key);
    if (owner != st.owners->objects().end()
        && owner_of(*owner->second).selector.matches(pod.metadata().labels()))
      st.loop->add(key);
  }
}

template <class Kind>
client::informer_handlers<api::Pod> pod_handlers(replication_ptr<Kind> self) {
  using ptr = std::shared_ptr<const api::Pod>;
  client::informer_handlers<api::Pod> h;
  h.added = [self](const ptr& pod) {
    auto& st = self->state;
    auto key = client::object_key(*pod);
    st.index.upsert(key, pod->metadata());
    if (auto owner = owner_key_of<Kind>(*pod); !owner.empty())
      st.expected.creation_observed(owner);
    enqueue_owners<Kind>(self, *pod);
  };
  h.updated = [self](const ptr& old_pod, const ptr& pod) {
    auto& st = self->state;
    auto key = client::object_key(*pod);
    st.index.upsert(key, pod->metadata());
    if (pod->metadata().has_deletion_timestamp() && !old_pod->metadata().has_deletion_timestamp())
      if (auto owner = owner_key_of<Kind>(*pod); !owner.empty())
        st.expected.deletion_observed(owner, key); // graceful delete under way
    enqueue_owners<Kind>(self, *pod);
    if (owner_key_of<Kind>(*old_pod) != owner_key_of<Kind>(*pod)
        || old_pod->metadata().labels_size() != pod->metadata().labels_size())
      enqueue_owners<Kind>(self, *old_pod);
  };
  h.deleted = [self](const ptr& pod) {
    auto& st = self->state;
    auto key = client::object_key(*pod);
    st.index.remove(key);
    if (auto owner = owner_key_of<Kind>(*pod); !owner.empty())
      st.expected.deletion_observed(owner, key);
    enqueue_owners<Kind>(self, *pod);
  };
  h.synced = [self] { maybe_start<Kind>(self); };
  return h;
}

template <class Kind>
client::informer_handlers<typename Kind::object> owner_handlers(replication_ptr<Kind> self) {
  using ptr = std::shared_ptr<const typename Kind::object>;
  client::informer_handlers<typename Kind::object> h;
  h.added = [self](const ptr& obj) {
    auto key = client::object_key(*obj);
    self->state.owners_by_ns[obj->metadata().namespace_()].insert(key);
    self->state.loop->add(key);
  };
  h.updated = [self](const ptr&, const ptr& obj) {
    self->state.loop->add(client::object_key(*obj));
  };
  h.deleted = [self](const ptr& obj) {
    auto& st = self->state;
    auto key = client::object_key(*obj);
    st.owners_by_ns[obj->metadata().namespace_()].erase(key);
    st.expected.erase(key);
    st.loop->add(key);
  };
  h.synced = [self] { maybe_start<Kind>(self); };
  return h;
}

/// Starts syncing once both informers have listed.
template <class Kind>
void maybe_start(replication_ptr<Kind> self) {
  auto& st = self->state;
  if (st.pods->synced() && st.owners->synced() && !st.loop->started()) {
    st.log->info("{} controller synced: {} owners, {} pods", Kind::controller_name,
                 st.owners->objects().size(), st.pods->objects().size());
    st.loop->start();
  }
}

} // namespace convoy::controllers::replication
