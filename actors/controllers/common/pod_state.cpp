#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers {

namespace {

int phase_rank(const std::string& phase) {
  if (phase == "Pending")
    return 0;
  if (phase == "Running")
    return 2;
  return 1; // Unknown (and anything unset)
}

int32_t restarts(const api::Pod& pod) {
  int32_t max = 0;
  for (const auto& cs : pod.status().container_statuses())
    max = std::max(max, cs.restart_count());
  return max;
}

/// Compares two timestamps: <0, 0, >0.
int compare(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  if (a.seconds() != b.seconds())
    return a.seconds() < b.seconds() ? -1 : 1;
  if (a.nanos() != b.nanos())
    return a.nanos() < b.nanos() ? -1 : 1;
  return 0;
}

} // namespace

int64_t seconds_of(const google::protobuf::Timestamp& ts) {
  return ts.seconds();
}

bool is_pod_active(const api::Pod& pod) {
  const auto& phase = pod.status().phase();
  return phase != "Succeeded" && phase != "Failed" && !pod.metadata().has_deletion_timestamp();
}

const api::PodCondition* pod_condition(const api::Pod& pod, const std::string& type) {
  for (const auto& c : pod.status().conditions())
    if (c.type() == type)
      return &c;
  return nullptr;
}

bool is_pod_ready(const api::Pod& pod) {
  const auto* c = pod_condition(pod, "Ready");
  return c != nullptr && c->status() == "True";
}

bool is_pod_available(const api::Pod& pod, int32_t min_ready_seconds, int64_t now_seconds) {
  const auto* c = pod_condition(pod, "Ready");
  if (c == nullptr || c->status() != "True")
    return false;
  return min_ready_seconds == 0
         || (c->has_last_transition_time()
             && seconds_of(c->last_transition_time()) + min_ready_seconds <= now_seconds);
}

const api::OwnerReference* controller_of(const api::ObjectMeta& meta) {
  for (const auto& ref : meta.owner_references())
    if (ref.has_controller() && ref.controller())
      return &ref;
  return nullptr;
}

bool delete_before(const api::Pod& a, const api::Pod& b) {
  bool a_bound = !a.spec().node_name().empty();
  bool b_bound = !b.spec().node_name().empty();
  if (a_bound != b_bound)
    return !a_bound;
  int a_phase = phase_rank(a.status().phase());
  int b_phase = phase_rank(b.status().phase());
  if (a_phase != b_phase)
    return a_phase < b_phase;
  bool a_ready = is_pod_ready(a);
  bool b_ready = is_pod_ready(b);
  if (a_ready != b_ready)
    return !a_ready;
  if (a_ready) {
    // Ready for less time goes first: the later transition.
    int cmp = compare(pod_condition(a, "Ready")->last_transition_time(),
                      pod_condition(b, "Ready")->last_transition_time());
    if (cmp != 0)
      return cmp > 0;
  }
  if (restarts(a) != restarts(b))
    return restarts(a) > restarts(b);
  int cmp = compare(a.metadata().creation_timestamp(), b.metadata().creation_timestamp());
  if (cmp != 0)
    return cmp > 0;
  return a.metadata().name() < b.metadata().name(); // a total order, for determinism
}

} // namespace convoy::controllers
