#pragma once

// State of the endpoints controller actor: informers over services, pods
// and endpoints, the pod index, the services of each namespace and the
// reconcile loop.

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/informer.hpp"
#include "actors/controllers/common/owner_index.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::endpoints {

using endpoints_actor
  = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                             caf::reacts_to<requeue_atom, std::string>>;

struct endpoints_state;

using endpoints_ptr = endpoints_actor::stateful_pointer<endpoints_state>;

using endpoints_self = std::remove_pointer_t<endpoints_ptr>;

struct endpoints_state {
  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<client::informer<api::Service, api::ServiceList, endpoints_self>> services;
  std::unique_ptr<client::informer<api::Pod, api::PodList, endpoints_self>> pods;
  std::unique_ptr<client::informer<api::Endpoints, api::EndpointsList, endpoints_self>>
    endpoints;
  std::unique_ptr<client::api_calls<endpoints_self>> calls;
  std::unique_ptr<reconcile_loop<endpoints_self>> loop;
  /// Pods by namespace (a sync reads only its namespace's pods).
  owner_index index;
  /// Service keys by namespace: a pod event looks only at the services of
  /// its namespace.
  std::unordered_map<std::string, std::unordered_set<std::string>> services_by_ns;

  static inline const char* name = "endpoints";
};

} // namespace convoy::controllers::endpoints
