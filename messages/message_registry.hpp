#pragma once

#include "caf/fwd.hpp"

namespace convoy {

/// Registers every protobuf message of messages/**/*.proto with `cfg` under its
/// protobuf full name (e.g. "convoy.node.NodeInfoRequest"), plus convoy's error
/// category. Every process built from the same .proto files therefore speaks
/// the same typed interfaces. Call before constructing the actor_system.
void register_messages(caf::actor_system_config& cfg);

} // namespace convoy
