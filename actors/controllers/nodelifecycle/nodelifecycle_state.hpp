#pragma once

// State of the node lifecycle controller actor: informers over nodes,
// heartbeat Leases and pods, the pure monitor core, the pods-by-node index
// the taint eviction reads, and the reconcile loop (keyed by node name)
// that runs the taint eviction.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/event_recorder.hpp"
#include "actors/client/informer.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"
#include "actors/controllers/nodelifecycle/core/node_lifecycle.hpp"
#include "actors/controllers/nodelifecycle/core/zone_state.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::nodelifecycle {

using lifecycle_actor = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                                                 caf::reacts_to<requeue_atom, std::string>,
                                                 caf::reacts_to<tick_atom>>;

struct lifecycle_state;

using lifecycle_ptr = lifecycle_actor::stateful_pointer<lifecycle_state>;

using lifecycle_self = std::remove_pointer_t<lifecycle_ptr>;

using node_informer = client::informer<api::Node, api::NodeList, lifecycle_self>;
using lease_informer = client::informer<api::Lease, api::LeaseList, lifecycle_self>;
using pod_informer = client::informer<api::Pod, api::PodList, lifecycle_self>;

struct lifecycle_state {
  controller_config cfg;
  lifecycle_options opts;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<node_informer> nodes;
  std::unique_ptr<lease_informer> leases;
  std::unique_ptr<pod_informer> pods;
  std::unique_ptr<client::api_calls<lifecycle_self>> calls;
  std::unique_ptr<client::event_recorder<lifecycle_self>> events;
  /// The taint eviction: one key per node, synced when its NoExecute taints
  /// or the pods on it change, and again at the next toleration deadline.
  std::unique_ptr<reconcile_loop<lifecycle_self>> loop;
  node_lifecycle core;
  /// Node name -> keys of the pods bound to it (spec.nodeName), so an
  /// eviction looks only at the pods of its node.
  std::unordered_map<std::string, std::unordered_set<std::string>> pods_on_node;
  /// Writes of the last monitor pass still unanswered: the next pass waits
  /// for them (it would otherwise decide again on a cache that has not seen
  /// them yet).
  int pass_writes_in_flight = 0;
  bool monitoring = false;
  /// For logging changes only.
  std::map<std::string, zone_health> zone_log;
  bool full_disruption_logged = false;

  static inline const char* name = "nodelifecycle";
};

/// Monotonic time, as the core measures heartbeats.
inline std::chrono::nanoseconds mono_now(lifecycle_ptr self) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
}

/// Wall time in whole seconds, as taints and toleration deadlines count.
inline int64_t wall_seconds(const lifecycle_state& st) {
  return std::chrono::duration_cast<std::chrono::seconds>(st.clock->now().time_since_epoch())
    .count();
}

} // namespace convoy::controllers::nodelifecycle
