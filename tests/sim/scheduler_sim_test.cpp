// The scheduler with the real apiserver and store under simulation:
// capacity runs out and a new node takes the pending pod; taints,
// tolerations and node affinity; spreading over zones; a node deleted
// while pods are being placed; a restarted scheduler binds nothing twice;
// the status reports the binding rate and the last cycle time.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "messages/protobuf_inspect.hpp"
#include "scheduler_cluster.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

size_t count_bound(const std::map<std::string, std::string>& placements, const std::string& node) {
  size_t n = 0;
  for (const auto& [pod, where] : placements)
    n += where == node ? 1 : 0;
  return n;
}

void add_zone_term(api::Pod& p, const std::string& zone, int32_t weight) {
  auto* pref = p.mutable_spec()
                 ->mutable_affinity()
                 ->mutable_node_affinity()
                 ->add_preferred_during_scheduling_ignored_during_execution();
  pref->set_weight(weight);
  auto* req = pref->mutable_preference()->add_match_expressions();
  req->set_key("zone");
  req->set_operator_("In");
  req->add_values(zone);
}

} // namespace

BOOST_AUTO_TEST_SUITE(scheduler_sim)

BOOST_AUTO_TEST_CASE(pending_pod_waits_for_capacity_then_lands_on_a_new_node) {
  test::scheduler_cluster c{test::test_seed(31)};
  c.create_node(c.node("n1", "2", "4Gi"));
  c.create_node(c.node("n2", "2", "4Gi"));
  c.start_scheduler();
  for (int i = 0; i < 5; ++i)
    c.create_pod(c.pod("p" + std::to_string(i), "1"));
  c.wait_for([&] { return c.placements().size() == 4; }, "4 pods bound");
  auto placed = c.placements();
  BOOST_TEST(count_bound(placed, "n1") == 2u);
  BOOST_TEST(count_bound(placed, "n2") == 2u);
  std::string pending;
  for (const auto& [name, p] : c.pods())
    if (placed.count(name) == 0)
      pending = name;
  c.wait_for(
    [&] {
      auto now = c.pods();
      const auto* cond = c.scheduled_condition(now.at(pending));
      return cond != nullptr && cond->status() == "False";
    },
    "the Unschedulable condition");
  auto pods = c.pods();
  const auto* cond = c.scheduled_condition(pods.at(pending));
  BOOST_TEST(cond->reason() == "Unschedulable");
  BOOST_TEST(cond->message() == "0/2 nodes are available: 2 Insufficient cpu.");
  bool event_seen = false;
  for (const auto& ev : c.events())
    event_seen |= ev.reason() == "FailedScheduling" && ev.involved_object().name() == pending
                  && ev.message() == cond->message() && ev.type() == "Warning";
  BOOST_TEST(event_seen);
  c.create_node(c.node("n3", "2", "4Gi"));
  c.wait_for([&] { return c.placements().size() == 5; }, "the pending pod bound");
  BOOST_TEST(c.placements().at(pending) == "n3");
  auto st = c.status();
  BOOST_TEST(st.scheduled() == 5);
  BOOST_TEST(st.bind_failures() == 0);
  BOOST_TEST(st.unschedulable_total() >= 1);
  pods = c.pods();
  const auto* bound = c.scheduled_condition(pods.at(pending));
  BOOST_REQUIRE(bound != nullptr);
  BOOST_TEST(bound->status() == "True");
}

BOOST_AUTO_TEST_CASE(taints_tolerations_and_node_affinity_decide_the_node) {
  test::scheduler_cluster c{test::test_seed(32)};
  auto db = c.node("db1", "4", "8Gi", {{"role", "db"}});
  auto* taint = db.mutable_spec()->add_taints();
  taint->set_key("dedicated");
  taint->set_value("db");
  taint->set_effect("NoSchedule");
  c.create_node(db);
  c.create_node(c.node("web1", "4", "8Gi", {{"role", "web"}}));
  c.start_scheduler();
  auto tolerant = c.pod("tolerant", "100m");
  (*tolerant.mutable_spec()->mutable_node_selector())["role"] = "db";
  auto* tol = tolerant.mutable_spec()->add_tolerations();
  tol->set_key("dedicated");
  tol->set_operator_("Equal");
  tol->set_value("db");
  tol->set_effect("NoSchedule");
  c.create_pod(tolerant);
  auto intolerant = c.pod("intolerant", "100m");
  (*intolerant.mutable_spec()->mutable_node_selector())["role"] = "db";
  c.create_pod(intolerant);
  c.create_pod(c.pod("plain", "100m"));
  c.wait_for([&] { return c.placements().size() == 2; }, "2 pods bound");
  auto placed = c.placements();
  BOOST_TEST(placed.at("tolerant") == "db1");
  BOOST_TEST(placed.at("plain") == "web1");
  c.wait_for(
    [&] {
      auto now = c.pods();
      return c.scheduled_condition(now.at("intolerant")) != nullptr;
    },
    "the intolerant pod's condition");
  auto pods = c.pods();
  BOOST_TEST(c.scheduled_condition(pods.at("intolerant"))->message()
             == "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                "1 node(s) had untolerated taint {dedicated: db}.");
}

BOOST_AUTO_TEST_CASE(preferred_affinity_and_zone_spread) {
  test::scheduler_cluster c{test::test_seed(33)};
  for (const auto* zone : {"a", "b"})
    for (int i = 1; i <= 2; ++i)
      c.create_node(c.node(std::string{zone} + std::to_string(i), "8", "16Gi", {{"zone", zone}}));
  c.start_scheduler();
  auto preferring = c.pod("prefers-b", "100m");
  add_zone_term(preferring, "b", 50);
  c.create_pod(preferring);
  c.wait_for([&] { return c.placements().count("prefers-b") == 1; }, "prefers-b bound");
  BOOST_TEST(c.placements().at("prefers-b").front() == 'b');
  // Six pods that all prefer zone a, but may not skew the zones by more
  // than one: the hard spread constraint wins over the preference.
  for (int i = 0; i < 6; ++i) {
    auto p = c.pod("spread" + std::to_string(i), "100m");
    (*p.mutable_metadata()->mutable_labels())["app"] = "spread";
    add_zone_term(p, "a", 100);
    auto* tsc = p.mutable_spec()->add_topology_spread_constraints();
    tsc->set_max_skew(1);
    tsc->set_topology_key("zone");
    tsc->set_when_unsatisfiable("DoNotSchedule");
    (*tsc->mutable_label_selector()->mutable_match_labels())["app"] = "spread";
    c.create_pod(p);
    c.wait_for([&] { return c.placements().count(p.metadata().name()) == 1; }, "a spread pod");
  }
  size_t in_a = 0;
  size_t in_b = 0;
  for (const auto& [pod, node] : c.placements())
    if (pod.rfind("spread", 0) == 0)
      (node.front() == 'a' ? in_a : in_b) += 1;
  BOOST_TEST(in_a == 3u);
  BOOST_TEST(in_b == 3u);
}

BOOST_AUTO_TEST_CASE(node_deleted_while_scheduling_never_gets_pods) {
  test::scheduler_cluster c{test::test_seed(34)};
  c.create_node(c.node("doomed", "4", "8Gi"));
  c.start_scheduler();
  // The delete and the pods race to the scheduler: whichever it sees
  // first, the binding transaction requires the node, so no pod may end on
  // the deleted node.
  apiserver::DeleteRequest del;
  del.set_resource("nodes");
  del.set_name("doomed");
  del.mutable_meta()->set_token(c.admin_token);
  auto api = c.api;
  c.client_host->system().spawn([=](caf::event_based_actor* self) {
    self->request(api, 30s, del).then([](const apiserver::ApiResponse&) {});
  });
  for (int i = 0; i < 4; ++i)
    c.create_pod(c.pod("racer" + std::to_string(i), "100m"));
  c.wait_for([&] { return c.status().nodes() == 0; }, "the scheduler to see the delete");
  c.net.run_until([] { return false; }, 2s);
  BOOST_TEST(count_bound(c.placements(), "doomed") == 0u);
  c.create_node(c.node("survivor", "4", "8Gi"));
  c.wait_for([&] { return c.placements().size() == 4; }, "all pods on the survivor");
  BOOST_TEST(count_bound(c.placements(), "survivor") == 4u);
}

BOOST_AUTO_TEST_CASE(restarted_scheduler_binds_nothing_twice) {
  test::scheduler_cluster c{test::test_seed(35)};
  c.create_node(c.node("n1", "64", "64Gi"));
  c.create_node(c.node("n2", "64", "64Gi"));
  c.start_scheduler();
  for (int i = 0; i < 20; ++i)
    c.create_pod(c.pod("p" + std::to_string(i), "100m"));
  // Kill it while bindings may be in flight.
  c.wait_for([&] { return !c.placements().empty(); }, "the first binding");
  c.stop_scheduler();
  auto before = c.placements();
  c.start_scheduler();
  c.wait_for([&] { return c.placements().size() == 20; }, "all pods bound");
  auto after = c.placements();
  for (const auto& [pod, node] : before)
    BOOST_TEST(after.at(pod) == node, pod << " moved from " << node << " to " << after.at(pod));
  auto st = c.status();
  BOOST_TEST(st.scheduled() + static_cast<int64_t>(before.size()) >= 20);
  BOOST_TEST(st.pods() == 20);
  BOOST_TEST(st.assumed() == 0);
  // Nothing is pending: the restarted scheduler did not queue bound pods.
  BOOST_TEST(st.active() + st.backoff() + st.unschedulable() == 0);
}

BOOST_AUTO_TEST_CASE(status_reports_the_binding_rate_and_the_last_cycle) {
  test::scheduler_cluster c{test::test_seed(37)};
  c.create_node(c.node("n1", "64", "64Gi"));
  c.start_scheduler();
  auto idle = c.status();
  BOOST_TEST(idle.pods_per_second() == 0.0);
  BOOST_TEST(idle.last_cycle_ms() == 0.0);
  for (int i = 0; i < 12; ++i)
    c.create_pod(c.pod("p" + std::to_string(i), "100m"));
  c.wait_for([&] { return c.placements().size() == 12; }, "all pods bound");
  auto busy = c.status();
  BOOST_TEST(busy.scheduled() == 12);
  // Virtual time: 12 bindings within the window, over a span of >= 1 s.
  BOOST_TEST(busy.pods_per_second() > 0.0);
  BOOST_TEST(busy.pods_per_second() <= 12.0);
  BOOST_TEST(busy.last_cycle_ms() > 0.0);
  BOOST_TEST(busy.last_cycle_ms() < 1000.0);
  // A full window without bindings: the rate falls to 0; the last cycle
  // stays what it was (no cycle ran since).
  auto until = c.net.now() + 11s;
  c.net.run_until([&] { return c.net.now() >= until; }, 12s);
  auto later = c.status();
  BOOST_TEST(later.pods_per_second() == 0.0);
  BOOST_TEST(later.attempts() == busy.attempts());
  BOOST_TEST(later.last_cycle_ms() == busy.last_cycle_ms());
}

BOOST_AUTO_TEST_CASE(one_replica_schedules_and_a_standby_takes_over_when_it_dies) {
  test::scheduler_cluster c{test::test_seed(36)};
  c.create_node(c.node("n1", "64", "64Gi"));
  auto first = c.start_scheduler();
  auto second = c.start_scheduler();
  c.wait_for([&] { return c.status(first).leader() != c.status(second).leader(); },
             "exactly one leader");
  auto leader = c.status(first).leader() ? first : second;
  auto standby = leader == first ? second : first;
  BOOST_TEST(c.status(leader).identity() != c.status(standby).identity());
  for (int i = 0; i < 5; ++i)
    c.create_pod(c.pod("a" + std::to_string(i), "100m"));
  c.wait_for([&] { return c.placements().size() == 5; }, "the leader binding 5 pods");
  BOOST_TEST(c.status(leader).scheduled() == 5);
  BOOST_TEST(c.status(standby).attempts() == 0);
  BOOST_TEST(!c.status(standby).leader());
  c.stop_scheduler(leader);
  for (int i = 0; i < 5; ++i)
    c.create_pod(c.pod("b" + std::to_string(i), "100m"));
  // The standby waits out the lease (15 s without a renewal), then leads.
  c.wait_for([&] { return c.placements().size() == 10; }, "the standby binding 5 more");
  auto st = c.status(standby);
  BOOST_TEST(st.leader());
  BOOST_TEST(st.scheduled() == 5);
}

BOOST_AUTO_TEST_SUITE_END()
