// Taint-based eviction on the node side: which taints unhealthy nodes get,
// how fast per zone, and the disruption modes that slow or stop it.

#include <boost/test/unit_test.hpp>

#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::nodelifecycle;
using namespace convoy::test::nodelifecycle;
using namespace std::chrono_literals;

namespace {

/// `healthy` Ready nodes and `sick` nodes with Ready = `sick_status` in `zone`.
void add_zone(cluster& c, const std::string& zone, int healthy, int sick,
              const std::string& sick_status = "False") {
  for (int i = 0; i < healthy; ++i)
    c.add(node(zone + "-ok-" + std::to_string(i), zone));
  for (int i = 0; i < sick; ++i)
    c.add(node(zone + "-sick-" + std::to_string(i), zone, sick_status));
}

const zone_state* find_zone(const std::vector<zone_state>& zones, const std::string& name) {
  for (const auto& z : zones)
    if (z.zone == name)
      return &z;
  return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_taints_suite)

BOOST_AUTO_TEST_CASE(ready_status_selects_the_taints) {
  struct row {
    std::string ready;
    std::string key; // expected NoExecute/NoSchedule key, "" for none
  };
  for (const auto& r : std::vector<row>{{"False", not_ready_taint},
                                        {"Unknown", unreachable_taint},
                                        {"True", ""}}) {
    BOOST_TEST_CONTEXT(r.ready) {
      cluster c;
      c.heartbeats = true;
      add_zone(c, "a", 3, 0);
      c.add(node("x", "a", r.ready));
      auto out = c.step(0s);
      for (const char* effect : {"NoExecute", "NoSchedule"}) {
        BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint, effect), r.key == not_ready_taint);
        BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint, effect), r.key == unreachable_taint);
      }
      BOOST_CHECK_EQUAL(out.taint_updates.size(), r.key.empty() ? 0u : 1u);
      if (!r.key.empty()) {
        BOOST_CHECK_EQUAL(out.taint_updates[0].metadata().name(), "x");
        BOOST_CHECK_EQUAL(out.taint_updates[0].spec().taints(0).time_added().seconds(), wall(0s));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_silent_node_becomes_unreachable_tainted) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 3, 0);
  c.add(node("x", "a"));
  c.silent.insert("x");
  c.step(0s);
  c.step(40s);
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 0);
  c.step(41s);
  BOOST_CHECK(c.tainted("x", unreachable_taint));
  BOOST_CHECK(c.tainted("x", unreachable_taint, "NoSchedule"));
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 1);
}

BOOST_AUTO_TEST_CASE(not_ready_swaps_to_unreachable_at_once) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 3, 0);
  c.add(node("x", "a", "False"));
  c.add(node("y", "a", "False"));
  c.step(0s); // x tainted, the bucket is now empty
  std::string tainted = c.tainted("x", not_ready_taint) ? "x" : "y";
  c.set_ready(tainted, "Unknown", 2);
  c.step(1s);
  BOOST_CHECK(c.tainted(tainted, unreachable_taint));
  BOOST_CHECK(!c.tainted(tainted, not_ready_taint));
  BOOST_CHECK(c.tainted(tainted, unreachable_taint, "NoSchedule"));
  BOOST_CHECK(!c.tainted(tainted, not_ready_taint, "NoSchedule"));
}

BOOST_AUTO_TEST_CASE(recovery_removes_the_taints_at_once) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 3, 2);
  c.step(0s);
  c.step(10s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 2);
  c.set_ready("a-sick-0", "True", 2);
  c.set_ready("a-sick-1", "True", 2);
  auto out = c.step(11s); // no token available, and none needed
  BOOST_CHECK_EQUAL(out.taint_updates.size(), 2u);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 0);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint, "NoSchedule"), 0);
}

BOOST_AUTO_TEST_CASE(no_execute_taints_are_rate_limited_per_zone) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 10, 2);
  add_zone(c, "b", 10, 2);
  c.step(0s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 2); // one per zone
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint, "NoSchedule"), 4); // NoSchedule: all
  c.step(9s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 2);
  c.step(10s); // 0.1 nodes/s: the next token after 10 s
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 4);
}

BOOST_AUTO_TEST_CASE(partial_disruption_of_a_small_zone_stops_tainting) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 1, 3); // 3 of 4 unhealthy: > 2 and >= 0.55
  add_zone(c, "b", 3, 0);
  auto out = c.step(0s);
  BOOST_CHECK(find_zone(out.zones, "a")->state == zone_health::partial_disruption);
  BOOST_CHECK_EQUAL(find_zone(out.zones, "a")->unhealthy, 3);
  BOOST_CHECK(find_zone(out.zones, "b")->state == zone_health::normal);
  c.step(1000s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 0);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint, "NoSchedule"), 3);
}

BOOST_AUTO_TEST_CASE(partial_disruption_of_a_large_zone_slows_tainting) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 20, 40); // 60 nodes > 50
  add_zone(c, "b", 3, 0);
  c.step(0s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 1);
  c.step(99s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 1); // not 0.1/s
  c.step(100s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 2); // 0.01/s
}

BOOST_AUTO_TEST_CASE(a_fully_disrupted_zone_among_healthy_ones_is_tainted_normally) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 0, 3);
  add_zone(c, "b", 3, 0);
  auto out = c.step(0s);
  BOOST_CHECK(find_zone(out.zones, "a")->state == zone_health::full_disruption);
  BOOST_CHECK(!c.lifecycle.in_full_disruption());
  c.step(10s);
  c.step(20s);
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 3);
}

BOOST_AUTO_TEST_CASE(all_zones_down_means_no_no_execute_taints_until_one_recovers) {
  cluster c;
  c.heartbeats = true;
  add_zone(c, "a", 2, 1);
  add_zone(c, "b", 2, 0);
  c.step(0s);
  BOOST_REQUIRE_EQUAL(c.count_tainted(not_ready_taint), 1);
  for (auto& [name, n] : c.nodes)
    c.set_ready(name, "Unknown", 2);
  c.step(1s);
  BOOST_CHECK(c.lifecycle.in_full_disruption());
  BOOST_CHECK_EQUAL(c.count_tainted(not_ready_taint), 0); // the existing one is removed
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 0);
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint, "NoSchedule"), 5);
  c.step(500s);
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 0);

  c.set_ready("b-ok-0", "True", 3); // zone b is back: leave disruption mode
  c.step(501s);
  BOOST_CHECK(!c.lifecycle.in_full_disruption());
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 0); // buckets restart drained
  c.step(511s); // one per zone: a (full, among a Normal b) and b both at the normal rate
  BOOST_CHECK_EQUAL(c.count_tainted(unreachable_taint), 2);
}

BOOST_AUTO_TEST_CASE(leaving_disruption_mode_restarts_every_grace_period) {
  cluster c;
  add_zone(c, "a", 2, 0);
  c.step(0s);
  auto out = c.step(41s); // nobody heard from: all Unknown, disruption mode
  BOOST_CHECK_EQUAL(out.status_updates.size(), 2u);
  BOOST_CHECK(c.lifecycle.in_full_disruption());
  c.add(node("late", "a")); // a new node reports Ready
  c.step(100s);
  BOOST_CHECK(!c.lifecycle.in_full_disruption());
  BOOST_CHECK(*c.lifecycle.health().probe_time("a-ok-0") == 100s);
}

BOOST_AUTO_TEST_SUITE_END()
