#pragma once

#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "runtime/node/role_spawner.hpp"

namespace convoy {

/// The token file the apiserver role reads: --token-auth-file, or else
/// DATA_DIR/tokens.csv, created with fresh tokens for the admin and the
/// control-plane components if missing (the admin's also goes to
/// DATA_DIR/admin.token, where `convoy ctl` finds it). Throws
/// std::runtime_error naming the file on failure.
std::string prepare_token_file(const node_options& opts);

/// Starts the apiserver role: a store client (the replicas of this process,
/// then opts.store_endpoints()), the token authenticator and the apiserver,
/// registered with the node as component "apiserver".
std::optional<std::string> spawn_apiserver_role(caf::actor_system& sys,
                                                const node_options& opts,
                                                const node_actor& node, started_roles& out);

} // namespace convoy
