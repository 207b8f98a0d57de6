#pragma once

// Runs one command (an argv vector, never a shell string) and captures its
// output: how the bridge network drives iproute2's `ip`.

#include <functional>
#include <string>
#include <vector>

namespace convoy::network {

struct command_result {
  /// The exit code; -1 if it could not be started or was killed.
  int exit_code = -1;
  /// stdout and stderr, interleaved, at most 64 KiB.
  std::string output;
  bool ok() const {
    return exit_code == 0;
  }
};

/// Runs argv[0] (searched in PATH) with posix_spawn, so it is safe in a
/// multi-threaded process; waits for it.
command_result run_command(const std::vector<std::string>& argv);

/// How pod networks run commands; tests pass a recorder.
using command_runner = std::function<command_result(const std::vector<std::string>&)>;

} // namespace convoy::network
