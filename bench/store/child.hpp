#pragma once

// A server process the benchmark starts (a convoy store replica, an etcd
// member, etcdctl). Its output goes to a log file, not a pipe: a chatty
// server must never block on a full pipe in the middle of a measurement.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace convoy::bench {

class child {
public:
  /// Starts argv[0] (a path) with stdout and stderr appended to `log`. The
  /// child gets SIGKILL if the benchmark dies, so nothing outlives it.
  child(std::vector<std::string> argv, std::filesystem::path log);
  /// Stops the process (SIGTERM, then SIGKILL after a grace period).
  ~child();

  child(const child&) = delete;
  child& operator=(const child&) = delete;

  /// Waits until the log contains `text`; false on timeout or exit.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout);

  /// Waits for the exit; the exit code, 128+signal, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);

  /// SIGTERM, wait up to `grace`, then SIGKILL.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds{5});

  std::string log_text() const;

  pid_t pid() const {
    return pid_;
  }

private:
  bool reap(bool block);

  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::filesystem::path log_;
};

/// SIGKILLs every child still running (the benchmark was interrupted).
void kill_all_children();

/// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t free_port();

} // namespace convoy::bench
