#include "actors/kubelet/kubelet.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/common/event_builder.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/kubelet/prober/thread_prober.hpp"
#include "actors/kubelet/shell/kubelet_state.hpp"
#include "messages/checked.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::kubelet {

containers::wall_ms now_ms(kubelet_ptr self) {
  return self->state.clock->epoch_ms();
}

void record_event(kubelet_ptr self, const api::Pod& pod, const std::string& type,
                  const std::string& reason, const std::string& message) {
  const auto& meta = pod.metadata();
  self->state.events->record(reference_to("Pod", "v1", meta.namespace_(), meta.name(), meta.uid()),
                             type, reason, message);
}

namespace {

kubelet::KubeletStatus status_of(kubelet_ptr self) {
  auto& st = self->state;
  kubelet::KubeletStatus out;
  out.set_node_name(st.cfg.node_name);
  out.set_runtime(st.cfg.runtime->name());
  out.set_pods(static_cast<int64_t>(st.observed.size()));
  int64_t running = 0;
  for (const auto& [uid, list] : st.observed)
    for (const auto& c : list)
      running += c.state == containers::container_state::running;
  out.set_running_containers(running);
  out.set_container_starts(st.starts);
  out.set_restarts(st.restarts);
  out.set_last_lease_renewal_ms(st.last_renewal_ms);
  out.set_syncs(st.syncs);
  out.set_status_updates(st.status_updates);
  out.set_pod_cidr(st.ips ? st.ips->cidr() : "");
  out.set_registered(st.registered);
  return out;
}

kubelet_full_actor::behavior_type behavior(kubelet_ptr self, kubelet_config cfg) {
  auto& st = self->state;
  // Several kubelets may share one actor node (`convoy up --kubelets N`):
  // then each line also names the kubelet's Node.
  if (cfg.host_name.empty() || cfg.host_name == cfg.node_name)
    st.log = log::get(cfg.node_name, "kubelet");
  else
    st.log = log::get(cfg.host_name, "kubelet " + cfg.node_name);
  st.clock = std::make_unique<wall_clock>(self->system());
  if (!cfg.probes)
    cfg.probes = std::make_shared<thread_prober>();
  st.cfg = std::move(cfg);
  st.calls = std::make_unique<client::api_calls<kubelet_self>>(
    self, st.cfg.api, st.cfg.token, "convoy-kubelet/" + st.cfg.node_name);
  st.events = std::make_unique<client::event_recorder<kubelet_self>>(self, *st.calls, "kubelet",
                                                                     st.log);
  self->set_down_handler([self](caf::down_msg& down) { drop_log_client(self, down.source); });
  start_node_sync(self);
  start_pod_sync(self);
  start_routes(self);
  st.log->info("kubelet of node {} started (runtime {})", st.cfg.node_name,
               st.cfg.runtime->name());
  inspect::expose_summary(self, [self] { return status_of(self); });
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& s = self->state;
      if (!route_node_event(self, ev))
        client::route_event(ev, s.pods, s.services);
    },
    [self](reload_atom, int64_t id) {
      auto& s = self->state;
      if (!route_node_relist(self, id))
        client::route_relist(id, s.pods, s.services);
    },
    [self](const kubelet::ContainerLogRequest& req,
           const caf::actor& client) -> apiserver::PodLogResponse {
      return serve_log(self, req, client);
    },
    [self](const apiserver::PodLogStop& stop, const caf::actor& client) {
      stop_log_stream(self, stop, client);
    },
    [self](const kubelet::KubeletStatusRequest&) { return status_of(self); },
    [self](relist_atom, bool periodic) {
      // The periodic relist re-arms itself; an early one (after starting or
      // stopping containers) just clears its flag.
      if (periodic)
        self->delayed_send(self, self->state.cfg.relist_period, relist_atom::value, true);
      else
        self->state.relist_soon = false;
      relist(self);
    },
    [self](renew_atom) { renew_lease(self); },
    [self](node_status_atom) { update_node_status(self); },
    [self](follow_atom) { feed_log_streams(self); },
    [self](flush_atom) { flush(self); },
    [self](tick_atom, bool periodic) { on_routes_tick(self, periodic); },
    [self](kill_atom, const std::string& uid) { force_kill(self, uid); },
    [self](requeue_atom, const std::string& key) { mark_dirty(self, key); },
    [self](probe_atom, const std::string& uid, const std::string& container,
           const std::string& id, int kind, bool ok, const std::string& output) {
      on_probe_result(self, uid, container, id, kind, ok, output);
    },
  };
}

} // namespace

kubelet_actor spawn_kubelet(caf::actor_system& sys, kubelet_config cfg) {
  return caf::actor_cast<kubelet_actor>(inspect::spawn_inspected(
    sys, {"kubelet/" + cfg.node_name, "kubelet"}, behavior, std::move(cfg)));
}

} // namespace convoy::kubelet
