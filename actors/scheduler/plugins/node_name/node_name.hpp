#pragma once

#include <string_view>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodeName: a pod that already names its node (spec.nodeName)
/// fits only that node. Such pods normally never reach the queue, but any
/// run of the filters over one (a simulation, a pod bound by hand while
/// queued) must not place it elsewhere.
class node_name : public pre_filter_plugin, public filter_plugin {
public:
  static constexpr std::string_view plugin_name = "NodeName";

  std::string_view name() const override {
    return plugin_name;
  }

  /// Skips the filter for the common pod that names no node.
  status pre_filter(cycle_state& state, const pod_info& pod,
                    const node_snapshot& nodes) const override;

  status filter(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;
};

} // namespace convoy::scheduler::plugins
