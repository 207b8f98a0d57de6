#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/scheduler/framework/cycle_state.hpp"
#include "actors/scheduler/framework/node_snapshot.hpp"
#include "actors/scheduler/plugins/pod_topology_spread/spread_constraint.hpp"

namespace convoy::scheduler::plugins {

/// Matching pods per topology domain (the value of a topology key).
using domain_counts = std::unordered_map<std::string, int64_t>;

/// What PodTopologySpread's pre-filter computes for its filter (the
/// pod's DoNotSchedule constraints), indexed like `constraints`.
struct spread_filter_state {
  spread_constraints constraints;
  /// Eligible domains of each constraint with their matching pods; a
  /// domain with no matching pod is present with 0.
  std::vector<domain_counts> counts;
  /// The global minimum of each constraint's counts, minDomains applied.
  std::vector<int64_t> min_counts;
};

/// What the pre-score computes for scoring (the ScheduleAnyway
/// constraints), indexed like `constraints`.
struct spread_score_state {
  spread_constraints constraints;
  /// The domains of the feasible nodes with their matching pods over all
  /// eligible nodes; empty for per-node constraints (score() counts those).
  std::vector<domain_counts> counts;
  /// log(domains + 2): a pod in one of few big domains weighs more than
  /// one in one of many small ones (topologyNormalizingWeight).
  std::vector<double> weights;
};

/// The plugin's cycle-state slot. The pre-filter writes it for every pod,
/// because the pre-score needs all of the cycle's nodes and is only handed
/// the feasible ones; the pre-score replaces it keeping the filter part.
struct pod_topology_spread_state : state_data {
  /// The snapshot the pre-filter saw; the framework keeps it alive (and
  /// unchanged) for the whole cycle.
  const node_snapshot* nodes = nullptr;
  std::shared_ptr<const spread_filter_state> filter;
  std::shared_ptr<const spread_score_state> score;
};

} // namespace convoy::scheduler::plugins
