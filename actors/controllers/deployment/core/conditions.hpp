#pragma once

// Deployment condition bookkeeping (deploymentutil.NewDeploymentCondition,
// SetDeploymentCondition, ...), pure; reasons and messages are Kubernetes'.

#include <cstdint>
#include <string>

#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

namespace reason {
inline constexpr const char* new_rs_created = "NewReplicaSetCreated";
inline constexpr const char* found_new_rs = "FoundNewReplicaSet";
inline constexpr const char* rs_updated = "ReplicaSetUpdated";
inline constexpr const char* new_rs_available = "NewReplicaSetAvailable";
inline constexpr const char* timed_out = "ProgressDeadlineExceeded";
inline constexpr const char* paused = "DeploymentPaused";
inline constexpr const char* resumed = "DeploymentResumed";
inline constexpr const char* min_available = "MinimumReplicasAvailable";
inline constexpr const char* min_unavailable = "MinimumReplicasUnavailable";
} // namespace reason

/// A condition whose update and transition times are both `now_seconds`.
api::DeploymentCondition new_condition(const std::string& type, const std::string& status,
                                       const std::string& reason, const std::string& message,
                                       int64_t now_seconds);

/// The condition of `type`, or nullptr.
const api::DeploymentCondition* get_condition(const api::DeploymentStatus& status,
                                              const std::string& type);

/// SetDeploymentCondition: no-op when status and reason are unchanged (so
/// timestamps only move on real changes); keeps lastTransitionTime when
/// only the reason changes; the condition moves to the end of the list.
void set_condition(api::DeploymentStatus& status, api::DeploymentCondition cond);

/// Drops the condition of `type`.
void remove_condition(api::DeploymentStatus& status, const std::string& type);

} // namespace convoy::controllers::deployment
