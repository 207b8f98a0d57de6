#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace convoy::controllers::nodelifecycle {

/// kube-controller-manager's node lifecycle flags, with their defaults.
struct lifecycle_options {
  /// How often the controller checks node health and taints (Kubernetes'
  /// --node-monitor-period): the delay between a node going silent past its
  /// grace period and the controller noticing.
  std::chrono::nanoseconds node_monitor_period = std::chrono::seconds{5};
  /// Silence after which a node that has posted Ready is marked Unknown.
  std::chrono::nanoseconds node_monitor_grace_period = std::chrono::seconds{40};
  /// Silence after which a node that never posted Ready is marked Unknown:
  /// longer, because a booting kubelet needs time for its first status.
  std::chrono::nanoseconds node_startup_grace_period = std::chrono::seconds{60};
  /// NoExecute taints added per second in a healthy zone.
  double node_eviction_rate = 0.1;
  /// The same in a partially disrupted large zone.
  double secondary_node_eviction_rate = 0.01;
  /// Zones with at most this many nodes stop tainting when partially disrupted.
  int large_cluster_size_threshold = 50;
  /// Fraction of unhealthy nodes at which a zone is partially disrupted.
  double unhealthy_zone_threshold = 0.55;

  /// The first invalid field as the flag's error message, or nothing.
  std::optional<std::string> validate() const;
};

} // namespace convoy::controllers::nodelifecycle
