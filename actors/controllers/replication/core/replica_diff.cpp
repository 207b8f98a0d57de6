#include "actors/controllers/replication/core/replica_diff.hpp"

#include <algorithm>

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers::replication {

replica_diff diff_replicas(const replica_owner& owner, const std::vector<const api::Pod*>& active,
                           int burst) {
  replica_diff out;
  if (owner.selector.is_nothing() || burst <= 0)
    return out;
  std::vector<const api::Pod*> pods;
  pods.reserve(active.size());
  for (const auto* pod : active)
    if (pod != nullptr && is_pod_active(*pod))
      pods.push_back(pod);
  auto have = static_cast<int64_t>(pods.size());
  int64_t want = std::max<int32_t>(owner.replicas, 0);
  if (have < want) {
    out.create = static_cast<int>(std::min<int64_t>(want - have, burst));
  } else if (have > want) {
    auto n = static_cast<std::size_t>(std::min<int64_t>(have - want, burst));
    auto less = [](const api::Pod* a, const api::Pod* b) { return delete_before(*a, *b); };
    std::partial_sort(pods.begin(), pods.begin() + static_cast<std::ptrdiff_t>(n), pods.end(),
                      less);
    out.remove.assign(pods.begin(), pods.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

std::vector<int> slow_start_batches(int count, int initial) {
  std::vector<int> batches;
  int64_t remaining = count;
  for (int64_t batch = std::min<int64_t>(remaining, initial); batch > 0;
       batch = std::min(2 * batch, remaining)) {
    batches.push_back(static_cast<int>(batch));
    remaining -= batch;
  }
  return batches;
}

} // namespace convoy::controllers::replication
