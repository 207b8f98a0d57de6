#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/network/ip_commands.hpp"
#include "runtime/network/pod_network.hpp"
#include "runtime/network/run_command.hpp"

namespace spdlog {
class logger;
} // namespace spdlog

namespace convoy::network {

struct bridge_network_config {
  /// The Node: names the bridge (bridge_name) and the log.
  std::string node_name;
  /// One file per pod uid with network state (written before anything is
  /// created, removed after teardown), so list() sees a crash's leftovers.
  std::string state_dir;
  /// Where `ip netns add` puts namespaces (the path setup() returns).
  std::string netns_dir = network::netns_dir;
  /// /proc/sys/net/ipv4/ip_forward ("" = leave it).
  std::string ip_forward_file = "/proc/sys/net/ipv4/ip_forward";
  /// Runs `ip`; default run_command.
  command_runner run;
};

/// Flannel-style bridge networking on one node: a bridge `cvb-<hash>` with
/// the gateway address (first address of the node's pod CIDR), and per pod
/// a network namespace `cv-<uid>` holding eth0 (one end of a veth pair
/// whose other end is on the bridge) with the pod IP and a default route
/// via the gateway. The host reaches every pod through the bridge's
/// connected route (so the proxy forwards to pod IPs unchanged); other
/// nodes' pod CIDRs need host-gw routes (host_gw_routes).
class bridge_network : public pod_network {
public:
  explicit bridge_network(bridge_network_config cfg);

  std::string name() const override {
    return "bridge";
  }
  setup_result setup(const std::string& pod_uid, const std::string& pod_name,
                     const std::string& ip, int prefix_len) override;
  std::string teardown(const std::string& pod_uid) override;
  std::vector<std::string> list() override;

  /// Node-wide preparation that does not need the pod CIDR: enables
  /// ip_forward and, if `service_cidr` is set, makes that range local on
  /// the host (`ip route replace local CIDR dev lo`) so the proxy can bind
  /// ClusterIPs and pods reach them through the gateway. "" or the error.
  std::string prepare(const std::string& service_cidr);

  const std::string& bridge() const {
    return bridge_;
  }

private:
  /// Creates the bridge (once) with the gateway of ip/prefix_len.
  std::string ensure_bridge(uint32_t ip, int prefix_len);
  /// Whether the pod's netns exists with eth0 holding `address`.
  bool already_set_up(const pod_plan& plan);
  /// Runs the commands in order; the first failure -> "STEP: CMD: OUTPUT".
  std::string run_all(const std::vector<argv_t>& cmds, const std::string& step);
  std::string state_file(const std::string& pod_uid) const;

  bridge_network_config cfg_;
  std::string bridge_;
  /// The gateway CIDR the bridge was last set up with ("" = not yet).
  std::string bridge_gateway_;
  std::shared_ptr<spdlog::logger> log_;
};

} // namespace convoy::network
