#include "runtime/node/api_client_role.hpp"

#include <algorithm>
#include <random>

#include "caf/actor_system.hpp"

#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/client/apiserver_relay.hpp"
#include "actors/controllers/manager/controller_manager.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/client_token.hpp"
#include "runtime/node/service_account_keys.hpp"

namespace convoy {

std::optional<std::string> spawn_api_client_role(caf::actor_system& sys,
                                                 const node_options& opts,
                                                 const node_actor& node, started_roles& out,
                                                 const std::string& component,
                                                 std::function<caf::actor(apiserver_actor)> start) {
  if (!out.api && !out.relay) {
    if (opts.join.empty())
      return component + ": no apiserver to use (run the apiserver role here, or give --join)";
    client::apiserver_relay_config cfg;
    cfg.endpoints = opts.join;
    cfg.node_name = opts.name;
    cfg.seed = opts.seed ^ std::random_device{}();
    out.relay = client::spawn_apiserver_relay(sys, std::move(cfg));
    out.actors.push_back(caf::actor_cast<caf::actor>(out.relay));
  }
  auto started = start(out.api ? out.api : out.relay);
  register_with_node(node, started, component, component, component);
  out.actors.push_back(started);
  return std::nullopt;
}

std::optional<std::string> spawn_scheduler_role(caf::actor_system& sys, const node_options& opts,
                                                const node_actor& node, started_roles& out) {
  scheduler_config cfg;
  try {
    cfg.token = client_token(opts, apiserver::scheduler_user);
  } catch (const std::exception& e) {
    return std::string{"scheduler: "} + e.what();
  }
  cfg.node_name = opts.name;
  cfg.seed = opts.seed ^ std::random_device{}();
  cfg.leader_elect = opts.controllers.leader_elect;
  cfg.lease_duration = opts.controllers.lease_duration;
  cfg.renew_deadline = opts.controllers.renew_deadline;
  cfg.retry_period = opts.controllers.retry_period;
  return spawn_api_client_role(sys, opts, node, out, "scheduler",
                               [&sys, cfg](apiserver_actor api) mutable {
                                 cfg.api = std::move(api);
                                 return caf::actor_cast<caf::actor>(spawn_scheduler(sys, cfg));
                               });
}

std::optional<std::string> spawn_controllers_role(caf::actor_system& sys,
                                                  const node_options& opts,
                                                  const node_actor& node, started_roles& out) {
  controllers::controller_manager_config cfg;
  try {
    cfg.base.token = client_token(opts, apiserver::controller_manager_user);
  } catch (const std::exception& e) {
    return std::string{"controllers: "} + e.what();
  }
  try {
    cfg.service_account_key = service_account_signing_key(opts);
  } catch (const std::exception& e) {
    return std::string{"controllers: --service-account-private-key-file: "} + e.what();
  }
  cfg.base.node_name = opts.name;
  cfg.base.seed = opts.seed ^ std::random_device{}();
  const auto& co = opts.controllers;
  cfg.controllers = co.controllers;
  cfg.leader_elect = co.leader_elect;
  cfg.lease_duration = co.lease_duration;
  cfg.renew_deadline = co.renew_deadline;
  cfg.retry_period = co.retry_period;
  auto& nl = cfg.node_lifecycle;
  nl.node_monitor_period = co.node_monitor_period;
  nl.node_monitor_grace_period = co.node_monitor_grace_period;
  nl.node_startup_grace_period = co.node_startup_grace_period;
  nl.node_eviction_rate = co.node_eviction_rate;
  nl.secondary_node_eviction_rate = co.secondary_node_eviction_rate;
  nl.large_cluster_size_threshold = static_cast<int>(co.large_cluster_size_threshold);
  nl.unhealthy_zone_threshold = co.unhealthy_zone_threshold;
  cfg.node_ipam.cluster_cidr = co.cluster_cidr;
  cfg.node_ipam.node_cidr_mask_size = co.node_cidr_mask_size;
  if (!co.allocate_node_cidrs) {
    if (cfg.controllers.empty())
      cfg.controllers = controllers::controller_names();
    cfg.controllers.erase(
      std::remove(cfg.controllers.begin(), cfg.controllers.end(), "nodeipam"),
      cfg.controllers.end());
  }
  if (auto err = controllers::validate(cfg); !err.empty())
    return "controllers: " + err;
  return spawn_api_client_role(
    sys, opts, node, out, "controller-manager", [&sys, cfg](apiserver_actor api) mutable {
      cfg.base.api = std::move(api);
      return caf::actor_cast<caf::actor>(controllers::spawn_controller_manager(sys, cfg));
    });
}

} // namespace convoy
