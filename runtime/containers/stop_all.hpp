#pragma once

#include <chrono>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

/// Stops every container of `runtime` and removes them: SIGTERM, SIGKILL
/// for what still runs after `grace`, then forgets them all. Blocking (it
/// polls the runtime): for a node shutting down (`convoy up` leaves nothing
/// running), never from an actor. Returns how many containers were running.
size_t stop_all(container_runtime& runtime, std::chrono::milliseconds grace);

} // namespace convoy::containers
