#include "actors/controllers/nodelifecycle/core/taint_eviction.hpp"

#include <algorithm>

#include "messages/tolerations.hpp"

namespace convoy::controllers::nodelifecycle {

namespace {

const api::Toleration* first_tolerating(const api::Pod& pod, const api::Taint& taint) {
  for (const auto& t : pod.spec().tolerations())
    if (tolerates(t, taint))
      return &t;
  return nullptr;
}

} // namespace

eviction_decision evict_decision(const api::Pod& pod, const api::Node& node,
                                 int64_t wall_now_seconds) {
  using kind = eviction_decision::kind;
  if (pod.metadata().has_deletion_timestamp() || pod.spec().node_name() != node.metadata().name())
    return {};
  std::optional<int64_t> deadline;
  for (const auto& taint : node.spec().taints()) {
    if (taint.effect() != "NoExecute")
      continue;
    const auto* toleration = first_tolerating(pod, taint);
    if (toleration == nullptr)
      return {kind::now, wall_now_seconds};
    if (!toleration->has_toleration_seconds())
      continue; // tolerated forever
    if (toleration->toleration_seconds() <= 0)
      return {kind::now, wall_now_seconds};
    int64_t added = taint.has_time_added() ? taint.time_added().seconds() : wall_now_seconds;
    int64_t at = added + toleration->toleration_seconds();
    deadline = deadline ? std::min(*deadline, at) : at;
  }
  if (!deadline)
    return {};
  if (*deadline <= wall_now_seconds)
    return {kind::now, wall_now_seconds};
  return {kind::at, *deadline};
}

node_evictions evictions_on_node(const api::Node& node,
                                 const std::vector<std::shared_ptr<const api::Pod>>& pods,
                                 int64_t wall_now_seconds) {
  node_evictions out;
  for (const auto& pod : pods) {
    auto d = evict_decision(*pod, node, wall_now_seconds);
    if (d.what == eviction_decision::kind::now)
      out.evict.push_back(pod);
    else if (d.what == eviction_decision::kind::at)
      out.next_deadline = out.next_deadline ? std::min(*out.next_deadline, d.at_seconds)
                                            : d.at_seconds;
  }
  return out;
}

} // namespace convoy::controllers::nodelifecycle
