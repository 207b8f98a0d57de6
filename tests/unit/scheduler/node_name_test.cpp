// Tests for plugins/node_name: Kubernetes' NodeName (nodename_test.go).

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_name/node_name.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

const std::string mismatch = "node(s) didn't match the requested node name";

} // namespace

BOOST_AUTO_TEST_SUITE(node_name_test)

BOOST_AUTO_TEST_CASE(pre_filter_skips_pods_without_node_name) {
  plugins::node_name pl;
  cycle_state state(1);
  node_snapshot nodes;
  check_status(pl.pre_filter(state, *pod_builder("p").info(), nodes), code::skip);
  check_status(pl.pre_filter(state, *pod_builder("p").node_name("n1").info(), nodes),
               code::success);
}

BOOST_AUTO_TEST_CASE(filter_matches_the_requested_node) {
  struct row {
    const char* name;
    std::string pod_node;
    std::string node;
    code want;
    std::vector<std::string> reasons;
  };
  const std::vector<row> rows = {
    {"no node name fits every node", "", "n1", code::success, {}},
    {"same name fits", "n1", "n1", code::success, {}},
    {"other name is unresolvable", "n1", "n2", code::unresolvable, {mismatch}},
    {"names compare exactly", "N1", "n1", code::unresolvable, {mismatch}},
    {"a prefix is not a match", "n1", "n10", code::unresolvable, {mismatch}},
  };
  plugins::node_name pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto pod = pod_builder("p").node_name(r.pod_node).info();
      auto node = node_builder(r.node).info();
      check_status(pl.filter(state, *pod, *node), r.want, r.reasons);
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_reports_a_missing_node_as_an_error) {
  plugins::node_name pl;
  cycle_state state(1);
  node_info ghost("n1");
  check_status(pl.filter(state, *pod_builder("p").node_name("n1").info(), ghost), code::error,
               {"node not found"});
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::node_name pl;
  BOOST_TEST(pl.name() == "NodeName");
}

BOOST_AUTO_TEST_SUITE_END()
