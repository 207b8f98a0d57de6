#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the endpoints controller: keeps the Endpoints of every Service
/// with a selector equal to the addresses and ports of the pods it selects
/// (ready and not ready), and deletes them with the Service (Kubernetes'
/// endpoint controller).
controller_actor spawn_endpoints_controller(caf::actor_system& sys, controller_config cfg);

} // namespace convoy::controllers
