#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

/// Everything the shim needs to start one container (passed as arguments,
/// so the shim parses no files).
struct launch_request {
  std::string shim_path;
  std::string dir;
  uint64_t log_max_bytes = 0;
  int log_max_files = 0;
  std::string working_dir;
  /// Non-empty: new pid, uts, ipc and mount namespaces with this host name.
  std::string hostname;
  /// Non-empty: the network namespace (path) the container joins.
  std::string netns_path;
  std::vector<std::string> cgroup_dirs;
  /// NAME=VALUE, final (see container_environment).
  std::vector<std::string> env;
  std::vector<std::string> argv;
};

/// How the start went. `stage` is empty on success, else "cgroup", "chdir",
/// "exec", "namespaces", "network", "shim" or "timeout"; `err` is the errno of the failing call.
struct launch_outcome {
  std::string stage;
  int err = 0;
  bool ok() const {
    return stage.empty();
  }
};

/// Starts the shim detached (double fork + setsid: the shim is reparented to
/// init, the caller reaps only the short-lived intermediate) and waits at
/// most `timeout` for its report over a CLOEXEC pipe: the container either
/// exec'd or failed to. Safe to call from a multi-threaded process: only
/// async-signal-safe calls run between fork and exec.
launch_outcome launch_shim(const launch_request& req, std::chrono::milliseconds timeout);

/// The environment a container gets: spec.env with later duplicates
/// winning (in the position of the first occurrence), POD_IP = spec.pod_ip
/// unless set, and PATH = EXTRA:default unless set (EXTRA omitted if empty).
std::vector<std::string> container_environment(const container_spec& spec,
                                               const std::string& extra_path);

} // namespace convoy::containers
