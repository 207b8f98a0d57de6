#pragma once

// How informer events reach the node lifecycle controller: heartbeat Leases
// go straight into the core's health bookkeeping (the node pass itself
// observes nodes); node and pod changes that matter to the taint eviction
// enqueue the node's name (Kubernetes' taint manager NodeUpdated /
// PodUpdated). Monitoring and syncing start once all three have listed.

#include <string>

#include "actors/controllers/nodelifecycle/nodelifecycle_eviction.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_monitor.hpp"

namespace convoy::controllers::nodelifecycle {

/// Starts the loop and the monitor ticks once every informer has listed.
inline void maybe_start(lifecycle_ptr self) {
  auto& st = self->state;
  if (st.monitoring || !st.nodes->synced() || !st.leases->synced() || !st.pods->synced())
    return;
  st.monitoring = true;
  st.log->info("nodelifecycle controller synced: {} nodes, {} leases, {} pods",
               st.nodes->objects().size(), st.leases->objects().size(),
               st.pods->objects().size());
  st.loop->start();
  self->send(self, tick_atom::value);
}

/// The NoExecute taints of `node`, comparable.
inline std::string no_execute_taints(const api::Node& node) {
  std::string out;
  for (const auto& t : node.spec().taints())
    if (t.effect() == no_execute)
      out += t.SerializeAsString() + '\n';
  return out;
}

/// Enqueues the node `name` if it exists and has a NoExecute taint.
inline void enqueue_if_tainted(lifecycle_ptr self, const std::string& name) {
  auto& st = self->state;
  if (name.empty())
    return;
  auto it = st.nodes->objects().find(name);
  if (it != st.nodes->objects().end() && has_no_execute(*it->second))
    st.loop->add(name);
}

inline client::informer_handlers<api::Node> node_handlers(lifecycle_ptr self) {
  using ptr = std::shared_ptr<const api::Node>;
  client::informer_handlers<api::Node> h;
  h.added = [self](const ptr& node) {
    if (has_no_execute(*node))
      self->state.loop->add(node->metadata().name());
  };
  h.updated = [self](const ptr& old_node, const ptr& node) {
    if (no_execute_taints(*old_node) != no_execute_taints(*node))
      self->state.loop->add(node->metadata().name());
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

inline client::informer_handlers<api::Lease> lease_handlers(lifecycle_ptr self) {
  using ptr = std::shared_ptr<const api::Lease>;
  client::informer_handlers<api::Lease> h;
  h.added = [self](const ptr& lease) { self->state.core.observe_lease(*lease, mono_now(self)); };
  h.updated = [self](const ptr&, const ptr& lease) {
    self->state.core.observe_lease(*lease, mono_now(self));
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Tolerations as one comparable string.
inline std::string tolerations_of(const api::Pod& pod) {
  std::string out;
  for (const auto& t : pod.spec().tolerations())
    out += t.SerializeAsString() + '\n';
  return out;
}

inline void index_pod(lifecycle_state& st, const std::string& node, const std::string& key) {
  if (!node.empty())
    st.pods_on_node[node].insert(key);
}

inline void unindex_pod(lifecycle_state& st, const std::string& node, const std::string& key) {
  auto it = st.pods_on_node.find(node);
  if (it == st.pods_on_node.end())
    return;
  it->second.erase(key);
  if (it->second.empty())
    st.pods_on_node.erase(it);
}

inline client::informer_handlers<api::Pod> pod_handlers(lifecycle_ptr self) {
  using ptr = std::shared_ptr<const api::Pod>;
  client::informer_handlers<api::Pod> h;
  h.added = [self](const ptr& pod) {
    index_pod(self->state, pod->spec().node_name(), client::object_key(*pod));
    enqueue_if_tainted(self, pod->spec().node_name());
  };
  h.updated = [self](const ptr& old_pod, const ptr& pod) {
    auto& st = self->state;
    const auto& node = pod->spec().node_name();
    if (old_pod->spec().node_name() != node) { // bound
      auto key = client::object_key(*pod);
      unindex_pod(st, old_pod->spec().node_name(), key);
      index_pod(st, node, key);
      enqueue_if_tainted(self, node);
    } else if (tolerations_of(*old_pod) != tolerations_of(*pod)) {
      enqueue_if_tainted(self, node);
    }
  };
  h.deleted = [self](const ptr& pod) {
    unindex_pod(self->state, pod->spec().node_name(), client::object_key(*pod));
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

} // namespace convoy::controllers::nodelifecycle
