#include "actors/controllers/deployment/deployment_events.hpp"

#include <charconv>

#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"

namespace convoy::controllers::deployment {

int64_t version_of(const api::ObjectMeta& meta) {
  int64_t rv = 0;
  const auto& s = meta.resource_version();
  std::from_chars(s.data(), s.data() + s.size(), rv);
  return rv;
}

std::chrono::nanoseconds mono_now(deployment_ptr self) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
}

namespace {

void maybe_start(deployment_ptr self) {
  auto& st = self->state;
  if (st.deployments->synced() && st.replica_sets->synced() && st.pods->synced()
      && !st.loop->started()) {
    st.log->info("deployment controller synced: {} deployments, {} replicasets, {} pods",
                 st.deployments->objects().size(), st.replica_sets->objects().size(),
                 st.pods->objects().size());
    st.loop->start();
  }
}

/// The key of the deployment controlling `meta`'s object, or "".
std::string controlling_deployment(const api::ObjectMeta& meta) {
  const auto* ref = controller_of(meta);
  if (ref == nullptr || ref->kind() != "Deployment")
    return {};
  return meta.namespace_() + "/" + ref->name();
}

void enqueue_for(deployment_ptr self, const api::ReplicaSet& rs) {
  auto& st = self->state;
  const auto& meta = rs.metadata();
  if (auto key = controlling_deployment(meta); !key.empty())
    return st.loop->add(key);
  if (controller_of(meta) != nullptr)
    return; // controlled by something else
  auto ns = st.by_namespace.find(meta.namespace_());
  if (ns == st.by_namespace.end())
    return;
  for (const auto& key : ns->second)
    if (auto sel = st.selectors.find(key);
        sel != st.selectors.end() && sel->second.matches(meta.labels()))
      st.loop->add(key);
}

/// The cache now shows `rs`: what a sync may wait for.
void observe(deployment_state& st, const api::ReplicaSet& rs) {
  auto object = rs_object(client::object_key(rs));
  if (rs.metadata().has_deletion_timestamp())
    st.written.observed_gone(object);
  else
    st.written.observed(object, version_of(rs.metadata()));
}

bool same_labels(const api::ObjectMeta& a, const api::ObjectMeta& b) {
  if (a.labels_size() != b.labels_size())
    return false;
  for (const auto& [k, v] : a.labels())
    if (auto it = b.labels().find(k); it == b.labels().end() || it->second != v)
      return false;
  return true;
}

/// Remembers the selector of a deployment that may adopt orphans.
void track(deployment_state& st, const api::Deployment& d) {
  auto key = client::object_key(d);
  st.by_namespace[d.metadata().namespace_()].insert(key);
  auto sel = apiserver::label_selector::from_message(d.spec().selector());
  if (sel && !sel.value->empty())
    st.selectors.insert_or_assign(key, std::move(*sel.value));
  else
    st.selectors.erase(key);
}

} // namespace

client::informer_handlers<api::Deployment> deployment_handlers(deployment_ptr self) {
  using ptr = std::shared_ptr<const api::Deployment>;
  client::informer_handlers<api::Deployment> h;
  h.added = [self](const ptr& d) {
    auto& st = self->state;
    auto key = client::object_key(*d);
    track(st, *d);
    st.written.observed(deployment_object(key), version_of(d->metadata()));
    st.loop->add(key);
  };
  h.updated = [self](const ptr&, const ptr& d) {
    auto& st = self->state;
    auto key = client::object_key(*d);
    track(st, *d);
    st.written.observed(deployment_object(key), version_of(d->metadata()));
    st.loop->add(key);
  };
  h.deleted = [self](const ptr& d) {
    auto& st = self->state;
    auto key = client::object_key(*d);
    if (auto ns = st.by_namespace.find(d->metadata().namespace_()); ns != st.by_namespace.end())
      ns->second.erase(key);
    st.selectors.erase(key);
    st.written.erase(key);
    st.written.observed_gone(deployment_object(key));
    st.loop->add(key);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

client::informer_handlers<api::ReplicaSet> replica_set_handlers(deployment_ptr self) {
  using ptr = std::shared_ptr<const api::ReplicaSet>;
  client::informer_handlers<api::ReplicaSet> h;
  h.added = [self](const ptr& rs) {
    auto& st = self->state;
    st.rs_index.upsert(client::object_key(*rs), rs->metadata());
    observe(st, *rs);
    enqueue_for(self, *rs);
  };
  h.updated = [self](const ptr& old_rs, const ptr& rs) {
    auto& st = self->state;
    st.rs_index.upsert(client::object_key(*rs), rs->metadata());
    observe(st, *rs);
    enqueue_for(self, *rs);
    // A new controller or new labels: whoever could claim it before may
    // have to let go (or adopt) now.
    const auto* before = controller_of(old_rs->metadata());
    const auto* after = controller_of(rs->metadata());
    bool owner_changed = (before == nullptr) != (after == nullptr)
                         || (before != nullptr && before->uid() != after->uid());
    if (owner_changed || !same_labels(old_rs->metadata(), rs->metadata()))
      enqueue_for(self, *old_rs);
  };
  h.deleted = [self](const ptr& rs) {
    auto& st = self->state;
    auto key = client::object_key(*rs);
    st.rs_index.remove(key);
    st.written.observed_gone(rs_object(key));
    enqueue_for(self, *rs);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

client::informer_handlers<api::Pod> pod_handlers(deployment_ptr self) {
  using ptr = std::shared_ptr<const api::Pod>;
  client::informer_handlers<api::Pod> h;
  h.added = [self](const ptr& pod) {
    self->state.pod_owners.upsert(client::object_key(*pod), pod->metadata());
  };
  h.updated = [self](const ptr&, const ptr& pod) {
    self->state.pod_owners.upsert(client::object_key(*pod), pod->metadata());
  };
  h.deleted = [self](const ptr& pod) {
    auto& st = self->state;
    st.pod_owners.remove(client::object_key(*pod));
    const auto* ref = controller_of(pod->metadata());
    if (ref == nullptr || ref->kind() != "ReplicaSet")
      return;
    auto rs = st.replica_sets->objects().find(pod->metadata().namespace_() + "/" + ref->name());
    if (rs == st.replica_sets->objects().end() || rs->second->metadata().uid() != ref->uid())
      return;
    auto key = controlling_deployment(rs->second->metadata());
    auto d = st.deployments->objects().find(key);
    if (d != st.deployments->objects().end() && !is_rolling_update(*d->second))
      st.loop->add(key);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

} // namespace convoy::controllers::deployment
