#include "actors/controllers/manager/controller_manager.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "caf/actor_system.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/client/lease_elector.hpp"
#include "actors/controllers/deployment/deployment_controller.hpp"
#include "actors/controllers/endpoints/endpoints_controller.hpp"
#include "actors/controllers/garbagecollector/garbagecollector_controller.hpp"
#include "actors/controllers/namespace/namespace_controller.hpp"
#include "actors/controllers/nodeipam/nodeipam_controller.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_controller.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_controller.hpp"
#include "actors/controllers/replication/replication_controller.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace {

using spawn_fn = std::function<controller_actor(caf::actor_system&, const controller_manager_config&)>;

/// Name -> how to start it. Order matters only for log readability.
const std::vector<std::pair<std::string, spawn_fn>>& registry() {
  static const std::vector<std::pair<std::string, spawn_fn>> table = {
    {"replicaset",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_replica_set_controller(sys, cfg.base);
     }},
    {"replicationcontroller",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_replication_controller(sys, cfg.base);
     }},
    {"deployment",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_deployment_controller(sys, cfg.base);
     }},
    {"nodelifecycle",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_node_lifecycle_controller(sys, cfg.base, cfg.node_lifecycle);
     }},
    {"nodeipam",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_nodeipam_controller(sys, cfg.base, cfg.node_ipam);
     }},
    {"endpoints",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_endpoints_controller(sys, cfg.base);
     }},
    {"serviceaccount",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_service_account_controller(sys, cfg.base, cfg.service_account_key);
     }},
    {"namespace",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_namespace_controller(sys, cfg.base);
     }},
    {"garbagecollector",
     [](caf::actor_system& sys, const controller_manager_config& cfg) {
       return spawn_garbage_collector(sys, cfg.base);
     }},
  };
  return table;
}

using manager_full_actor
  = controller_manager_actor::extend<caf::reacts_to<elect_atom>, caf::reacts_to<tick_atom>>;

struct manager_state;
using manager_ptr = manager_full_actor::stateful_pointer<manager_state>;
using manager_self = std::remove_pointer_t<manager_ptr>;
using manager_elector = client::lease_elector<manager_self>;

struct manager_state {
  controller_manager_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<manager_elector> election;
  /// The running controllers (empty on a standby).
  std::vector<std::pair<std::string, controller_actor>> running;

  static inline const char* name = "controller-manager";
};

bool leading(manager_ptr self) {
  return !self->state.election || self->state.election->leading();
}

void start_controllers(manager_ptr self) {
  auto& st = self->state;
  if (!st.running.empty())
    return;
  for (const auto& [name, spawn] : registry()) {
    const auto& enabled = st.cfg.controllers;
    if (!enabled.empty() && std::find(enabled.begin(), enabled.end(), name) == enabled.end())
      continue;
    auto child = spawn(self->system(), st.cfg);
    // Linked: a crashing controller takes the manager down (and a killed
    // manager its controllers), as kube-controller-manager exits.
    self->link_to(child);
    st.running.emplace_back(name, std::move(child));
  }
  st.log->info("started {} controllers", st.running.size());
}

void stop_controllers(manager_ptr self) {
  auto& st = self->state;
  for (auto& [name, child] : st.running) {
    self->unlink_from(child);
    self->send_exit(child, caf::exit_reason::user_shutdown);
  }
  if (!st.running.empty())
    st.log->info("stopped {} controllers", st.running.size());
  st.running.clear();
}

/// Leadership can lapse without an election round noticing at once (the
/// apiserver is unreachable): check between rounds too.
void tick(manager_ptr self) {
  if (!leading(self))
    stop_controllers(self);
  self->delayed_send(self, self->state.cfg.retry_period / 2, tick_atom::value);
}

void start_election(manager_ptr self) {
  auto& st = self->state;
  leader_election::config cfg;
  cfg.identity = st.cfg.identity.empty()
                   ? manager_elector::make_identity(st.cfg.base.node_name,
                                                    st.cfg.base.seed ^ 0x9e3779b97f4a7c15ULL,
                                                    self->id())
                   : st.cfg.identity;
  cfg.lease_name = "kube-controller-manager";
  cfg.lease_namespace = "kube-system";
  cfg.lease_duration = st.cfg.lease_duration;
  cfg.renew_deadline = st.cfg.renew_deadline;
  cfg.retry_period = st.cfg.retry_period;
  st.election = std::make_unique<manager_elector>(
    self, st.cfg.base.api, st.cfg.base.token, "convoy-controller-manager/leader-election",
    std::move(cfg), st.log,
    [self](bool leads) {
      if (leads)
        start_controllers(self);
      else
        stop_controllers(self);
    },
    st.cfg.base.seed + 7);
  st.election->start();
  self->delayed_send(self, st.cfg.retry_period / 2, tick_atom::value);
}

/// Asks every running controller for its status and answers once all did.
caf::typed_response_promise<ControllerManagerStatus> gather_status(manager_ptr self) {
  auto rp = self->make_response_promise<ControllerManagerStatus>();
  auto out = std::make_shared<ControllerManagerStatus>();
  out->set_leader(leading(self));
  if (self->state.election)
    out->set_identity(self->state.election->identity());
  auto pending = std::make_shared<size_t>(self->state.running.size());
  if (*pending == 0) {
    rp.deliver(*out);
    return rp;
  }
  for (auto& [name, child] : self->state.running) {
    auto finish = [rp, out, pending]() mutable {
      if (--*pending == 0)
        rp.deliver(*out);
    };
    self->request(child, std::chrono::seconds{5}, ControllerStatusRequest{})
      .then([out, finish](const ControllerStatus& st) mutable {
              *out->add_controllers() = st;
              finish();
            },
            [finish](const caf::error&) mutable { finish(); });
  }
  return rp;
}

manager_full_actor::behavior_type manager_behavior(manager_ptr self,
                                                   controller_manager_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.base.node_name, "controller-manager");
  st.cfg = std::move(cfg);
  if (st.cfg.leader_elect)
    start_election(self);
  else
    start_controllers(self);
  inspect::expose_summary(self, [self] {
    // Leadership and the controllers running; each controller is an actor
    // of its own with its own summary.
    ControllerManagerStatus out;
    out.set_leader(leading(self));
    if (self->state.election)
      out.set_identity(self->state.election->identity());
    for (const auto& [name, child] : self->state.running)
      out.add_controllers()->set_name(name);
    return out;
  });
  return {
    [self](const ControllerManagerStatusRequest&) { return gather_status(self); },
    [self](elect_atom) { self->state.election->on_elect(); },
    [self](tick_atom) { tick(self); },
  };
}

} // namespace

const std::vector<std::string>& controller_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : registry())
      out.push_back(entry.first);
    return out;
  }();
  return names;
}

std::string validate(const controller_manager_config& cfg) {
  for (const auto& name : cfg.controllers) {
    const auto& known = controller_names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known)
        list += (list.empty() ? "" : ", ") + k;
      return "--controllers: unknown controller \"" + name + "\" (known: " + list + ")";
    }
  }
  if (auto err = cfg.node_lifecycle.validate())
    return *err;
  if (auto err = cfg.node_ipam.validate())
    return *err;
  if (!cfg.leader_elect)
    return {};
  leader_election::config lc;
  lc.identity = "x";
  lc.lease_duration = cfg.lease_duration;
  lc.renew_deadline = cfg.renew_deadline;
  lc.retry_period = cfg.retry_period;
  return leader_election::validate(lc);
}

controller_manager_actor spawn_controller_manager(caf::actor_system& sys,
                                                  controller_manager_config cfg) {
  return caf::actor_cast<controller_manager_actor>(inspect::spawn_inspected(
    sys, {"controller-manager", "controllers"}, manager_behavior, std::move(cfg)));
}

} // namespace convoy::controllers
