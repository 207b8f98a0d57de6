#pragma once

#include <string>
#include <vector>

#include "net/address/host_port.hpp"
#include "runtime/cli/console_completion.hpp"
#include "runtime/cli/console_process.hpp"

namespace convoy::cli {

/// What `convoy console` was started with.
struct console_options {
  net::host_port server;
  /// Passed to every command as --token when not empty (otherwise ctl's
  /// default applies: $CONVOY_TOKEN, then convoy-data/admin.token).
  std::string token;
  /// Allows the commands that change the cluster.
  bool admin = false;
  /// Coloured prompt and errors (stdout is a terminal and NO_COLOR unset).
  bool colour = false;
};

/// The console's read-eval loop: reads lines, runs console commands itself
/// and everything else as `convoy ctl` in a child process, one at a time.
class console_session {
public:
  explicit console_session(console_options opts);

  /// Runs until exit/quit or end of input. Returns exit_ok, or exit_failure
  /// when a scripted (non-terminal) session had a failing command.
  int run();

private:
  /// false when the console must end.
  bool execute(const std::string& line);
  void run_ctl_words(const std::vector<std::string>& words);
  void print_help();
  /// Reloads the node name and the actor words for completion.
  void refresh_server_info(bool complain);
  void report(const child_status& status);
  std::string prompt(bool interactive) const;
  /// `text` in the colour `sgr` (an ANSI SGR code) when colour is on.
  std::string paint(const std::string& text, const char* sgr) const;

  console_options opts_;
  console_completion completion_;
  std::string node_name_;
  bool had_failure_ = false;
};

} // namespace convoy::cli
