#pragma once

#include <functional>
#include <map>
#include <string>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

/// Settings of the simulated runtime.
struct simulated_runtime_config {
  /// Time from start() until the container reports running.
  int64_t start_latency_ms = 0;
  /// Time a container takes to stop after SIGTERM (SIGKILL is immediate).
  int64_t stop_latency_ms = 0;
};

/// The `simulated` runtime: no processes. Containers start, run and exit in
/// (virtual) time, so a thousand kubelets fit in one test process and
/// scale benchmarks measure the control plane, not fork/exec.
///
/// A container runs until stopped unless its environment says otherwise
/// (set with `env:` in the manifest):
///   SIM_RUN_SECONDS  exits after running this long (fractions allowed);
///   SIM_EXIT_CODE    the exit code it then exits with (default 0);
///   SIM_START_ERROR  start() fails with RunContainerError and this message.
/// Its log holds one line per event (started, exited, signalled).
class simulated_runtime : public container_runtime {
public:
  /// `now` reads the (virtual) wall clock.
  simulated_runtime(simulated_runtime_config cfg, std::function<wall_ms()> now);

  std::string name() const override {
    return "simulated";
  }
  start_result start(const container_spec& spec) override;
  void stop(const std::string& id, bool force) override;
  void remove(const std::string& id) override;
  std::vector<container_status> list() override;
  log_chunk read_log(const std::string& id, const log_query& query) override;

private:
  struct entry {
    container_status status;
    /// When it reports running / when it exits on its own (0 = never).
    wall_ms runs_at = 0;
    wall_ms exits_at = 0;
    int planned_exit_code = 0;
    /// Set by stop(): the signal that ends it at exits_at.
    int pending_signal = 0;
    std::string log;
  };

  /// Moves `e` along to where it is at `now` (created → running → exited).
  void advance(entry& e, wall_ms now);
  void finish(entry& e, wall_ms at, int code, int signal);

  simulated_runtime_config cfg_;
  std::function<wall_ms()> now_;
  std::map<std::string, entry> containers_;
  uint64_t next_id_ = 1;
};

} // namespace convoy::containers
