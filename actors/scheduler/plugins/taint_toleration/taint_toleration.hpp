#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' TaintToleration: a node's NoSchedule and NoExecute taints
/// keep off every pod that does not tolerate them (filter); its
/// PreferNoSchedule taints only make the node less attractive, by how many
/// of them the pod does not tolerate (score).
class taint_toleration : public filter_plugin, public pre_score_plugin, public score_plugin {
public:
  static constexpr std::string_view plugin_name = "TaintToleration";

  std::string_view name() const override {
    return plugin_name;
  }

  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Keeps the tolerations that can tolerate a PreferNoSchedule taint (that
  /// effect, or none), so score does not walk the others for every node.
  status pre_score(cycle_state& state, const pod_info& pod,
                   const std::vector<const node_info*>& feasible) const override;

  /// The number of the node's PreferNoSchedule taints the pod does not
  /// tolerate: lower is better.
  int64_t score(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// Reversed: the node with the fewest untolerated taints scores highest.
  void normalize(const cycle_state& state, const pod_info& pod,
                 std::vector<int64_t>& scores) const override;
};

} // namespace convoy::scheduler::plugins
