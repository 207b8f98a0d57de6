#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"

namespace convoy::controllers::nodelifecycle {

std::optional<std::string> lifecycle_options::validate() const {
  if (node_monitor_period.count() <= 0)
    return "--node-monitor-period must be > 0";
  if (node_monitor_grace_period.count() <= 0)
    return "--node-monitor-grace-period must be > 0";
  if (node_startup_grace_period.count() <= 0)
    return "--node-startup-grace-period must be > 0";
  if (!(node_eviction_rate >= 0))
    return "--node-eviction-rate must be >= 0";
  if (!(secondary_node_eviction_rate >= 0))
    return "--secondary-node-eviction-rate must be >= 0";
  if (large_cluster_size_threshold < 0)
    return "--large-cluster-size-threshold must be >= 0";
  if (!(unhealthy_zone_threshold > 0 && unhealthy_zone_threshold <= 1))
    return "--unhealthy-zone-threshold must be in (0, 1]";
  return std::nullopt;
}

} // namespace convoy::controllers::nodelifecycle
