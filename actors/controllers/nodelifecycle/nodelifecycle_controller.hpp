#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the node lifecycle controller together with the taint eviction
/// controller (Kubernetes runs them side by side in kube-controller-manager):
/// every opts.node_monitor_period it marks nodes whose kubelet went silent
/// Unknown and taints unhealthy nodes (NoExecute rate-limited per zone,
/// nothing while every zone is down), and it deletes the pods of NoExecute
/// tainted nodes once their tolerations run out. `opts` must have passed
/// validate(). Status name: "nodelifecycle".
controller_actor spawn_node_lifecycle_controller(caf::actor_system& sys, controller_config cfg,
                                                 nodelifecycle::lifecycle_options opts);

} // namespace convoy::controllers
