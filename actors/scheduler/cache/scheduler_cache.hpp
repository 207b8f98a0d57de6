#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/scheduler/framework/node_info.hpp"
#include "actors/scheduler/framework/node_snapshot.hpp"
#include "actors/scheduler/queue/scheduling_queue.hpp"

namespace convoy::scheduler {

struct cache_options {
  /// How long an assumed pod whose binding succeeded may go unconfirmed by
  /// the pod watch before the cache drops it (the watch is the truth).
  queue_time assumed_ttl = std::chrono::seconds{30};
};

/// kube-scheduler's cache: the nodes and the pods placed on them, bound
/// ones (seen through the pod watch) and assumed ones (the scheduler chose
/// a node and is binding). Assuming places the pod at once, so the next
/// cycle sees the node's resources taken before the binding is committed;
/// a failed binding forgets it, and an assumed pod the watch never
/// confirms expires.
class scheduler_cache {
public:
  explicit scheduler_cache(cache_options options = {}) : options_(options) {}

  void add_or_update_node(std::shared_ptr<const api::Node> node);
  void remove_node(const std::string& name);

  /// A pod bound to a node, as the watch reports it (confirms an assumed
  /// pod; moves it if it landed elsewhere).
  void add_or_update_pod(pod_info_ptr pod, const std::string& node);
  void remove_pod(const std::string& key);

  /// Places `pod` on `node` before binding. False if the pod is already in
  /// the cache (bound or assumed): never schedule a pod twice.
  bool assume(pod_info_ptr pod, const std::string& node);
  /// The binding committed: the assumed pod now waits for the watch, at
  /// most assumed_ttl.
  void finish_binding(const std::string& key, queue_time now);
  /// The binding failed: undo assume.
  void forget(const std::string& key);
  /// Drops assumed pods whose binding finished more than assumed_ttl ago
  /// without the watch confirming them; returns their keys.
  std::vector<std::string> cleanup_expired(queue_time now);

  bool is_assumed(const std::string& key) const;
  /// Whether the pod is in the cache (bound or assumed).
  bool contains_pod(const std::string& key) const {
    return pods_.count(key) > 0;
  }

  /// The nodes for the next cycle (rebuilt only after nodes joined/left).
  const node_snapshot& snapshot();

  /// The node info of `name`, or nullptr.
  const node_info* node(const std::string& name) const;

  size_t node_count() const noexcept {
    return node_order_.size();
  }
  size_t pod_count() const noexcept {
    return pods_.size();
  }
  size_t assumed_count() const noexcept {
    return assumed_;
  }

private:
  struct pod_state {
    pod_info_ptr info;
    std::string node;
    bool assumed = false;
    bool binding_finished = false;
    queue_time deadline{0};
  };

  node_info& node_slot(const std::string& name);
  void place(pod_state& state);
  void unplace(const pod_state& state);
  void drop_if_empty_ghost(const std::string& name);

  cache_options options_;
  std::unordered_map<std::string, std::unique_ptr<node_info>> nodes_;
  /// Names of the nodes that have a Node object, in the order they came.
  std::vector<std::string> node_order_;
  std::unordered_map<std::string, pod_state> pods_;
  size_t assumed_ = 0;
  node_snapshot snapshot_;
  bool snapshot_stale_ = true;
};

} // namespace convoy::scheduler
