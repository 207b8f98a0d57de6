#include "actors/controllers/nodelifecycle/core/pod_readiness.hpp"

namespace convoy::controllers::nodelifecycle {

std::optional<api::Pod> marked_not_ready(const api::Pod& pod, int64_t wall_now_seconds) {
  for (int i = 0; i < pod.status().conditions_size(); ++i) {
    const auto& c = pod.status().conditions(i);
    if (c.type() != "Ready" || c.status() != "True")
      continue;
    api::Pod out = pod;
    auto* ready = out.mutable_status()->mutable_conditions(i);
    ready->set_status("False");
    ready->mutable_last_transition_time()->set_seconds(wall_now_seconds);
    ready->mutable_last_transition_time()->set_nanos(0);
    return out;
  }
  return std::nullopt;
}

} // namespace convoy::controllers::nodelifecycle
