#pragma once

// Helpers shared by the pod sync and the status generator: the runtime's
// attempts grouped per container name, the waiting reasons the sync hands
// to the status, and the Kubernetes spellings (pod "name_ns(uid)", Go
// durations, timestamps).

#include <string>
#include <unordered_map>
#include <vector>

#include "api/pod.pb.h"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

using containers::wall_ms;

/// Why a container is not running (ContainerStateWaiting).
struct waiting_reason {
  std::string reason;
  std::string message;
};

/// All observed attempts of one container name, oldest first.
using attempt_list = std::vector<const containers::container_status*>;

/// The observed attempts grouped by container name (each list sorted by
/// attempt number). Pointers point into `observed`.
std::unordered_map<std::string, attempt_list>
group_attempts(const std::vector<containers::container_status>& observed);

/// The newest attempt, or nullptr.
const containers::container_status* latest_attempt(const attempt_list* list);

/// The attempt before the newest one if it exited (lastState), or nullptr.
const containers::container_status* previous_exit(const attempt_list* list);

/// Looks `name` up in `groups`; nullptr if never observed.
const attempt_list* find_attempts(const std::unordered_map<std::string, attempt_list>& groups,
                                  const std::string& name);

/// Running or about to run (created): the runtime still owns a process.
bool is_live(const containers::container_status& st);

bool is_exited(const containers::container_status& st);

/// Kubernetes' format.Pod: "name_namespace(uid)".
std::string format_pod(const api::Pod& pod);

/// A whole-second duration as Go prints it: "10s", "1m20s", "5m0s".
std::string go_duration(wall_ms ms);

/// Milliseconds since the epoch as a protobuf Timestamp.
void set_timestamp(google::protobuf::Timestamp& ts, wall_ms ms);

} // namespace convoy::kubelet
