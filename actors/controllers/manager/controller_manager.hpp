#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "caf/fwd.hpp"

#include "actors/apiserver/auth/rsa_key.hpp"
#include "actors/controllers/nodeipam/core/nodeipam_options.hpp"
#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// How to run one controller manager (Kubernetes' kube-controller-manager).
struct controller_manager_config {
  /// API, token, node name, seed: passed on to every controller.
  controller_config base;
  /// The controllers to run, by name; empty = all (see controller_names()).
  std::vector<std::string> controllers;
  /// Elect one active manager among replicas on the kube-system Lease
  /// "kube-controller-manager" (--leader-elect, default on); standbys run
  /// no controller.
  bool leader_elect = true;
  /// Unique among the replicas; empty: NODE_RANDOM.
  std::string identity;
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  /// The node lifecycle controller's settings (--node-monitor-*, ...).
  nodelifecycle::lifecycle_options node_lifecycle;
  /// The node IPAM controller's ranges (--cluster-cidr, --node-cidr-mask-size).
  nodeipam::nodeipam_options node_ipam;
  /// Signs service-account tokens (--service-account-private-key-file);
  /// null: no token Secrets.
  std::shared_ptr<const apiserver::rsa_key> service_account_key;
};

/// Every controller the manager can run, in start order.
const std::vector<std::string>& controller_names();

/// Empty when `cfg` is valid, else a message naming the offending setting.
std::string validate(const controller_manager_config& cfg);

/// Spawns a controller manager: it elects (if configured) and, while it
/// leads, runs the configured controllers; losing the lease stops them.
controller_manager_actor spawn_controller_manager(caf::actor_system& sys,
                                                  controller_manager_config cfg);

} // namespace convoy::controllers
