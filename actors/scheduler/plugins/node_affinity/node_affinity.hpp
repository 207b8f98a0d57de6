#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodeAffinity: a pod fits only nodes matching its
/// spec.nodeSelector and its required node affinity (filter), and prefers
/// nodes matching its weighted preferred terms (score).
class node_affinity : public pre_filter_plugin,
                      public filter_plugin,
                      public pre_score_plugin,
                      public score_plugin {
public:
  static constexpr std::string_view plugin_name = "NodeAffinity";

  std::string_view name() const override {
    return plugin_name;
  }

  /// Skips the filter for a pod with no node constraint; rejects the pod
  /// for every node when each required term pins it (matchFields
  /// metadata.name In) to an empty set of nodes.
  status pre_filter(cycle_state& state, const pod_info& pod,
                    const node_snapshot& nodes) const override;

  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Skips the score for a pod without preferred terms (every node would
  /// score 0).
  status pre_score(cycle_state& state, const pod_info& pod,
                   const std::vector<const node_info*>& feasible) const override;

  /// The sum of the weights of the preferred terms the node matches.
  int64_t score(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Scales by the best node: it scores max_node_score.
  void normalize(const cycle_state& state, const pod_info& pod,
                 std::vector<int64_t>& scores) const override;
};

} // namespace convoy::scheduler::plugins
