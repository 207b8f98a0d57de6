#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' PodTopologySpread: keeps pods matching a constraint's
/// selector evenly spread over topology domains (zones, nodes, ...).
/// DoNotSchedule constraints filter: a node is rejected when placing the
/// pod there would make its domain exceed the least-loaded domain by more
/// than maxSkew. ScheduleAnyway constraints score: emptier domains rank
/// higher.
///
/// Differences from Kubernetes 1.28: no cluster-default constraints (a pod
/// without constraints is skipped; those need Service/ReplicaSet listers),
/// counts are kept per constraint rather than per topology key (two
/// constraints on one key with different selectors no longer share counts,
/// as in later Kubernetes releases), and no preemption add/remove-pod hooks.
class pod_topology_spread : public pre_filter_plugin,
                            public filter_plugin,
                            public pre_score_plugin,
                            public score_plugin {
public:
  static constexpr std::string_view plugin_name = "PodTopologySpread";

  /// What score() returns for a node missing a topology key; normalize()
  /// turns it into 0 (Kubernetes' invalidScore for its IgnoredNodes).
  static constexpr int64_t ignored_node_score = -1;

  pod_topology_spread() = default;

  std::string_view name() const override {
    return plugin_name;
  }

  /// Counts matching pods per domain over all eligible nodes, O(nodes +
  /// pods). Skips pods without DoNotSchedule constraints.
  status pre_filter(cycle_state& state, const pod_info& pod,
                    const node_snapshot& nodes) const override;

  /// count[domain] + selfMatch - min <= maxSkew for every constraint.
  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Counts for the ScheduleAnyway constraints, over the domains of the
  /// feasible nodes. Skips pods without such constraints.
  status pre_score(cycle_state& state, const pod_info& pod,
                   const std::vector<const node_info*>& feasible) const override;

  /// Weighted matching pods in the node's domains: lower is better.
  int64_t score(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Reverses and scales to [0, max_node_score] so the emptiest domain
  /// gets the most; ignored nodes get 0.
  void normalize(const cycle_state& state, const pod_info& pod,
                 std::vector<int64_t>& scores) const override;
};

} // namespace convoy::scheduler::plugins
