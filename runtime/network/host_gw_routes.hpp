#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/network/host_gw.hpp"
#include "runtime/network/run_command.hpp"

namespace spdlog {
class logger;
} // namespace spdlog

namespace convoy::network {

/// Applies host-gw routes on this host: reads convoy's routes (proto 77),
/// replaces those that are missing or point elsewhere, deletes the ones no
/// longer wanted. Other routes are never touched. Hook: call apply() with
/// desired_routes(all Nodes, own node) whenever the Node list changes.
class host_gw_routes {
public:
  host_gw_routes(std::string node_name, command_runner run = run_command);

  /// "" when the host's routes now match, else every failed command.
  std::string apply(const std::vector<pod_route>& desired);

private:
  command_runner run_;
  std::shared_ptr<spdlog::logger> log_;
};

} // namespace convoy::network
