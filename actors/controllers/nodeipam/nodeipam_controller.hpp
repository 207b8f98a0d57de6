#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/nodeipam/core/nodeipam_options.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the node IPAM controller with the range allocator (Kubernetes'
/// nodeipam controller under --allocate-node-cidrs): every Node without
/// spec.podCIDR gets a free /opts.node_cidr_mask_size CIDR of
/// opts.cluster_cidr in spec.podCIDR and spec.podCIDRs; CIDRs of existing
/// Nodes are marked in use before anything is handed out, a deleted Node's
/// CIDR becomes free again, and Nodes with a CIDR outside the range or
/// taken by another Node are left alone and reported (CIDRNotAvailable).
/// `opts` must have passed validate(). Status name: "nodeipam".
controller_actor spawn_nodeipam_controller(caf::actor_system& sys, controller_config cfg,
                                           nodeipam::nodeipam_options opts);

} // namespace convoy::controllers
