#pragma once

// A child `convoy` process whose stdout+stderr lines are read by a thread
// that stamps each line with the moment it arrived through the pipe: the
// failover figures are "signal sent -> log line seen" and need that moment,
// not the moment somebody looked. Killed (SIGCONT, SIGKILL) at destruction,
// so an error anywhere in a run never leaves a process behind.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace convoy::bench {

class watched_process {
public:
  using clock = std::chrono::steady_clock;

  /// Starts argv[0] (a path) with argv; throws std::runtime_error if it
  /// cannot be spawned.
  explicit watched_process(std::vector<std::string> argv);
  ~watched_process();

  watched_process(const watched_process&) = delete;
  watched_process& operator=(const watched_process&) = delete;

  /// Arrival time of the first line with index >= `from` that contains
  /// `text`; nothing if `timeout` passes or the output ends first.
  std::optional<clock::time_point> wait_for_line(const std::string& text,
                                                 std::chrono::milliseconds timeout,
                                                 size_t from = 0);

  /// Lines received so far (an index for wait_for_line's `from`).
  size_t line_count() const;

  /// The last `n` lines, for error messages.
  std::string tail(size_t n) const;

  /// Waits until the output ends (the pipe closed); false on timeout.
  bool wait_output_end(std::chrono::milliseconds timeout);

  /// Everything received so far.
  std::string output() const;

  void signal(int sig);

  /// Waits for the exit; the exit code, 128+signal, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);

  /// SIGTERM, then SIGKILL if it has not exited within `grace`.
  void stop(std::chrono::milliseconds grace);

  pid_t pid() const {
    return pid_;
  }

private:
  void read_loop(int fd);

  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
  bool stopping_ = false; // guarded by mu_
  bool eof_ = false;      // guarded by mu_
  std::string partial_;   // reader thread only
  std::vector<std::pair<clock::time_point, std::string>> lines_; // guarded by mu_
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::thread reader_;
};

/// Runs a command to completion: {exit code (-1 on timeout), output}.
std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        std::chrono::milliseconds timeout);

/// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t free_port();

} // namespace convoy::bench
