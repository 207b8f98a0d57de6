#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/node.pb.h"
#include "runtime/config/flag_set.hpp"

namespace convoy {

/// Settings of the kubelet and proxy roles, under the kubelet's and
/// kube-proxy's flag names where they have one.
struct worker_options {
  /// --runtime: "process" (real processes) or "simulated".
  std::string runtime = "process";
  /// --node-ip: the address the Node reports, pods' hostIP, where the
  /// proxy serves NodePorts.
  std::string node_ip = "127.0.0.1";
  /// --pod-cidr: where pod IPs come from; empty = the Node's spec.podCIDR
  /// (node IPAM). `convoy up` gives each worker a /24 of 127.16.0.0/12.
  std::string pod_cidr;
  std::map<std::string, std::string> node_labels;
  std::vector<api::Taint> taints;
  int max_pods = 110;
  /// Capacity overrides (simulation, tests); empty = the host's.
  std::string cpu;
  std::string memory;
  /// --container-namespaces: the process runtime runs each container in
  /// its own pid, uts, ipc and mount namespaces (needs root).
  bool container_namespaces = false;
  /// --pod-network: "loopback" (each pod binds its own 127.x address on the
  /// host) or "bridge" (each pod in its own network namespace on a node
  /// bridge; needs root and pod/service ranges outside 127.0.0.0/8).
  std::string pod_network = "loopback";
  std::chrono::milliseconds lease_renew_interval{10000};
  std::chrono::milliseconds node_status_update_frequency{10000};
};

void add_worker_flags(config::flag_set& flags);

/// Reads them; returns an error line naming the flag on failure.
std::optional<std::string> read_worker_flags(const config::flag_set& flags,
                                             worker_options& out);

/// Parses one --register-with-taints item, "key[=value]:Effect".
std::optional<api::Taint> parse_taint(const std::string& text, std::string& error);

/// The /24 of 127.16.0.0/12 of the `index`th worker (0-based), so workers
/// started together never share pod IPs.
std::string worker_pod_cidr(int index);

} // namespace convoy
