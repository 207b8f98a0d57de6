#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "actors/scheduler/framework/cycle_state.hpp"
#include "actors/scheduler/framework/diagnosis.hpp"
#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler {

/// A plugin and, if it scores, the weight of its normalized score.
struct plugin_entry {
  std::unique_ptr<plugin> instance;
  int64_t weight = 1;
};

struct framework_options {
  /// Share of the nodes to find feasible before scoring stops looking
  /// (percentageOfNodesToScore); 0 = adaptive like Kubernetes: 50% minus 1%
  /// per 125 nodes, at least 5%, and never fewer than 100 nodes.
  uint32_t percentage_of_nodes_to_score = 0;
  /// Seeds the tie-break between equally scored nodes.
  uint64_t seed = 0;
};

/// What one scheduling cycle decided for a pod.
struct schedule_result {
  /// The chosen node; empty when the pod fits none (see failure, diag).
  std::string node;
  size_t evaluated_nodes = 0;
  size_t feasible_nodes = 0;
  /// unschedulable / unresolvable (diag says why) or error.
  status failure;
  diagnosis diag;

  bool ok() const noexcept {
    return !node.empty();
  }
};

/// The scheduling cycle (kube-scheduler's frameworkImpl + schedulePod):
/// pre-filter -> filter (until enough feasible nodes are found, starting
/// where the last cycle stopped so all nodes get their turn) -> post-filter
/// report (the diagnosis) -> pre-score -> score -> normalize -> weighted sum
/// -> pick the best (ties broken by the seeded generator) -> reserve.
/// Pure: plugins are pure, the snapshot is given, randomness is seeded.
class framework {
public:
  framework(std::vector<plugin_entry> plugins, framework_options options);

  /// Runs the cycle for `pod` over `nodes`.
  schedule_result schedule(const pod_info& pod, const node_snapshot& nodes);

  /// Runs the reserve plugins for the node schedule() chose (state of the
  /// last cycle); on failure undoes the ones that succeeded.
  status reserve(const pod_info& pod, const std::string& node);

  /// Undoes reserve (binding failed).
  void unreserve(const pod_info& pod, const std::string& node);

  /// How many feasible nodes a cycle over `all` nodes looks for.
  size_t num_feasible_nodes_to_find(size_t all) const;

  /// Names of the configured plugins, in order.
  std::vector<std::string> plugin_names() const;

private:
  struct score_entry {
    const score_plugin* plugin;
    int64_t weight;
  };

  status run_pre_filter(const pod_info& pod, const node_snapshot& nodes, diagnosis& diag);
  status run_filters(const pod_info& pod, const node_info& node) const;
  void find_feasible(const pod_info& pod, const node_snapshot& nodes, schedule_result& out);
  std::string pick_best(const pod_info& pod);
  void add_scores(const score_entry& entry, const pod_info& pod);

  std::vector<plugin_entry> plugins_;
  std::vector<const pre_filter_plugin*> pre_filters_;
  std::vector<const filter_plugin*> filters_;
  std::vector<const pre_score_plugin*> pre_scores_;
  std::vector<score_entry> scores_;
  std::vector<reserve_plugin*> reserves_;
  framework_options options_;
  cycle_state state_;
  std::mt19937_64 rng_;
  size_t next_start_node_index_ = 0;
  /// Scratch of the current cycle, kept to reuse the capacity.
  std::vector<const node_info*> feasible_;
  std::vector<int64_t> totals_;
  std::vector<int64_t> plugin_scores_;
};

} // namespace convoy::scheduler
