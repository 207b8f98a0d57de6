#include "actors/controllers/endpoints/endpoints_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/endpoints/endpoints_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace endpoints {

namespace {

endpoints_actor::behavior_type behavior(endpoints_ptr self, controller_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, endpoints_state::name);
  st.calls = std::make_unique<client::api_calls<endpoints_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/endpoints");
  st.loop = std::make_unique<reconcile_loop<endpoints_self>>(
    self, endpoints_state::name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync(self, key, std::move(done)); });
  st.services = std::make_unique<client::informer<api::Service, api::ServiceList, endpoints_self>>(
    self, cfg.api, cfg.token, "services", 1, service_handlers(self), cfg.seed);
  st.pods = std::make_unique<client::informer<api::Pod, api::PodList, endpoints_self>>(
    self, cfg.api, cfg.token, "pods", 2, pod_handlers(self), cfg.seed + 1);
  st.endpoints
    = std::make_unique<client::informer<api::Endpoints, api::EndpointsList, endpoints_self>>(
      self, cfg.api, cfg.token, "endpoints", 3, endpoints_handlers(self), cfg.seed + 2);
  st.cfg = std::move(cfg);
  client::start_all(st.services, st.pods, st.endpoints);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.services, st.pods, st.endpoints);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.services, st.pods, st.endpoints);
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

} // namespace

} // namespace endpoints

controller_actor spawn_endpoints_controller(caf::actor_system& sys, controller_config cfg) {
  return caf::actor_cast<controller_actor>(inspect::spawn_inspected(
    sys, {"endpoints-controller", "controllers"}, endpoints::behavior, std::move(cfg)));
}

} // namespace convoy::controllers
