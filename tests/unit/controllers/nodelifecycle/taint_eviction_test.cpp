// Taint eviction on the pod side: when must a pod leave a NoExecute node;
// and a pod of a node that is not Ready stops being Ready.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/nodelifecycle/core/pod_readiness.hpp"
#include "actors/controllers/nodelifecycle/core/taint_eviction.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::nodelifecycle;
using namespace convoy::test::nodelifecycle;

namespace {

using kind = eviction_decision::kind;
constexpr int64_t added = 1000;

api::Node tainted_node(const std::vector<api::Taint>& taints) {
  auto n = node("n1");
  for (const auto& t : taints)
    *n.mutable_spec()->add_taints() = t;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(taint_eviction_suite)

BOOST_AUTO_TEST_CASE(decisions) {
  auto unreachable = taint(unreachable_taint, "NoExecute", added);
  auto not_ready = taint(not_ready_taint, "NoExecute", added);
  struct row {
    std::string name;
    std::vector<api::Taint> taints;
    std::vector<api::Toleration> tolerations;
    int64_t now;
    kind want;
    int64_t at;
  };
  std::vector<row> rows = {
    {"no taints", {}, {}, 1100, kind::never, 0},
    {"untolerated", {unreachable}, {}, 1100, kind::now, 1100},
    {"NoSchedule is not for eviction", {taint("k", "NoSchedule", added)}, {}, 1100, kind::never, 0},
    {"tolerated forever", {unreachable}, {toleration(unreachable_taint, std::nullopt)}, 1100,
     kind::never, 0},
    {"300 s from timeAdded", {unreachable}, {toleration(unreachable_taint, 300)}, 1100, kind::at,
     1300},
    {"300 s elapsed", {unreachable}, {toleration(unreachable_taint, 300)}, 1300, kind::now, 1300},
    {"negative seconds", {unreachable}, {toleration(unreachable_taint, -5)}, 1100, kind::now, 1100},
    {"zero seconds", {unreachable}, {toleration(unreachable_taint, 0)}, 1100, kind::now, 1100},
    {"one of two taints untolerated", {unreachable, not_ready},
     {toleration(unreachable_taint, std::nullopt)}, 1100, kind::now, 1100},
    {"earliest deadline wins", {unreachable, not_ready},
     {toleration(unreachable_taint, 600), toleration(not_ready_taint, 200)}, 1100, kind::at, 1200},
    {"no timeAdded counts from now", {taint(unreachable_taint, "NoExecute")},
     {toleration(unreachable_taint, 60)}, 1100, kind::at, 1160},
    {"wildcard toleration", {unreachable, not_ready}, {toleration("", std::nullopt, "")}, 1100,
     kind::never, 0},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto d = evict_decision(pod("p", "n1", r.tolerations), tainted_node(r.taints), r.now);
      BOOST_CHECK(d.what == r.want);
      if (r.want != kind::never)
        BOOST_CHECK_EQUAL(d.at_seconds, r.at);
    }
  }
}

BOOST_AUTO_TEST_CASE(terminating_or_elsewhere_bound_pods_are_skipped) {
  auto n = tainted_node({taint(unreachable_taint, "NoExecute", added)});
  auto terminating = pod("p", "n1");
  terminating.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1050);
  BOOST_CHECK(evict_decision(terminating, n, 1100).what == kind::never);
  BOOST_CHECK(evict_decision(pod("q", "n2"), n, 1100).what == kind::never);
}

BOOST_AUTO_TEST_CASE(node_evictions_list_the_due_pods_and_the_next_deadline) {
  auto n = tainted_node({taint(unreachable_taint, "NoExecute", added)});
  std::vector<std::shared_ptr<const api::Pod>> pods = {
    std::make_shared<const api::Pod>(pod("now", "n1")),
    std::make_shared<const api::Pod>(pod("t300", "n1", {toleration(unreachable_taint, 300)})),
    std::make_shared<const api::Pod>(pod("t200", "n1", {toleration(unreachable_taint, 200)})),
    std::make_shared<const api::Pod>(pod("forever", "n1", {toleration(unreachable_taint, {})})),
  };
  auto out = evictions_on_node(n, pods, 1100);
  BOOST_REQUIRE_EQUAL(out.evict.size(), 1u);
  BOOST_CHECK_EQUAL(out.evict[0]->metadata().name(), "now");
  BOOST_REQUIRE(out.next_deadline);
  BOOST_CHECK_EQUAL(*out.next_deadline, 1200);

  auto later = evictions_on_node(n, pods, 1250);
  BOOST_CHECK_EQUAL(later.evict.size(), 2u);
  BOOST_CHECK_EQUAL(*later.next_deadline, 1300);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pod_readiness_suite)

BOOST_AUTO_TEST_CASE(ready_pods_are_marked_not_ready_once) {
  api::Pod pod;
  auto* ready = pod.mutable_status()->add_conditions();
  ready->set_type("Ready");
  ready->set_status("True");
  auto* scheduled = pod.mutable_status()->add_conditions();
  scheduled->set_type("PodScheduled");
  scheduled->set_status("True");
  auto marked = marked_not_ready(pod, 1234);
  BOOST_REQUIRE(marked);
  BOOST_TEST(marked->status().conditions(0).status() == "False");
  BOOST_TEST(marked->status().conditions(0).last_transition_time().seconds() == 1234);
  BOOST_TEST(marked->status().conditions(1).status() == "True"); // others untouched
  BOOST_TEST(!marked_not_ready(*marked, 1300));
  BOOST_TEST(!marked_not_ready(api::Pod{}, 1300));
}

BOOST_AUTO_TEST_SUITE_END()
