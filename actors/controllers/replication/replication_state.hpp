#pragma once

// State of a replication controller actor (ReplicaSet or
// ReplicationController, see replica_kinds.hpp): informers over pods and
// owners, the pod index, expectations and the reconcile loop.

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
#include "actors/controllers/common/expectations.hpp"
#include "actors/controllers/common/owner_index.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/pod.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::replication {

using replication_actor
  = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                             caf::reacts_to<requeue_atom, std::string>>;

template <class Kind>
struct replication_state;

template <class Kind>
using replication_ptr = typename replication_actor::template stateful_pointer<
  replication_state<Kind>>;

template <class Kind>
using replication_self = std::remove_pointer_t<replication_ptr<Kind>>;

template <class Kind>
struct replication_state {
  using self_type = replication_self<Kind>;
  using owner_type = typename Kind::object;

  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<client::informer<api::Pod, api::PodList, self_type>> pods;
  std::unique_ptr<client::informer<owner_type, typename Kind::list, self_type>> owners;
  std::unique_ptr<client::api_calls<self_type>> calls;
  std::unique_ptr<client::event_recorder<self_type>> events;
  std::unique_ptr<reconcile_loop<self_type>> loop;
  owner_index index;
  /// Owner keys by namespace (an orphan pod may match any of them).
  std::unordered_map<std::string, std::unordered_set<std::string>> owners_by_ns;
  expectations expected;

  static inline const char* name = Kind::controller_name;
};

} // namespace convoy::controllers::replication
