// Tests for framework/framework after the filters: weighted scoring, the
// seeded tie-break, reserve/unreserve, and the default plugin set end to end
// (the fakes: framework_fakes.hpp).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/scheduler/framework/default_plugins.hpp"
#include "actors/scheduler/framework/framework.hpp"
#include "builders.hpp"
#include "framework_fakes.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

BOOST_AUTO_TEST_SUITE(framework_score_test)

BOOST_AUTO_TEST_CASE(only_nodes_found_feasible_are_scored) {
  std::vector<plugin_entry> plugins;
  add<fake_filter>(plugins, 0);
  std::map<std::string, int64_t> scores;
  for (size_t i = 0; i < 300; ++i)
    scores[node_name(i)] = static_cast<int64_t>(i);
  auto* scorer = add<fake_scorer>(plugins, 1, "ByIndex", scores);
  framework fw(std::move(plugins), seeded(1)); // 144 of 300 per cycle
  cluster c(300);
  // The best node so far is the last one looked at, not n299.
  BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n143");
  BOOST_TEST(scorer->score_calls == 144u);
  BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n287");
  // n288..n299 then n0..n131.
  BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n299");
}

// ------------------------------------------------------------------ scoring

BOOST_AUTO_TEST_CASE(weighted_sum_picks_the_best_node) {
  const std::map<std::string, int64_t> a = {{"n0", 100}, {"n1", 0}, {"n2", 50}};
  const std::map<std::string, int64_t> b = {{"n0", 0}, {"n1", 40}, {"n2", 20}};
  cluster c(3);
  {
    // n0: 100, n1: 120, n2: 110.
    std::vector<plugin_entry> plugins;
    add<fake_scorer>(plugins, 1, "A", a);
    add<fake_scorer>(plugins, 3, "B", b);
    framework fw(std::move(plugins), seeded(1));
    auto r = fw.schedule(*a_pod(), c.snapshot);
    BOOST_TEST(r.node == "n1");
    BOOST_TEST(r.feasible_nodes == 3u);
  }
  {
    // n0: 300, n1: 40, n2: 170.
    std::vector<plugin_entry> plugins;
    add<fake_scorer>(plugins, 3, "A", a);
    add<fake_scorer>(plugins, 1, "B", b);
    framework fw(std::move(plugins), seeded(1));
    BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n0");
  }
  {
    // Weight 0: B alone decides.
    std::vector<plugin_entry> plugins;
    add<fake_scorer>(plugins, 0, "A", a);
    add<fake_scorer>(plugins, 1, "B", b);
    framework fw(std::move(plugins), seeded(1));
    BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n1");
  }
}

BOOST_AUTO_TEST_CASE(scores_are_normalized_before_weighting) {
  // Raw 10, 0, 5 reversed by normalize: n0 0, n1 100, n2 50.
  std::vector<plugin_entry> plugins;
  auto* rev = add<fake_scorer>(plugins, 1, "Reverse",
                               std::map<std::string, int64_t>{{"n0", 10}, {"n2", 5}}, true);
  // Without normalization n0 (10 + 60) would beat n2 (5 + 60) and n1 (0).
  add<fake_scorer>(plugins, 1, "Plain", std::map<std::string, int64_t>{{"n0", 60}, {"n2", 60}});
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  // n0: 0 + 60, n1: 100 + 0, n2: 50 + 60.
  BOOST_TEST(fw.schedule(*a_pod(), c.snapshot).node == "n2");
  BOOST_TEST(rev->normalize_calls == 1u);
  BOOST_TEST(rev->score_calls == 3u);
}

BOOST_AUTO_TEST_CASE(infeasible_nodes_are_never_chosen) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  filter->reject("n1", status::unschedulable("Insufficient cpu"));
  add<fake_scorer>(plugins, 1, "Likes", std::map<std::string, int64_t>{{"n1", 100}, {"n2", 10}});
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(r.node == "n2");
  BOOST_TEST(r.feasible_nodes == 2u);
  BOOST_TEST(r.evaluated_nodes == 3u);
}

BOOST_AUTO_TEST_CASE(pre_score_skip_leaves_the_score_out) {
  cluster c(2);
  for (bool skip : {false, true}) {
    std::vector<plugin_entry> plugins;
    auto* pre = add<fake_pre_scorer>(plugins, 5, "Pre", std::map<std::string, int64_t>{{"n0", 100}},
                                     skip ? status::skip() : status::ok());
    add<fake_scorer>(plugins, 1, "Other", std::map<std::string, int64_t>{{"n1", 100}});
    framework fw(std::move(plugins), seeded(1));
    auto r = fw.schedule(*a_pod(), c.snapshot);
    BOOST_TEST(r.node == (skip ? "n1" : "n0"), "skip = " << skip);
    BOOST_TEST(pre->pre_score_calls == 1u);
    BOOST_TEST(pre->last_feasible == 2u);
    BOOST_TEST(pre->score_calls == (skip ? 0u : 2u));
  }
}

BOOST_AUTO_TEST_CASE(single_feasible_node_is_chosen_without_scoring) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  filter->reject("n0", status::unschedulable("Insufficient cpu"))
    .reject("n2", status::unschedulable("Insufficient cpu"));
  auto* pre = add<fake_pre_scorer>(plugins, 1, "Pre", std::map<std::string, int64_t>{{"n1", 1}},
                                   status::ok());
  auto* scorer = add<fake_scorer>(plugins, 1, "Scorer");
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(r.node == "n1");
  BOOST_TEST(r.feasible_nodes == 1u);
  BOOST_TEST(r.failure.is_success());
  BOOST_TEST(pre->pre_score_calls == 0u);
  BOOST_TEST(pre->score_calls == 0u);
  BOOST_TEST(scorer->score_calls == 0u);
  BOOST_TEST(scorer->normalize_calls == 0u);
}

// ---------------------------------------------------------------- tie-break

namespace {

/// The nodes chosen over `cycles` cycles for a tie between all of `n` nodes.
std::vector<std::string> tie_choices(uint64_t seed, size_t n, size_t cycles) {
  std::vector<plugin_entry> plugins;
  add<fake_scorer>(plugins, 1, "Flat"); // every node scores 0
  framework fw(std::move(plugins), seeded(seed));
  cluster c(n);
  std::vector<std::string> out;
  for (size_t i = 0; i < cycles; ++i)
    out.push_back(fw.schedule(*a_pod(), c.snapshot).node);
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(tie_break_is_reproducible_under_a_seed) {
  auto first = tie_choices(42, 20, 50);
  auto second = tie_choices(42, 20, 50);
  BOOST_TEST(first == second, boost::test_tools::per_element());
  // Another seed picks another sequence.
  BOOST_TEST(tie_choices(43, 20, 50) != first);
}

BOOST_AUTO_TEST_CASE(tie_break_spreads_over_the_tied_nodes) {
  // 4 tied nodes (all of them looked at, always in the same order), 2000
  // cycles: reservoir sampling picks each about 500 times.
  auto choices = tie_choices(7, 4, 2000);
  std::map<std::string, size_t> counts;
  for (const auto& n : choices)
    ++counts[n];
  BOOST_TEST(counts.size() == 4u);
  for (const auto& [name, count] : counts)
    BOOST_TEST((count > 400 && count < 600), name << " chosen " << count << " times");
  // Not always the first of the tie, even within a few cycles.
  auto few = tie_choices(0, 20, 10);
  BOOST_TEST(std::set<std::string>(few.begin(), few.end()).size() > 1u);
}

BOOST_AUTO_TEST_CASE(tie_break_stays_among_the_best) {
  std::vector<plugin_entry> plugins;
  add<fake_scorer>(
    plugins, 1, "S",
    std::map<std::string, int64_t>{{"n0", 50}, {"n1", 80}, {"n2", 80}, {"n3", 10}, {"n4", 79}});
  framework fw(std::move(plugins), seeded(9));
  cluster c(5);
  std::map<std::string, size_t> counts;
  for (int i = 0; i < 200; ++i)
    ++counts[fw.schedule(*a_pod(), c.snapshot).node];
  BOOST_TEST(counts.size() == 2u);
  BOOST_TEST(counts["n1"] > 50u);
  BOOST_TEST(counts["n2"] > 50u);
}

// ------------------------------------------------------------------ reserve

BOOST_AUTO_TEST_CASE(reserve_runs_in_order_and_unreserve_in_reverse) {
  std::vector<std::string> log;
  std::vector<plugin_entry> plugins;
  add<fake_reserve>(plugins, 0, "R1", log);
  add<fake_reserve>(plugins, 0, "R2", log);
  add<fake_reserve>(plugins, 0, "R3", log);
  framework fw(std::move(plugins), seeded(1));
  auto pod = a_pod();
  check_status(fw.reserve(*pod, "n1"), code::success);
  fw.unreserve(*pod, "n1");
  const std::vector<std::string> want = {"R1 reserve n1",   "R2 reserve n1",   "R3 reserve n1",
                                         "R3 unreserve n1", "R2 unreserve n1", "R1 unreserve n1"};
  BOOST_TEST(log == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reserve_failure_undoes_earlier_plugins_in_reverse) {
  std::vector<std::string> log;
  std::vector<plugin_entry> plugins;
  add<fake_reserve>(plugins, 0, "R1", log);
  add<fake_reserve>(plugins, 0, "R2", log);
  add<fake_reserve>(plugins, 0, "R3", log, true);
  add<fake_reserve>(plugins, 0, "R4", log);
  framework fw(std::move(plugins), seeded(1));
  auto st = fw.reserve(*a_pod(), "n7");
  check_status(st, code::error, {"no room in R3"});
  BOOST_TEST(st.plugin() == "R3");
  // R3 did not reserve, so it has nothing to undo; R4 never ran.
  const std::vector<std::string> want = {"R1 reserve n7", "R2 reserve n7", "R3 reserve n7",
                                         "R2 unreserve n7", "R1 unreserve n7"};
  BOOST_TEST(log == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reserve_failure_of_the_first_plugin_undoes_nothing) {
  std::vector<std::string> log;
  std::vector<plugin_entry> plugins;
  add<fake_reserve>(plugins, 0, "R1", log, true);
  add<fake_reserve>(plugins, 0, "R2", log);
  framework fw(std::move(plugins), seeded(1));
  auto st = fw.reserve(*a_pod(), "n1");
  BOOST_TEST(!st.is_success());
  BOOST_TEST(st.plugin() == "R1");
  BOOST_TEST(log == std::vector<std::string>{"R1 reserve n1"}, boost::test_tools::per_element());
}

// --------------------------------------------------- default plugins, e2e

BOOST_AUTO_TEST_CASE(default_plugins_are_kubernetes_defaults_in_order) {
  framework fw(default_plugins(), seeded(1));
  const std::vector<std::string> want = {"NodeUnschedulable", "NodeName",
                                         "TaintToleration",   "NodeAffinity",
                                         "NodePorts",         "NodeResourcesFit",
                                         "PodTopologySpread", "NodeResourcesBalancedAllocation"};
  BOOST_TEST(fw.plugin_names() == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(default_plugins_place_a_pod_where_it_fits) {
  framework fw(default_plugins(), seeded(1));
  cluster c;
  c.add(node_builder("busy")
          .allocatable("4", "8Gi")
          .info({pod_builder("a").container("2", "1Gi").info()}));
  c.add(node_builder("roomy").allocatable("4", "8Gi").info());
  c.add(node_builder("small").allocatable("2", "8Gi").info());
  for (int i = 0; i < 5; ++i) {
    auto r = fw.schedule(*pod_builder("p").container("3", "1Gi").info(), c.snapshot);
    BOOST_TEST(r.node == "roomy");
    BOOST_TEST(r.feasible_nodes == 1u);
    BOOST_TEST(r.evaluated_nodes == 3u);
  }
}

BOOST_AUTO_TEST_CASE(default_plugins_prefer_the_least_allocated_node) {
  framework fw(default_plugins(), seeded(1));
  auto existing = [](const char* name, const char* cpu, const char* mem) {
    return pod_builder(name).container(cpu, mem).info();
  };
  // Equal nodes, cpu and memory used in proportion (balanced everywhere).
  cluster c;
  c.add(node_builder("n-a").allocatable("4", "8Gi").info({existing("a", "1", "2Gi")}));
  c.add(node_builder("n-b").allocatable("4", "8Gi").info({existing("b", "2", "4Gi")}));
  c.add(node_builder("n-c").allocatable("4", "8Gi").info());
  c.add(node_builder("n-d").allocatable("4", "8Gi").info({existing("d", "500m", "1Gi")}));
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(fw.schedule(*pod_builder("p").container("1", "2Gi").info(), c.snapshot).node
               == "n-c");
}

BOOST_AUTO_TEST_CASE(default_plugins_explain_why_nothing_fits) {
  framework fw(default_plugins(), seeded(1));
  cluster c;
  c.add(node_builder("cordoned").allocatable("8", "8Gi").unschedulable().info());
  c.add(
    node_builder("tainted").allocatable("8", "8Gi").taint("dedicated", "db", "NoSchedule").info());
  c.add(node_builder("small-1").allocatable("2", "8Gi").info());
  c.add(node_builder("small-2").allocatable("2", "8Gi").info());
  auto r = fw.schedule(*pod_builder("p").container("3", "1Gi").info(), c.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::unschedulable,
               {"0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, "
                "1 node(s) were unschedulable, 2 Insufficient cpu."});
  BOOST_TEST(
    (r.diag.unschedulable_plugins
     == std::set<std::string>{"NodeResourcesFit", "NodeUnschedulable", "TaintToleration"}));
}

BOOST_AUTO_TEST_CASE(default_plugins_node_name_mismatch_is_unresolvable) {
  framework fw(default_plugins(), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*pod_builder("p").container("1").node_name("elsewhere").info(), c.snapshot);
  check_status(r.failure, code::unresolvable,
               {"0/3 nodes are available: 3 node(s) didn't match the requested node name."});
  auto ok = fw.schedule(*pod_builder("p").container("1").node_name("n2").info(), c.snapshot);
  BOOST_TEST(ok.node == "n2");
}

BOOST_AUTO_TEST_SUITE_END()
