#include "actors/controllers/garbagecollector/garbagecollector_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/controllers/garbagecollector/gc_events.hpp"
#include "actors/controllers/garbagecollector/gc_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace gc {

namespace {

/// Creates and starts one informer per monitored kind.
void start_informers(gc_ptr self) {
  auto& st = self->state;
  for_each_kind([&](auto k) {
    using kind = decltype(k);
    std::get<informer_ptr<kind>>(st.informers) = std::make_unique<informer_of<kind>>(
      self, st.cfg.api, st.cfg.token, kind::resource, kind::watch_id, handlers<kind>(self),
      st.cfg.seed + static_cast<uint64_t>(kind::watch_id));
  });
  for_each_kind([&](auto k) { informer<decltype(k)>(st).start(); });
}

gc_actor::behavior_type behavior(gc_ptr self, controller_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, gc_state::name);
  st.calls = std::make_unique<client::api_calls<gc_self>>(
    self, cfg.api, cfg.token, std::string{"convoy-controller-manager/"} + gc_state::name);
  st.loop = std::make_unique<reconcile_loop<gc_self>>(
    self, gc_state::name, cfg.workers, st.log,
    [self](const std::string& uid, done_fn done) { sync(self, uid, std::move(done)); });
  st.cfg = std::move(cfg);
  start_informers(self);
  return {
    [self](const apiserver::WatchEvent& ev) {
      for_each_kind([&](auto k) {
        if (ev.watch_id() == decltype(k)::watch_id)
          informer<decltype(k)>(self->state).on_event(ev);
      });
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      for_each_kind([&](auto k) {
        if (id == decltype(k)::watch_id)
          informer<decltype(k)>(self->state).relist();
      });
    },
    [self](requeue_atom, const std::string& uid) { self->state.loop->add(uid); },
    [self](tick_atom, const std::string& uid) {
      self->state.waiting.erase(uid);
      self->state.loop->add(uid);
    },
  };
}

} // namespace

} // namespace gc

controller_actor spawn_garbage_collector(caf::actor_system& sys, controller_config cfg) {
  return caf::actor_cast<controller_actor>(inspect::spawn_inspected(
    sys, {"garbagecollector-controller", "controllers"}, gc::behavior, std::move(cfg)));
}

} // namespace convoy::controllers
