// Tests for framework/framework and framework/diagnosis: the scheduling
// cycle (kube-scheduler's schedulePod / frameworkImpl) driven by small fake
// plugins (framework_fakes.hpp), its FitError message, the adaptive share of
// nodes to look at and the rotation of the starting node. Scoring, the
// tie-break, reserve and the default plugins: framework_score_test.cpp.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/scheduler/framework/diagnosis.hpp"
#include "actors/scheduler/framework/framework.hpp"
#include "builders.hpp"
#include "framework_fakes.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

BOOST_AUTO_TEST_SUITE(framework_test)

// ---------------------------------------------------------------- diagnosis

BOOST_AUTO_TEST_CASE(diagnosis_message_is_a_sorted_reason_histogram) {
  diagnosis d;
  d.num_all_nodes = 15;
  for (int i = 0; i < 10; ++i)
    d.add(status::unschedulable("Insufficient memory"));
  for (int i = 0; i < 2; ++i)
    d.add(status::unresolvable("node(s) had untolerated taint {dedicated: db}"));
  for (int i = 0; i < 3; ++i)
    d.add(status::unschedulable("Insufficient cpu"));
  // Sorted as strings, as kube-scheduler does: "10 ..." before "2 ...".
  BOOST_TEST(d.message() ==
             "0/15 nodes are available: 10 Insufficient memory, 2 node(s) had untolerated "
             "taint {dedicated: db}, 3 Insufficient cpu.");
  BOOST_TEST(d.reasons.at("Insufficient cpu") == 3u);
  BOOST_TEST(d.resolvable);
}

BOOST_AUTO_TEST_CASE(diagnosis_counts_every_reason_of_a_status) {
  diagnosis d;
  d.num_all_nodes = 2;
  auto both = status::unschedulable("Insufficient cpu");
  both.add_reason("Insufficient memory");
  both.set_plugin("NodeResourcesFit");
  d.add(both);
  auto cpu = status::unschedulable("Insufficient cpu");
  cpu.set_plugin("NodeResourcesFit");
  d.add(cpu);
  BOOST_TEST(d.message() == "0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.");
  BOOST_TEST((d.unschedulable_plugins == std::set<std::string>{"NodeResourcesFit"}));
}

BOOST_AUTO_TEST_CASE(diagnosis_is_resolvable_only_after_an_unschedulable_status) {
  diagnosis d;
  d.num_all_nodes = 2;
  d.add(status::unresolvable("node(s) were unschedulable"));
  BOOST_TEST(!d.resolvable);
  d.add(status::unschedulable("Insufficient cpu"));
  BOOST_TEST(d.resolvable);
}

BOOST_AUTO_TEST_CASE(diagnosis_pre_filter_message_replaces_the_histogram) {
  diagnosis d;
  d.num_all_nodes = 7;
  d.pre_filter_msg = "pod affinity terms conflict";
  d.add(status::unschedulable("Insufficient cpu"));
  BOOST_TEST(d.message() == "0/7 nodes are available: pod affinity terms conflict.");
}

// ------------------------------------------------------- failures and codes

BOOST_AUTO_TEST_CASE(no_nodes_fails_with_kubernetes_message) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  auto* pre = add<fake_pre_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1));
  cluster empty;
  auto r = fw.schedule(*a_pod(), empty.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::unschedulable, {"no nodes available to schedule pods"});
  BOOST_TEST(r.evaluated_nodes == 0u);
  BOOST_TEST(r.diag.num_all_nodes == 0u);
  BOOST_TEST(filter->seen.empty());
  BOOST_TEST(pre->pre_filter_calls == 0u);
}

BOOST_AUTO_TEST_CASE(histogram_message_and_unschedulable_code) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0, "Fake");
  const std::string taint = "node(s) had untolerated taint {dedicated: db}";
  filter->reject("n0", status::unresolvable(taint))
    .reject("n1", status::unresolvable(taint))
    .reject("n2", status::unschedulable("Insufficient cpu"))
    .reject("n3", status::unschedulable("Insufficient cpu"))
    .reject("n4", status::unschedulable("Insufficient cpu"));
  framework fw(std::move(plugins), seeded(1));
  cluster c(5);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.node.empty());
  check_status(r.failure, code::unschedulable,
               {"0/5 nodes are available: 2 " + taint + ", 3 Insufficient cpu."});
  BOOST_TEST(r.diag.message() == only_reason(r.failure));
  BOOST_TEST(r.evaluated_nodes == 5u);
  BOOST_TEST(r.feasible_nodes == 0u);
  BOOST_TEST((r.diag.unschedulable_plugins == std::set<std::string>{"Fake"}));
}

BOOST_AUTO_TEST_CASE(one_unschedulable_node_makes_the_failure_unschedulable) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  filter->reject("n0", status::unresolvable("node(s) were unschedulable"))
    .reject("n1", status::unresolvable("node(s) were unschedulable"))
    .reject("n2", status::unschedulable("Insufficient cpu"));
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  check_status(r.failure, code::unschedulable,
               {"0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable."});
}

BOOST_AUTO_TEST_CASE(only_unresolvable_nodes_make_the_failure_unresolvable) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  filter->reject("n0", status::unresolvable("node(s) were unschedulable"))
    .reject("n1", status::unresolvable("node(s) didn't match Pod's node affinity/selector"))
    .reject("n2", status::unresolvable("node(s) were unschedulable"));
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  check_status(r.failure, code::unresolvable,
               {"0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                "2 node(s) were unschedulable."});
  BOOST_TEST(!r.diag.resolvable);
}

BOOST_AUTO_TEST_CASE(first_rejecting_filter_decides_for_a_node) {
  std::vector<plugin_entry> plugins;
  auto* first = add<fake_filter>(plugins, 0, "First");
  auto* second = add<fake_filter>(plugins, 0, "Second");
  first->reject("n0", status::unresolvable("first says no"));
  second->reject("n0", status::unschedulable("second says no"))
    .reject("n1", status::unschedulable("second says no"));
  framework fw(std::move(plugins), seeded(1));
  cluster c(2);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  check_status(r.failure, code::unschedulable,
               {"0/2 nodes are available: 1 first says no, 1 second says no."});
  // The second filter never saw n0.
  BOOST_TEST(second->seen == std::vector<std::string>{"n1"}, boost::test_tools::per_element());
  BOOST_TEST((r.diag.unschedulable_plugins == std::set<std::string>{"First", "Second"}));
}

BOOST_AUTO_TEST_CASE(filter_error_aborts_the_cycle_as_an_error) {
  // An error is not the pod's fault: no histogram, the pod backs off.
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0, "Broken");
  filter->reject("n0", status::unschedulable("Insufficient cpu"))
    .reject("n1", status::error("no pre-filter state in the cycle state"));
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::error, {"no pre-filter state in the cycle state"});
  BOOST_TEST(r.failure.plugin() == "Broken");
  // n2 would have fit, but the cycle stopped at the error.
  BOOST_TEST(filter->seen == (std::vector<std::string>{"n0", "n1"}),
             boost::test_tools::per_element());
}

// ---------------------------------------------------------------- pre-filter

BOOST_AUTO_TEST_CASE(pre_filter_skip_skips_its_filter_for_the_cycle_only) {
  std::vector<plugin_entry> plugins;
  auto* pre = add<fake_pre_filter>(plugins, 0);
  auto* other = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1));
  cluster c(3);

  pre->answer = status::skip();
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(r.ok());
  BOOST_TEST(pre->pre_filter_calls == 1u);
  BOOST_TEST(pre->filter_calls == 0u);
  BOOST_TEST(other->seen.size() == 3u); // the other filters still run

  // The next cycle starts clean: without skip the filter rejects all.
  pre->answer = status::ok();
  r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(!r.ok());
  BOOST_TEST(pre->filter_calls == 3u);
  check_status(r.failure, code::unschedulable,
               {"0/3 nodes are available: 3 rejected by FakePreFilter."});
}

BOOST_AUTO_TEST_CASE(pre_filter_unresolvable_rejects_every_node_unevaluated) {
  std::vector<plugin_entry> plugins;
  auto* pre = add<fake_pre_filter>(plugins, 0, "Gate");
  auto* filter = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1));
  cluster c(4);
  pre->answer = status::unresolvable("pod affinity terms conflict");
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::unresolvable,
               {"0/4 nodes are available: pod affinity terms conflict."});
  BOOST_TEST(r.evaluated_nodes == 0u);
  BOOST_TEST(r.feasible_nodes == 0u);
  BOOST_TEST(filter->seen.empty());
  BOOST_TEST(pre->filter_calls == 0u);
  BOOST_TEST(r.diag.pre_filter_msg == "pod affinity terms conflict");
  BOOST_TEST((r.diag.unschedulable_plugins == std::set<std::string>{"Gate"}));
}

BOOST_AUTO_TEST_CASE(pre_filter_unschedulable_is_also_a_rejection_for_all_nodes) {
  std::vector<plugin_entry> plugins;
  auto* pre = add<fake_pre_filter>(plugins, 0, "Gate");
  auto* filter = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1));
  cluster c(2);
  pre->answer = status::unschedulable("too early");
  auto r = fw.schedule(*a_pod(), c.snapshot);
  check_status(r.failure, code::unresolvable, {"0/2 nodes are available: too early."});
  BOOST_TEST(filter->seen.empty());
}

BOOST_AUTO_TEST_CASE(pre_filter_error_is_returned_as_is) {
  std::vector<plugin_entry> plugins;
  auto* pre = add<fake_pre_filter>(plugins, 0, "Gate");
  auto* filter = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1));
  cluster c(2);
  pre->answer = status::error("state unavailable");
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::error, {"state unavailable"});
  BOOST_TEST(r.failure.plugin() == "Gate");
  BOOST_TEST(filter->seen.empty());
}

// ------------------------------------------------- how many nodes to look at

BOOST_AUTO_TEST_CASE(num_feasible_nodes_to_find_adaptive) {
  framework fw({}, seeded(0));
  struct row {
    size_t all;
    size_t want;
  };
  const std::vector<row> rows = {
    {0, 0},       {1, 1},       {50, 50},     {99, 99},
    // From 100 nodes on: 50% - 1% per 125 nodes, but never below 100 nodes.
    {100, 100},   {199, 100},   {250, 120},   {1000, 420},
    {2000, 680},  {5000, 500},
    // The percentage bottoms out at 5%.
    {6000, 300},  {10000, 500}, {100000, 5000},
  };
  for (const auto& r : rows)
    BOOST_TEST(fw.num_feasible_nodes_to_find(r.all) == r.want, "all = " << r.all);
}

BOOST_AUTO_TEST_CASE(num_feasible_nodes_to_find_explicit_percentage) {
  framework thirty({}, seeded(0, 30));
  BOOST_TEST(thirty.num_feasible_nodes_to_find(50) == 50u);
  BOOST_TEST(thirty.num_feasible_nodes_to_find(200) == 100u); // 60, raised to 100
  BOOST_TEST(thirty.num_feasible_nodes_to_find(1000) == 300u);
  BOOST_TEST(thirty.num_feasible_nodes_to_find(5000) == 1500u);

  framework one({}, seeded(0, 1));
  BOOST_TEST(one.num_feasible_nodes_to_find(5000) == 100u);
  BOOST_TEST(one.num_feasible_nodes_to_find(20000) == 200u);

  framework all({}, seeded(0, 100));
  BOOST_TEST(all.num_feasible_nodes_to_find(5000) == 5000u);
  BOOST_TEST(all.num_feasible_nodes_to_find(100000) == 100000u);
  framework more({}, seeded(0, 150));
  BOOST_TEST(more.num_feasible_nodes_to_find(5000) == 5000u);
}

// ------------------------------------------------ filter loop and rotation

BOOST_AUTO_TEST_CASE(filter_loop_stops_at_wanted_and_rotates) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(1, 40)); // 40% of 250 = 100
  cluster c(250);
  BOOST_TEST(fw.num_feasible_nodes_to_find(250) == 100u);

  std::vector<std::string> expected;
  auto expect_range = [&expected](size_t from, size_t count) {
    expected.clear();
    for (size_t i = 0; i < count; ++i)
      expected.push_back(node_name((from + i) % 250));
  };

  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.evaluated_nodes == 100u);
  BOOST_TEST(r.feasible_nodes == 100u);
  expect_range(0, 100);
  BOOST_TEST(filter->seen == expected, boost::test_tools::per_element());

  filter->seen.clear();
  r = fw.schedule(*a_pod(), c.snapshot);
  expect_range(100, 100);
  BOOST_TEST(filter->seen == expected, boost::test_tools::per_element());

  // The third cycle wraps around: n200..n249, then n0..n49.
  filter->seen.clear();
  r = fw.schedule(*a_pod(), c.snapshot);
  expect_range(200, 100);
  BOOST_TEST(filter->seen == expected, boost::test_tools::per_element());
  BOOST_TEST(filter->seen.back() == "n49");
}

BOOST_AUTO_TEST_CASE(rotation_evaluates_every_node_over_cycles) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  framework fw(std::move(plugins), seeded(3)); // adaptive: 48% of 250 = 120
  cluster c(250);
  BOOST_TEST(fw.num_feasible_nodes_to_find(250) == 120u);
  std::map<std::string, size_t> evaluated;
  for (int cycle = 0; cycle < 3; ++cycle) {
    filter->seen.clear();
    auto r = fw.schedule(*a_pod(), c.snapshot);
    BOOST_TEST(r.evaluated_nodes == 120u);
    for (const auto& n : filter->seen)
      ++evaluated[n];
    // Two cycles cover 240 distinct nodes, the third the rest.
    BOOST_TEST(evaluated.size() == std::min<size_t>(250, 120 * (cycle + 1)));
  }
  // 360 evaluations over 250 nodes: each at least once, 110 twice.
  size_t twice = 0;
  for (const auto& [name, count] : evaluated)
    twice += count == 2 ? 1 : 0;
  BOOST_TEST(twice == 110u);
  BOOST_TEST(evaluated.at("n0") == 2u);
  BOOST_TEST(evaluated.at("n249") == 1u);
}

BOOST_AUTO_TEST_CASE(rejected_nodes_do_not_count_toward_wanted) {
  std::vector<plugin_entry> plugins;
  auto* filter = add<fake_filter>(plugins, 0);
  cluster c(300);
  for (size_t i = 1; i < 300; i += 2)
    filter->reject(node_name(i), status::unschedulable("Insufficient cpu"));
  framework fw(std::move(plugins), seeded(1)); // adaptive: 48% of 300 = 144
  BOOST_TEST(fw.num_feasible_nodes_to_find(300) == 144u);
  auto r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.feasible_nodes == 144u);
  // The 144th even node is n286, the 287th node looked at.
  BOOST_TEST(r.evaluated_nodes == 287u);
  BOOST_TEST(filter->seen.back() == "n286");
  BOOST_TEST(r.diag.reasons.at("Insufficient cpu") == 143u);

  // The next cycle starts at n287.
  filter->seen.clear();
  r = fw.schedule(*a_pod(), c.snapshot);
  BOOST_TEST(filter->seen.front() == "n287");
}

BOOST_AUTO_TEST_SUITE_END()
