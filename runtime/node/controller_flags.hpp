#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/config/flag_set.hpp"

namespace convoy {

/// Settings of the controllers role, under kube-controller-manager's flag
/// names (and the apiserver's two toleration defaults, which Kubernetes
/// also sets on kube-apiserver).
struct controller_options {
  /// --controllers: the controllers to run; empty = all.
  std::vector<std::string> controllers;
  /// --leader-elect and its lease timings.
  bool leader_elect = true;
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  /// Node lifecycle.
  std::chrono::milliseconds node_monitor_period{5000};
  std::chrono::milliseconds node_monitor_grace_period{40000};
  std::chrono::milliseconds node_startup_grace_period{60000};
  double node_eviction_rate = 0.1;
  double secondary_node_eviction_rate = 0.01;
  int64_t large_cluster_size_threshold = 50;
  double unhealthy_zone_threshold = 0.55;
  /// Node IPAM (convoy allocates node CIDRs by default: kubelets without
  /// --pod-cidr wait for one).
  bool allocate_node_cidrs = true;
  std::string cluster_cidr = "127.16.0.0/12";
  int node_cidr_mask_size = 24;
  /// apiserver role: tolerationSeconds added to pods for the not-ready and
  /// unreachable NoExecute taints.
  int64_t default_not_ready_toleration_seconds = 300;
  int64_t default_unreachable_toleration_seconds = 300;
};

/// Adds the flags above to `flags`.
void add_controller_flags(config::flag_set& flags);

/// Reads them; returns an error line naming the flag on failure.
std::optional<std::string> read_controller_flags(const config::flag_set& flags,
                                                 controller_options& out);

} // namespace convoy
