#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the ReplicaSet controller: keeps spec.replicas pods of every
/// ReplicaSet running, adopting and releasing pods by selector, and reports
/// status (Kubernetes' replicaset controller).
controller_actor spawn_replica_set_controller(caf::actor_system& sys, controller_config cfg);

/// Spawns the ReplicationController controller: the same logic over the
/// core/v1 kind (Kubernetes runs it through the ReplicaSet controller too).
controller_actor spawn_replication_controller(caf::actor_system& sys, controller_config cfg);

} // namespace convoy::controllers
