#pragma once

// State of the proxy actor: the two informers, the data plane, the rules it
// last applied and the sync pacing (dirty flag + min sync period).

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/informer.hpp"
#include "actors/proxy/core/rules.hpp"
#include "actors/proxy/proxy.hpp"
#include "api/service.pb.h"
#include "messages/atoms.hpp"

namespace convoy::proxy {

using proxy_self_actor
  = proxy_actor::extend<caf::reacts_to<reload_atom, int64_t>, caf::reacts_to<tick_atom>>;

struct proxy_state;

using proxy_ptr = proxy_self_actor::stateful_pointer<proxy_state>;

using proxy_self = std::remove_pointer_t<proxy_ptr>;

struct proxy_state {
  proxy_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<client::informer<api::Service, api::ServiceList, proxy_self>> services;
  std::unique_ptr<client::informer<api::Endpoints, api::EndpointsList, proxy_self>> endpoints;
  /// What the data plane was last told.
  std::vector<rule> applied;
  /// Errors of the last sync (logged when they change).
  std::set<std::string> errors;
  /// Something changed since the last sync.
  bool dirty = true;
  /// A tick_atom is on its way.
  bool tick_pending = false;
  bool ever_synced = false;
  caf::actor_clock::time_point last_sync;
  int64_t syncs = 0;
  int64_t applies = 0;

  static inline const char* name = "proxy";
};

} // namespace convoy::proxy
