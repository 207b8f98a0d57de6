#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"
#include "actors/controllers/nodelifecycle/core/node_health.hpp"
#include "actors/controllers/nodelifecycle/core/token_bucket.hpp"
#include "actors/controllers/nodelifecycle/core/zone_state.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"

namespace convoy::controllers::nodelifecycle {

/// The pure core of Kubernetes' node lifecycle controller
/// (monitorNodeHealth, handleDisruption, doNoExecuteTaintingPass and
/// doNoScheduleTaintingPass folded into one pass). The shell feeds it Lease
/// events and calls monitor() every few seconds (Kubernetes: 5 s) with the
/// informer's nodes; it writes what comes back.
class node_lifecycle {
public:
  using duration = std::chrono::nanoseconds;
  using node_ptr = std::shared_ptr<const api::Node>;

  struct result {
    /// Full node copies with the Unknown verdict applied to status (write
    /// with UpdateStatus and the resourceVersion read; on conflict the next
    /// pass recomputes).
    std::vector<api::Node> status_updates;
    /// Full node copies (status as read) with new spec.taints.
    std::vector<api::Node> taint_updates;
    /// Every zone with nodes, by name.
    std::vector<zone_state> zones;
  };

  /// `opts` must have passed validate().
  explicit node_lifecycle(lifecycle_options opts = {});

  /// A heartbeat Lease was added or updated at monotonic time `now`.
  void observe_lease(const api::Lease& lease, duration now) { health_.observe_lease(lease, now); }

  /// One monitoring pass over all nodes at monotonic `now` / wall
  /// `wall_now_seconds`: marks silent nodes Unknown, recomputes zone
  /// disruption, and taints or untaints nodes (NoExecute additions drawn
  /// from the zone's token bucket). Nodes absent from `nodes` are forgotten.
  result monitor(duration now, int64_t wall_now_seconds, const std::vector<node_ptr>& nodes);

  /// Every zone is fully disrupted: the controller is probably cut off from
  /// the nodes rather than all nodes being down, so it taints nothing
  /// ("master disruption mode").
  bool in_full_disruption() const;

  /// The zones as of the last monitor().
  std::vector<zone_state> zones() const;

  const node_health& health() const { return health_; }

private:
  struct zone_entry {
    explicit zone_entry(double qps) : bucket(qps) {}
    zone_health state = zone_health::initial;
    token_bucket bucket;
    /// Nodes waiting for a NoExecute taint, oldest first (each once).
    std::deque<std::string> queue;
    int nodes = 0;
    int unhealthy = 0;
  };

  /// Node name -> index into the pass's working copies, for queued nodes
  /// that still want their taint.
  using pending_map = std::unordered_map<std::string, size_t>;

  void update_health(duration now, int64_t wall_now_seconds, std::vector<api::Node>& current,
                     result& out);
  void update_zones(duration now, const std::vector<api::Node>& current);
  void set_limiter(zone_entry& zone, zone_health state, duration now);
  void process_no_execute(api::Node& node, size_t index, int64_t wall_now_seconds,
                          pending_map& pending);
  void drain_queues(duration now, int64_t wall_now_seconds, std::vector<api::Node>& current,
                    const pending_map& pending);
  void dequeue(const std::string& zone, const std::string& name);

  lifecycle_options opts_;
  node_health health_;
  std::map<std::string, zone_entry> zones_;
};

} // namespace convoy::controllers::nodelifecycle
