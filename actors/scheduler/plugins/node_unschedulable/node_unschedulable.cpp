#include "actors/scheduler/plugins/node_unschedulable/node_unschedulable.hpp"

#include "messages/tolerations.hpp"

namespace convoy::scheduler::plugins {

namespace {

/// The taint a cordon stands for. Built once: the filter runs for every
/// node and must not allocate.
const api::Taint& unschedulable_taint() {
  static const api::Taint taint = [] {
    api::Taint t;
    t.set_key("node.kubernetes.io/unschedulable");
    t.set_effect("NoSchedule");
    return t;
  }();
  return taint;
}

} // namespace

status node_unschedulable::filter(const cycle_state& /*state*/, const pod_info& pod,
                                  const node_info& node) const {
  const auto* n = node.node();
  if (n == nullptr)
    return status::unresolvable("node not found");
  if (n->spec().unschedulable() && !tolerated(pod.spec().tolerations(), unschedulable_taint()))
    return status::unresolvable("node(s) were unschedulable");
  return status::ok();
}

} // namespace convoy::scheduler::plugins
