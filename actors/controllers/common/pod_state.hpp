#pragma once

// What controllers read off pods and owners (Kubernetes' podutil and
// controller_utils helpers), pure.

#include <cstdint>
#include <string>

#include "api/meta.pb.h"
#include "api/pod.pb.h"

namespace convoy::controllers {

/// Seconds since the epoch of `ts`.
int64_t seconds_of(const google::protobuf::Timestamp& ts);

/// Not finished (Succeeded/Failed) and not being deleted: counts towards a
/// controller's replicas (Kubernetes' IsPodActive).
bool is_pod_active(const api::Pod& pod);

/// The Ready condition is True.
bool is_pod_ready(const api::Pod& pod);

/// Ready for at least `min_ready_seconds` at wall time `now_seconds`.
bool is_pod_available(const api::Pod& pod, int32_t min_ready_seconds, int64_t now_seconds);

/// The condition of type `type`, or nullptr.
const api::PodCondition* pod_condition(const api::Pod& pod, const std::string& type);

/// The owner reference with controller=true, or nullptr.
const api::OwnerReference* controller_of(const api::ObjectMeta& meta);

/// Kubernetes' ActivePods ordering: true if `a` should be deleted before
/// `b` when scaling down: unassigned before assigned, Pending before
/// Unknown before Running, not ready before ready, ready for less time
/// before longer, more container restarts before fewer, newer before older.
bool delete_before(const api::Pod& a, const api::Pod& b);

} // namespace convoy::controllers
