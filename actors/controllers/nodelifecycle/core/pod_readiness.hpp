#pragma once

#include <cstdint>
#include <optional>

#include "api/pod.pb.h"

namespace convoy::controllers::nodelifecycle {

/// Kubernetes' MarkPodsNotReady for one pod of a node that is not Ready:
/// the pod with its Ready condition set to False (lastTransitionTime = now),
/// so endpoints stop sending traffic to a node nobody hears from; nothing
/// if the pod is not Ready anyway (no write needed).
std::optional<api::Pod> marked_not_ready(const api::Pod& pod, int64_t wall_now_seconds);

} // namespace convoy::controllers::nodelifecycle
