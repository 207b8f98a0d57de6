#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/config/flag_set.hpp"
#include "runtime/node/node_options.hpp"
#include "runtime/node/node_process.hpp"
#include "runtime/node/roles.hpp"
#include "runtime/node/worker_roles.hpp"

namespace convoy::cli {

namespace {

void print_banner(const node_options& opts, uint16_t port) {
  auto addr = opts.listen.host + ":" + std::to_string(port);
  std::cout << "convoy up: all-in-one node '" << opts.name << "' is running\n"
            << "  actor address  " << addr << "\n"
            << "  data dir       " << opts.data_dir << "\n"
            << "  roles          ";
  for (size_t i = 0; i < opts.roles.size(); ++i)
    std::cout << (i ? "," : "") << opts.roles[i];
  std::cout << "\n";
  auto names = opts.kubelet_names();
  for (size_t i = 0; i < names.size(); ++i)
    std::cout << "  worker         " << names[i] << " at " << worker_node_ip(opts, static_cast<int>(i))
              << " (pods " << worker_pod_cidr(static_cast<int>(i)) << ", runtime "
              << opts.worker.runtime << ")\n";
  if (opts.has_role("apiserver"))
    std::cout << "  admin token    " << opts.data_dir << "/admin.token (convoy ctl reads "
              << "./convoy-data/admin.token or $CONVOY_TOKEN)\n"
              << "  audit log      "
              << (opts.audit_log_path.empty() ? "off" : opts.audit_log_path) << "\n"
              << "  try            convoy ctl --server " << addr << " get namespaces\n";
  std::cout << "  ask it         convoy ctl --server " << addr << " node\n"
            << "  stop           Ctrl-C (SIGINT) or SIGTERM\n"
            << std::flush;
}

} // namespace

int run_up(const std::vector<std::string>& args) {
  config::flag_set flags{
    "convoy up [--data-dir DIR] [--kubelets N] [--runtime process|simulated] [flags]",
    "Runs the whole cluster in this process on this host: one store replica on disk under\n"
    "--data-dir, the apiserver, scheduler and controllers, and N kubelets with proxies.\n"
    "Keeps its state across restarts; SIGINT/SIGTERM stops it cleanly."};
  add_node_flags(flags, "local", "./convoy-data");
  flags.add_int("kubelets", 2, 0, 1000, "number of kubelets (worker nodes) to run");
  if (auto err = flags.parse(args))
    return usage_error("up", *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  node_options opts;
  if (auto err = read_node_options(flags, opts))
    return usage_error("up", *err);
  opts.kubelets = static_cast<int>(flags.integer("kubelets"));
  opts.stop_containers_on_exit = true;
  // Who did what is recorded by default here (--audit-log-path "" turns
  // it off): a local cluster is where people try admin actions.
  if (!flags.is_set("audit-log-path"))
    opts.audit_log_path = opts.data_dir + "/audit.log";
  if (!flags.is_set("roles")) {
    opts.roles = {"store", "apiserver", "scheduler", "controllers"};
    if (opts.kubelets > 0)
      opts.roles.insert(opts.roles.end(), {"kubelet", "proxy"});
  }
  return run_node(opts, [&](uint16_t port) { print_banner(opts, port); });
}

} // namespace convoy::cli
