// Tests for framework/framework and framework/diagnosis: the scheduling
// cycle (kube-scheduler's schedulePod / frameworkImpl) driven by small fake
// plugins, its FitError message, the adaptive share of nodes to look at,
// the rotation of the starting node, weighted scoring, the seeded
// tie-break, reserve/unreserve, and the default plugin set end to end.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/scheduler/framework/default_plugins.hpp"
#include "actors/scheduler/framework/diagnosis.hpp"
#include "actors/scheduler/framework/framework.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

std::string node_name(size_t i) {
  return "n" + std::to_string(i);
}

/// Node infos and the snapshot over them, in the given order.
struct cluster {
  std::vector<std::unique_ptr<node_info>> infos;
  node_snapshot snapshot;

  cluster() = default;

  /// `n` plain nodes n0..n{n-1} of 4 cpu and 8Gi.
  explicit cluster(size_t n) {
    for (size_t i = 0; i < n; ++i)
      infos.push_back(node_builder(node_name(i)).allocatable("4", "8Gi").info());
    refresh();
  }

  void add(std::unique_ptr<node_info> info) {
    infos.push_back(std::move(info));
    refresh();
  }

  void refresh() {
    std::vector<const node_info*> list;
    for (const auto& i : infos)
      list.push_back(i.get());
    snapshot.assign(std::move(list));
  }
};

/// A filter that rejects the named nodes with the given status and records
/// every node it was asked about.
class fake_filter : public filter_plugin {
public:
  explicit fake_filter(std::string name = "FakeFilter") : name_(std::move(name)) {}

  std::string_view name() const override {
    return name_;
  }

  fake_filter& reject(const std::string& node, status st) {
    rejections_[node] = std::move(st);
    return *this;
  }

  status filter(const cycle_state&, const pod_info&, const node_info& node) const override {
    seen.push_back(node.name());
    auto it = rejections_.find(node.name());
    return it == rejections_.end() ? status::ok() : it->second;
  }

  mutable std::vector<std::string> seen;

private:
  std::string name_;
  std::map<std::string, status> rejections_;
};

/// A scorer with fixed raw scores per node (0 for the others), optionally
/// normalized with default_normalize(reverse = true), which counts its calls.
class fake_scorer : public score_plugin {
public:
  explicit fake_scorer(std::string name, std::map<std::string, int64_t> scores = {},
                       bool reverse = false)
    : name_(std::move(name)), scores_(std::move(scores)), reverse_(reverse) {}

  std::string_view name() const override {
    return name_;
  }

  int64_t score(const cycle_state&, const pod_info&, const node_info& node) const override {
    ++score_calls;
    auto it = scores_.find(node.name());
    return it == scores_.end() ? 0 : it->second;
  }

  void normalize(const cycle_state&, const pod_info&, std::vector<int64_t>& scores) const override {
    ++normalize_calls;
    if (reverse_)
      default_normalize(scores, true);
  }

  mutable size_t score_calls = 0;
  mutable size_t normalize_calls = 0;

private:
  std::string name_;
  std::map<std::string, int64_t> scores_;
  bool reverse_;
};

/// A scorer whose pre-score answers `pre` (skip: its score must not count).
class fake_pre_scorer : public pre_score_plugin, public fake_scorer {
public:
  fake_pre_scorer(std::string name, std::map<std::string, int64_t> scores, status pre)
    : fake_scorer(std::move(name), std::move(scores)), pre_(std::move(pre)) {}

  std::string_view name() const override {
    return fake_scorer::name();
  }

  status pre_score(cycle_state&, const pod_info&,
                   const std::vector<const node_info*>& feasible) const override {
    ++pre_score_calls;
    last_feasible = feasible.size();
    return pre_;
  }

  mutable size_t pre_score_calls = 0;
  mutable size_t last_feasible = 0;

private:
  status pre_;
};

/// A pre-filter answering `answer` whose filter rejects every node.
class fake_pre_filter : public pre_filter_plugin, public filter_plugin {
public:
  explicit fake_pre_filter(std::string name = "FakePreFilter") : name_(std::move(name)) {}

  std::string_view name() const override {
    return name_;
  }

  status pre_filter(cycle_state&, const pod_info&, const node_snapshot&) const override {
    ++pre_filter_calls;
    return answer;
  }

  status filter(const cycle_state&, const pod_info&, const node_info&) const override {
    ++filter_calls;
    return status::unschedulable("rejected by " + name_);
  }

  status answer;
  mutable size_t pre_filter_calls = 0;
  mutable size_t filter_calls = 0;

private:
  std::string name_;
};

/// A reserve plugin appending "<name> reserve <node>" / "<name> unreserve
/// <node>" to a shared log; fails its reserve when `fail` is set.
class fake_reserve : public reserve_plugin {
public:
  fake_reserve(std::string name, std::vector<std::string>& log, bool fail = false)
    : name_(std::move(name)), log_(log), fail_(fail) {}

  std::string_view name() const override {
    return name_;
  }

  status reserve(cycle_state&, const pod_info&, const std::string& node) override {
    log_.push_back(name_ + " reserve " + node);
    return fail_ ? status::error("no room in " + name_) : status::ok();
  }

  void unreserve(cycle_state&, const pod_info&, const std::string& node) override {
    log_.push_back(name_ + " unreserve " + node);
  }

private:
  std::string name_;
  std::vector<std::string>& log_;
  bool fail_;
};

/// Adds a plugin of type P to `plugins` and returns it (owned by the list).
template <class P, class... Args>
P* add(std::vector<plugin_entry>& plugins, int64_t weight, Args&&... args) {
  auto p = std::make_unique<P>(std::forward<Args>(args)...);
  auto* raw = p.get();
  plugins.push_back(plugin_entry{std::move(p), weight});
  return raw;
}

framework_options seeded(uint64_t seed, uint32_t percentage = 0) {
  framework_options o;
  o.seed = seed;
  o.percentage_of_nodes_to_score = percentage;
  return o;
}

pod_info_ptr a_pod() {
  return pod_builder("p").container("100m", "100Mi").info();
}

/// The only reason of `s` ("" if it has none or several).
std::string only_reason(const status& s) {
  return s.reasons().size() == 1 ? s.reasons().front() : std::string{};
}

} // namespace

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
    auto* pre = add<fake_pre_scorer>(plugins, 5, "Pre",
                                     std::map<std::string, int64_t>{{"n0", 100}},
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
  auto* pre = add<fake_pre_scorer>(plugins, 1, "Pre",
                                   std::map<std::string, int64_t>{{"n1", 1}}, status::ok());
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
  add<fake_scorer>(plugins, 1, "S",
                   std::map<std::string, int64_t>{{"n0", 50}, {"n1", 80}, {"n2", 80}, {"n3", 10},
                                                  {"n4", 79}});
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
  const std::vector<std::string> want = {
    "NodeUnschedulable", "NodeName",         "TaintToleration",   "NodeAffinity",
    "NodePorts",         "NodeResourcesFit", "PodTopologySpread", "NodeResourcesBalancedAllocation"};
  BOOST_TEST(fw.plugin_names() == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(default_plugins_place_a_pod_where_it_fits) {
  framework fw(default_plugins(), seeded(1));
  cluster c;
  c.add(node_builder("busy").allocatable("4", "8Gi").info(
    {pod_builder("a").container("2", "1Gi").info()}));
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
    BOOST_TEST(fw.schedule(*pod_builder("p").container("1", "2Gi").info(), c.snapshot).node ==
               "n-c");
}

BOOST_AUTO_TEST_CASE(default_plugins_explain_why_nothing_fits) {
  framework fw(default_plugins(), seeded(1));
  cluster c;
  c.add(node_builder("cordoned").allocatable("8", "8Gi").unschedulable().info());
  c.add(node_builder("tainted").allocatable("8", "8Gi").taint("dedicated", "db", "NoSchedule").info());
  c.add(node_builder("small-1").allocatable("2", "8Gi").info());
  c.add(node_builder("small-2").allocatable("2", "8Gi").info());
  auto r = fw.schedule(*pod_builder("p").container("3", "1Gi").info(), c.snapshot);
  BOOST_TEST(!r.ok());
  check_status(r.failure, code::unschedulable,
               {"0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, "
                "1 node(s) were unschedulable, 2 Insufficient cpu."});
  BOOST_TEST((r.diag.unschedulable_plugins ==
              std::set<std::string>{"NodeResourcesFit", "NodeUnschedulable", "TaintToleration"}));
}

BOOST_AUTO_TEST_CASE(default_plugins_node_name_mismatch_is_unresolvable) {
  framework fw(default_plugins(), seeded(1));
  cluster c(3);
  auto r = fw.schedule(*pod_builder("p").container("1").node_name("elsewhere").info(),
                       c.snapshot);
  check_status(r.failure, code::unresolvable,
               {"0/3 nodes are available: 3 node(s) didn't match the requested node name."});
  auto ok = fw.schedule(*pod_builder("p").container("1").node_name("n2").info(), c.snapshot);
  BOOST_TEST(ok.node == "n2");
}

BOOST_AUTO_TEST_SUITE_END()
