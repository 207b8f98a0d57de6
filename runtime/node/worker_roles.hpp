#pragma once

#include <optional>
#include <string>

#include "caf/fwd.hpp"

#include "runtime/node/role_spawner.hpp"

namespace convoy {

/// The kubelet role: one kubelet per name in opts.kubelet_names(), each
/// with its own container runtime (--runtime) under DATA_DIR/kubelet/NAME
/// (token: client_token for system:node:NAME).
std::optional<std::string> spawn_kubelet_role(caf::actor_system& sys, const node_options& opts,
                                              const node_actor& node, started_roles& out);

/// The proxy role: one proxy per worker of this node (token: client_token
/// for system:kube-proxy).
std::optional<std::string> spawn_proxy_role(caf::actor_system& sys, const node_options& opts,
                                            const node_actor& node, started_roles& out);

/// Where worker `index` of this node lives: its node IP (convoy up gives
/// each worker its own loopback address, so NodePorts do not collide).
std::string worker_node_ip(const node_options& opts, int index);

} // namespace convoy
