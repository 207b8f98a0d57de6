#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/config/flag_set.hpp"

namespace convoy::cli {

int run_console(const std::vector<std::string>& args) {
  config::flag_set flags{"convoy console [--server HOST:PORT]",
                         "Interactive inspection console: actors, mailboxes, rates, Raft "
                         "state, traces."};
  flags.add_string("server", "127.0.0.1:7000", "node to connect to", "HOST:PORT");
  if (auto err = flags.parse(args))
    return usage_error("console", *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  std::cerr << "convoy console: not implemented yet; use 'convoy ctl node' meanwhile\n";
  return exit_failure;
}

} // namespace convoy::cli
