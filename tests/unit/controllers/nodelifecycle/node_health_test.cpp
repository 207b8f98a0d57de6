// Node health: probe times from heartbeats and Leases, the Unknown verdict
// after the grace periods.

#include <boost/test/unit_test.hpp>

#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::nodelifecycle;
using namespace convoy::test::nodelifecycle;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(node_health_suite)

BOOST_AUTO_TEST_CASE(lease_renewals_keep_a_silent_status_healthy) {
  cluster c;
  c.add(node("n1"));
  for (int s = 0; s <= 200; s += 10) {
    c.lifecycle.observe_lease(lease("n1", 5000 + s), std::chrono::seconds{s});
    BOOST_CHECK(c.step(std::chrono::seconds{s} + 5s).status_updates.empty());
  }
}

BOOST_AUTO_TEST_CASE(silence_beyond_grace_marks_every_condition_unknown_and_not_before) {
  cluster c;
  auto n = node("n1");
  auto* mem = n.mutable_status()->add_conditions();
  mem->set_type("MemoryPressure");
  mem->set_status("False");
  c.add(n);
  BOOST_CHECK(c.step(0s).status_updates.empty());
  BOOST_CHECK(c.step(40s).status_updates.empty()); // exactly the grace: still fine
  auto out = c.step(41s);
  BOOST_REQUIRE_EQUAL(out.status_updates.size(), 1u);
  const auto& status = out.status_updates[0].status();
  for (const char* type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
    BOOST_TEST_CONTEXT(type) {
      const auto* cond = node_condition(status, type);
      BOOST_REQUIRE(cond);
      BOOST_CHECK_EQUAL(cond->status(), "Unknown");
      BOOST_CHECK_EQUAL(cond->last_transition_time().seconds(), wall(41s));
    }
  }
  const auto* ready = node_condition(status, "Ready");
  BOOST_CHECK_EQUAL(ready->reason(), "NodeStatusUnknown");
  BOOST_CHECK_EQUAL(ready->message(), "Kubelet stopped posting node status.");
  BOOST_CHECK_EQUAL(ready->last_heartbeat_time().seconds(), 1); // kept: not a heartbeat
  BOOST_CHECK_EQUAL(node_condition(status, "DiskPressure")->reason(), "NodeStatusNeverUpdated");
  BOOST_CHECK(c.step(100s).status_updates.empty()); // already Unknown: nothing more to write
}

BOOST_AUTO_TEST_CASE(the_controllers_own_write_is_no_heartbeat) {
  cluster c;
  c.add(node("n1"));
  c.step(0s);
  c.step(41s); // marked Unknown and written back
  BOOST_CHECK(*c.lifecycle.health().probe_time("n1") == 0s);
  c.step(42s);
  BOOST_CHECK(*c.lifecycle.health().probe_time("n1") == 0s);
}

BOOST_AUTO_TEST_CASE(a_new_heartbeat_restarts_the_grace_period) {
  cluster c;
  c.add(node("n1", "", "True", 10));
  c.step(0s);
  c.set_ready("n1", "True", 5); // any change counts, even a remote clock going back
  BOOST_CHECK(c.step(30s).status_updates.empty());
  BOOST_CHECK(c.step(70s).status_updates.empty());
  BOOST_CHECK_EQUAL(c.step(71s).status_updates.size(), 1u);
}

BOOST_AUTO_TEST_CASE(stale_or_foreign_leases_are_not_heartbeats) {
  cluster c;
  c.add(node("n1"));
  c.lifecycle.observe_lease(lease("n1", 500), 0s);
  c.step(0s);
  c.lifecycle.observe_lease(lease("n1", 400), 30s);                // older renewTime
  c.lifecycle.observe_lease(lease("n1", 900, "default"), 30s);      // not kube-node-lease
  c.lifecycle.observe_lease(lease("n1", 500), 30s);                // unchanged
  BOOST_CHECK_EQUAL(c.step(41s).status_updates.size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_node_that_never_posted_ready_gets_the_startup_grace) {
  cluster c;
  c.add(node("n1", "", ""));
  c.step(0s);
  BOOST_CHECK(c.step(59s).status_updates.empty()); // beyond 40 s but within 60 s
  auto out = c.step(61s);
  BOOST_REQUIRE_EQUAL(out.status_updates.size(), 1u);
  const auto* ready = node_condition(out.status_updates[0].status(), "Ready");
  BOOST_REQUIRE(ready);
  BOOST_CHECK_EQUAL(ready->status(), "Unknown");
  BOOST_CHECK_EQUAL(ready->reason(), "NodeStatusNeverUpdated");
  BOOST_CHECK_EQUAL(ready->message(), "Kubelet never posted node status.");
  BOOST_CHECK_EQUAL(ready->last_heartbeat_time().seconds(), wall_epoch - 100); // creation
}

BOOST_AUTO_TEST_CASE(a_deleted_node_is_forgotten) {
  cluster c;
  c.add(node("n1"));
  c.step(0s);
  c.nodes.clear();
  c.step(10s);
  BOOST_CHECK(!c.lifecycle.health().probe_time("n1"));
}

BOOST_AUTO_TEST_SUITE_END()
