#pragma once

// Probe results per container, like the kubelet's prober workers and results
// managers: when each probe is due, consecutive success/failure counting
// against the probe's thresholds, and the resulting started/ready/liveness
// verdicts. Running the probes (exec, TCP, HTTP) is the shell's job: it asks
// due() what to run and reports each outcome with record().

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/pod.pb.h"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

using containers::wall_ms;

enum class probe_kind { liveness = 0, readiness = 1, startup = 2 };

const char* to_string(probe_kind kind);

enum class probe_action { exec, tcp, http, grpc };

/// A probe with Kubernetes' defaults applied (zero fields of api::Probe mean
/// "unset": period 10 s, timeout 1 s, success 1, failure 3, delay 0).
struct probe_timing {
  wall_ms initial_delay_ms = 0;
  wall_ms period_ms = 10'000;
  wall_ms timeout_ms = 1'000;
  int success_threshold = 1;
  int failure_threshold = 3;
};

probe_timing timing_of(const api::Probe& probe);

/// One probe the shell should run now; a copy, so it outlives the pod object.
struct due_probe {
  std::string pod_uid;
  std::string container;
  /// The attempt probed; record() ignores results for an older attempt.
  std::string container_id;
  probe_kind kind = probe_kind::readiness;
  probe_action action = probe_action::exec;
  std::vector<std::string> command;
  /// Empty host in the spec means the pod IP.
  std::string host;
  int port = 0;
  std::string path;
  /// "http" or "https" (lower case, ready for a URL).
  std::string scheme;
  std::vector<std::pair<std::string, std::string>> headers;
  wall_ms timeout_ms = 1'000;
  /// Set when the probe cannot run (e.g. a named port the container does not
  /// declare); the shell records it as a failure.
  std::string error;
};

/// Resolves an IntOrString port against the container's named ports;
/// nullopt if the name is not declared or the number is out of 1..65535.
std::optional<int> resolve_port(const api::IntOrString& port, const api::Container& c);

class probe_tracker {
public:
  /// Appends the probes of container `c` (whose current attempt is `st`)
  /// that are due at `now`, and marks them in flight until record(). A new
  /// attempt (another container id) starts from scratch. Only running
  /// attempts are probed; an unstarted container (startup probe not yet
  /// successful) gets only its startup probe.
  void due(const std::string& pod_uid, const api::Container& c,
           const containers::container_status& st, wall_ms now, std::vector<due_probe>& out);

  /// The earliest time a probe of the container will be due (for the
  /// shell's timer); nullopt if none is scheduled.
  std::optional<wall_ms> next_due(const std::string& pod_uid, const std::string& container) const;

  /// Applies one outcome. `container_id` (if not empty) must match the
  /// attempt the tracker follows, else the result is stale and ignored.
  void record(const std::string& pod_uid, const std::string& container, probe_kind kind,
              bool success, wall_ms now, const std::string& container_id = {});

  /// Readiness as recorded: true once successThreshold consecutive
  /// successes were seen; a tracked container without readiness probe is
  /// ready once started.
  bool ready(const std::string& pod_uid, const std::string& container) const;

  /// The full rule for the status: running, started, and ready per probe
  /// (a container without readiness probe is ready once started).
  bool ready(const std::string& pod_uid, const api::Container& c,
             const containers::container_status& st) const;

  /// Started as recorded (startup probe succeeded, or there is none).
  bool started(const std::string& pod_uid, const std::string& container) const;

  /// Running, and its startup probe succeeded (or it has none).
  bool started(const std::string& pod_uid, const api::Container& c,
               const containers::container_status& st) const;

  /// failureThreshold consecutive liveness failures: kill and restart.
  /// With `container_id`, only a verdict about that attempt counts (a new
  /// attempt must not be killed for its predecessor's failures).
  bool liveness_failed(const std::string& pod_uid, const std::string& container,
                       const std::string& container_id = {}) const;

  /// failureThreshold consecutive startup failures: kill and restart.
  bool startup_failed(const std::string& pod_uid, const std::string& container,
                      const std::string& container_id = {}) const;

  /// Forgets the container's results (a new attempt starts).
  void reset_container(const std::string& pod_uid, const std::string& container);

  void forget_pod(const std::string& pod_uid);

private:
  enum class result { unknown, success, failure };

  struct probe_state {
    bool configured = false;
    probe_timing timing;
    result value = result::unknown;
    /// Length of the current run of equal raw outcomes.
    int run = 0;
    bool last_success = false;
    bool in_flight = false;
    wall_ms next_at = 0;
  };

  struct container_state {
    std::string container_id;
    probe_state probes[3];
  };

  const container_state* find(const std::string& pod_uid, const std::string& container) const;
  container_state& track(const std::string& pod_uid, const api::Container& c,
                         const containers::container_status& st);
  static void apply(probe_state& p, bool success);
  static bool gates_open(const container_state& s);

  std::unordered_map<std::string, std::unordered_map<std::string, container_state>> pods_;
};

} // namespace convoy::kubelet
