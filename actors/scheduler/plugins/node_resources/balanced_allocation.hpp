#pragma once

#include <cstdint>
#include <string_view>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::plugins {

/// Kubernetes' NodeResourcesBalancedAllocation: prefers nodes whose cpu and
/// memory would be used in equal shares once the pod is placed, so neither
/// resource is stranded (a node full on cpu but with idle memory can take
/// no one). Scores from the real requests, not the non-zero defaults.
///
/// Kubernetes 1.28 scores every pod, including ones that request nothing
/// (the pre-score skip for those came later), so there is no pre-score.
class balanced_allocation : public score_plugin {
public:
  static constexpr std::string_view plugin_name = "NodeResourcesBalancedAllocation";

  balanced_allocation() = default;

  std::string_view name() const override {
    return plugin_name;
  }

  /// (1 - standard deviation of the used fractions) * 100.
  int64_t score(const cycle_state& state, const pod_info& pod,
                const node_info& node) const override;
};

} // namespace convoy::scheduler::plugins
