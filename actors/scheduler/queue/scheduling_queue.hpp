#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/scheduler/framework/pod_info.hpp"

namespace convoy::scheduler {

/// Time as the queue sees it: a duration since any fixed origin (the actor
/// passes its clock's reading; tests pass virtual time).
using queue_time = std::chrono::nanoseconds;

/// A pending pod with its scheduling history.
struct queued_pod {
  pod_info_ptr info;
  /// Failed scheduling attempts so far (drives the back-off).
  uint32_t attempts = 0;
  /// When the pod last entered the active queue (ordering within a priority).
  queue_time timestamp{0};
  /// When its back-off ends (meaningful after a failure).
  queue_time backoff_expiry{0};
};

struct queue_options {
  /// Kubernetes' podInitialBackoffSeconds / podMaxBackoffSeconds.
  queue_time initial_backoff = std::chrono::seconds{1};
  queue_time max_backoff = std::chrono::seconds{10};
  /// A pod stays unschedulable at most this long before it is retried even
  /// without a relevant event (podMaxInUnschedulablePodsDuration).
  queue_time max_unschedulable = std::chrono::minutes{5};
};

/// kube-scheduler's PriorityQueue: pods waiting to be scheduled, in three
/// sub-queues:
///  - active: ready to try now, highest priority first, then oldest;
///  - backoff: failed recently, waiting out an exponential back-off
///    (initial * 2^(attempts-1), capped);
///  - unschedulable: fit no node; they move back when a cluster event that
///    could help arrives (node added or changed, pod deleted), or after
///    max_unschedulable.
/// A pod is in at most one sub-queue; popping removes it until the caller
/// hands it back (failure) or forgets it (bound).
class scheduling_queue {
public:
  explicit scheduling_queue(queue_options options = {}) : options_(options) {}

  /// A new pending pod: active queue.
  void add(pod_info_ptr pod, queue_time now);

  /// A pending pod changed: updated in place; an unschedulable pod is
  /// retried (the change may make it fit). Unknown pods are added.
  void update(pod_info_ptr pod, queue_time now);

  /// The pod was deleted or bound by someone else.
  void remove(const std::string& key);

  /// The next pod to schedule, or nullopt when the active queue is empty.
  std::optional<queued_pod> pop();

  /// A pod that fit no node: waits for an event (or its back-off, if an
  /// event already came while it was being scheduled: `event_seen`).
  void add_unschedulable(queued_pod pod, queue_time now, bool event_seen = false);

  /// A pod whose cycle or binding failed for another reason: retried after
  /// its back-off.
  void add_backoff(queued_pod pod, queue_time now);

  /// A cluster event that may make unschedulable pods fit: each moves to
  /// backoff if its back-off has not ended yet, else to active.
  void move_all_to_active_or_backoff(queue_time now);

  /// Moves pods whose back-off ended to active, and pods unschedulable for
  /// longer than max_unschedulable to active or backoff. Call periodically.
  void flush(queue_time now);

  /// When the earliest back-off ends (to arm a timer), if any pod backs off.
  std::optional<queue_time> next_backoff_expiry();

  /// Back-off after `attempts` failures.
  queue_time backoff_duration(uint32_t attempts) const;

  bool contains(const std::string& key) const {
    return pods_.count(key) > 0;
  }
  size_t active_size() const noexcept {
    return active_count_;
  }
  size_t backoff_size() const noexcept {
    return backoff_count_;
  }
  size_t unschedulable_size() const noexcept {
    return unschedulable_.size();
  }
  size_t size() const noexcept {
    return pods_.size();
  }

private:
  enum class where : uint8_t { active, backoff, unschedulable };

  struct entry {
    queued_pod pod;
    where in = where::active;
    /// Changes whenever the entry moves, invalidating older heap items.
    uint64_t seq = 0;
    queue_time unschedulable_since{0};
  };

  /// A heap item; stale when its seq no longer matches the entry's.
  struct heap_item {
    int32_t priority;
    queue_time time;
    uint64_t seq;
    std::string key;
  };
  struct active_order {
    bool operator()(const heap_item& x, const heap_item& y) const;
  };
  struct backoff_order {
    bool operator()(const heap_item& x, const heap_item& y) const;
  };

  void push_active(entry& e, const std::string& key, queue_time now);
  void push_backoff(entry& e, const std::string& key);
  void leave(entry& e, const std::string& key);
  void move_to_active_or_backoff(entry& e, const std::string& key, queue_time now);
  bool fresh(const heap_item& item) const;

  queue_options options_;
  std::unordered_map<std::string, entry> pods_;
  std::priority_queue<heap_item, std::vector<heap_item>, active_order> active_;
  std::priority_queue<heap_item, std::vector<heap_item>, backoff_order> backoff_;
  std::unordered_set<std::string> unschedulable_;
  size_t active_count_ = 0;
  size_t backoff_count_ = 0;
  uint64_t next_seq_ = 0;
};

} // namespace convoy::scheduler
