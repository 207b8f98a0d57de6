#pragma once

// The kubelet's view of a container runtime: a small, CRI-like interface.
// Two implementations sit behind it: `process` (real Linux processes, one
// session and process group per container, logs to files) and `simulated`
// (no processes; containers start, run and exit in virtual time).
//
// The interface is poll-based on purpose, like the kubelet's PLEG: the
// kubelet calls list() on its relist period and compares it with what it
// wants, so nothing is lost when the kubelet restarts (the runtime's own
// record, e.g. state directories on disk, is the truth) and no runtime
// thread ever calls back into an actor.
//
// Every call is fast (no blocking waits): start() forks and returns, stop()
// sends a signal and returns. Escalating SIGTERM to SIGKILL after the grace
// period is the caller's job (it owns the timers).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace convoy::containers {

/// Milliseconds since the Unix epoch (wall time, as the kubelet reports it).
using wall_ms = int64_t;

/// Everything needed to start one container of a pod.
struct container_spec {
  std::string pod_uid;
  std::string pod_namespace;
  std::string pod_name;
  std::string container_name;
  /// 0 for the first start, then the restart count: each attempt is a new
  /// container with its own id and log, so --previous can read the last.
  int attempt = 0;
  /// Recorded only: the process runtime runs `argv` from the host filesystem.
  std::string image;
  /// command + args, already expanded ($(VAR) references resolved).
  std::vector<std::string> argv;
  std::string working_dir;
  /// Final environment, in order (later entries win on duplicate names).
  std::vector<std::pair<std::string, std::string>> env;
  /// The pod's IP (the process runtime hands it to the process as POD_IP;
  /// processes bind to it).
  std::string pod_ip;
  /// The pod's network namespace (a path such as /var/run/netns/cv-...)
  /// the container joins before exec; empty = the host's network.
  std::string netns_path;
  /// Limits, 0 = none. Applied through cgroups where the host allows it.
  int64_t memory_limit_bytes = 0;
  int64_t cpu_limit_millis = 0;
  int64_t pids_limit = 0;
  /// Whether the container is an init container (reported back in status).
  bool init = false;
};

enum class container_state { created, running, exited, unknown };

const char* to_string(container_state s);

/// What the runtime knows about one container (one attempt).
struct container_status {
  std::string id;
  std::string pod_uid;
  std::string pod_namespace;
  std::string pod_name;
  std::string container_name;
  int attempt = 0;
  bool init = false;
  std::string image;
  std::string pod_ip;
  container_state state = container_state::unknown;
  wall_ms created_at = 0;
  wall_ms started_at = 0;
  wall_ms finished_at = 0;
  /// Valid once exited: the exit code, or 128 + signal when killed by one.
  int exit_code = 0;
  /// The signal that ended it, 0 if it exited normally.
  int signal = 0;
  /// e.g. "Completed", "Error", "OOMKilled" once exited.
  std::string reason;
  std::string message;
};

/// A new container's status as its spec describes it: identity, attempt,
/// image and pod IP, state `created` at `created_at`.
container_status created_status(const container_spec& spec, std::string id, wall_ms created_at);

/// Result of start(): an id, or why the container could not be created
/// (reason "CreateContainerError" / "RunContainerError", like Kubernetes).
struct start_result {
  std::string id;
  std::string error_reason;
  std::string error_message;
  /// When the container began running, if it already runs on return (the
  /// process runtime waits for the exec); 0 = not yet (see list()).
  wall_ms started_at = 0;
  bool ok() const {
    return error_reason.empty();
  }
};

/// A slice of a container's log.
struct log_chunk {
  std::string data;
  /// Byte offset (in the runtime's log numbering) to continue from with
  /// read_log(..., from_offset) when following.
  uint64_t next_offset = 0;
  /// False if the container is unknown (its log is gone).
  bool found = true;
};

/// How much of a log to read.
struct log_query {
  /// Last N lines only; -1 = all.
  int64_t tail_lines = -1;
  /// Continue after this offset (following); overrides tail_lines when set.
  std::optional<uint64_t> from_offset;
  /// At most this many bytes per call (a follower asks again).
  uint64_t limit_bytes = 1 << 20;
};

class container_runtime {
public:
  virtual ~container_runtime() = default;

  /// "process" or "simulated".
  virtual std::string name() const = 0;

  /// Creates and starts a container.
  virtual start_result start(const container_spec& spec) = 0;

  /// Sends SIGTERM (force = false) or SIGKILL (force = true) to the
  /// container's process group. Unknown or exited ids are ignored.
  virtual void stop(const std::string& id, bool force) = 0;

  /// Forgets an exited container: its record and its log.
  virtual void remove(const std::string& id) = 0;

  /// Every container the runtime knows, running or exited, including those
  /// started before this process (re)started.
  virtual std::vector<container_status> list() = 0;

  /// Reads a container's log (stdout and stderr, interleaved as written).
  virtual log_chunk read_log(const std::string& id, const log_query& query) = 0;
};

} // namespace convoy::containers
