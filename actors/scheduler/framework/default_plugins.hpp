#pragma once

#include <vector>

#include "actors/scheduler/framework/framework.hpp"

namespace convoy::scheduler {

/// Kubernetes' default plugin set, in its filter order (cheap and decisive
/// checks first) and with its score weights: NodeUnschedulable, NodeName,
/// TaintToleration (3), NodeAffinity (2), NodePorts, NodeResourcesFit (1),
/// PodTopologySpread (2), NodeResourcesBalancedAllocation (1).
std::vector<plugin_entry> default_plugins();

} // namespace convoy::scheduler
