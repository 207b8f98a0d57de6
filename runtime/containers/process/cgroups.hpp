#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convoy::containers {

/// Resource limits of one container, 0 = none.
struct cgroup_limits {
  int64_t memory_bytes = 0;
  int64_t cpu_millis = 0;
  int64_t pids = 0;
};

/// Creates and removes per-container cgroups under ROOT (v2: ROOT/convoy/ID
/// with memory.max, cpu.max, pids.max; v1: ROOT/{memory,cpu,pids}/convoy/ID
/// with memory.limit_in_bytes, cpu.cfs_quota_us, pids.max). The shim moves
/// the container process into them (writes "0" to each cgroup.procs) before
/// exec, so limits hold from the first instruction. Without a writable
/// hierarchy the runtime runs containers without limits.
class cgroups {
public:
  enum class mode { none, v1, v2 };

  /// Probes `root` (creating the convoy parent dirs). `enabled` = false
  /// forces mode none.
  cgroups(std::string root, bool enabled);

  mode current_mode() const {
    return mode_;
  }

  /// Why mode is none (empty when cgroups were disabled on purpose or work).
  const std::string& unavailable_reason() const {
    return why_none_;
  }

  /// Creates the cgroups of container `id` and writes its limits. Returns the
  /// created directories in `dirs` (also on failure, for cleanup); a
  /// non-empty string names the file that could not be written.
  std::string create(const std::string& id, const cgroup_limits& limits,
                     std::vector<std::string>& dirs) const;

  /// True if the memory controller in one of `dirs` recorded an OOM kill.
  static bool oom_killed(const std::vector<std::string>& dirs);

  /// Removes `dirs` (waits up to ~0.5 s for killed processes to leave).
  /// Returns the ones that could not be removed.
  static std::vector<std::string> remove(const std::vector<std::string>& dirs);

private:
  std::string create_v1(const std::string& id, const cgroup_limits& limits,
                        std::vector<std::string>& dirs) const;
  std::string create_v2(const std::string& id, const cgroup_limits& limits,
                        std::vector<std::string>& dirs) const;

  std::string root_;
  mode mode_ = mode::none;
  std::string why_none_;
  /// v1 controllers whose convoy/ parent exists and is writable.
  bool v1_memory_ = false;
  bool v1_cpu_ = false;
  bool v1_pids_ = false;
};

} // namespace convoy::containers
