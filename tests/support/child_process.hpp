#pragma once

// A real child process for integration tests: started with posix_spawn, its
// stdout and stderr captured, waited on by events (pipe readiness, exit),
// never by sleeping. Killed with SIGKILL if still running at destruction.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace convoy::test {

class child_process {
public:
  explicit child_process(std::vector<std::string> argv);
  ~child_process();

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Waits until stdout or stderr contains `text` (from the start of the
  /// output); false if the timeout passes or the process exits first.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);

  /// Waits for the process to exit; returns its exit code, 128+signal when
  /// killed, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);

  void signal(int sig);

  pid_t pid() const {
    return pid_;
  }
  const std::string& output() const {
    return output_;
  }
  bool running() const {
    return !exited_;
  }

private:
  /// Reads what is available (waiting at most `timeout`); false if nothing
  /// more can come.
  bool pump(std::chrono::milliseconds timeout);
  /// Reads whatever is already buffered in the pipe.
  void drain();

  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::string output_;
};

/// Runs a command to completion; returns {exit code, stdout+stderr}.
std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        std::chrono::milliseconds timeout);

/// A TCP port on 127.0.0.1 that was free a moment ago, from below the
/// kernel's ephemeral range, so no other test's connection takes it first.
uint16_t free_port();

} // namespace convoy::test
