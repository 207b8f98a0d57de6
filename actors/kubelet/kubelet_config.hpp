#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/kubelet/node/host_facts.hpp"
#include "api/node.pb.h"
#include "messages/apiserver/apiserver_actor.hpp"
#include "runtime/containers/container_runtime.hpp"
#include "runtime/network/pod_network.hpp"

namespace convoy::kubelet {

class prober;

/// Everything a kubelet needs; flag names follow the kubelet's where one
/// exists (--node-labels, --register-with-taints, --pod-cidr, --max-pods,
/// --node-status-update-frequency, --node-lease-renew-interval).
struct kubelet_config {
  apiserver_actor api;
  std::string token;
  /// The Node this kubelet registers and runs pods for.
  std::string node_name;
  /// Logging tag of the actor node hosting the kubelet.
  std::string host_name;
  std::map<std::string, std::string> labels;
  std::vector<api::Taint> taints;
  /// The address the Node reports (InternalIP) and the pods' hostIP.
  std::string node_ip = "127.0.0.1";
  /// Pod IPs come from here ("127.16.1.0/24"); empty: wait for the Node's
  /// spec.podCIDR (set by the node IPAM controller).
  std::string pod_cidr;
  /// Capacity; empty/0 = read from the host.
  std::string cpu;
  std::string memory;
  int max_pods = 110;
  /// How containers run, and how their probes are executed.
  std::shared_ptr<containers::container_runtime> runtime;
  std::shared_ptr<prober> probes;
  /// The pods' network (--pod-network): set up before a pod's first
  /// container starts, torn down once its containers are removed. Null =
  /// loopback (nothing to set up; simulation).
  std::shared_ptr<network::pod_network> network;
  /// Lease renewal in kube-node-lease (the node heartbeat).
  std::chrono::milliseconds lease_renew_interval{10000};
  int lease_duration_seconds = 40;
  /// Node status (conditions, capacity) is recomputed this often and
  /// written when it changed (or every 5 minutes).
  std::chrono::milliseconds node_status_update_frequency{10000};
  /// How often the runtime is relisted (the PLEG) and probes checked.
  std::chrono::milliseconds relist_period{1000};
  /// Where host facts (disk pressure) are measured.
  std::string root_dir = "/";
  /// Reads the host's facts; empty = read_host_facts(root_dir). Simulated
  /// nodes pass fixed ones.
  std::function<host_facts()> read_host;
  uint64_t seed = 1;
};

} // namespace convoy::kubelet
