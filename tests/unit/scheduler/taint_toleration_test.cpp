// Tests for plugins/taint_toleration: Kubernetes' TaintToleration
// (taint_toleration_test.go): NoSchedule and NoExecute taints filter,
// PreferNoSchedule taints only lower the score.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/scheduler/plugins/taint_toleration/taint_toleration.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

struct taint {
  std::string key;
  std::string value;
  std::string effect;
};

struct toleration {
  std::string key;
  std::string op;
  std::string value;
  std::string effect;
};

std::unique_ptr<node_info> node_with(const std::string& name, const std::vector<taint>& taints) {
  node_builder node(name);
  for (const auto& t : taints)
    node.taint(t.key, t.value, t.effect);
  return node.info();
}

pod_info_ptr pod_with(const std::vector<toleration>& tolerations) {
  pod_builder pod("p");
  for (const auto& t : tolerations)
    pod.toleration(t.key, t.op, t.value, t.effect);
  return pod.info();
}

std::string untolerated(const std::string& key, const std::string& value) {
  return "node(s) had untolerated taint {" + key + ": " + value + "}";
}

} // namespace

BOOST_AUTO_TEST_SUITE(taint_toleration_test)

BOOST_AUTO_TEST_CASE(filter_rejects_untolerated_no_schedule_and_no_execute_taints) {
  struct row {
    const char* name;
    std::vector<taint> taints;
    std::vector<toleration> tolerations;
    std::vector<std::string> reasons; // empty: fits
  };
  const std::vector<row> rows = {
    {"no taints", {}, {}, {}},
    {"untolerated NoSchedule", {{"dedicated", "user1", "NoSchedule"}}, {},
     {untolerated("dedicated", "user1")}},
    {"Equal with the value tolerates",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "Equal", "user1", "NoSchedule"}},
     {}},
    {"empty operator means Equal",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "", "user1", "NoSchedule"}},
     {}},
    {"Equal with another value does not",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "Equal", "user2", "NoSchedule"}},
     {untolerated("dedicated", "user1")}},
    {"Exists ignores the value",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "Exists", "", "NoSchedule"}},
     {}},
    {"Exists on another key does not",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"gpu", "Exists", "", "NoSchedule"}},
     {untolerated("dedicated", "user1")}},
    {"empty key with Exists tolerates everything",
     {{"a", "1", "NoSchedule"}, {"b", "2", "NoExecute"}, {"c", "", "PreferNoSchedule"}},
     {{"", "Exists", "", ""}},
     {}},
    {"effect mismatch",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "Equal", "user1", "NoExecute"}},
     {untolerated("dedicated", "user1")}},
    {"empty effect tolerates every effect",
     {{"dedicated", "user1", "NoSchedule"}, {"dedicated", "user1", "NoExecute"}},
     {{"dedicated", "Equal", "user1", ""}},
     {}},
    {"untolerated NoExecute", {{"evict", "now", "NoExecute"}}, {},
     {untolerated("evict", "now")}},
    {"PreferNoSchedule is ignored", {{"soft", "x", "PreferNoSchedule"}}, {}, {}},
    {"the first untolerated taint is reported",
     {{"a", "1", "NoSchedule"}, {"b", "2", "NoExecute"}, {"c", "3", "NoSchedule"}},
     {{"a", "Exists", "", ""}},
     {untolerated("b", "2")}},
    {"empty value prints empty", {{"foo", "", "NoSchedule"}}, {}, {untolerated("foo", "")}},
    {"unknown operator tolerates nothing",
     {{"dedicated", "user1", "NoSchedule"}},
     {{"dedicated", "In", "user1", "NoSchedule"}},
     {untolerated("dedicated", "user1")}},
  };
  plugins::taint_toleration pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto s = pl.filter(state, *pod_with(r.tolerations), *node_with("n1", r.taints));
      check_status(s, r.reasons.empty() ? code::success : code::unresolvable, r.reasons);
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_reports_a_missing_node_as_an_error) {
  plugins::taint_toleration pl;
  cycle_state state(1);
  node_info ghost("n1");
  check_status(pl.filter(state, *pod_with({}), ghost), code::error, {"invalid nodeInfo"});
}

BOOST_AUTO_TEST_CASE(score_counts_untolerated_prefer_no_schedule_taints) {
  struct row {
    const char* name;
    std::vector<toleration> tolerations;
    std::vector<std::vector<taint>> nodes;
    std::vector<int64_t> raw;
    std::vector<int64_t> normalized;
  };
  const std::vector<row> rows = {
    {"a tolerated taint beats an untolerated one",
     {{"foo", "Equal", "bar", "PreferNoSchedule"}},
     {{{"foo", "bar", "PreferNoSchedule"}}, {{"foo", "blah", "PreferNoSchedule"}}},
     {0, 1},
     {100, 0}},
    {"tolerated taints do not count, however many",
     {{"cpu-type", "Equal", "arm64", "PreferNoSchedule"},
      {"disk-type", "Equal", "ssd", "PreferNoSchedule"}},
     {{},
      {{"cpu-type", "arm64", "PreferNoSchedule"}},
      {{"cpu-type", "arm64", "PreferNoSchedule"}, {"disk-type", "ssd", "PreferNoSchedule"}}},
     {0, 0, 0},
     {100, 100, 100}},
    {"more untolerated taints, lower score",
     {{"foo", "Equal", "bar", "PreferNoSchedule"}},
     {{},
      {{"cpu-type", "arm64", "PreferNoSchedule"}},
      {{"cpu-type", "arm64", "PreferNoSchedule"}, {"disk-type", "ssd", "PreferNoSchedule"}}},
     {0, 1, 2},
     {100, 50, 0}},
    {"only PreferNoSchedule taints and tolerations count",
     {{"cpu-type", "Equal", "arm64", "NoSchedule"}, {"disk-type", "Equal", "ssd", "NoSchedule"}},
     {{},
      {{"cpu-type", "arm64", "NoSchedule"}},
      {{"cpu-type", "arm64", "PreferNoSchedule"}, {"disk-type", "ssd", "PreferNoSchedule"}}},
     {0, 0, 2},
     {100, 100, 0}},
    {"an empty-effect toleration counts",
     {{"foo", "Exists", "", ""}},
     {{{"foo", "x", "PreferNoSchedule"}}, {{"bar", "x", "PreferNoSchedule"}}},
     {0, 1},
     {100, 0}},
    {"no taints, no tolerations", {}, {{}, {}}, {0, 0}, {100, 100}},
    {"three untolerated of three",
     {},
     {{{"a", "", "PreferNoSchedule"}},
      {{"a", "", "PreferNoSchedule"}, {"b", "", "PreferNoSchedule"}, {"c", "", "PreferNoSchedule"}}},
     {1, 3},
     {67, 0}},
  };
  plugins::taint_toleration pl;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      std::vector<std::unique_ptr<node_info>> owned;
      std::vector<const node_info*> nodes;
      for (size_t i = 0; i < r.nodes.size(); ++i) {
        owned.push_back(node_with("n" + std::to_string(i), r.nodes[i]));
        nodes.push_back(owned.back().get());
      }
      auto pod = pod_with(r.tolerations);
      // Without pre_score's state the counts are the same.
      cycle_state fresh(1);
      BOOST_TEST(raw_scores(pl, fresh, *pod, nodes) == r.raw, boost::test_tools::per_element());
      cycle_state state(1);
      check_status(pl.pre_score(state, *pod, nodes), code::success);
      auto scores = raw_scores(pl, state, *pod, nodes);
      BOOST_TEST(scores == r.raw, boost::test_tools::per_element());
      pl.normalize(state, *pod, scores);
      BOOST_TEST(scores == r.normalized, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(score_of_a_missing_node_is_zero) {
  plugins::taint_toleration pl;
  cycle_state state(1);
  node_info ghost("n1");
  BOOST_TEST(pl.score(state, *pod_with({}), ghost) == 0);
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::taint_toleration pl;
  BOOST_TEST(pl.name() == "TaintToleration");
}

BOOST_AUTO_TEST_SUITE_END()
