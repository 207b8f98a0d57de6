#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/config/flag_set.hpp"
#include "runtime/node/node_options.hpp"
#include "runtime/node/node_process.hpp"

namespace convoy::cli {

int run_node(const std::vector<std::string>& args) {
  config::flag_set flags{
    "convoy node --name NAME [--roles ROLE,...] [--listen HOST:PORT] [--join HOST:PORT,...] "
    "[flags]",
    "Runs one actor node on this host: publishes its node actor on --listen, starts the\n"
    "actors of its roles and joins the nodes given by --join. Runs until SIGINT/SIGTERM."};
  add_node_flags(flags, "", "");
  if (auto err = flags.parse(args))
    return usage_error("node", *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  node_options opts;
  if (auto err = read_node_options(flags, opts))
    return usage_error("node", *err);
  return run_node(opts, [](uint16_t) {});
}

} // namespace convoy::cli
