#pragma once

#include <functional>
#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "messages/apiserver/apiserver_actor.hpp"
#include "runtime/node/node_options.hpp"
#include "runtime/node/role_spawner.hpp"

namespace convoy {

/// Where a joined worker keeps its node credential:
/// DATA_DIR/credentials/node.token (mode 0600).
std::string node_credential_path(const node_options& opts);

/// Whether this node's kubelet and proxy authenticate with a node
/// credential: no --token-file, and a saved credential or --join-token.
/// (--token-file wins; without either, the token file lookup of
/// client_token applies.)
bool uses_join_credentials(const node_options& opts);

/// The saved credential at `path` (trimmed), or nothing if there is none.
/// Throws std::runtime_error if the file exists but cannot be read or is
/// empty (a corrupt credential should be noticed, not silently replaced).
std::optional<std::string> read_node_credential(const std::string& path);

/// Saves `token` at `path` (0600, atomically; creates the directory).
void save_node_credential(const std::string& path, const std::string& token);

/// Starts a client role with the token it should use.
using token_start = std::function<caf::actor(apiserver_actor api, const std::string& token)>;

/// The start function spawn_api_client_role wants for a kubelet or proxy.
/// Without join credentials: `start(api, "")` at once (the role keeps the
/// token it already has). With them: spawns a joiner actor that asks the
/// node's credential keeper (one per node, in `out.credentials`) for the
/// node credential -- the saved one, else the one exchanged for
/// --join-token through `api` and saved before anything starts; a refusal
/// is logged and retried with back-off -- then spawns the role with it,
/// linked to the joiner, and returns the joiner. `opts` and `out` must
/// outlive the returned function's last call. The kubelet and proxy of one
/// node share one exchange, so neither rotates the other's credential away.
std::function<caf::actor(apiserver_actor)>
with_node_credential(caf::actor_system& sys, const node_options& opts, started_roles& out,
                     const std::string& component, token_start start);

} // namespace convoy
