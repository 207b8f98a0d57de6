#pragma once

#include <string>
#include <vector>

namespace convoy::cli {

/// Exit codes shared by every subcommand.
enum exit_code : int {
  exit_ok = 0,
  /// The command ran and failed (peer unreachable, request refused, ...).
  exit_failure = 1,
  /// The command line or config was wrong; nothing was started or changed.
  exit_usage = 2,
};

/// One `convoy` subcommand.
struct command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};

int run_up(const std::vector<std::string>& args);
int run_node(const std::vector<std::string>& args);
int run_ctl(const std::vector<std::string>& args);
int run_console(const std::vector<std::string>& args);
int run_certs(const std::vector<std::string>& args);

/// Prints one line "convoy SUB: MESSAGE (see 'convoy SUB --help')" to stderr
/// and returns exit_usage.
int usage_error(const std::string& sub, const std::string& message);

} // namespace convoy::cli
