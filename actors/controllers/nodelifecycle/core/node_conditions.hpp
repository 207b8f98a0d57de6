#pragma once

// Reading and rewriting a Node's conditions the way the node lifecycle
// controller does (Kubernetes' nodeutil.GetNodeCondition and the "mark
// Unknown" half of tryUpdateNodeHealth), pure.

#include <cstdint>
#include <string>

#include "api/node.pb.h"

namespace convoy::controllers::nodelifecycle {

/// The label that names a node's failure domain; nodes without it share "".
inline constexpr const char* zone_label = "topology.kubernetes.io/zone";

/// The condition of type `type`, or nullptr.
const api::NodeCondition* node_condition(const api::NodeStatus& status, const std::string& type);

/// The Ready condition, or nullptr.
const api::NodeCondition* ready_condition(const api::Node& node);

/// Ready is present and True: what zone health counts as healthy.
bool is_node_ready(const api::Node& node);

/// The node's zone (the zone label, "" when absent).
std::string zone_of(const api::Node& node);

/// The controller's verdict on a silent node: Ready, MemoryPressure,
/// DiskPressure and PIDPressure become Unknown ("NodeStatusUnknown",
/// "Kubelet stopped posting node status."), missing ones are added Unknown
/// ("NodeStatusNeverUpdated", "Kubelet never posted node status.", heartbeat
/// = the node's creation). lastTransitionTime = `wall_now_seconds` for each
/// condition that changed; the heartbeat is kept, so the controller's own
/// write never looks like a kubelet heartbeat. Returns whether anything
/// changed.
bool mark_status_unknown(api::Node& node, int64_t wall_now_seconds);

} // namespace convoy::controllers::nodelifecycle
