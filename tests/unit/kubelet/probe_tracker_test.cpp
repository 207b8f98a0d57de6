#include <boost/test/unit_test.hpp>

#include "actors/kubelet/core/probe_tracker.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::kubelet;
using namespace convoy::kubelet::test;

namespace {

/// The probes of `c` due at `now` (now marked in flight).
std::vector<due_probe> step(probe_tracker& t, const api::Container& c,
                            const containers::container_status& st, wall_ms now) {
  std::vector<due_probe> out;
  t.due("u1", c, st, now, out);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(probe_tracker_suite)

BOOST_AUTO_TEST_CASE(defaults_follow_kubernetes) {
  auto t = timing_of(api::Probe{});
  BOOST_TEST(t.period_ms == 10 * sec);
  BOOST_TEST(t.timeout_ms == 1 * sec);
  BOOST_TEST(t.success_threshold == 1);
  BOOST_TEST(t.failure_threshold == 3);
  BOOST_TEST(t.initial_delay_ms == 0);
}

BOOST_AUTO_TEST_CASE(initial_delay_and_period_decide_when_a_probe_is_due) {
  auto c = container("app");
  *c.mutable_readiness_probe() = exec_probe(5, 0, 0, 20);
  auto st = running("app", 0, 100 * sec);
  probe_tracker t;
  BOOST_TEST(step(t, c, st, 119 * sec).empty());
  auto due = step(t, c, st, 120 * sec);
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].kind == probe_kind::readiness);
  BOOST_TEST(due[0].container_id == "app-0");
  BOOST_TEST(step(t, c, st, 121 * sec).empty()); // in flight
  t.record("u1", "app", probe_kind::readiness, true, 121 * sec);
  BOOST_TEST(step(t, c, st, 124 * sec).empty());
  BOOST_TEST(t.next_due("u1", "app").value_or(0) == 125 * sec);
  BOOST_TEST(step(t, c, st, 125 * sec).size() == 1u);
}

BOOST_AUTO_TEST_CASE(thresholds_need_consecutive_results) {
  struct row {
    const char* name;
    int success, failure;
    std::vector<bool> results;
    bool want_ready;
  };
  const row rows[] = {
    {"one success is enough by default", 0, 0, {true}, true},
    {"two successes needed", 2, 0, {true}, false},
    {"two successes reached", 2, 0, {true, true}, true},
    {"interrupted run", 2, 0, {true, false, true}, false},
    {"failures below threshold keep ready", 0, 3, {true, false, false}, true},
    {"third failure makes unready", 0, 3, {true, false, false, false}, false},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto c = container("app");
      *c.mutable_readiness_probe() = exec_probe(1, r.success, r.failure);
      auto st = running("app", 0, 0);
      probe_tracker t;
      wall_ms now = 0;
      for (bool ok : r.results) {
        BOOST_REQUIRE(step(t, c, st, now).size() == 1u);
        t.record("u1", "app", probe_kind::readiness, ok, now, st.id);
        now += sec;
      }
      BOOST_TEST(t.ready("u1", c, st) == r.want_ready);
      BOOST_TEST(t.ready("u1", "app") == r.want_ready);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_readiness_probe_means_ready_once_running) {
  auto c = container("app");
  auto st = running("app", 0, 0);
  probe_tracker t;
  BOOST_TEST(t.ready("u1", c, st));
  BOOST_TEST(t.started("u1", c, st));
  st.state = containers::container_state::exited;
  BOOST_TEST(!t.ready("u1", c, st));
}

BOOST_AUTO_TEST_CASE(liveness_fails_after_threshold_and_is_on_hold) {
  auto c = container("app");
  *c.mutable_liveness_probe() = exec_probe(1, 0, 2);
  auto st = running("app", 0, 0);
  probe_tracker t;
  for (wall_ms now : {0 * sec, 1 * sec}) {
    BOOST_TEST(!t.liveness_failed("u1", "app"));
    BOOST_REQUIRE(step(t, c, st, now).size() == 1u);
    t.record("u1", "app", probe_kind::liveness, false, now);
  }
  BOOST_TEST(t.liveness_failed("u1", "app"));
  BOOST_TEST(t.liveness_failed("u1", "app", "app-0"));
  BOOST_TEST(!t.liveness_failed("u1", "app", "app-1"));
  BOOST_TEST(step(t, c, st, 5 * sec).empty());
  // The next attempt starts clean.
  auto next = running("app", 1, 10 * sec);
  BOOST_TEST(step(t, c, next, 10 * sec).size() == 1u);
  BOOST_TEST(!t.liveness_failed("u1", "app"));
}

BOOST_AUTO_TEST_CASE(startup_probe_gates_liveness_and_readiness) {
  auto c = container("app");
  *c.mutable_startup_probe() = exec_probe(1, 0, 3);
  *c.mutable_liveness_probe() = exec_probe(1);
  *c.mutable_readiness_probe() = exec_probe(1);
  auto st = running("app", 0, 0);
  probe_tracker t;
  auto due = step(t, c, st, 0);
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].kind == probe_kind::startup);
  BOOST_TEST(!t.started("u1", c, st));
  t.record("u1", "app", probe_kind::startup, true, 0);
  BOOST_TEST(t.started("u1", c, st));
  BOOST_TEST(!t.ready("u1", c, st)); // readiness not yet probed
  due = step(t, c, st, 1 * sec);
  BOOST_REQUIRE(due.size() == 2u);
  BOOST_TEST(due[0].kind == probe_kind::liveness);
  BOOST_TEST(due[1].kind == probe_kind::readiness);
}

BOOST_AUTO_TEST_CASE(startup_failure_after_threshold) {
  auto c = container("app");
  *c.mutable_startup_probe() = exec_probe(1, 0, 2);
  auto st = running("app", 0, 0);
  probe_tracker t;
  for (wall_ms now : {0 * sec, 1 * sec}) {
    BOOST_REQUIRE(step(t, c, st, now).size() == 1u);
    t.record("u1", "app", probe_kind::startup, false, now);
  }
  BOOST_TEST(t.startup_failed("u1", "app"));
  t.reset_container("u1", "app");
  BOOST_TEST(!t.startup_failed("u1", "app"));
}

BOOST_AUTO_TEST_CASE(stale_results_are_ignored) {
  auto c = container("app");
  *c.mutable_readiness_probe() = exec_probe(1);
  auto st = running("app", 1, 0);
  probe_tracker t;
  step(t, c, st, 0);
  t.record("u1", "app", probe_kind::readiness, true, 0, "app-0");
  BOOST_TEST(!t.ready("u1", c, st));
}

BOOST_AUTO_TEST_CASE(http_and_tcp_probes_resolve_named_ports) {
  auto c = container("app");
  auto* port = c.add_ports();
  port->set_name("http");
  port->set_container_port(8080);
  auto* h = c.mutable_readiness_probe()->mutable_http_get();
  h->mutable_port()->set_type(1);
  h->mutable_port()->set_str_val("http");
  h->set_scheme("HTTPS");
  c.mutable_liveness_probe()->mutable_tcp_socket()->mutable_port()->set_type(1);
  c.mutable_liveness_probe()->mutable_tcp_socket()->mutable_port()->set_str_val("metrics");
  c.mutable_liveness_probe()->set_timeout_seconds(3);
  auto st = running("app", 0, 0);
  probe_tracker t;
  auto due = step(t, c, st, 0);
  BOOST_REQUIRE(due.size() == 2u);
  BOOST_TEST(due[0].kind == probe_kind::liveness);
  BOOST_TEST(due[0].action == probe_action::tcp);
  BOOST_TEST(due[0].error == "port \"metrics\" is not a named port of container \"app\"");
  BOOST_TEST(due[0].timeout_ms == 3 * sec);
  BOOST_TEST(due[1].action == probe_action::http);
  BOOST_TEST(due[1].port == 8080);
  BOOST_TEST(due[1].host == "10.0.0.5");
  BOOST_TEST(due[1].path == "/");
  BOOST_TEST(due[1].scheme == "https");
  BOOST_TEST(due[1].error.empty());
}

BOOST_AUTO_TEST_CASE(forget_pod_drops_everything) {
  auto c = container("app");
  *c.mutable_readiness_probe() = exec_probe(1);
  auto st = running("app", 0, 0);
  probe_tracker t;
  step(t, c, st, 0);
  t.record("u1", "app", probe_kind::readiness, true, 0);
  BOOST_TEST(t.ready("u1", "app"));
  t.forget_pod("u1");
  BOOST_TEST(!t.ready("u1", "app"));
  BOOST_TEST(!t.next_due("u1", "app").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
