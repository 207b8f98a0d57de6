#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "actors/kubelet/kubelet_config.hpp"
#include "actors/kubelet/node/host_facts.hpp"
#include "api/node.pb.h"

namespace convoy::kubelet {

/// Thresholds of the pressure conditions (the kubelet's default hard
/// eviction thresholds: memory.available < 100Mi, nodefs.available < 10%,
/// pids over 90% of the limit).
struct pressure_thresholds {
  int64_t memory_available_bytes = 100LL << 20;
  double disk_free_ratio = 0.10;
  double pids_used_ratio = 0.90;
};

/// The Node this kubelet registers: name, labels (hostname, os, arch, and
/// --node-labels), taints, capacity and allocatable (flags, else the host),
/// addresses, nodeInfo and the conditions. Pure: time is `now_ms`.
api::Node make_node(const kubelet_config& cfg, const host_facts& host, int64_t now_ms,
                    const std::string& runtime_name);

/// Recomputes `status`'s conditions (Ready, MemoryPressure, DiskPressure,
/// PIDPressure) for `now_ms`, keeping each lastTransitionTime while its
/// status stays the same. Returns whether any condition's status, reason or
/// message changed (a write is due then, not for heartbeats alone).
bool update_conditions(api::NodeStatus& status, const host_facts& host, int64_t now_ms,
                       const pressure_thresholds& limits = {});

} // namespace convoy::kubelet
