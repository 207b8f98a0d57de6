#pragma once

// What the kubelet benchmark reads from /proc: memory of a process, the
// processes whose command line matches, and the shim/container pids the
// process runtime recorded. Linux only, like the process runtime.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace convoy::bench {

/// VmRSS of `pid` (0 = this process) in KiB; -1 if it is gone.
int64_t rss_kib(int pid);

/// Pss of `pid` from /proc/PID/smaps_rollup in KiB (shared pages divided
/// among their users: what a process really adds); -1 if unavailable.
int64_t pss_kib(int pid);

/// Live (not zombie) processes whose whole command line, arguments joined
/// by NUL, equals `cmdline` exactly.
std::vector<int> processes_with_cmdline(const std::string& cmdline);

/// Live processes whose command line contains `part` anywhere.
std::vector<int> processes_mentioning(const std::string& part);

/// The shim and container pids of every container under
/// ROOT/containers/ID/pid (see runtime/containers/process/state_files.hpp).
struct pod_pids {
  int shim = 0;
  int child = 0;
};
std::vector<pod_pids> recorded_pids(const std::string& runtime_root);

/// Removes the cgroup directories recorded in ROOT/containers/ID/config.json
/// (what the runtime's remove() would have done for containers it never
/// removed, e.g. after a failed run); returns how many could not be removed.
size_t remove_recorded_cgroups(const std::string& runtime_root);

/// Memory of the processes outside this one, summed.
struct outside_memory {
  int64_t shim_rss_kib = 0;
  int64_t child_rss_kib = 0;
  int64_t shim_pss_kib = 0;
  int64_t child_pss_kib = 0;
  int counted = 0;
};
outside_memory measure_outside(const std::vector<pod_pids>& pods);

} // namespace convoy::bench
