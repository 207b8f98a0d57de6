#pragma once

// The on-disk protocol between the process runtime and its shim. One
// directory per container, ROOT/containers/ID/:
//   config.json  written by the runtime before the shim starts (metadata and
//                cgroup dirs; what list() needs after a kubelet restart)
//   pid          written by the shim once the process exec'd:
//                "CHILD_PID CHILD_START SHIM_PID SHIM_START STARTED_AT_MS"
//   log, log.1.. the output, rotated by size by the shim
//   log.index    "GEN BASE": a seqlock (GEN odd while rotating) and the
//                logical offset of the first byte of `log`
//   exit         written last by the shim: "EXIT_CODE SIGNAL FINISHED_AT_MS"
// Every small file is written to a temporary and renamed, so a reader sees
// either nothing or the whole content. No spdlog here: the shim links it.

#include <cstdint>
#include <optional>
#include <string>

namespace convoy::containers::state_files {

inline constexpr const char* config_file = "config.json";
inline constexpr const char* pid_file = "pid";
inline constexpr const char* exit_file = "exit";
inline constexpr const char* log_file = "log";
inline constexpr const char* log_index_file = "log.index";

/// What the shim records once the container process runs. Start ticks
/// (/proc/PID/stat field 22) guard against pid reuse, e.g. after a reboot.
struct pid_record {
  int child_pid = 0;
  uint64_t child_start = 0;
  int shim_pid = 0;
  uint64_t shim_start = 0;
  int64_t started_at_ms = 0;
};

/// How the container process ended.
struct exit_record {
  int exit_code = 0;
  int signal = 0;
  int64_t finished_at_ms = 0;
};

/// The rotation state of a log: see log.index above.
struct log_index {
  uint64_t generation = 0;
  uint64_t base = 0;
};

/// Writes `content` to DIR/NAME atomically (NAME.tmp + rename). False on
/// failure (errno set).
bool write_atomic(const std::string& dir, const char* name, const std::string& content);

/// Reads a whole small file; nullopt if it cannot be opened.
std::optional<std::string> read_small(const std::string& path);

std::string format(const pid_record& r);
std::optional<pid_record> parse_pid(const std::string& text);
std::string format(const exit_record& r);
std::optional<exit_record> parse_exit(const std::string& text);
std::string format(const log_index& r);
std::optional<log_index> parse_index(const std::string& text);

/// The start time of `pid` in clock ticks since boot, 0 if it does not exist
/// or is a zombie.
uint64_t process_start_ticks(int pid);

/// True if `pid` runs and is the same process that started at `start_ticks`.
bool process_alive(int pid, uint64_t start_ticks);

/// Wall-clock milliseconds since the epoch.
int64_t now_ms();

} // namespace convoy::containers::state_files
