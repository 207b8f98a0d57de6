// `convoy console`: the interactive inspection console (see console_session).

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/cli/console_session.hpp"
#include "runtime/config/flag_set.hpp"

namespace convoy::cli {

int run_console(const std::vector<std::string>& args) {
  config::flag_set flags{"convoy console [--server HOST:PORT] [--token T] [--admin]",
                         "Interactive inspection console: actors, mailboxes, rates, Raft "
                         "state, traces, and every read-only ctl verb, with history and "
                         "tab completion. Reads commands line by line when stdin is not a "
                         "terminal."};
  flags.add_string("server", "127.0.0.1:7000", "node to connect to", "HOST:PORT");
  flags.add_string("token", "", "bearer token for the apiserver (default: as convoy ctl)",
                   "TOKEN");
  flags.add_bool("admin", "allow commands that change the cluster (apply, delete, ...)");
  if (auto err = flags.parse(args))
    return usage_error("console", *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  std::string error;
  auto server = net::host_port::parse(flags.str("server"), error);
  if (!server)
    return usage_error("console", "--server: " + error);
  console_options opts;
  opts.server = *server;
  opts.token = flags.str("token");
  opts.admin = flags.boolean("admin");
  opts.colour = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  return console_session{std::move(opts)}.run();
}

} // namespace convoy::cli
