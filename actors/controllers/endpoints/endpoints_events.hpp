#pragma once

// How service, pod and endpoints changes reach the endpoints controller's
// queue: each event only enqueues the keys of the services it concerns
// (Kubernetes' addPod/updatePod/deletePod and the service handlers).

#include "actors/controllers/endpoints/endpoints_state.hpp"

namespace convoy::controllers::endpoints {

inline void maybe_start(endpoints_ptr self);

using label_map = google::protobuf::Map<std::string, std::string>;

/// The service's selector matches `labels`. A service without selector
/// selects nothing (its Endpoints are not ours).
inline bool selects(const api::Service& svc, const label_map& labels) {
  const auto& selector = svc.spec().selector();
  if (selector.empty())
    return false;
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v)
      return false;
  }
  return true;
}

inline bool same_labels(const label_map& a, const label_map& b) {
  if (a.size() != b.size())
    return false;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || it->second != v)
      return false;
  }
  return true;
}

/// Enqueues the services of namespace `ns` whose selector matches `labels`.
inline void enqueue_services(endpoints_ptr self, const std::string& ns, const label_map& labels) {
  auto& st = self->state;
  auto it = st.services_by_ns.find(ns);
  if (it == st.services_by_ns.end())
    return;
  for (const auto& key : it->second) {
    auto svc = st.services->objects().find(key);
    if (svc != st.services->objects().end() && selects(*svc->second, labels))
      st.loop->add(key);
  }
}

inline client::informer_handlers<api::Pod> pod_handlers(endpoints_ptr self) {
  using ptr = std::shared_ptr<const api::Pod>;
  client::informer_handlers<api::Pod> h;
  h.added = [self](const ptr& pod) {
    self->state.index.upsert(client::object_key(*pod), pod->metadata());
    enqueue_services(self, pod->metadata().namespace_(), pod->metadata().labels());
  };
  h.updated = [self](const ptr& old_pod, const ptr& pod) {
    self->state.index.upsert(client::object_key(*pod), pod->metadata());
    enqueue_services(self, pod->metadata().namespace_(), pod->metadata().labels());
    // A relabelled pod leaves the services that selected it.
    if (!same_labels(old_pod->metadata().labels(), pod->metadata().labels()))
      enqueue_services(self, old_pod->metadata().namespace_(), old_pod->metadata().labels());
  };
  h.deleted = [self](const ptr& pod) {
    self->state.index.remove(client::object_key(*pod));
    enqueue_services(self, pod->metadata().namespace_(), pod->metadata().labels());
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

inline client::informer_handlers<api::Service> service_handlers(endpoints_ptr self) {
  using ptr = std::shared_ptr<const api::Service>;
  client::informer_handlers<api::Service> h;
  h.added = [self](const ptr& svc) {
    auto key = client::object_key(*svc);
    self->state.services_by_ns[svc->metadata().namespace_()].insert(key);
    self->state.loop->add(key);
  };
  h.updated = [self](const ptr&, const ptr& svc) {
    self->state.loop->add(client::object_key(*svc));
  };
  h.deleted = [self](const ptr& svc) {
    auto& st = self->state;
    auto key = client::object_key(*svc);
    auto it = st.services_by_ns.find(svc->metadata().namespace_());
    if (it != st.services_by_ns.end()) {
      it->second.erase(key);
      if (it->second.empty())
        st.services_by_ns.erase(it);
    }
    st.loop->add(key);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Endpoints changed by someone else (or deleted) are put right, but only
/// for an existing service: Endpoints without a Service may be a user's,
/// written before their selectorless Service.
inline client::informer_handlers<api::Endpoints> endpoints_handlers(endpoints_ptr self) {
  using ptr = std::shared_ptr<const api::Endpoints>;
  auto enqueue = [self](const ptr& ep) {
    auto key = client::object_key(*ep);
    if (self->state.services->objects().count(key) != 0)
      self->state.loop->add(key);
  };
  client::informer_handlers<api::Endpoints> h;
  h.added = enqueue;
  h.updated = [enqueue](const ptr&, const ptr& ep) { enqueue(ep); };
  h.deleted = enqueue;
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Starts syncing once the three informers have listed.
inline void maybe_start(endpoints_ptr self) {
  auto& st = self->state;
  if (st.services->synced() && st.pods->synced() && st.endpoints->synced()
      && !st.loop->started()) {
    st.log->info("endpoints controller synced: {} services, {} pods, {} endpoints",
                 st.services->objects().size(), st.pods->objects().size(),
                 st.endpoints->objects().size());
    st.loop->start();
  }
}

} // namespace convoy::controllers::endpoints
