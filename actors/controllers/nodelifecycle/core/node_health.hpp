#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/coordination.pb.h"
#include "api/node.pb.h"

namespace convoy::controllers::nodelifecycle {

/// Kubernetes' nodeHealthMap: per node, the LOCAL monotonic time at which
/// the controller last heard from the kubelet (probe time). Remote
/// timestamps are only compared with earlier remote timestamps of the same
/// node, never with our clock, so clock skew cannot expire a node.
class node_health {
public:
  using duration = std::chrono::nanoseconds;

  /// The namespace where kubelets renew their heartbeat Leases.
  static constexpr const char* lease_namespace = "kube-node-lease";

  /// Records the node as the informer shows it. The probe time moves to
  /// `now` when the node is first seen, or its Ready condition appears,
  /// disappears or carries a new lastHeartbeatTime (as tryUpdateNodeHealth).
  void observe_node(const api::Node& node, duration now);

  /// Records a heartbeat Lease (kube-node-lease/<node>; others are ignored).
  /// The probe time moves to `now` when renewTime is newer than the last one
  /// seen.
  void observe_lease(const api::Lease& lease, duration now);

  /// The controller itself wrote `node`'s status: remember its Ready
  /// condition as seen so the write echoing back is no heartbeat.
  void record_written(const api::Node& node);

  /// Restarts the node's grace period at `now` (leaving disruption mode).
  void reset_probe(const std::string& name, duration now);

  /// When the node was last heard from; nothing if never observed.
  std::optional<duration> probe_time(const std::string& name) const;

  /// Drops a deleted node.
  void forget(const std::string& name);

  /// Drops every node for which `keep` is false.
  template <class Keep>
  void retain(Keep&& keep) {
    for (auto it = nodes_.begin(); it != nodes_.end();)
      it = keep(it->first) ? std::next(it) : nodes_.erase(it);
  }

private:
  struct entry {
    bool node_seen = false;
    std::optional<duration> probe;
    /// lastHeartbeatTime of the Ready condition last seen, if it had one.
    std::optional<google::protobuf::Timestamp> ready_heartbeat;
    std::optional<google::protobuf::Timestamp> lease_renew;
  };

  std::unordered_map<std::string, entry> nodes_;
};

} // namespace convoy::controllers::nodelifecycle
