#pragma once

#include "caf/fwd.hpp"

#include "actors/kubelet/kubelet_config.hpp"
#include "messages/kubelet/kubelet_actor.hpp"

namespace convoy::kubelet {

/// Starts the kubelet of `cfg.node_name`: registers the Node, renews its
/// Lease, runs the pods bound to it through `cfg.runtime` and reports their
/// status, serves their logs. It finds the containers a previous kubelet
/// started (the runtime's records) and neither duplicates nor orphans them.
kubelet_actor spawn_kubelet(caf::actor_system& sys, kubelet_config cfg);

} // namespace convoy::kubelet
