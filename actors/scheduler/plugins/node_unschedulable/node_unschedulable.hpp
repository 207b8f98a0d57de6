#pragma once

#include <string_view>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodeUnschedulable: a cordoned node (spec.unschedulable) takes
/// no new pods, except those tolerating the node.kubernetes.io/unschedulable
/// NoSchedule taint (DaemonSet pods, which must run on every node).
class node_unschedulable : public filter_plugin {
public:
  static constexpr std::string_view plugin_name = "NodeUnschedulable";

  std::string_view name() const override {
    return plugin_name;
  }

  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;
};

} // namespace convoy::scheduler::plugins
