// Tests for plugins/node_unschedulable: Kubernetes' NodeUnschedulable
// (node_unschedulable_test.go), with the toleration edge cases of the
// node.kubernetes.io/unschedulable:NoSchedule taint a cordon stands for.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_unschedulable/node_unschedulable.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

const std::string key = "node.kubernetes.io/unschedulable";
const std::string cordoned = "node(s) were unschedulable";

struct toleration {
  std::string key;
  std::string op;
  std::string value;
  std::string effect;
};

} // namespace

BOOST_AUTO_TEST_SUITE(node_unschedulable_test)

BOOST_AUTO_TEST_CASE(filter_rejects_cordoned_nodes_unless_tolerated) {
  struct row {
    const char* name;
    bool unschedulable;
    std::vector<toleration> tolerations;
    code want;
  };
  const std::vector<row> rows = {
    {"schedulable node", false, {}, code::success},
    {"cordoned node", true, {}, code::unresolvable},
    {"Exists NoSchedule tolerates", true, {{key, "Exists", "", "NoSchedule"}}, code::success},
    {"empty effect tolerates", true, {{key, "Exists", "", ""}}, code::success},
    {"empty key with Exists tolerates everything", true, {{"", "Exists", "", ""}},
     code::success},
    {"Equal with empty value tolerates", true, {{key, "Equal", "", "NoSchedule"}},
     code::success},
    {"empty operator means Equal", true, {{key, "", "", "NoSchedule"}}, code::success},
    {"Equal with a value does not", true, {{key, "Equal", "true", "NoSchedule"}},
     code::unresolvable},
    {"NoExecute effect does not", true, {{key, "Exists", "", "NoExecute"}}, code::unresolvable},
    {"PreferNoSchedule effect does not", true, {{key, "Exists", "", "PreferNoSchedule"}},
     code::unresolvable},
    {"other key does not", true, {{"node.kubernetes.io/not-ready", "Exists", "", ""}},
     code::unresolvable},
    {"any toleration of several", true,
     {{"other", "Exists", "", ""}, {key, "Exists", "", "NoSchedule"}}, code::success},
    {"tolerating a schedulable node changes nothing", false, {{key, "Exists", "", ""}},
     code::success},
  };
  plugins::node_unschedulable pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      pod_builder pod("p");
      for (const auto& t : r.tolerations)
        pod.toleration(t.key, t.op, t.value, t.effect);
      node_builder node("n1");
      if (r.unschedulable)
        node.unschedulable();
      std::vector<std::string> reasons;
      if (r.want != code::success)
        reasons.push_back(cordoned);
      check_status(pl.filter(state, *pod.info(), *node.info()), r.want, reasons);
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_reads_spec_unschedulable_not_the_taint) {
  // The taint itself is TaintToleration's business; this plugin only looks
  // at spec.unschedulable.
  plugins::node_unschedulable pl;
  cycle_state state(1);
  auto node = node_builder("n1").taint(key, "", "NoSchedule").info();
  check_status(pl.filter(state, *pod_builder("p").info(), *node), code::success);
}

BOOST_AUTO_TEST_CASE(filter_rejects_a_missing_node) {
  plugins::node_unschedulable pl;
  cycle_state state(1);
  node_info ghost("n1");
  check_status(pl.filter(state, *pod_builder("p").info(), ghost), code::unresolvable,
               {"node not found"});
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::node_unschedulable pl;
  BOOST_TEST(pl.name() == "NodeUnschedulable");
}

BOOST_AUTO_TEST_SUITE_END()
