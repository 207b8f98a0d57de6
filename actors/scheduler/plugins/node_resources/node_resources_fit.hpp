#pragma once

#include <cstdint>
#include <string_view>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodeResourcesFit with the LeastAllocated scoring strategy:
/// the filter keeps the pod off nodes whose free allocatable cannot hold its
/// requests (or that are at their pod limit); the score prefers nodes with
/// the most room left, so load spreads out.
class node_resources_fit : public filter_plugin, public score_plugin {
public:
  static constexpr std::string_view plugin_name = "NodeResourcesFit";

  node_resources_fit() = default;

  std::string_view name() const override {
    return plugin_name;
  }

  /// Rejects with one unschedulable status listing every shortfall ("Too
  /// many pods", "Insufficient cpu", ...), so users see all of them at once.
  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;

  /// LeastAllocated over cpu and memory (weight 1 each), on the non-zero
  /// requests so request-less pods still count against a node.
  int64_t score(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;
};

} // namespace convoy::scheduler::plugins
