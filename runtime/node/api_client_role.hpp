#pragma once

#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "runtime/node/role_spawner.hpp"

namespace convoy {

/// Starts the scheduler role: a scheduler using this node's apiserver if it
/// runs one, else the apiserver found through the first --join node
/// (retrying until it answers), registered with the node as component
/// "scheduler". Token: see client_token (user system:kube-scheduler).
std::optional<std::string> spawn_scheduler_role(caf::actor_system& sys, const node_options& opts,
                                                const node_actor& node, started_roles& out);

} // namespace convoy
