#include "actors/scheduler/plugins/node_resources/node_resources_fit.hpp"

#include <string>

namespace convoy::scheduler::plugins {

namespace {

/// Appends `reason` to `out`, turning a success into unschedulable on the
/// first one (so the success path never allocates).
void reject(status& out, std::string reason) {
  if (out.is_success())
    out = status::unschedulable(std::move(reason));
  else
    out.add_reason(std::move(reason));
}

/// As Kubernetes: a zero request always fits, even on an overcommitted node.
bool exceeds(int64_t request, int64_t allocatable, int64_t requested) {
  return request > 0 && request > allocatable - requested;
}

bool requests_nothing(const resource_list& r) {
  return r.milli_cpu == 0 && r.memory == 0 && r.ephemeral_storage == 0 && r.scalars.empty();
}

void check_scalars(status& out, const resource_list& request, const node_info& node) {
  for (const auto& [name, amount] : request.scalars) {
    if (amount == 0)
      continue;
    if (amount > node.allocatable().scalar(name) - node.requested().scalar(name))
      reject(out, "Insufficient " + name);
  }
}

/// Kubernetes' leastRequestedScore: the free share of `capacity` in [0, 100].
int64_t least_requested(int64_t requested, int64_t capacity) {
  if (capacity == 0 || requested > capacity)
    return 0;
  return (capacity - requested) * max_node_score / capacity;
}

} // namespace

status node_resources_fit::filter(const cycle_state& /*state*/, const pod_info& pod,
                                  const node_info& node) const {
  status out;
  const auto& alloc = node.allocatable();
  const auto& used = node.requested();
  if (static_cast<int64_t>(node.pods().size()) + 1 > alloc.pods)
    reject(out, "Too many pods");
  const auto& req = pod.requests;
  if (requests_nothing(req))
    return out;
  if (exceeds(req.milli_cpu, alloc.milli_cpu, used.milli_cpu))
    reject(out, "Insufficient cpu");
  if (exceeds(req.memory, alloc.memory, used.memory))
    reject(out, "Insufficient memory");
  if (exceeds(req.ephemeral_storage, alloc.ephemeral_storage, used.ephemeral_storage))
    reject(out, "Insufficient ephemeral-storage");
  check_scalars(out, req, node);
  return out;
}

int64_t node_resources_fit::score(const cycle_state& /*state*/, const pod_info& pod,
                                  const node_info& node) const {
  const auto& alloc = node.allocatable();
  const auto& used = node.non_zero_requested();
  const auto& req = pod.non_zero_requests;
  // Kubernetes leaves a resource the node does not have out of the average
  // (instead of scoring it 0), so a memory-less node is ranked on cpu alone.
  int64_t sum = 0;
  int64_t weights = 0;
  if (alloc.milli_cpu != 0) {
    sum += least_requested(used.milli_cpu + req.milli_cpu, alloc.milli_cpu);
    ++weights;
  }
  if (alloc.memory != 0) {
    sum += least_requested(used.memory + req.memory, alloc.memory);
    ++weights;
  }
  return weights == 0 ? 0 : sum / weights;
}

} // namespace convoy::scheduler::plugins
