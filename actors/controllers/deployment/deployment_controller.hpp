#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the Deployment controller: rolls every Deployment out through
/// ReplicaSets (RollingUpdate within maxSurge/maxUnavailable, or
/// Recreate), scales them, prunes old revisions and reports status
/// (Kubernetes' deployment controller). The ReplicaSet controller turns the
/// ReplicaSets into pods.
controller_actor spawn_deployment_controller(caf::actor_system& sys, controller_config cfg);

} // namespace convoy::controllers
