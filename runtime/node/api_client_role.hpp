#pragma once

#include <functional>
#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "runtime/node/role_spawner.hpp"

namespace convoy {

/// Starts a component that works through the apiserver (scheduler,
/// controller manager, kubelets, proxies): with this node's apiserver if it
/// runs one, else through the node's apiserver relay, which reaches the
/// apiserver of a --join node and fails over to another when it dies.
/// `start` spawns the component for that handle (at once: the relay holds
/// requests until an apiserver answers); it is registered with the node as
/// `component`.
std::optional<std::string> spawn_api_client_role(
  caf::actor_system& sys, const node_options& opts, const node_actor& node, started_roles& out,
  const std::string& component, std::function<caf::actor(apiserver_actor)> start);

/// The scheduler role (token: client_token for system:kube-scheduler).
std::optional<std::string> spawn_scheduler_role(caf::actor_system& sys, const node_options& opts,
                                                const node_actor& node, started_roles& out);

/// The controllers role: a leader-elected controller manager (token:
/// client_token for system:kube-controller-manager).
std::optional<std::string> spawn_controllers_role(caf::actor_system& sys,
                                                  const node_options& opts,
                                                  const node_actor& node, started_roles& out);

} // namespace convoy
