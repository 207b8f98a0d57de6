#include "actors/scheduler/scheduler.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/scheduler/framework/default_plugins.hpp"
#include "actors/scheduler/shell/scheduler_state.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace scheduler {

queue_time now(scheduler_ptr self) {
  return std::chrono::duration_cast<queue_time>(self->clock().now().time_since_epoch());
}

void kick(scheduler_ptr self) {
  if (self->state.burst_pending)
    return;
  self->state.burst_pending = true;
  self->send(self, schedule_atom::value);
}

namespace {

SchedulerStatus status_of(scheduler_ptr self) {
  const auto& st = self->state;
  SchedulerStatus out;
  out.set_active(static_cast<int64_t>(st.queue.active_size()));
  out.set_backoff(static_cast<int64_t>(st.queue.backoff_size()));
  out.set_unschedulable(static_cast<int64_t>(st.queue.unschedulable_size()));
  out.set_nodes(static_cast<int64_t>(st.cache.node_count()));
  out.set_pods(static_cast<int64_t>(st.cache.pod_count()));
  out.set_assumed(static_cast<int64_t>(st.cache.assumed_count()));
  out.set_binds_in_flight(static_cast<int64_t>(st.binds_in_flight));
  out.set_scheduled(st.counters.scheduled);
  out.set_attempts(st.counters.attempts);
  out.set_unschedulable_total(st.counters.unschedulable);
  out.set_bind_failures(st.counters.bind_failures);
  out.set_synced(st.pods->synced() && st.nodes->synced());
  out.set_leader(leading(self));
  if (st.election)
    out.set_identity(st.election->identity());
  if (st.counters.attempts > 0)
    out.set_mean_cycle_us(
      std::chrono::duration<double, std::micro>(st.counters.cycle_time).count()
      / static_cast<double>(st.counters.attempts));
  out.set_pods_per_second(st.bind_rate.per_second(now(self)));
  out.set_last_cycle_ms(
    std::chrono::duration<double, std::milli>(st.counters.last_cycle_time).count());
  return out;
}

/// Starts electing on the kube-system Lease (if configured); winning kicks
/// scheduling.
void start_election(scheduler_ptr self) {
  auto& st = self->state;
  if (!st.cfg.leader_elect)
    return;
  leader_election::config cfg;
  cfg.identity = st.cfg.identity.empty()
                   ? scheduler_elector::make_identity(st.cfg.node_name, st.rng(), self->id())
                   : st.cfg.identity;
  cfg.lease_name = !st.cfg.lease_name.empty() ? st.cfg.lease_name
                   : st.cfg.scheduler_name == "default-scheduler" ? "kube-scheduler"
                                                                   : st.cfg.scheduler_name;
  cfg.lease_namespace = "kube-system";
  cfg.lease_duration = st.cfg.lease_duration;
  cfg.renew_deadline = st.cfg.renew_deadline;
  cfg.retry_period = st.cfg.retry_period;
  st.election = std::make_unique<scheduler_elector>(
    self, st.cfg.api, st.cfg.token, "convoy-scheduler/leader-election", std::move(cfg), st.log,
    [self](bool leading) {
      if (leading)
        kick(self);
    },
    st.cfg.seed + 2);
  st.election->start();
}

/// Back-off ends and stale assumptions: requeue what is due.
void flush(scheduler_ptr self) {
  auto& st = self->state;
  auto t = now(self);
  st.queue.flush(t);
  for (const auto& key : st.cache.cleanup_expired(t))
    st.log->warn("assumed pod {} expired: its binding was never confirmed", key);
  if (st.queue.active_size() > 0)
    kick(self);
  self->delayed_send(self, st.cfg.flush_interval, flush_atom::value);
}

scheduler_full_actor::behavior_type scheduler_behavior(scheduler_ptr self, scheduler_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "scheduler");
  st.clock = std::make_unique<wall_clock>(self->system());
  st.fw = std::make_unique<framework>(default_plugins(), cfg.framework);
  st.queue = scheduling_queue{cfg.queue};
  st.cache = scheduler_cache{cfg.cache};
  st.nodes = std::make_unique<node_informer>(self, cfg.api, cfg.token, "nodes", 1,
                                             node_handlers(self), cfg.seed);
  st.pods = std::make_unique<pod_informer>(self, cfg.api, cfg.token, "pods", 2,
                                           pod_handlers(self), cfg.seed + 1);
  st.rng.seed(cfg.seed);
  st.cfg = std::move(cfg);
  start_election(self);
  inspect::expose_summary(self, [self] { return status_of(self); });
  client::start_all(st.nodes, st.pods);
  self->delayed_send(self, st.cfg.flush_interval, flush_atom::value);
  st.log->info("scheduler {} started", st.cfg.scheduler_name);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.nodes, st.pods);
    },
    [self](const SchedulerStatusRequest&) { return status_of(self); },
    [self](schedule_atom) { run_burst(self); },
    [self](flush_atom) { flush(self); },
    [self](elect_atom) { self->state.election->on_elect(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.nodes, st.pods);
    },
  };
}

} // namespace

bool leading(scheduler_ptr self) {
  const auto& st = self->state;
  return !st.election || st.election->leading();
}

} // namespace scheduler

scheduler_actor spawn_scheduler(caf::actor_system& sys, scheduler_config cfg) {
  return caf::actor_cast<scheduler_actor>(inspect::spawn_inspected(
    sys, {"scheduler", "scheduler"}, scheduler::scheduler_behavior, std::move(cfg)));
}

} // namespace convoy
