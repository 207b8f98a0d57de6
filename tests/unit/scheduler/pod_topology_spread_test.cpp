// Tests for plugins/pod_topology_spread: Kubernetes' PodTopologySpread
// (filtering_test.go, scoring_test.go): counting per domain, the skew
// check with selfMatch and minDomains, node inclusion policies, and the
// ScheduleAnyway score with its normalization.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/scheduler/plugins/pod_topology_spread/pod_topology_spread.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

const std::string zone = "topology.kubernetes.io/zone";
const std::string hostname = "kubernetes.io/hostname";
const std::string missing_label =
  "node(s) didn't match pod topology spread constraints (missing required label)";
const std::string skewed = "node(s) didn't match pod topology spread constraints";

/// A node in `z` ("" for none).
node_builder in_zone(const std::string& name, const std::string& z) {
  node_builder out(name);
  if (!z.empty())
    out.label(zone, z);
  return out;
}

/// An existing pod labelled foo=bar (what the constraints below select).
pod_info_ptr foo(const std::string& name, const std::string& ns = "default") {
  return pod_builder(name, ns).label("foo", "bar").info();
}

pod_info_ptr other(const std::string& name) {
  return pod_builder(name).label("foo", "baz").info();
}

/// The incoming pod: foo=bar, one constraint over `key` counting foo=bar.
pod_builder spreading(int32_t max_skew, const std::string& key, const std::string& when) {
  return pod_builder("incoming").label("foo", "bar").spread(max_skew, key, when, "foo", "bar");
}

struct node_spec {
  node_builder node;
  std::vector<pod_info_ptr> pods;
};

/// Node infos and the snapshot over them, in the given order.
struct cluster {
  std::vector<std::unique_ptr<node_info>> infos;
  node_snapshot snapshot;

  explicit cluster(const std::vector<node_spec>& specs) {
    std::vector<const node_info*> nodes;
    for (const auto& s : specs) {
      auto info = s.node.info();
      for (const auto& p : s.pods)
        info->add_pod(p);
      nodes.push_back(info.get());
      infos.push_back(std::move(info));
    }
    snapshot.assign(std::move(nodes));
  }

  std::vector<const node_info*> pick(const std::vector<std::string>& names) const {
    std::vector<const node_info*> out;
    for (const auto& n : names)
      out.push_back(snapshot.find(n));
    return out;
  }
};

/// The verdict for one node: success, or the code with its single reason.
struct verdict {
  std::string node;
  code want;
};

void check_filter(const cluster& c, const pod_info& pod, const std::vector<verdict>& verdicts) {
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  check_status(pl.pre_filter(state, pod, c.snapshot), code::success);
  for (const auto& v : verdicts) {
    BOOST_TEST_CONTEXT("node " << v.node) {
      std::vector<std::string> reasons;
      if (v.want == code::unschedulable)
        reasons = {skewed};
      else if (v.want == code::unresolvable)
        reasons = {missing_label};
      check_status(pl.filter(state, pod, *c.snapshot.find(v.node)), v.want, reasons);
    }
  }
}

/// Raw and normalized scores of the `feasible` nodes, as the framework
/// runs the plugin: pre-filter over all nodes, pre-score over the feasible.
std::pair<std::vector<int64_t>, std::vector<int64_t>>
run_scores(const cluster& c, const pod_info& pod, const std::vector<std::string>& feasible) {
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  pl.pre_filter(state, pod, c.snapshot);
  auto nodes = c.pick(feasible);
  auto st = pl.pre_score(state, pod, nodes);
  BOOST_TEST(st.is_success());
  auto raw = raw_scores(pl, state, pod, nodes);
  auto normalized = raw;
  pl.normalize(state, pod, normalized);
  return {raw, normalized};
}

} // namespace

BOOST_AUTO_TEST_SUITE(pod_topology_spread_test)

BOOST_AUTO_TEST_CASE(pre_filter_skips_pods_without_hard_constraints) {
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  cluster c({{in_zone("a1", "a"), {}}});
  check_status(pl.pre_filter(state, *pod_builder("p").info(), c.snapshot), code::skip);
  check_status(pl.pre_filter(state, *spreading(1, zone, "ScheduleAnyway").info(), c.snapshot),
               code::skip);
  check_status(pl.pre_filter(state, *spreading(1, zone, "DoNotSchedule").info(), c.snapshot),
               code::success);
}

BOOST_AUTO_TEST_CASE(pre_filter_rejects_an_invalid_selector) {
  auto pod = spreading(1, zone, "DoNotSchedule").spread(1, zone, "DoNotSchedule", "", "");
  auto* expr = pod.last_spread().mutable_label_selector()->add_match_expressions();
  expr->set_key("foo");
  expr->set_operator_("Bogus");
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  cluster c({{in_zone("a1", "a"), {}}});
  auto st = pl.pre_filter(state, *pod.info(), c.snapshot);
  BOOST_TEST(code_name(st.get_code()) == code_name(code::unresolvable));
  BOOST_REQUIRE_EQUAL(st.reasons().size(), 1u);
  BOOST_TEST(st.reasons()[0] ==
             "spec.topologySpreadConstraints[1].labelSelector: \"Bogus\" is not a valid label "
             "selector operator");
}

BOOST_AUTO_TEST_CASE(filter_keeps_the_skew_within_max_skew) {
  struct row {
    const char* name;
    std::vector<node_spec> nodes;
    pod_builder pod;
    std::vector<verdict> verdicts;
  };
  auto not_self_matching =
    pod_builder("incoming").label("foo", "other").spread(1, zone, "DoNotSchedule", "foo", "bar");
  const std::vector<row> rows = {
    // a: 2, b: 1, c: 0; min 0: a 2+1 > 1, b 1+1 > 1, c 0+1 <= 1.
    {"max skew 1 over three zones",
     {{in_zone("a1", "a"), {foo("p1")}},
      {in_zone("a2", "a"), {foo("p2")}},
      {in_zone("b1", "b"), {foo("p3")}},
      {in_zone("c1", "c"), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::unschedulable},
      {"a2", code::unschedulable},
      {"b1", code::unschedulable},
      {"c1", code::success}}},
    // Same spread, but maxSkew 2 lets b (1+1-0) in.
    {"max skew 2",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2")}},
      {in_zone("b1", "b"), {foo("p3")}},
      {in_zone("c1", "c"), {}}},
     spreading(2, zone, "DoNotSchedule"),
     {{"a1", code::unschedulable}, {"b1", code::success}, {"c1", code::success}}},
    // a: 2, b: 1; min 1: a 2+1-1 > 1, b 1+1-1 <= 1.
    {"the minimum is the least loaded domain",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2")}}, {in_zone("b1", "b"), {foo("p3")}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::unschedulable}, {"b1", code::success}}},
    {"pods not matching the selector do not count",
     {{in_zone("a1", "a"), {other("p1"), other("p2")}}, {in_zone("b1", "b"), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::success}, {"b1", code::success}}},
    {"pods in other namespaces do not count",
     {{in_zone("a1", "a"), {foo("p1", "kube-system"), foo("p2", "kube-system")}},
      {in_zone("b1", "b"), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::success}, {"b1", code::success}}},
    {"terminating pods do not count",
     {{in_zone("a1", "a"), {pod_builder("p1").label("foo", "bar").terminating().info()}},
      {in_zone("b1", "b"), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::success}, {"b1", code::success}}},
    // a: 1, b: 0; the pod does not match itself: a 1+0-0 <= 1.
    {"a pod not matching its own selector adds nothing",
     {{in_zone("a1", "a"), {foo("p1")}}, {in_zone("b1", "b"), {}}},
     not_self_matching,
     {{"a1", code::success}, {"b1", code::success}}},
    {"a pod matching its own selector adds one",
     {{in_zone("a1", "a"), {foo("p1")}}, {in_zone("b1", "b"), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::unschedulable}, {"b1", code::success}}},
    {"a node without the key is unresolvable",
     {{in_zone("a1", "a"), {}}, {in_zone("x1", ""), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::success}, {"x1", code::unresolvable}}},
    // A node without the key is no (empty) domain: min stays 1.
    {"nodes without the key are no domain",
     {{in_zone("a1", "a"), {foo("p1")}}, {in_zone("x1", ""), {}}},
     spreading(1, zone, "DoNotSchedule"),
     {{"a1", code::success}}},
    {"hostname spreads per node",
     {{in_zone("n1", "a"), {foo("p1")}}, {in_zone("n2", "a"), {}}},
     spreading(1, hostname, "DoNotSchedule"),
     {{"n1", code::unschedulable}, {"n2", code::success}}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      cluster c(r.nodes);
      check_filter(c, *r.pod.info(), r.verdicts);
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_treats_the_minimum_as_zero_below_min_domains) {
  // a: 1, b: 1. Two domains >= minDomains 2: min 1, 1+1-1 <= 1. With
  // minDomains 3 the minimum is 0: 1+1-0 > 1 everywhere.
  struct row {
    int32_t min_domains;
    code want;
  };
  const std::vector<row> rows = {{1, code::success}, {2, code::success},
                                 {3, code::unschedulable}};
  cluster c({{in_zone("a1", "a"), {foo("p1")}}, {in_zone("b1", "b"), {foo("p2")}}});
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("minDomains " << r.min_domains) {
      auto pod = spreading(1, zone, "DoNotSchedule");
      pod.last_spread().set_min_domains(r.min_domains);
      check_filter(c, *pod.info(), {{"a1", r.want}, {"b1", r.want}});
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_counts_only_nodes_passing_the_inclusion_policies) {
  // a1 (ssd, 1 matching pod) is the only node the pod's nodeSelector
  // allows; b1 holds none. Honoring the selector (the default), b is no
  // domain: min 1, a1 1+1-1 <= 1. Ignoring it, b counts: min 0, a1 fails.
  std::vector<node_spec> nodes = {{in_zone("a1", "a").label("disk", "ssd"), {foo("p1")}},
                                  {in_zone("b1", "b"), {}}};
  cluster c(nodes);
  auto honor = spreading(1, zone, "DoNotSchedule").node_selector("disk", "ssd");
  check_filter(c, *honor.info(), {{"a1", code::success}});
  auto ignore = honor;
  ignore.last_spread().set_node_affinity_policy("Ignore");
  check_filter(c, *ignore.info(), {{"a1", code::unschedulable}});

  // b1 tainted: counted by default (taints policy Ignore), not with Honor,
  // nor when the pod tolerates the taint.
  std::vector<node_spec> tainted = {{in_zone("a1", "a"), {foo("p1")}},
                                    {in_zone("b1", "b").taint("dedicated", "x", "NoSchedule"), {}}};
  cluster t(tainted);
  auto by_default = spreading(1, zone, "DoNotSchedule");
  check_filter(t, *by_default.info(), {{"a1", code::unschedulable}});
  auto honor_taints = spreading(1, zone, "DoNotSchedule");
  honor_taints.last_spread().set_node_taints_policy("Honor");
  check_filter(t, *honor_taints.info(), {{"a1", code::success}});
  honor_taints.toleration("dedicated", "Equal", "x", "NoSchedule");
  check_filter(t, *honor_taints.info(), {{"a1", code::unschedulable}});
}

BOOST_AUTO_TEST_CASE(filter_checks_every_constraint) {
  // Zone and rack. b1 has no rack: it is unresolvable, and its two pods
  // are in no domain, so zone b counts 0 and b2 fits both constraints.
  std::vector<node_spec> nodes = {
    {in_zone("a1", "a").label("rack", "r1"), {foo("p1")}},
    {in_zone("b1", "b"), {foo("p2"), foo("p3")}},
    {in_zone("b2", "b").label("rack", "r2"), {}},
    {in_zone("b3", "b").label("rack", "r1"), {}},
  };
  cluster c(nodes);
  auto pod = spreading(1, zone, "DoNotSchedule").spread(1, "rack", "DoNotSchedule", "foo", "bar");
  // zone: a 1, b 0 (min 0); rack: r1 1, r2 0 (min 0). a1 fails the zone;
  // b3 passes the zone but rack r1 is at 1+1-0.
  check_filter(c, *pod.info(),
               {{"a1", code::unschedulable},
                {"b1", code::unresolvable},
                {"b2", code::success},
                {"b3", code::unschedulable}});
}

BOOST_AUTO_TEST_CASE(filter_merges_match_label_keys) {
  // Zone a holds two pods of revision 1. The new revision spreads on its
  // own with matchLabelKeys [rev], so a counts 0 for it.
  std::vector<node_spec> nodes = {
    {in_zone("a1", "a"),
     {pod_builder("p1").label("foo", "bar").label("rev", "1").info(),
      pod_builder("p2").label("foo", "bar").label("rev", "1").info()}},
    {in_zone("b1", "b"), {}},
  };
  cluster c(nodes);
  auto plain = spreading(1, zone, "DoNotSchedule").label("rev", "2");
  check_filter(c, *plain.info(), {{"a1", code::unschedulable}});
  auto by_revision = plain;
  by_revision.last_spread().add_match_label_keys("rev");
  check_filter(c, *by_revision.info(), {{"a1", code::success}});
}

BOOST_AUTO_TEST_CASE(pre_score_skips_pods_without_soft_constraints) {
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  cluster c({{in_zone("a1", "a"), {}}});
  auto nodes = c.pick({"a1"});
  auto hard = spreading(1, zone, "DoNotSchedule").info();
  pl.pre_filter(state, *hard, c.snapshot);
  check_status(pl.pre_score(state, *hard, nodes), code::skip);
  auto soft = spreading(1, zone, "ScheduleAnyway").info();
  pl.pre_filter(state, *soft, c.snapshot);
  check_status(pl.pre_score(state, *soft, nodes), code::success);
}

BOOST_AUTO_TEST_CASE(score_prefers_the_emptier_domain) {
  struct row {
    const char* name;
    std::vector<node_spec> nodes;
    pod_builder pod;
    std::vector<std::string> feasible;
    std::vector<int64_t> raw;
    std::vector<int64_t> normalized;
  };
  const std::vector<row> rows = {
    // 2 domains, weight ln 4 = 1.386: a 2*1.386 = 2.77 -> 3, b 0.
    // Normalized 100 * (max + min - s) / max.
    {"two zones",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2")}}, {in_zone("b1", "b"), {}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1"},
     {3, 0},
     {0, 100}},
    // weight ln 5 = 1.609: a 3 pods -> 4.83 -> 5, b 1 -> 1.61 -> 2, c 0.
    // b: 100 * (5 + 0 - 2) / 5 = 60.
    {"three zones",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2"), foo("p3")}},
      {in_zone("b1", "b"), {foo("p4")}},
      {in_zone("c1", "c"), {}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1", "c1"},
     {5, 2, 0},
     {0, 60, 100}},
    // maxSkew 2 adds 1 everywhere: 5.83 -> 6, 2.61 -> 3, 1. min 1, max 6:
    // a 100 * 1 / 6 = 16, b 100 * 4 / 6 = 66.
    {"max skew waters differences down",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2"), foo("p3")}},
      {in_zone("b1", "b"), {foo("p4")}},
      {in_zone("c1", "c"), {}}},
     spreading(2, zone, "ScheduleAnyway"),
     {"a1", "b1", "c1"},
     {6, 3, 1},
     {16, 66, 100}},
    // Counts come from all nodes (a2 is not feasible but holds two pods in
    // a), domains and weight from the feasible ones only (c is none): a 2 *
    // ln 4 -> 3, b 1.39 -> 1; a: 100 * (3 + 1 - 3) / 3 = 33.
    {"counts over all nodes, domains of feasible nodes",
     {{in_zone("a1", "a"), {}},
      {in_zone("a2", "a"), {foo("p1"), foo("p2")}},
      {in_zone("b1", "b"), {foo("p3")}},
      {in_zone("c1", "c"), {}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1"},
     {3, 1},
     {33, 100}},
    {"other namespaces and non-matching pods do not count",
     {{in_zone("a1", "a"), {foo("p1", "kube-system"), other("p2")}},
      {in_zone("b1", "b"), {foo("p3")}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1"},
     {0, 1},
     {100, 0}},
    // A node without the key gets 0 and is not a domain.
    {"nodes without the key score 0",
     {{in_zone("a1", "a"), {foo("p1"), foo("p2")}},
      {in_zone("b1", "b"), {}},
      {in_zone("x1", ""), {}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1", "x1"},
     {3, 0, plugins::pod_topology_spread::ignored_node_score},
     {0, 100, 0}},
    {"no matching pods anywhere",
     {{in_zone("a1", "a"), {}}, {in_zone("b1", "b"), {}}},
     spreading(1, zone, "ScheduleAnyway"),
     {"a1", "b1"},
     {0, 0},
     {100, 100}},
    // Per node, weight ln(3 feasible + 2): n1 2 * 1.609 = 3.22 -> 3, n2 2.
    // n2: 100 * (3 + 0 - 2) / 3 = 33.
    {"hostname counts per node",
     {{in_zone("n1", "a"), {foo("p1"), foo("p2")}},
      {in_zone("n2", "a"), {foo("p3")}},
      {in_zone("n3", "a"), {}}},
     spreading(1, hostname, "ScheduleAnyway"),
     {"n1", "n2", "n3"},
     {3, 2, 0},
     {0, 33, 100}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      cluster c(r.nodes);
      auto [raw, normalized] = run_scores(c, *r.pod.info(), r.feasible);
      BOOST_TEST(raw == r.raw, boost::test_tools::per_element());
      BOOST_TEST(normalized == r.normalized, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(score_sums_constraints_and_keeps_the_filter_state) {
  // Zone (ln 4 = 1.386) and hostname (3 feasible: ln 5 = 1.609).
  // a1: zone a 2 -> 2.77, node 2 -> 3.22: 5.99 -> 6. a2: 2.77 + 0 -> 3.
  // b1: 0 + 0. Normalized: a1 0, a2 100 * 3 / 6 = 50, b1 100.
  cluster c({{in_zone("a1", "a"), {foo("p1"), foo("p2")}},
             {in_zone("a2", "a"), {}},
             {in_zone("b1", "b"), {}}});
  auto pod = spreading(1, zone, "ScheduleAnyway")
               .spread(1, hostname, "ScheduleAnyway", "foo", "bar")
               .spread(1, zone, "DoNotSchedule", "foo", "bar")
               .info();
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  check_status(pl.pre_filter(state, *pod, c.snapshot), code::success);
  auto nodes = c.pick({"a1", "a2", "b1"});
  check_status(pl.pre_score(state, *pod, nodes), code::success);
  auto raw = raw_scores(pl, state, *pod, nodes);
  BOOST_TEST(raw == (std::vector<int64_t>{6, 3, 0}), boost::test_tools::per_element());
  pl.normalize(state, *pod, raw);
  BOOST_TEST(raw == (std::vector<int64_t>{0, 50, 100}), boost::test_tools::per_element());
  // The pre-score replaced the slot but kept what the filter reads.
  check_status(pl.filter(state, *pod, *c.snapshot.find("a1")), code::unschedulable, {skewed});
  check_status(pl.filter(state, *pod, *c.snapshot.find("b1")), code::success);
}

BOOST_AUTO_TEST_CASE(pre_filter_over_many_nodes) {
  // 5,000 nodes in 3 zones, 2 pods each: the counting stays linear (this
  // would time out if it were quadratic) and lands in the right domains.
  std::vector<node_spec> nodes;
  for (int i = 0; i < 5000; ++i) {
    std::string name = "n" + std::to_string(i);
    std::string z = std::string(1, static_cast<char>('a' + i % 3));
    nodes.push_back({in_zone(name, z), {foo(name + "-p1"), other(name + "-p2")}});
  }
  // The last node (zone b) gets one more matching pod: b leads by one.
  nodes.back().pods.push_back(foo("extra"));
  cluster c(nodes);
  // a: 1667, b: 1667 + 1 = 1668, c: 1666. min 1666: a 1667+1-1666 = 2 > 1.
  check_filter(c, *spreading(1, zone, "DoNotSchedule").info(),
               {{"n0", code::unschedulable}, {"n1", code::unschedulable}, {"n2", code::success}});
  check_filter(c, *spreading(2, zone, "DoNotSchedule").info(),
               {{"n0", code::success}, {"n1", code::unschedulable}, {"n2", code::success}});
}

BOOST_AUTO_TEST_CASE(filter_without_pre_filter_state_is_an_error) {
  plugins::pod_topology_spread pl;
  cycle_state state(1);
  auto node = in_zone("a1", "a").info();
  auto st = pl.filter(state, *spreading(1, zone, "DoNotSchedule").info(), *node);
  BOOST_TEST(code_name(st.get_code()) == code_name(code::error));
}

BOOST_AUTO_TEST_CASE(state_lives_in_the_plugins_slot) {
  // The pre-filter writes slot 2 only; the filter reads it back there.
  cluster c({{in_zone("a1", "a"), {foo("p1")}}, {in_zone("b1", "b"), {}}});
  auto pod = spreading(1, zone, "DoNotSchedule").info();
  plugins::pod_topology_spread pl;
  pl.set_slot(2);
  cycle_state state(3);
  check_status(pl.pre_filter(state, *pod, c.snapshot), code::success);
  BOOST_TEST(state.read<state_data>(0) == nullptr);
  BOOST_TEST(state.read<state_data>(1) == nullptr);
  check_status(pl.filter(state, *pod, *c.snapshot.find("a1")), code::unschedulable, {skewed});
  check_status(pl.filter(state, *pod, *c.snapshot.find("b1")), code::success);
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::pod_topology_spread pl;
  BOOST_TEST(pl.name() == "PodTopologySpread");
}

BOOST_AUTO_TEST_SUITE_END()
