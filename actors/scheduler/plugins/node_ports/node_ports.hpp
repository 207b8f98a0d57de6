#pragma once

#include <string_view>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodePorts: a host port (hostIP, protocol, hostPort) can be
/// held by one pod per node, so a pod asking for ports fits only nodes where
/// none of them is taken. Unschedulable, not unresolvable: the port frees up
/// when its holder leaves (preemption can help).
class node_ports : public pre_filter_plugin, public filter_plugin {
public:
  static constexpr std::string_view plugin_name = "NodePorts";

  std::string_view name() const override {
    return plugin_name;
  }

  /// Collects the pod's host ports once per cycle (into this plugin's slot);
  /// skips the filter for the common pod without any.
  status pre_filter(cycle_state& state, const pod_info& pod,
                    const node_snapshot& nodes) const override;

  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;
};

} // namespace convoy::scheduler::plugins
