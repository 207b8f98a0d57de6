#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/map.h>

#include "api/pod.pb.h"

namespace convoy::scheduler {

/// Resource amounts in the units the scheduler compares: millicores for cpu,
/// bytes for memory and ephemeral-storage, whole units for everything else
/// (extended resources such as example.com/gpu). Plain integers, so the
/// per-node accounting on the hot path never parses or allocates (scalars
/// stay empty for the common pod).
struct resource_list {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  /// Allowed pods on a node (allocatable["pods"]); unused for requests.
  int64_t pods = 0;
  /// Extended resources, sorted by name.
  std::vector<std::pair<std::string, int64_t>> scalars;

  /// Adds (sign = 1) or subtracts (sign = -1) `other`, scalar by scalar.
  void add(const resource_list& other, int sign = 1);

  /// Raises each amount to at least `other`'s (the max over init containers).
  void max_with(const resource_list& other);

  /// The amount of extended resource `name` (0 when absent).
  int64_t scalar(const std::string& name) const;

  /// Parses a Kubernetes resource map ({"cpu": "500m", "memory": "1Gi"});
  /// unparsable quantities count as zero (the apiserver rejects them before
  /// they reach the scheduler).
  static resource_list from_map(const google::protobuf::Map<std::string, std::string>& map);

  friend bool operator==(const resource_list& x, const resource_list& y) {
    return x.milli_cpu == y.milli_cpu && x.memory == y.memory &&
           x.ephemeral_storage == y.ephemeral_storage && x.pods == y.pods &&
           x.scalars == y.scalars;
  }
};

/// What scoring assumes for a container without requests (Kubernetes'
/// DefaultMilliCPURequest and DefaultMemoryRequest), so pods without
/// requests still spread out instead of all landing on one node.
inline constexpr int64_t default_milli_cpu_request = 100;
inline constexpr int64_t default_memory_request = 200 * 1024 * 1024;

/// The requests of a pod as Kubernetes' resource helper computes them: the
/// sum over containers, raised to the largest init container's requests
/// (init containers run one at a time), plus spec.overhead.
resource_list pod_requests(const api::PodSpec& spec);

/// Like pod_requests, but a container without a cpu or memory request
/// counts the defaults above (the non-zero requests scoring uses).
resource_list pod_non_zero_requests(const api::PodSpec& spec);

} // namespace convoy::scheduler
