#pragma once

// State of the Deployment controller actor: informers over deployments,
// ReplicaSets and pods, their indexes, the write expectations and the
// reconcile loop.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/client/api_calls.hpp"
#include "actors/client/event_recorder.hpp"
#include "actors/client/informer.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/controllers/common/owner_index.hpp"
#include "actors/controllers/deployment/core/write_expectations.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/pod.pb.h"
#include "api/workload.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::deployment {

using deployment_actor
  = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                             caf::reacts_to<requeue_atom, std::string>>;

struct deployment_state;

using deployment_ptr = deployment_actor::stateful_pointer<deployment_state>;

using deployment_self = std::remove_pointer_t<deployment_ptr>;

struct deployment_state {
  template <class T, class List>
  using informer_of = client::informer<T, List, deployment_self>;

  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<informer_of<api::Deployment, api::DeploymentList>> deployments;
  std::unique_ptr<informer_of<api::ReplicaSet, api::ReplicaSetList>> replica_sets;
  /// Only for Recreate: whether an old ReplicaSet's pods still run.
  std::unique_ptr<informer_of<api::Pod, api::PodList>> pods;
  std::unique_ptr<client::api_calls<deployment_self>> calls;
  std::unique_ptr<client::event_recorder<deployment_self>> events;
  std::unique_ptr<reconcile_loop<deployment_self>> loop;
  owner_index rs_index;
  owner_index pod_owners;
  /// Deployment keys by namespace (an orphan ReplicaSet may match any).
  std::unordered_map<std::string, std::unordered_set<std::string>> by_namespace;
  /// The selectors of deployments that may adopt (valid, not empty).
  std::unordered_map<std::string, apiserver::label_selector> selectors;
  write_expectations written;

  static inline const char* name = "deployment";
};

/// Names in the write expectations.
inline std::string rs_object(const std::string& key) {
  return "replicasets:" + key;
}
inline std::string deployment_object(const std::string& key) {
  return "deployments:" + key;
}

/// metadata.resourceVersion as a number (0 when unset or malformed).
int64_t version_of(const api::ObjectMeta& meta);

/// Monotonic time, as the write expectations measure it.
std::chrono::nanoseconds mono_now(deployment_ptr self);

} // namespace convoy::controllers::deployment
