#pragma once

// The taints the node lifecycle controller owns and how it edits them
// (Kubernetes' NotReadyTaintTemplate / UnreachableTaintTemplate,
// TaintNodesByCondition and SwapNodeControllerTaint), pure.

#include <cstdint>
#include <string>

#include "api/node.pb.h"

namespace convoy::controllers::nodelifecycle {

inline constexpr const char* not_ready_taint = "node.kubernetes.io/not-ready";
inline constexpr const char* unreachable_taint = "node.kubernetes.io/unreachable";
inline constexpr const char* no_execute = "NoExecute";
inline constexpr const char* no_schedule = "NoSchedule";

/// A taint with this key and effect is present (Kubernetes' MatchTaint
/// ignores the value).
bool has_taint(const api::Node& node, const std::string& key, const std::string& effect);

/// Adds key:effect with timeAdded = `wall_now_seconds` unless present.
/// Returns whether it was added.
bool add_taint(api::Node& node, const std::string& key, const std::string& effect,
               int64_t wall_now_seconds);

/// Removes every key:effect taint. Returns whether one was removed.
bool remove_taint(api::Node& node, const std::string& key, const std::string& effect);

/// The NoExecute taint key the Ready condition calls for: not-ready for
/// False, unreachable for Unknown, nullptr when Ready is True or missing.
const char* no_execute_key_for(const api::Node& node);

/// The other one of the mutually exclusive not-ready/unreachable pair.
const char* opposite_key(const char* key);

/// TaintNodesByCondition: makes the controller-owned NoSchedule taints
/// (not-ready / unreachable from Ready, memory-, disk-, pid-pressure and
/// network-unavailable from their True conditions, unschedulable from
/// spec.unschedulable) match the node's status. Not rate limited: they only
/// keep new pods away. Returns whether the taints changed.
bool sync_condition_taints(api::Node& node, int64_t wall_now_seconds);

} // namespace convoy::controllers::nodelifecycle
