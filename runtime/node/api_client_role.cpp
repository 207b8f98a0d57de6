#include "runtime/node/scheduler_role.hpp"

#include <random>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"

#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/client_token.hpp"

namespace convoy {

namespace {

using retry_atom = caf::atom_constant<caf::atom("retry")>;

/// Starts the scheduler once the remote apiserver answers; the scheduler is
/// linked to this actor, so stopping the role stops both.
caf::behavior remote_starter(caf::event_based_actor* self, scheduler_config cfg,
                             net::host_port addr, node_actor node) {
  auto attempt = [=] {
    net::connect_component<apiserver_actor>(
      self, addr, "apiserver", std::chrono::seconds{5},
      [=](apiserver_actor api) mutable {
        cfg.api = std::move(api);
        auto sched = caf::actor_cast<caf::actor>(spawn_scheduler(self->system(), cfg));
        self->link_to(sched);
        register_with_node(node, sched, "scheduler", "scheduler", "scheduler");
      },
      [=](const caf::error& err) {
        log::get(cfg.node_name, "scheduler")
          ->warn("no apiserver at {} yet ({}); retrying", addr.to_string(), to_string(err));
        self->delayed_send(self, std::chrono::seconds{1}, retry_atom::value);
      });
  };
  attempt();
  return {[=](retry_atom) { attempt(); }};
}

} // namespace

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
  if (out.api) {
    cfg.api = out.api;
    auto sched = caf::actor_cast<caf::actor>(spawn_scheduler(sys, std::move(cfg)));
    register_with_node(node, sched, "scheduler", "scheduler", "scheduler");
    out.actors.push_back(sched);
    return std::nullopt;
  }
  if (opts.join.empty())
    return std::string{"scheduler: no apiserver to use (run the apiserver role here, or give "
                       "--join)"};
  out.actors.push_back(sys.spawn(remote_starter, std::move(cfg), opts.join.front(), node));
  return std::nullopt;
}

} // namespace convoy
