#include "actors/controllers/deployment/deployment_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/deployment/deployment_events.hpp"
#include "actors/controllers/deployment/deployment_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace deployment {

namespace {

deployment_actor::behavior_type behavior(deployment_ptr self, controller_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "deployment");
  st.clock = std::make_unique<wall_clock>(self->system());
  st.calls = std::make_unique<client::api_calls<deployment_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/deployment");
  st.events = std::make_unique<client::event_recorder<deployment_self>>(
    self, *st.calls, "deployment-controller", st.log);
  st.loop = std::make_unique<reconcile_loop<deployment_self>>(
    self, "deployment", cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync(self, key, std::move(done)); });
  st.deployments = std::make_unique<deployment_state::informer_of<api::Deployment,
                                                                  api::DeploymentList>>(
    self, cfg.api, cfg.token, "deployments", 1, deployment_handlers(self), cfg.seed);
  st.replica_sets = std::make_unique<deployment_state::informer_of<api::ReplicaSet,
                                                                   api::ReplicaSetList>>(
    self, cfg.api, cfg.token, "replicasets", 2, replica_set_handlers(self), cfg.seed + 1);
  st.pods = std::make_unique<deployment_state::informer_of<api::Pod, api::PodList>>(
    self, cfg.api, cfg.token, "pods", 3, pod_handlers(self), cfg.seed + 2);
  st.cfg = std::move(cfg);
  client::start_all(st.deployments, st.replica_sets, st.pods);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.deployments, st.replica_sets, st.pods);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.deployments, st.replica_sets, st.pods);
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

} // namespace

} // namespace deployment

controller_actor spawn_deployment_controller(caf::actor_system& sys, controller_config cfg) {
  return caf::actor_cast<controller_actor>(inspect::spawn_inspected(
    sys, {"deployment-controller", "controllers"}, deployment::behavior, std::move(cfg)));
}

} // namespace convoy::controllers
