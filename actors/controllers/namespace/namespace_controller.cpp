#include "actors/controllers/namespace/namespace_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/controllers/namespace/namespace_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace namespaces {

namespace {

using namespace_informer = client::informer<api::Namespace, api::NamespaceList, namespace_self>;

/// Only namespaces being deleted concern the controller.
client::informer_handlers<api::Namespace> namespace_handlers(namespace_ptr self) {
  using ptr = std::shared_ptr<const api::Namespace>;
  client::informer_handlers<api::Namespace> h;
  auto enqueue = [self](const ptr& ns) {
    if (ns->metadata().has_deletion_timestamp())
      self->state.loop->add(ns->metadata().name());
  };
  h.added = enqueue;
  h.updated = [enqueue](const ptr&, const ptr& ns) { enqueue(ns); };
  h.deleted = [self](const ptr& ns) { self->state.rounds.erase(ns->metadata().name()); };
  h.synced = [self] {
    auto& st = self->state;
    st.log->info("namespace controller synced: {} namespaces", st.namespaces->objects().size());
    st.loop->start();
  };
  return h;
}

namespace_actor::behavior_type behavior(namespace_ptr self, controller_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, namespace_state::name);
  st.clock = std::make_unique<wall_clock>(self->system());
  st.calls = std::make_unique<client::api_calls<namespace_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/namespace");
  st.loop = std::make_unique<reconcile_loop<namespace_self>>(
    self, namespace_state::name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync(self, key, std::move(done)); });
  st.namespaces = std::make_unique<namespace_informer>(self, cfg.api, cfg.token, "namespaces", 1,
                                                       namespace_handlers(self), cfg.seed);
  st.cfg = std::move(cfg);
  st.namespaces->start();
  return {
    [self](const apiserver::WatchEvent& ev) {
      if (ev.watch_id() == self->state.namespaces->id())
        self->state.namespaces->on_event(ev);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      if (id == self->state.namespaces->id())
        self->state.namespaces->relist();
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

} // namespace

} // namespace namespaces

controller_actor spawn_namespace_controller(caf::actor_system& sys, controller_config cfg) {
  return caf::actor_cast<controller_actor>(inspect::spawn_inspected(
    sys, {"namespace-controller", "controllers"}, namespaces::behavior, std::move(cfg)));
}

} // namespace convoy::controllers
