#include "actors/controllers/nodelifecycle/nodelifecycle_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_events.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace nodelifecycle {

namespace {

/// Builds the informers (nodes; Leases of kube-node-lease; pods) and the loop.
void init(lifecycle_ptr self, controller_config cfg, lifecycle_options opts) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, lifecycle_state::name);
  st.clock = std::make_unique<wall_clock>(self->system());
  st.core = node_lifecycle{opts};
  st.opts = std::move(opts);
  st.calls = std::make_unique<client::api_calls<lifecycle_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/nodelifecycle");
  st.events = std::make_unique<client::event_recorder<lifecycle_self>>(
    self, *st.calls, "taint-eviction-controller", st.log);
  st.loop = std::make_unique<reconcile_loop<lifecycle_self>>(
    self, lifecycle_state::name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync_node(self, key, std::move(done)); });
  st.nodes = std::make_unique<node_informer>(self, cfg.api, cfg.token, "nodes", 1,
                                             node_handlers(self), cfg.seed);
  st.leases = std::make_unique<lease_informer>(self, cfg.api, cfg.token, "leases", 2,
                                               lease_handlers(self), cfg.seed + 1);
  st.leases->restrict(node_health::lease_namespace, "", "");
  st.pods = std::make_unique<pod_informer>(self, cfg.api, cfg.token, "pods", 3,
                                           pod_handlers(self), cfg.seed + 2);
  st.cfg = std::move(cfg);
}

lifecycle_actor::behavior_type behavior(lifecycle_ptr self, controller_config cfg,
                                        lifecycle_options opts) {
  init(self, std::move(cfg), std::move(opts));
  auto& st = self->state;
  client::start_all(st.nodes, st.leases, st.pods);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.nodes, st.leases, st.pods);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.nodes, st.leases, st.pods);
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
    [self](tick_atom) {
      monitor_pass(self);
      auto period = std::chrono::duration_cast<caf::timespan>(self->state.opts.node_monitor_period);
      self->delayed_send(self, period, tick_atom::value);
    },
  };
}

} // namespace

} // namespace nodelifecycle

controller_actor spawn_node_lifecycle_controller(caf::actor_system& sys, controller_config cfg,
                                                 nodelifecycle::lifecycle_options opts) {
  return caf::actor_cast<controller_actor>(
    inspect::spawn_inspected(sys, {"nodelifecycle-controller", "controllers"},
                             nodelifecycle::behavior, std::move(cfg), std::move(opts)));
}

} // namespace convoy::controllers
