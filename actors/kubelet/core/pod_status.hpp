#pragma once

// The API status of a pod as its kubelet reports it (Kubernetes'
// generateAPIPodStatus + getPhase + the status manager's transition-time
// bookkeeping): phase, conditions, IPs, container statuses, qosClass. Pure:
// the runtime's attempts, the probe results and the sync's waiting reasons
// in, an api::PodStatus out.

#include <map>
#include <string>
#include <vector>

#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/core/probe_tracker.hpp"
#include "api/pod.pb.h"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

/// The status to report for `pod` (whose `status` is the previously
/// reported one: startTime, lastTransitionTimes, conditions owned by others
/// and a terminal phase are kept from it). `waiting` is pod_actions::waiting.
api::PodStatus generate_pod_status(const api::Pod& pod,
                                   const std::vector<containers::container_status>& observed,
                                   const probe_tracker& probes,
                                   const std::map<std::string, waiting_reason>& waiting,
                                   const std::string& pod_ip, const std::string& host_ip,
                                   wall_ms now);

/// Kubernetes' getPhase over already converted container statuses.
std::string pod_phase(const api::PodSpec& spec, const api::PodStatus& status);

/// Equal apart from the conditions' lastTransitionTime/lastProbeTime: the
/// shell writes a status only when this is false (no heartbeat writes).
bool status_equal_ignoring_time(const api::PodStatus& a, const api::PodStatus& b);

/// "convoy://ID", the containerID the API shows.
std::string api_container_id(const std::string& id);

} // namespace convoy::kubelet
