#include "actors/scheduler/framework/default_plugins.hpp"

#include "actors/scheduler/plugins/node_affinity/node_affinity.hpp"
#include "actors/scheduler/plugins/node_name/node_name.hpp"
#include "actors/scheduler/plugins/node_ports/node_ports.hpp"
#include "actors/scheduler/plugins/node_resources/balanced_allocation.hpp"
#include "actors/scheduler/plugins/node_resources/node_resources_fit.hpp"
#include "actors/scheduler/plugins/node_unschedulable/node_unschedulable.hpp"
#include "actors/scheduler/plugins/pod_topology_spread/pod_topology_spread.hpp"
#include "actors/scheduler/plugins/taint_toleration/taint_toleration.hpp"

namespace convoy::scheduler {

std::vector<plugin_entry> default_plugins() {
  std::vector<plugin_entry> out;
  auto add = [&out](std::unique_ptr<plugin> p, int64_t weight) {
    out.push_back(plugin_entry{std::move(p), weight});
  };
  add(std::make_unique<plugins::node_unschedulable>(), 0);
  add(std::make_unique<plugins::node_name>(), 0);
  add(std::make_unique<plugins::taint_toleration>(), 3);
  add(std::make_unique<plugins::node_affinity>(), 2);
  add(std::make_unique<plugins::node_ports>(), 0);
  add(std::make_unique<plugins::node_resources_fit>(), 1);
  add(std::make_unique<plugins::pod_topology_spread>(), 2);
  add(std::make_unique<plugins::balanced_allocation>(), 1);
  return out;
}

} // namespace convoy::scheduler
