#pragma once

// State of the namespace controller actor: the namespace informer, the
// re-check back-off of namespaces still being emptied, and the reconcile
// loop.

#include <memory>
#include <string>
#include <unordered_map>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/informer.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/config.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::namespaces {

using namespace_actor
  = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                             caf::reacts_to<requeue_atom, std::string>>;

struct namespace_state;

using namespace_ptr = namespace_actor::stateful_pointer<namespace_state>;

using namespace_self = std::remove_pointer_t<namespace_ptr>;

struct namespace_state {
  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<client::informer<api::Namespace, api::NamespaceList, namespace_self>>
    namespaces;
  std::unique_ptr<client::api_calls<namespace_self>> calls;
  std::unique_ptr<reconcile_loop<namespace_self>> loop;
  /// Syncs so far that found content left, by namespace: the next check
  /// waits longer each time (objects with long grace periods or foreign
  /// finalizers should not cost a list of every resource per second).
  std::unordered_map<std::string, int> rounds;

  static inline const char* name = "namespace";
};

} // namespace convoy::controllers::namespaces
