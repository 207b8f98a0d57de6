#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the namespace controller: empties every namespace being deleted
/// (all its namespaced objects), keeps its deletion conditions up to date,
/// and once nothing remains removes the "kubernetes" finalizer so the
/// apiserver drops it (Kubernetes' namespace controller).
controller_actor spawn_namespace_controller(caf::actor_system& sys, controller_config cfg);

} // namespace convoy::controllers
