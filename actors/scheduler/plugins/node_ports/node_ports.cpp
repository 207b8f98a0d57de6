#include "actors/scheduler/plugins/node_ports/node_ports.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace convoy::scheduler::plugins {

namespace {

/// The host ports the pod wants, computed by pre_filter.
struct pre_filter_state : state_data {
  explicit pre_filter_state(std::vector<host_port> ports) : wanted(std::move(ports)) {}

  std::vector<host_port> wanted;
};

bool fits(const std::vector<host_port>& wanted, const std::vector<host_port>& used) {
  for (const auto& w : wanted)
    for (const auto& u : used)
      if (w.conflicts_with(u))
        return false;
  return true;
}

} // namespace

status node_ports::pre_filter(cycle_state& state, const pod_info& pod,
                              const node_snapshot& /*nodes*/) const {
  auto wanted = pod_host_ports(pod.spec());
  if (wanted.empty())
    return status::skip();
  state.write(slot(), std::make_unique<pre_filter_state>(std::move(wanted)));
  return status::ok();
}

status node_ports::filter(const cycle_state& state, const pod_info& /*pod*/,
                          const node_info& node) const {
  // As Kubernetes: no state means the framework skipped pre_filter, a bug to
  // report, not to paper over by allocating here on the hot path.
  const auto* s = state.read<pre_filter_state>(slot());
  if (s == nullptr)
    return status::error("NodePorts: no pre-filter state in the cycle state");
  if (!fits(s->wanted, node.used_ports()))
    return status::unschedulable("node(s) didn't have free ports for the requested pod ports");
  return status::ok();
}

} // namespace convoy::scheduler::plugins
