#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "caf/fwd.hpp"

#include "actors/scheduler/cache/scheduler_cache.hpp"
#include "actors/scheduler/framework/framework.hpp"
#include "actors/scheduler/queue/scheduling_queue.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/scheduler/scheduler_actor.hpp"

namespace convoy {

/// How to run one scheduler.
struct scheduler_config {
  /// The apiserver it watches and binds through.
  apiserver_actor api;
  /// Its bearer token (user system:kube-scheduler).
  std::string token;
  std::string node_name;
  /// Pods with this spec.schedulerName are ours; others are left alone.
  std::string scheduler_name = "default-scheduler";
  scheduler::framework_options framework;
  scheduler::queue_options queue;
  scheduler::cache_options cache;
  /// Bindings sent but not yet answered, at most (a bounded pipeline: the
  /// apiserver and store batch what is in flight).
  size_t max_binds_in_flight = 512;
  /// Cycles run per scheduling burst before other messages get a turn.
  size_t cycles_per_burst = 64;
  /// Elect one active scheduler among replicas on a Lease in kube-system
  /// (kube-scheduler's --leader-elect, default on); standbys keep their
  /// caches warm but schedule nothing.
  bool leader_elect = true;
  /// The Lease: "kube-scheduler" for the default scheduler name, else the
  /// scheduler name (replicas of one scheduler share it).
  std::string lease_name;
  /// Unique among the replicas; empty: NODE_RANDOM.
  std::string identity;
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  /// How often back-off queues and expired assumptions are looked at.
  std::chrono::milliseconds flush_interval{1000};
  uint64_t seed = 1;
};

/// Spawns a scheduler: watches pods and nodes through the apiserver,
/// schedules pending pods of its scheduler name and binds them.
scheduler_actor spawn_scheduler(caf::actor_system& sys, scheduler_config cfg);

} // namespace convoy
