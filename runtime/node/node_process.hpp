#pragma once

#include <cstdint>
#include <functional>

#include "runtime/node/node_options.hpp"

namespace convoy {

/// Runs one actor node in this process until SIGINT or SIGTERM: builds the
/// actor system, spawns the node actor and the roles' actors, publishes the
/// node actor on `opts.listen`, then shuts everything down cleanly. Calls
/// `on_ready(bound_port)` once the node is reachable. Returns the exit code
/// (0 after a clean shutdown, 1 when the node could not start).
///
/// The caller must have called block_termination_signals() before.
int run_node(const node_options& opts, const std::function<void(uint16_t)>& on_ready);

} // namespace convoy
