// Leader election among scheduler replicas: read the Lease, let the pure
// leader_election decide, write what it says, and schedule only while it
// says we lead.

#include "actors/scheduler/shell/scheduler_state.hpp"

#include <spdlog/spdlog.h>

namespace convoy::scheduler {

namespace {

apiserver::RequestMeta meta_of(scheduler_ptr self) {
  apiserver::RequestMeta meta;
  meta.set_token(self->state.cfg.token);
  meta.set_user_agent("convoy-scheduler/leader-election");
  return meta;
}

void again_later(scheduler_ptr self) {
  auto& st = self->state;
  auto at = st.election->next_wakeup(now(self), st.rng);
  auto delay = std::max(at - now(self), queue_time{0});
  self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(delay), elect_atom::value);
}

/// Logs a change of leadership and starts scheduling when we got it.
void after_write(scheduler_ptr self, bool was_leader) {
  auto& st = self->state;
  bool is_leader = st.election->is_leader(now(self));
  if (is_leader != was_leader) {
    st.log->info("{} leadership of lease kube-system/{} as {}", is_leader ? "acquired" : "lost",
                 st.election->cfg().lease_name, st.election->cfg().identity);
    if (is_leader)
      kick(self);
  }
  again_later(self);
}

void write(scheduler_ptr self, leader_election::action act, bool was_leader) {
  auto& st = self->state;
  auto handle = [self, was_leader](const apiserver::ApiResponse& resp) {
    std::optional<api::Lease> written;
    api::Lease lease;
    if (!api_failed(resp) && resp.object().UnpackTo(&lease))
      written = std::move(lease);
    self->state.election->on_write_result(now(self), !api_failed(resp), written);
    after_write(self, was_leader);
  };
  auto fail = [self, was_leader](const caf::error&) {
    self->state.election->on_write_result(now(self), false, std::nullopt);
    after_write(self, was_leader);
  };
  auto timeout = std::chrono::duration_cast<caf::timespan>(st.cfg.retry_period);
  if (act.kind == leader_election::action::create) {
    apiserver::CreateRequest req;
    *req.mutable_meta() = meta_of(self);
    req.set_resource("leases");
    req.set_namespace_(act.lease.metadata().namespace_());
    req.mutable_object()->PackFrom(act.lease);
    self->request(st.cfg.api, timeout, std::move(req)).then(handle, fail);
  } else {
    apiserver::UpdateRequest req;
    *req.mutable_meta() = meta_of(self);
    req.set_resource("leases");
    req.set_namespace_(act.lease.metadata().namespace_());
    req.set_name(act.lease.metadata().name());
    req.mutable_object()->PackFrom(act.lease);
    self->request(st.cfg.api, timeout, std::move(req)).then(handle, fail);
  }
}

void on_read(scheduler_ptr self, std::optional<api::Lease> observed) {
  auto& st = self->state;
  bool was_leader = st.election->is_leader(now(self));
  auto act = st.election->step(now(self), st.clock->now(), observed);
  if (act.kind == leader_election::action::none)
    return after_write(self, was_leader);
  write(self, std::move(act), was_leader);
}

} // namespace

void start_election(scheduler_ptr self) {
  auto& st = self->state;
  if (!st.cfg.leader_elect)
    return;
  leader_election::config cfg;
  cfg.identity = st.cfg.identity;
  if (cfg.identity.empty()) {
    // Random, plus the actor id so two replicas in one process never clash.
    char suffix[48];
    std::snprintf(suffix, sizeof suffix, "_%016llx_%llu",
                  static_cast<unsigned long long>(st.rng()),
                  static_cast<unsigned long long>(self->id()));
    cfg.identity = st.cfg.node_name + suffix;
  }
  cfg.lease_name = !st.cfg.lease_name.empty() ? st.cfg.lease_name
                   : st.cfg.scheduler_name == "default-scheduler" ? "kube-scheduler"
                                                                   : st.cfg.scheduler_name;
  cfg.lease_namespace = "kube-system";
  cfg.lease_duration = st.cfg.lease_duration;
  cfg.renew_deadline = st.cfg.renew_deadline;
  cfg.retry_period = st.cfg.retry_period;
  st.election = std::make_unique<leader_election>(std::move(cfg));
  self->send(self, elect_atom::value);
}

void elect(scheduler_ptr self) {
  auto& st = self->state;
  apiserver::GetRequest req;
  *req.mutable_meta() = meta_of(self);
  req.set_resource("leases");
  req.set_namespace_(st.election->cfg().lease_namespace);
  req.set_name(st.election->cfg().lease_name);
  auto timeout = std::chrono::duration_cast<caf::timespan>(st.cfg.retry_period);
  self->request(st.cfg.api, timeout, std::move(req))
    .then(
      [self](const apiserver::ApiResponse& resp) {
        api::Lease lease;
        if (!api_failed(resp) && resp.object().UnpackTo(&lease))
          return on_read(self, std::move(lease));
        if (resp.status().reason() == "NotFound")
          return on_read(self, std::nullopt);
        self->state.log->warn("cannot read the lease: {}", resp.status().message());
        again_later(self);
      },
      [self](const caf::error& err) {
        self->state.log->warn("cannot read the lease: {}", caf::to_string(err));
        again_later(self);
      });
}

bool leading(scheduler_ptr self) {
  const auto& st = self->state;
  return !st.election || st.election->is_leader(now(self));
}

} // namespace convoy::scheduler
