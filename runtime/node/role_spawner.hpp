#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caf/actor.hpp"
#include "caf/fwd.hpp"

#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/node/node_actor.hpp"
#include "messages/store/store_actor.hpp"
#include "runtime/containers/container_runtime.hpp"
#include "runtime/node/node_options.hpp"

namespace convoy {

/// The actors a node's roles started, in start order.
struct started_roles {
  std::vector<caf::actor> actors;
  /// The store replicas among them (the apiserver uses them directly).
  std::vector<store_actor> stores;
  /// The apiserver, if this node runs one (its API clients use it directly).
  apiserver_actor api;
  /// Without a local apiserver: the relay the API clients share, which
  /// fails over between the apiservers of the --join nodes.
  apiserver_actor relay;
  /// With join credentials: the actor that obtains the node credential
  /// once for the kubelet and proxy (join_credentials.hpp).
  caf::actor credentials;
  /// The container runtimes of this node's kubelets.
  std::vector<std::shared_ptr<containers::container_runtime>> runtimes;
};

/// Tells `node` that `who` runs on it as `component` (peers find it by that
/// name through the node actor).
void register_with_node(const node_actor& node, const caf::actor& who, std::string name,
                        std::string component, std::string role);

/// Starts the actors of `opts.roles` on `sys` and registers each with the
/// node actor (so peers find them by component). Returns an error line
/// when a role cannot start (e.g. its data dir is unusable).
std::optional<std::string> spawn_roles(caf::actor_system& sys, const node_options& opts,
                                       const node_actor& node, started_roles& out);

} // namespace convoy
