#pragma once

// The console runs every command in a forked child of its own: Ctrl-C then
// ends the command (the child) and not the console, a `top` can refresh until
// interrupted, and a crash or a leaked thread of one command cannot harm the
// next. The console itself never starts an actor system, so it stays
// single-threaded and forking it is safe.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace convoy::cli {

/// How a child ended: its exit code, or the signal that killed it.
struct child_status {
  int exit_code = 0;
  /// 0 when the child exited normally.
  int signal = 0;
};

/// Makes the console ignore SIGINT (it goes to the running command) while
/// children get the default action back (see run_in_child).
void ignore_interrupts_in_console();

/// Runs `body` in a child sharing the terminal and waits for it; the child
/// exits with what `body` returns. SIGINT/SIGTERM take their default action
/// in the child, whatever the console blocked or ignored.
child_status run_in_child(const std::function<int()>& body);

/// Runs `body` in a child whose stdout is a pipe (stderr discarded) and
/// returns what it wrote,
/// or nullopt if it failed (non-zero exit, signal) or did not finish within
/// `limit` (then it is killed).
std::optional<std::string> capture_from_child(const std::function<int()>& body,
                                              std::chrono::milliseconds limit);

} // namespace convoy::cli
