#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/containers/container_runtime.hpp"
#include "runtime/containers/process/cgroups.hpp"
#include "runtime/containers/process/state_files.hpp"

namespace spdlog {
class logger;
} // namespace spdlog

namespace convoy::containers {

/// How to run the process runtime of one node.
struct process_runtime_config {
  /// State and logs: ROOT/containers/ID/ (see state_files.hpp). Survives the
  /// kubelet, so put it on disk, not in a per-process temp dir.
  std::string root_dir;
  /// The convoy-shim executable.
  std::string shim_path;
  uint64_t log_max_bytes = 10 * 1024 * 1024;
  /// Files per container log, the current one included.
  int log_max_files = 2;
  std::string cgroup_root = "/sys/fs/cgroup";
  bool use_cgroups = true;
  /// Prepended to the container's PATH when the spec sets no PATH.
  std::string extra_path;
  std::string node_name;
  /// Run each container in its own pid, uts, ipc and mount namespaces
  /// (host name = pod name, its own /proc); needs root. The network
  /// namespace is the pod's (container_spec::netns_path, set up by the
  /// kubelet's pod network), else the host's, where pods bind their pod IP.
  bool namespaces = false;
};

/// Containers as real Linux processes, each watched by a detached
/// convoy-shim (see shim_main.cpp) that owns its log and records its exit,
/// so containers outlive the kubelet and list() rebuilds everything from
/// ROOT/containers after a restart. One process group per container; limits
/// through cgroups where the host allows; pid, uts, ipc and mount namespaces
/// when `namespaces` is set. No filesystem, network or user isolation: argv
/// runs from the host filesystem as the kubelet's user.
///
/// Exit reasons: "Completed" (exit 0), "Error" (nonzero or a signal; then
/// exit_code = 128 + signal), "OOMKilled" (SIGKILL while the memory cgroup
/// counted an OOM kill), "ContainerStatusUnknown" (exit_code 137: shim and
/// process vanished without an exit record, e.g. the host rebooted or the
/// shim was killed; the name Kubernetes uses for lost containers).
class process_runtime : public container_runtime {
public:
  explicit process_runtime(process_runtime_config cfg);

  std::string name() const override {
    return "process";
  }
  start_result start(const container_spec& spec) override;
  void stop(const std::string& id, bool force) override;
  void remove(const std::string& id) override;
  std::vector<container_status> list() override;
  log_chunk read_log(const std::string& id, const log_query& query) override;

  /// ROOT/containers/ID.
  std::string container_dir(const std::string& id) const;

  /// The cgroup directories of container `id` (empty without cgroups).
  std::vector<std::string> cgroup_dirs(const std::string& id);

  cgroups::mode cgroup_mode() const {
    return cgroups_.current_mode();
  }

private:
  /// One container as last seen; `final` entries (exited) never change.
  struct entry {
    container_status status;
    std::vector<std::string> cgroup_dirs;
    std::optional<state_files::pid_record> pids;
    bool final = false;
    uint64_t seen = 0;
  };

  entry* find(const std::string& id);
  entry* load(const std::string& id);
  void refresh(entry& e);
  void mark_exited(entry& e, const state_files::exit_record& ex);
  void mark_lost(entry& e);
  std::string new_id();
  start_result fail(const std::string& id, const std::vector<std::string>& cgroups,
                    const char* reason, std::string message);

  process_runtime_config cfg_;
  std::string containers_dir_;
  cgroups cgroups_;
  std::shared_ptr<spdlog::logger> log_;
  std::unordered_map<std::string, entry> entries_;
  /// Directories whose config.json is unreadable: skipped, warned once.
  std::unordered_set<std::string> broken_;
  std::mt19937_64 rng_;
  uint64_t list_round_ = 0;
};

} // namespace convoy::containers
