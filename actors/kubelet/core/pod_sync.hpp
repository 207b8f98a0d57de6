#pragma once

// What the kubelet does next for one pod (Kubernetes' kuberuntime manager
// computePodActions, without sandboxes): which containers to start, which to
// kill and why, which exited attempts to garbage-collect, and why the others
// wait. Pure: the shell feeds it the runtime's list, the probe results and
// the back-off, then carries the actions out.
//
// Contract with the shell: before calling, it records every exited attempt
// it observes in the crash_backoff (record_exit is idempotent), so a
// restart is blocked exactly while the back-off of the last exit runs.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/core/crash_backoff.hpp"
#include "actors/kubelet/core/probe_tracker.hpp"
#include "api/pod.pb.h"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

/// One container attempt to stop (SIGTERM, then SIGKILL after the grace
/// period: the shell owns that timer).
struct kill_order {
  std::string container_id;
  std::string container_name;
  std::string reason;
};

struct pod_actions {
  /// Stop everything of the pod: it is being deleted, it reached a terminal
  /// phase, or nothing of it will ever run again. `kill` lists the live
  /// attempts to stop.
  bool kill_all = false;
  std::string kill_all_reason;
  /// Containers to start now, in order: one init container at a time, app
  /// containers only once every init container exited 0.
  std::vector<std::string> start;
  bool start_is_init = false;
  std::vector<kill_order> kill;
  /// Exited attempts to remove: all but the newest exited attempt per name
  /// (kept for `logs --previous`) and the live one.
  std::vector<std::string> remove;
  /// Container name -> why it waits (CrashLoopBackOff, PodInitializing,
  /// ContainerCreating); the status generator shows these.
  std::map<std::string, waiting_reason> waiting;
  /// The earliest back-off expiry: the shell syncs the pod again then.
  std::optional<wall_ms> resync_at;
  /// An init container failed under restartPolicy Never: the pod is Failed.
  bool init_failed = false;
};

struct sync_input {
  const api::Pod& pod;
  /// Every attempt of this pod's containers the runtime knows.
  const std::vector<containers::container_status>& observed;
  const probe_tracker& probes;
  const crash_backoff& backoff;
  wall_ms now;
};

pod_actions compute_pod_actions(const sync_input& in);

/// The attempt number of the next start of `name`: (max attempt observed
/// for that name) + 1, or 0 if none; it is also the restart count.
int next_attempt(const std::vector<containers::container_status>& observed,
                 const std::string& name);

/// Kubernetes' ShouldContainerBeRestarted for an exited attempt of a
/// regular container: Always restarts, OnFailure on a nonzero exit, Never
/// not at all ("" means Always, the API default).
bool should_restart(const std::string& restart_policy, int exit_code);

} // namespace convoy::kubelet
