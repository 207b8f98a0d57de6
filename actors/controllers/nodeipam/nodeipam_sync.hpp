#pragma once

// One sync of one Node (keyed by name), Kubernetes' range allocator: a
// Node gone gives its CIDR back; a Node with a podCIDR has it marked as its
// own (or reported when it cannot be); a Node without one gets the next free
// CIDR written into spec.podCIDR and spec.podCIDRs by an update carrying
// the resourceVersion read (a Conflict retries with the fresh Node).

#include <chrono>
#include <memory>
#include <string>

#include "actors/common/event_builder.hpp"
#include "actors/controllers/nodeipam/nodeipam_state.hpp"

namespace convoy::controllers::nodeipam {

using done_fn = reconcile_loop<nodeipam_self>::done_fn;

/// The CIDR a Node shows: spec.podCIDR, else the first of spec.podCIDRs.
inline std::string pod_cidr_of(const api::Node& node) {
  if (!node.spec().pod_cidr().empty() || node.spec().pod_cidrs_size() == 0)
    return node.spec().pod_cidr();
  return node.spec().pod_cidrs(0);
}

/// Kubernetes' CIDRNotAvailable status change, about `node`.
inline void report_unavailable(nodeipam_ptr self, const api::Node& node,
                               const std::string& why) {
  const auto& meta = node.metadata();
  self->state.events->record(reference_to("Node", "v1", "", meta.name(), meta.uid()), "Normal",
                             "CIDRNotAvailable",
                             "Node " + meta.name() + " status is now: CIDRNotAvailable (" + why
                               + ")");
}

/// Syncs every node waiting for a free CIDR.
inline void wake_waiting(nodeipam_ptr self) {
  for (const auto& name : self->state.waiting)
    self->state.loop->add(name);
}

/// `name` is gone: free its CIDR.
inline void release(nodeipam_ptr self, const std::string& name) {
  auto& st = self->state;
  st.waiting.erase(name);
  st.backoff.forget(name);
  auto cidr = st.cidrs->cidr_of(name);
  if (!st.cidrs->forget(name))
    return;
  st.log->info("released CIDR {} of deleted node {}", *cidr, name);
  wake_waiting(self);
}

/// Marks the podCIDR `node` shows as its own, or reports why it cannot be.
inline void observe(nodeipam_ptr self, const api::Node& node, const std::string& cidr) {
  auto& st = self->state;
  const auto& name = node.metadata().name();
  st.waiting.erase(name);
  auto seen = st.cidrs->observe(name, cidr);
  switch (seen.what) {
    case node_cidrs::verdict::unchanged:
      return;
    case node_cidrs::verdict::claimed:
      st.log->debug("node {} uses CIDR {}", name, cidr);
      return;
    default:
      st.log->warn("node {} keeps its podCIDR {}, not allocatable: {}", name, cidr, seen.message);
      report_unavailable(self, node, seen.message);
  }
}

/// Nothing left for `node`: log once, retry with back-off (and as soon as
/// a CIDR is freed).
inline void exhausted(nodeipam_ptr self, const api::Node& node) {
  auto& st = self->state;
  const auto& name = node.metadata().name();
  if (!st.exhaustion_logged) {
    st.exhaustion_logged = true;
    st.log->error("cluster CIDR {} is exhausted: no /{} left for node {}",
                  st.cidrs->set().cluster_cidr(), st.cidrs->set().node_mask_size(), name);
  }
  if (st.waiting.insert(name).second)
    report_unavailable(self, node, "the cluster CIDR " + st.cidrs->set().cluster_cidr()
                                     + " has no free CIDR left");
  auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
  st.loop->add_after(name, st.backoff.when(name, now));
}

/// Writes `cidr` into the Node `node` (replacing the version read).
inline void assign(nodeipam_ptr self, std::shared_ptr<const api::Node> node,
                   const std::string& cidr, done_fn done) {
  auto& st = self->state;
  const auto name = node->metadata().name();
  api::Node updated = *node;
  updated.mutable_spec()->set_pod_cidr(cidr);
  updated.mutable_spec()->clear_pod_cidrs();
  updated.mutable_spec()->add_pod_cidrs(cidr);
  st.written[name] = node->metadata().resource_version();
  st.loop->count_writes(1);
  st.calls->update("nodes", "", name, updated,
                   [self, name, cidr, done](const apiserver::ApiResponse& resp) {
                     auto& state = self->state;
                     if (!api_failed(resp)) {
                       state.log->info("assigned CIDR {} to node {}", cidr, name);
                       return done("");
                     }
                     state.written.erase(name);
                     // Gone: its deletion reaches the informer and frees the CIDR.
                     if (resp.status().reason() == "NotFound")
                       return done("");
                     done("assigning CIDR " + cidr + " to node " + name + ": "
                          + resp.status().message());
                   });
}

/// Gives `node`, which shows no podCIDR, a free CIDR.
inline void allocate(nodeipam_ptr self, std::shared_ptr<const api::Node> node, done_fn done) {
  auto& st = self->state;
  const auto& name = node->metadata().name();
  auto cidr = st.cidrs->reserve(name);
  if (!cidr) {
    exhausted(self, *node);
    return done("");
  }
  st.exhaustion_logged = false;
  st.waiting.erase(name);
  st.backoff.forget(name);
  assign(self, std::move(node), *cidr, std::move(done));
}

inline void sync(nodeipam_ptr self, const std::string& name, done_fn done) {
  auto& st = self->state;
  auto it = st.nodes->objects().find(name);
  if (it == st.nodes->objects().end()) {
    st.written.erase(name);
    release(self, name);
    return done("");
  }
  auto node = it->second;
  auto cidr = pod_cidr_of(*node);
  if (!cidr.empty()) {
    st.written.erase(name);
    observe(self, *node, cidr);
    return done("");
  }
  // Our write of this version succeeded: its watch event requeues the node.
  if (auto w = st.written.find(name);
      w != st.written.end() && w->second == node->metadata().resource_version())
    return done("");
  allocate(self, std::move(node), std::move(done));
}

} // namespace convoy::controllers::nodeipam
