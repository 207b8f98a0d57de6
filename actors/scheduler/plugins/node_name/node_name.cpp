#include "actors/scheduler/plugins/node_name/node_name.hpp"

namespace convoy::scheduler::plugins {

status node_name::pre_filter(cycle_state& /*state*/, const pod_info& pod,
                             const node_snapshot& /*nodes*/) const {
  return pod.spec().node_name().empty() ? status::skip() : status::ok();
}

status node_name::filter(const cycle_state& /*state*/, const pod_info& pod,
                         const node_info& node) const {
  // As Kubernetes: a node info without its Node is the cache's problem, not
  // the pod's (an error, so the pod is retried rather than marked unfit).
  if (node.node() == nullptr)
    return status::error("node not found");
  const auto& wanted = pod.spec().node_name();
  if (wanted.empty() || wanted == node.node()->metadata().name())
    return status::ok();
  return status::unresolvable("node(s) didn't match the requested node name");
}

} // namespace convoy::scheduler::plugins
