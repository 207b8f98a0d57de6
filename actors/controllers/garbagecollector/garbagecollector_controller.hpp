#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the garbage collector (Kubernetes' pkg/controller/garbagecollector):
/// watches every kind that can own or be owned (gc_kinds.hpp), deletes
/// objects whose owners are all gone, orphans the dependents of an owner
/// deleted with propagationPolicy Orphan, and deletes those of an owner
/// deleted in Foreground before releasing it.
controller_actor spawn_garbage_collector(caf::actor_system& sys, controller_config cfg);

} // namespace convoy::controllers
