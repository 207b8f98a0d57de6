#pragma once

// State and message interface of the scheduler actor (the thin shell around
// the pure core: queue, cache, framework). Shared by scheduler.cpp and the
// shell's parts (pod/node events, binding and reporting).

#include <memory>
#include <string>
#include <unordered_map>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/informer.hpp"
#include "actors/client/lease_elector.hpp"
#include "actors/common/rate_meter.hpp"
#include "actors/common/timed_requests.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "messages/atoms.hpp"

namespace convoy::scheduler {

using scheduler_full_actor
  = scheduler_actor::extend<caf::reacts_to<schedule_atom>, caf::reacts_to<flush_atom>,
                            caf::reacts_to<reload_atom, int64_t>, caf::reacts_to<elect_atom>>;

struct scheduler_state;
using scheduler_ptr = scheduler_full_actor::stateful_pointer<scheduler_state>;
using scheduler_self = std::remove_pointer_t<scheduler_ptr>;

using pod_informer = client::informer<api::Pod, api::PodList, scheduler_self>;
using node_informer = client::informer<api::Node, api::NodeList, scheduler_self>;
using scheduler_elector = client::lease_elector<scheduler_self>;

/// Running totals reported by SchedulerStatus.
struct scheduler_counters {
  int64_t scheduled = 0;
  int64_t attempts = 0;
  int64_t unschedulable = 0;
  int64_t bind_failures = 0;
  int64_t events = 0;
  std::chrono::nanoseconds cycle_time{0};
  /// The most recent cycle (filter + score) alone: the mean hides a slow
  /// cycle after many fast ones.
  std::chrono::nanoseconds last_cycle_time{0};
};

struct scheduler_state {
  scheduler_config cfg;
  std::shared_ptr<spdlog::logger> log;
  /// Timestamps of conditions and events (virtual under simulation).
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<framework> fw;
  scheduling_queue queue;
  scheduler_cache cache;
  std::unique_ptr<pod_informer> pods;
  std::unique_ptr<node_informer> nodes;
  /// Set when leader election is on.
  std::unique_ptr<scheduler_elector> election;
  std::mt19937_64 rng;
  size_t binds_in_flight = 0;
  /// Timeouts of the bindings (one request per pod).
  timed_requests api_requests;
  /// A schedule_atom is on its way (at most one at a time).
  bool burst_pending = false;
  /// The unschedulable message last written to each pod (report changes
  /// only, not every retry).
  std::unordered_map<std::string, std::string> reported;
  scheduler_counters counters;
  /// Bindings committed, by the actor clock (SchedulerStatus.pods_per_second).
  rate_meter bind_rate;

  static inline const char* name = "scheduler";
};

/// Now, as the queue and cache measure time.
queue_time now(scheduler_ptr self);

/// Runs cycles soon (one schedule_atom in flight at most).
void kick(scheduler_ptr self);

/// Informer handlers for pods and nodes: keep the queue and the cache in
/// step with the cluster (cluster_events.cpp).
client::informer_handlers<api::Pod> pod_handlers(scheduler_ptr self);
client::informer_handlers<api::Node> node_handlers(scheduler_ptr self);

/// Whether this replica may schedule now (always, without leader election).
bool leading(scheduler_ptr self);

/// Runs up to cycles_per_burst scheduling cycles, binding what fits and
/// reporting what does not (scheduling.cpp).
void run_burst(scheduler_ptr self);

} // namespace convoy::scheduler
