#include "runtime/network/host_gw_routes.hpp"

#include <spdlog/logger.h>

#include "runtime/logging/log.hpp"
#include "runtime/network/ip_commands.hpp"

namespace convoy::network {

host_gw_routes::host_gw_routes(std::string node_name, command_runner run)
  : run_(run ? std::move(run) : command_runner{run_command}),
    log_(log::get(node_name, "host-gw")) {
}

std::string host_gw_routes::apply(const std::vector<pod_route>& desired) {
  auto listed = run_(route_list_command());
  if (!listed.ok())
    return "listing routes: `" + join(route_list_command()) + "`: " + listed.output;
  auto diff = diff_routes(desired, parse_route_list(listed.output));
  std::string errors;
  auto run = [&](const argv_t& cmd) {
    auto res = run_(cmd);
    if (!res.ok())
      errors += (errors.empty() ? "" : "; ") + ("`" + join(cmd) + "`: " + res.output);
  };
  for (const auto& r : diff.replace) {
    log_->info("route {} via {}", r.cidr, r.via);
    run(route_replace_command(r.cidr, r.via));
  }
  for (const auto& cidr : diff.remove) {
    log_->info("removing route {}", cidr);
    run(route_delete_command(cidr));
  }
  return errors;
}

} // namespace convoy::network
