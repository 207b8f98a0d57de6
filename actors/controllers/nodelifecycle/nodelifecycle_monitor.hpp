#pragma once

// The periodic half of the node lifecycle controller (Kubernetes'
// monitorNodeHealth every --node-monitor-period): one pass of the pure core
// over all nodes, then its writes: the Unknown verdicts through the status
// subresource and the taints through the node itself, both compare-and-swap
// on the resourceVersion read. A write that loses a race is not retried:
// the next pass recomputes from the newer node.

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/common/event_builder.hpp"
#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"
#include "actors/controllers/nodelifecycle/core/pod_readiness.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_state.hpp"

namespace convoy::controllers::nodelifecycle {

/// Logs zone state changes and entering/leaving master disruption mode.
inline void log_zones(lifecycle_ptr self, const std::vector<zone_state>& zones) {
  auto& st = self->state;
  for (const auto& z : zones) {
    auto [it, fresh] = st.zone_log.try_emplace(z.zone, z.state);
    if (!fresh && it->second == z.state)
      continue;
    it->second = z.state;
    st.log->info("zone \"{}\" is {} ({} of {} nodes not ready)", z.zone, to_string(z.state),
                 z.unhealthy, z.nodes);
  }
  for (auto it = st.zone_log.begin(); it != st.zone_log.end();)
    it = std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.zone == it->first; })
           ? std::next(it)
           : st.zone_log.erase(it);
  bool full = st.core.in_full_disruption();
  if (full != st.full_disruption_logged) {
    st.full_disruption_logged = full;
    if (full)
      st.log->warn("entering master disruption mode: every zone is fully disrupted, "
                   "no node is tainted or evicted");
    else
      st.log->info("leaving master disruption mode: nodes get a fresh grace period");
  }
}

/// One write of a pass finished.
inline void pass_write_done(lifecycle_ptr self) {
  --self->state.pass_writes_in_flight;
}

/// "key:Effect, ..." for the log.
inline std::string describe_taints(const api::Node& node) {
  std::string out;
  for (const auto& t : node.spec().taints())
    out += (out.empty() ? "" : ", ") + t.key() + ":" + t.effect();
  return out.empty() ? "none" : out;
}

/// Writes `node`'s new taints (a CAS on its resourceVersion).
inline void write_taints(lifecycle_ptr self, const api::Node& node) {
  auto& st = self->state;
  ++st.pass_writes_in_flight;
  st.loop->count_writes(1);
  const auto& name = node.metadata().name();
  st.log->info("node {} taints: {}", name, describe_taints(node));
  st.calls->update("nodes", "", name, node, [self, name](const apiserver::ApiResponse& resp) {
    if (api_failed(resp))
      self->state.log->info("tainting node {} failed, the next pass retries: {}", name,
                            resp.status().message());
    pass_write_done(self);
  });
}

/// Writes the Unknown verdict, then (same node) the taints onto what the
/// status write returned: the taint write would otherwise lose the CAS race
/// against our own status write and wait a pass.
inline void write_status(lifecycle_ptr self, const api::Node& node, const api::Node* taints) {
  auto& st = self->state;
  ++st.pass_writes_in_flight;
  st.loop->count_writes(1);
  st.log->info("node {} stopped posting status: Ready is Unknown", node.metadata().name());
  // RecordNodeStatusChange: the event Kubernetes writes about the node.
  st.events->record(reference_to("Node", "v1", "", node.metadata().name(), node.metadata().uid()),
                    "Normal", "NodeNotReady",
                    "Node " + node.metadata().name() + " status is now: NodeNotReady");
  auto then = taints != nullptr ? std::make_shared<api::Node>(*taints) : nullptr;
  const auto& name = node.metadata().name();
  st.calls->update(
    "nodes", "", name, node,
    [self, name, then](const apiserver::ApiResponse& resp) {
      api::Node written;
      if (api_failed(resp))
        self->state.log->info("marking node {} Unknown failed, the next pass retries: {}", name,
                              resp.status().message());
      else if (then && resp.object().UnpackTo(&written)) {
        *written.mutable_spec()->mutable_taints() = then->spec().taints();
        write_taints(self, written);
      }
      pass_write_done(self);
    },
    "status");
}

/// MarkPodsNotReady: the Ready pods of a node that is not Ready (as the
/// informer shows it, which includes our own Unknown verdicts once written)
/// become not Ready, so endpoints drop them.
inline void mark_pods_not_ready(lifecycle_ptr self, const api::Node& node) {
  auto& st = self->state;
  auto on = st.pods_on_node.find(node.metadata().name());
  if (on == st.pods_on_node.end())
    return;
  for (const auto& key : on->second) {
    auto it = st.pods->objects().find(key);
    if (it == st.pods->objects().end())
      continue;
    auto marked = marked_not_ready(*it->second, wall_seconds(st));
    if (!marked)
      continue;
    ++st.pass_writes_in_flight;
    st.loop->count_writes(1);
    const auto& meta = marked->metadata();
    st.calls->update("pods", meta.namespace_(), meta.name(), *marked,
                     [self](const apiserver::ApiResponse&) { pass_write_done(self); }, "status");
  }
}

/// The informer's nodes, by name (a stable order for the zones' queues).
inline std::vector<node_lifecycle::node_ptr> sorted_nodes(const node_informer& nodes) {
  std::vector<node_lifecycle::node_ptr> out;
  out.reserve(nodes.objects().size());
  for (const auto& [key, node] : nodes.objects())
    out.push_back(node);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a->metadata().name() < b->metadata().name();
  });
  return out;
}

/// One monitor pass, unless the last one's writes are still out.
inline void monitor_pass(lifecycle_ptr self) {
  auto& st = self->state;
  if (st.pass_writes_in_flight > 0)
    return;
  auto result = st.core.monitor(mono_now(self), wall_seconds(st), sorted_nodes(*st.nodes));
  std::unordered_map<std::string, const api::Node*> taints;
  for (const auto& n : result.taint_updates)
    taints.emplace(n.metadata().name(), &n);
  for (const auto& n : result.status_updates) {
    auto it = taints.find(n.metadata().name());
    write_status(self, n, it != taints.end() ? it->second : nullptr);
    if (it != taints.end())
      taints.erase(it);
  }
  for (const auto& n : result.taint_updates)
    if (taints.count(n.metadata().name()) > 0)
      write_taints(self, n);
  log_zones(self, result.zones);
  for (const auto& [key, node] : st.nodes->objects())
    if (!is_node_ready(*node))
      mark_pods_not_ready(self, *node);
}

} // namespace convoy::controllers::nodelifecycle
