// The single `convoy` binary: dispatches to its subcommands.

#include <iostream>
#include <string>
#include <vector>

#include "runtime/cli/command.hpp"
#include "runtime/node/termination_signal.hpp"

namespace {

using convoy::cli::command;

const std::vector<command>& commands() {
  static const std::vector<command> all{
    {"up", "all-in-one cluster on this host (store, apiserver, scheduler, controllers, "
           "kubelets, proxies)",
     convoy::cli::run_up},
    {"node", "one actor node on this host, running the roles you choose", convoy::cli::run_node},
    {"ctl", "one-shot client: ask a node, manage the cluster", convoy::cli::run_ctl},
    {"console", "interactive inspection console", convoy::cli::run_console},
    {"certs", "cluster CA and TLS certificates for nodes and admins (init, issue)",
     convoy::cli::run_certs},
  };
  return all;
}

void print_help() {
  std::cout << "convoy " CONVOY_VERSION
               " - a Kubernetes-style control plane whose components are actors.\n\n"
               "Usage: convoy COMMAND [flags]\n\nCommands:\n";
  for (const auto& c : commands()) {
    std::string name = c.name;
    name.resize(10, ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\nRun 'convoy COMMAND --help' for the flags of a command.\n";
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Before any thread exists, so every thread inherits the mask. Not for
  // `ctl`: it never waits for the signals, so Ctrl-C must simply end it
  // (`ctl get -w`, `ctl top`).
  if (args.empty() || args[0] != "ctl")
    convoy::block_termination_signals();
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? convoy::cli::exit_usage : convoy::cli::exit_ok;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "convoy " CONVOY_VERSION "\n";
    return convoy::cli::exit_ok;
  }
  for (const auto& c : commands())
    if (args[0] == c.name)
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  std::cerr << "convoy: unknown command '" << args[0] << "' (see 'convoy --help')\n";
  return convoy::cli::exit_usage;
}
