#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>

#include "actors/scheduler/framework/status.hpp"

namespace convoy::scheduler {

/// Why a pod fits no node: how many nodes gave each reason, and which
/// plugins rejected it (the queue retries the pod when an event that could
/// change those plugins' minds arrives). Kubernetes' framework.Diagnosis.
struct diagnosis {
  size_t num_all_nodes = 0;
  /// Set when a pre-filter rejected the pod for every node.
  std::string pre_filter_msg;
  /// Reason -> number of nodes that gave it.
  std::map<std::string, size_t> reasons;
  std::set<std::string> unschedulable_plugins;
  /// True if some node rejected the pod as unschedulable (not unresolvable):
  /// freeing resources there could help.
  bool resolvable = false;

  /// Counts a node's rejection.
  void add(const status& st);

  /// Kubernetes' FitError message, e.g. "0/5 nodes are available: 2 node(s)
  /// had untolerated taint {dedicated: db}, 3 Insufficient cpu." (reasons as
  /// "COUNT REASON", sorted as strings like kube-scheduler does).
  std::string message() const;
};

} // namespace convoy::scheduler
