// Tests for plugins/node_resources/balanced_allocation: Kubernetes'
// NodeResourcesBalancedAllocation score (balanced_allocation_test.go).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_resources/balanced_allocation.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

/// 4 cpu, 8Gi memory.
node_builder node() {
  return node_builder("n1").allocatable("4", "8Gi");
}

} // namespace

BOOST_AUTO_TEST_SUITE(balanced_allocation_test)

BOOST_AUTO_TEST_CASE(score_prefers_equal_cpu_and_memory_shares) {
  struct row {
    const char* name;
    node_builder node;
    std::vector<pod_info_ptr> existing;
    pod_info_ptr pod;
    int64_t want;
  };
  const std::vector<row> rows = {
    // 1/4 and 2/8: no deviation.
    {"equal shares", node(), {}, pod_builder("p").container("1", "2Gi").info(), 100},
    // 0.5 and 0.25: std 0.125, (1 - 0.125) * 100 = 87.5, truncated.
    {"cpu heavier", node(), {}, pod_builder("p").container("2", "2Gi").info(), 87},
    // 0.75 and 0.125: std 0.3125 -> 68.75.
    {"strongly unbalanced", node(), {}, pod_builder("p").container("3", "1Gi").info(), 68},
    // The node's pods count: cpu (1+1)/4 = 0.5, memory 4/8 = 0.5.
    {"balances with the node's pods", node(), {requesting("1", "")},
     pod_builder("p").container("1", "4Gi").info(), 100},
    // Real requests, not the scoring defaults: cpu 0.25, memory 0 -> 87.
    // (With the defaults: 1.1/4 = 0.275 and 400Mi/8Gi = 0.049 -> 88.)
    {"request-less pods count nothing", node(), {requesting("", "")},
     pod_builder("p").container("1").info(), 87},
    {"a request-less pod on an empty node", node(), {}, pod_builder("p").container("").info(),
     100},
    // cpu 6/4 is capped at 1; memory 0: std 0.5 (0.75 without the cap).
    {"overcommitted share is capped at 1", node(), {requesting("6", "")},
     pod_builder("p").container("").info(), 50},
    // Memory is left out: one fraction has no deviation.
    {"a node without memory", node_builder("n1").resource("cpu", "4"), {},
     pod_builder("p").container("3", "1Gi").info(), 100},
  };
  plugins::balanced_allocation pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto info = r.node.info();
      for (const auto& p : r.existing)
        info->add_pod(p);
      BOOST_TEST(pl.score(state, *r.pod, *info) == r.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(score_ranks_the_better_balanced_node_higher) {
  // The pod asks for much memory: a cpu-loaded node ends up balanced, an
  // empty one memory-heavy.
  auto pod = pod_builder("p").container("500m", "4Gi").info();
  auto cpu_loaded = node().info();
  cpu_loaded->add_pod(requesting("2", ""));
  auto empty = node().info();
  plugins::balanced_allocation pl;
  cycle_state state(1);
  // cpu 2.5/4 = 0.625, memory 0.5: std 0.0625 -> 93.75; empty: 0.125 and
  // 0.5: std 0.1875 -> 81.25.
  BOOST_TEST(pl.score(state, *pod, *cpu_loaded) == 93);
  BOOST_TEST(pl.score(state, *pod, *empty) == 81);
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::balanced_allocation pl;
  BOOST_TEST(pl.name() == "NodeResourcesBalancedAllocation");
}

BOOST_AUTO_TEST_SUITE_END()
