#include "actors/controllers/deployment/core/recreate.hpp"

#include "actors/controllers/deployment/core/deployment_util.hpp"

namespace convoy::controllers::deployment {

bool scale_down_old_for_recreate(rollout_state& st) {
  bool scaled = false;
  for (size_t i : st.active_old_indexes())
    if (st.scale_and_record(i, 0))
      scaled = true;
  return scaled;
}

bool old_pods_running(const rollout_state& st, bool old_pods_running) {
  return old_pods_running || status_replicas_sum(st.ptrs(st.old_indexes())) > 0;
}

bool scale_up_new_for_recreate(rollout_state& st) {
  auto i = st.new_rs();
  return i && st.scale_and_record(*i, desired_replicas(st.deployment()));
}

} // namespace convoy::controllers::deployment
