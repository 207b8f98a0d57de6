#include "actors/controllers/replication/replication_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/replication/replica_kinds.hpp"
#include "actors/controllers/replication/replication_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace replication {

namespace {

template <class Kind>
typename replication_actor::behavior_type behavior(replication_ptr<Kind> self,
                                                   controller_config cfg) {
  using self_type = replication_self<Kind>;
  auto& st = self->state;
  st.log = log::get(cfg.node_name, Kind::controller_name);
  st.clock = std::make_unique<wall_clock>(self->system());
  st.calls = std::make_unique<client::api_calls<self_type>>(
    self, cfg.api, cfg.token, std::string{"convoy-controller-manager/"} + Kind::controller_name);
  st.events = std::make_unique<client::event_recorder<self_type>>(self, *st.calls,
                                                                  Kind::event_source, st.log);
  st.loop = std::make_unique<reconcile_loop<self_type>>(
    self, Kind::controller_name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync<Kind>(self, key, std::move(done)); });
  st.owners = std::make_unique<client::informer<typename Kind::object, typename Kind::list,
                                                self_type>>(
    self, cfg.api, cfg.token, Kind::resource, 1, owner_handlers<Kind>(self), cfg.seed);
  st.pods = std::make_unique<client::informer<api::Pod, api::PodList, self_type>>(
    self, cfg.api, cfg.token, "pods", 2, pod_handlers<Kind>(self), cfg.seed + 1);
  st.cfg = std::move(cfg);
  client::start_all(st.owners, st.pods);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.owners, st.pods);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.owners, st.pods);
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

template <class Kind>
controller_actor spawn(caf::actor_system& sys, controller_config cfg) {
  return caf::actor_cast<controller_actor>(inspect::spawn_inspected(
    sys, {std::string{Kind::controller_name} + "-controller", "controllers"}, behavior<Kind>,
    std::move(cfg)));
}

} // namespace

} // namespace replication

controller_actor spawn_replica_set_controller(caf::actor_system& sys, controller_config cfg) {
  return replication::spawn<replication::replica_set_kind>(sys, std::move(cfg));
}

controller_actor spawn_replication_controller(caf::actor_system& sys, controller_config cfg) {
  return replication::spawn<replication::replication_controller_kind>(sys, std::move(cfg));
}

} // namespace convoy::controllers
