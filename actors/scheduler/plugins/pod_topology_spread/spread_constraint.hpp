#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/apiserver/selectors/selector_result.hpp"
#include "actors/scheduler/framework/node_info.hpp"
#include "actors/scheduler/helpers/node_selectors.hpp"
#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::scheduler::plugins {

/// The node label Kubernetes spreads over per node; PodTopologySpread
/// counts it in score() instead of building a domain map of every node.
inline constexpr std::string_view hostname_label = "kubernetes.io/hostname";

/// One of the pod's topologySpreadConstraints, parsed once per cycle
/// (Kubernetes' internal topologySpreadConstraint): the selector is a
/// matcher, the optional fields carry their defaults.
struct spread_constraint {
  std::string topology_key;
  apiserver::label_selector selector;
  int32_t max_skew = 1;
  /// Fewer eligible domains than this make the global minimum 0.
  int32_t min_domains = 1;
  /// nodeAffinityPolicy Honor (the default): only nodes the pod's
  /// nodeSelector and required affinity allow are domains.
  bool honor_node_affinity = true;
  /// nodeTaintsPolicy Honor (default Ignore): only nodes whose NoSchedule
  /// and NoExecute taints the pod tolerates are domains.
  bool honor_node_taints = false;
  /// 1 when the incoming pod matches the selector itself: placing it adds
  /// one to its domain's count.
  int32_t self_match = 0;

  bool per_node() const {
    return topology_key == hostname_label;
  }

  /// Whether `node` counts for this constraint (the node inclusion
  /// policies); `affinity_ok` is matches_node_selector_and_affinity, which
  /// callers compute once per node for all constraints.
  bool includes(const api::PodSpec& pod, const api::Node& node, bool affinity_ok) const;
};

using spread_constraints = std::vector<spread_constraint>;

/// The pod's constraints whose whenUnsatisfiable is `action`
/// (DoNotSchedule or ScheduleAnyway), with matchLabelKeys merged into the
/// selectors; an invalid selector yields an error naming the constraint.
apiserver::selector_result<spread_constraints> parse_spread_constraints(const api::Pod& pod,
                                                                        std::string_view action);

/// Whether `labels` has every constraint's topology key; Kubernetes leaves
/// nodes without them out of counting and scoring.
bool has_all_keys(const label_map& labels, const spread_constraints& constraints);

/// Whether any constraint honors node affinity (so a node's affinity match
/// is worth computing).
bool any_honors_affinity(const spread_constraints& constraints);

/// Pods on `node` in namespace `ns` matching `selector`; terminating pods
/// (deletionTimestamp set) are about to leave and do not count.
int64_t count_matching_pods(const node_info& node, const apiserver::label_selector& selector,
                            const std::string& ns);

} // namespace convoy::scheduler::plugins
