// Tests for plugins/node_affinity: Kubernetes' NodeAffinity
// (node_affinity_test.go): spec.nodeSelector AND the required terms (ORed,
// each an AND of requirements) filter; weighted preferred terms score.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_affinity/node_affinity.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

const std::string mismatch = "node(s) didn't match Pod's node affinity/selector";

using labels = std::map<std::string, std::string>;
using pod_fn = std::function<void(pod_builder&)>;

std::unique_ptr<node_info> node_with(const std::string& name, const labels& node_labels) {
  node_builder node(name);
  for (const auto& [k, v] : node_labels)
    node.label(k, v);
  return node.info();
}

pod_info_ptr make_pod(const pod_fn& fn) {
  pod_builder pod("p");
  fn(pod);
  return pod.info();
}

/// A pod whose only required term is `expressions`.
pod_fn required(std::vector<selector_requirement> expressions) {
  return [expressions](pod_builder& p) { p.required_term(expressions); };
}

/// A pod whose only required term is `fields`.
pod_fn required_fields(std::vector<selector_requirement> fields) {
  return [fields](pod_builder& p) { p.required_term({}, fields); };
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_affinity_test)

BOOST_AUTO_TEST_CASE(pre_filter_skips_unconstrained_pods_and_spots_conflicts) {
  struct row {
    const char* name;
    pod_fn pod;
    code want;
  };
  const std::vector<row> rows = {
    {"no constraint", [](pod_builder&) {}, code::skip},
    {"only preferred terms", [](pod_builder& p) { p.preferred_term(1, {{"a", "Exists", {}}}); },
     code::skip},
    {"node selector", [](pod_builder& p) { p.node_selector("a", "b"); }, code::success},
    {"required term", required({{"a", "Exists", {}}}), code::success},
    {"required selector without terms",
     [](pod_builder& p) {
       p.spec()
         .mutable_affinity()
         ->mutable_node_affinity()
         ->mutable_required_during_scheduling_ignored_during_execution();
     },
     code::success},
    {"name In sets that do not intersect",
     required_fields({{"metadata.name", "In", {"n1"}}, {"metadata.name", "In", {"n2"}}}),
     code::unresolvable},
    {"name In sets that intersect",
     required_fields({{"metadata.name", "In", {"n1", "n2"}}, {"metadata.name", "In", {"n2", "n3"}}}),
     code::success},
    {"name In with no values", required_fields({{"metadata.name", "In", {}}}),
     code::unresolvable},
    {"name NotIn pins nothing",
     required_fields({{"metadata.name", "In", {"n1"}}, {"metadata.name", "NotIn", {"n1"}}}),
     code::success},
    {"name In sets after a NotIn",
     required_fields({{"metadata.name", "NotIn", {"n1"}},
                      {"metadata.name", "In", {"n2"}},
                      {"metadata.name", "In", {"n3"}}}),
     code::unresolvable},
    {"other field keys pin nothing",
     required_fields({{"metadata.namespace", "In", {"n2"}}, {"metadata.name", "In", {"n1"}}}),
     code::success},
    {"another term without names",
     [](pod_builder& p) {
       p.required_term({}, {{"metadata.name", "In", {"n1"}}, {"metadata.name", "In", {"n2"}}})
         .required_term({{"a", "Exists", {}}});
     },
     code::success},
    {"another term with names",
     [](pod_builder& p) {
       p.required_term({}, {{"metadata.name", "In", {"n1"}}, {"metadata.name", "In", {"n2"}}})
         .required_term({}, {{"metadata.name", "In", {"n3"}}});
     },
     code::success},
    {"every term conflicts",
     [](pod_builder& p) {
       p.required_term({}, {{"metadata.name", "In", {"n1"}}, {"metadata.name", "In", {"n2"}}})
         .required_term({}, {{"metadata.name", "In", {"n3"}}, {"metadata.name", "In", {"n4"}}});
     },
     code::unresolvable},
  };
  plugins::node_affinity pl;
  node_snapshot nodes;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      cycle_state state(1);
      std::vector<std::string> reasons;
      if (r.want == code::unresolvable)
        reasons.push_back("pod affinity terms conflict");
      check_status(pl.pre_filter(state, *make_pod(r.pod), nodes), r.want, reasons);
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_matches_node_selector_and_required_terms) {
  struct row {
    const char* name;
    pod_fn pod;
    std::string node;
    labels node_labels;
    bool fits;
  };
  auto selector = [](std::string k, std::string v) {
    return [k, v](pod_builder& p) { p.node_selector(k, v); };
  };
  const std::vector<row> rows = {
    {"no constraint", [](pod_builder&) {}, "n1", {}, true},
    {"selector on a node without labels", selector("foo", "bar"), "n1", {}, false},
    {"selector matches", selector("foo", "bar"), "n1", {{"foo", "bar"}}, true},
    {"selector value differs", selector("foo", "bar"), "n1", {{"foo", "baz"}}, false},
    {"every selector label must match",
     [](pod_builder& p) { p.node_selector("foo", "bar").node_selector("baz", "qux"); },
     "n1",
     {{"foo", "bar"}},
     false},
    {"In matches", required({{"foo", "In", {"bar", "value2"}}}), "n1", {{"foo", "bar"}}, true},
    {"In differs", required({{"foo", "In", {"bar", "value2"}}}), "n1", {{"foo", "baz"}}, false},
    {"In on a missing key", required({{"foo", "In", {"bar"}}}), "n1", {}, false},
    {"NotIn on a missing key", required({{"foo", "NotIn", {"bar"}}}), "n1", {}, true},
    {"NotIn on a listed value", required({{"foo", "NotIn", {"bar"}}}), "n1", {{"foo", "bar"}},
     false},
    {"NotIn on another value", required({{"foo", "NotIn", {"bar"}}}), "n1", {{"foo", "baz"}},
     true},
    {"Exists", required({{"foo", "Exists", {}}}), "n1", {{"foo", ""}}, true},
    {"Exists on a missing key", required({{"foo", "Exists", {}}}), "n1", {{"bar", "x"}}, false},
    {"DoesNotExist", required({{"foo", "DoesNotExist", {}}}), "n1", {{"bar", "x"}}, true},
    {"DoesNotExist on a present key", required({{"foo", "DoesNotExist", {}}}), "n1",
     {{"foo", "x"}}, false},
    {"Gt above", required({{"kernel", "Gt", {"0204"}}}), "n1", {{"kernel", "0206"}}, true},
    {"Gt equal", required({{"kernel", "Gt", {"204"}}}), "n1", {{"kernel", "204"}}, false},
    {"Gt below", required({{"kernel", "Gt", {"0204"}}}), "n1", {{"kernel", "0202"}}, false},
    {"Gt on a non-integer label", required({{"kernel", "Gt", {"1"}}}), "n1",
     {{"kernel", "5.4"}}, false},
    {"Gt on a missing key", required({{"kernel", "Gt", {"1"}}}), "n1", {}, false},
    {"Lt below", required({{"mem", "Lt", {"5"}}}), "n1", {{"mem", "4"}}, true},
    {"Lt above", required({{"mem", "Lt", {"5"}}}), "n1", {{"mem", "6"}}, false},
    {"Lt negative", required({{"mem", "Lt", {"0"}}}), "n1", {{"mem", "-1"}}, true},
    {"unknown operator", required({{"foo", "Equals", {"bar"}}}), "n1", {{"foo", "bar"}},
     false},
    {"expressions of a term are ANDed",
     required({{"foo", "In", {"bar"}}, {"zone", "Exists", {}}}),
     "n1",
     {{"foo", "bar"}},
     false},
    {"expressions of a term all hold",
     required({{"foo", "In", {"bar"}}, {"zone", "Exists", {}}}),
     "n1",
     {{"foo", "bar"}, {"zone", "a"}},
     true},
    {"terms are ORed",
     [](pod_builder& p) {
       p.required_term({{"foo", "In", {"nope"}}}).required_term({{"zone", "In", {"a"}}});
     },
     "n1",
     {{"zone", "a"}},
     true},
    {"no term holds",
     [](pod_builder& p) {
       p.required_term({{"foo", "In", {"nope"}}}).required_term({{"zone", "In", {"b"}}});
     },
     "n1",
     {{"zone", "a"}, {"foo", "bar"}},
     false},
    {"an empty term matches nothing", [](pod_builder& p) { p.required_term({}); }, "n1",
     {{"foo", "bar"}}, false},
    {"an empty term ORed with a matching one",
     [](pod_builder& p) { p.required_term({}).required_term({{"foo", "Exists", {}}}); },
     "n1",
     {{"foo", "bar"}},
     true},
    {"no terms matches nothing",
     [](pod_builder& p) {
       p.spec()
         .mutable_affinity()
         ->mutable_node_affinity()
         ->mutable_required_during_scheduling_ignored_during_execution();
     },
     "n1",
     {},
     false},
    {"matchFields metadata.name In", required_fields({{"metadata.name", "In", {"n1"}}}), "n1",
     {}, true},
    {"matchFields metadata.name In another", required_fields({{"metadata.name", "In", {"n1"}}}),
     "n2", {}, false},
    {"matchFields metadata.name NotIn",
     required_fields({{"metadata.name", "NotIn", {"n1"}}}),
     "n1",
     {},
     false},
    {"matchFields reads the name, not labels",
     required_fields({{"metadata.name", "In", {"n1"}}}),
     "n2",
     {{"metadata.name", "n1"}},
     false},
    {"matchFields AND matchExpressions",
     [](pod_builder& p) { p.required_term({{"foo", "In", {"bar"}}}, {{"metadata.name", "In", {"n1"}}}); },
     "n1",
     {},
     false},
    {"selector holds but affinity does not",
     [](pod_builder& p) { p.node_selector("foo", "bar").required_term({{"zone", "In", {"a"}}}); },
     "n1",
     {{"foo", "bar"}, {"zone", "b"}},
     false},
    {"affinity holds but selector does not",
     [](pod_builder& p) { p.node_selector("foo", "bar").required_term({{"zone", "In", {"a"}}}); },
     "n1",
     {{"foo", "baz"}, {"zone", "a"}},
     false},
    {"selector and affinity both hold",
     [](pod_builder& p) { p.node_selector("foo", "bar").required_term({{"zone", "In", {"a"}}}); },
     "n1",
     {{"foo", "bar"}, {"zone", "a"}},
     true},
    {"preferred terms do not filter",
     [](pod_builder& p) { p.preferred_term(100, {{"foo", "Exists", {}}}); },
     "n1",
     {},
     true},
  };
  plugins::node_affinity pl;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      cycle_state state(1);
      auto s = pl.filter(state, *make_pod(r.pod), *node_with(r.node, r.node_labels));
      if (r.fits)
        check_status(s, code::success);
      else
        check_status(s, code::unresolvable, {mismatch});
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_reports_a_missing_node_as_an_error) {
  plugins::node_affinity pl;
  cycle_state state(1);
  node_info ghost("n1");
  auto pod = make_pod([](pod_builder& p) { p.node_selector("foo", "bar"); });
  check_status(pl.filter(state, *pod, ghost), code::error, {"node not found"});
}

BOOST_AUTO_TEST_CASE(score_sums_the_weights_of_matching_preferred_terms) {
  struct row {
    const char* name;
    pod_fn pod;
    std::vector<labels> nodes; // named n0, n1, ...
    std::vector<int64_t> raw;
    std::vector<int64_t> normalized;
  };
  const std::vector<row> rows = {
    {"no preferred term matches",
     [](pod_builder& p) { p.preferred_term(2, {{"foo", "In", {"bar"}}}); },
     {{{"foo", "baz"}}, {}},
     {0, 0},
     {0, 0}},
    {"only one node matches",
     [](pod_builder& p) { p.preferred_term(2, {{"foo", "In", {"bar"}}}); },
     {{{"foo", "bar"}}, {{"foo", "baz"}}, {}},
     {2, 0, 0},
     {100, 0, 0}},
    {"weights add up, different priorities",
     [](pod_builder& p) {
       p.preferred_term(2, {{"foo", "In", {"bar"}}})
         .preferred_term(4, {{"key", "In", {"value"}}})
         .preferred_term(5, {{"foo", "In", {"bar"}}, {"key", "In", {"value"}}, {"az", "In", {"az1"}}});
     },
     {{{"foo", "bar"}}, {{"foo", "bar"}, {"key", "value"}, {"az", "az1"}}, {{"key", "value"}}},
     {2, 11, 4},
     {18, 100, 36}},
    {"matchFields metadata.name",
     [](pod_builder& p) { p.preferred_term(3, {}, {{"metadata.name", "In", {"n1"}}}); },
     {{}, {}},
     {0, 3},
     {0, 100}},
    {"an empty preference matches nothing",
     [](pod_builder& p) { p.preferred_term(10, {}).preferred_term(1, {{"foo", "Exists", {}}}); },
     {{{"foo", "x"}}, {}},
     {1, 0},
     {100, 0}},
    {"weight zero adds nothing",
     [](pod_builder& p) { p.preferred_term(0, {{"foo", "Exists", {}}}); },
     {{{"foo", "x"}}, {}},
     {0, 0},
     {0, 0}},
  };
  plugins::node_affinity pl;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      std::vector<std::unique_ptr<node_info>> owned;
      std::vector<const node_info*> nodes;
      for (size_t i = 0; i < r.nodes.size(); ++i) {
        owned.push_back(node_with("n" + std::to_string(i), r.nodes[i]));
        nodes.push_back(owned.back().get());
      }
      auto pod = make_pod(r.pod);
      cycle_state state(1);
      check_status(pl.pre_score(state, *pod, nodes), code::success);
      auto scores = raw_scores(pl, state, *pod, nodes);
      BOOST_TEST(scores == r.raw, boost::test_tools::per_element());
      pl.normalize(state, *pod, scores);
      BOOST_TEST(scores == r.normalized, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(pre_score_skips_pods_without_preferred_terms) {
  plugins::node_affinity pl;
  cycle_state state(1);
  std::vector<const node_info*> nodes;
  check_status(pl.pre_score(state, *make_pod([](pod_builder&) {}), nodes), code::skip);
  auto required_only = make_pod(required({{"foo", "Exists", {}}}));
  check_status(pl.pre_score(state, *required_only, nodes), code::skip);
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::node_affinity pl;
  BOOST_TEST(pl.name() == "NodeAffinity");
}

BOOST_AUTO_TEST_SUITE_END()
