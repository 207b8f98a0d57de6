#pragma once

// Kubernetes' taint-eviction controller (taint manager), pure: when must a
// pod leave a node because of the node's NoExecute taints.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::controllers::nodelifecycle {

struct eviction_decision {
  enum class kind { never, now, at };
  kind what = kind::never;
  /// Wall seconds of the eviction when `what` is `at`.
  int64_t at_seconds = 0;
};

/// processPodOnNode: a NoExecute taint that no toleration tolerates evicts
/// now; otherwise each taint's first tolerating toleration with
/// tolerationSeconds sets a deadline of taint.timeAdded + seconds (a taint
/// without timeAdded counts from `wall_now_seconds`; seconds <= 0 evict
/// now; no tolerationSeconds tolerates forever) and the earliest deadline
/// wins. Deadlines already passed mean now. Pods being deleted, or not
/// bound to `node`, are never evicted.
eviction_decision evict_decision(const api::Pod& pod, const api::Node& node,
                                 int64_t wall_now_seconds);

struct node_evictions {
  /// Pods to delete now.
  std::vector<std::shared_ptr<const api::Pod>> evict;
  /// The earliest future deadline among the other pods, to schedule the
  /// next check.
  std::optional<int64_t> next_deadline;
};

/// evict_decision over the pods of `node`.
node_evictions evictions_on_node(const api::Node& node,
                                 const std::vector<std::shared_ptr<const api::Pod>>& pods,
                                 int64_t wall_now_seconds);

} // namespace convoy::controllers::nodelifecycle
