#include <boost/test/unit_test.hpp>

#include "actors/kubelet/core/pod_status.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::kubelet;
using namespace convoy::kubelet::test;

namespace {

using observed_t = std::vector<containers::container_status>;
using waiting_t = std::map<std::string, waiting_reason>;

api::PodStatus status(const api::Pod& p, const observed_t& observed, const waiting_t& waiting = {},
                      wall_ms now = 100 * sec) {
  probe_tracker probes;
  return generate_pod_status(p, observed, probes, waiting, "10.0.0.5", "192.168.1.2", now);
}

const api::PodCondition& cond(const api::PodStatus& s, const std::string& type) {
  for (const auto& c : s.conditions())
    if (c.type() == type)
      return c;
  BOOST_FAIL("no condition " + type);
  return s.conditions(0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pod_status_suite)

BOOST_AUTO_TEST_CASE(phase_table) {
  struct row {
    const char* name;
    const char* policy;
    observed_t observed;
    waiting_t waiting;
    const char* phase;
  };
  const row rows[] = {
    {"nothing started", "Always", {}, {}, "Pending"},
    {"one of two running", "Always", {running("a", 0, 0)}, {}, "Pending"},
    {"both running", "Always", {running("a", 0, 0), running("b", 0, 0)}, {}, "Running"},
    {"one exited, restarting (Always)", "Always",
     {running("a", 0, 0), exited("b", 0, 0, 1, 1)}, {}, "Running"},
    {"all exited 0, Always", "Always",
     {exited("a", 0, 0, 1, 0), exited("b", 0, 0, 1, 0)}, {}, "Running"},
    {"all exited 0, OnFailure", "OnFailure",
     {exited("a", 0, 0, 1, 0), exited("b", 0, 0, 1, 0)}, {}, "Succeeded"},
    {"one failed, OnFailure", "OnFailure",
     {exited("a", 0, 0, 1, 0), exited("b", 0, 0, 1, 1)}, {}, "Running"},
    {"one failed, Never", "Never",
     {exited("a", 0, 0, 1, 0), exited("b", 0, 0, 1, 1)}, {}, "Failed"},
    {"all exited 0, Never", "Never",
     {exited("a", 0, 0, 1, 0), exited("b", 0, 0, 1, 0)}, {}, "Succeeded"},
    {"crash looping", "Always", {running("a", 0, 0), exited("b", 0, 0, 1, 1)},
     {{"b", {"CrashLoopBackOff", "x"}}}, "Running"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto p = pod({container("a"), container("b")}, r.policy);
      BOOST_TEST(status(p, r.observed, r.waiting).phase() == r.phase);
    }
  }
}

BOOST_AUTO_TEST_CASE(init_phase_and_initialized_condition) {
  auto p = pod({container("app")}, "Never", {container("i1")});
  auto s = status(p, {running("i1", 0, 0, true)});
  BOOST_TEST(s.phase() == "Pending");
  BOOST_TEST(cond(s, "Initialized").status() == "False");
  BOOST_TEST(cond(s, "Initialized").message() == "containers with incomplete status: [i1]");
  BOOST_TEST(s.container_statuses(0).state().waiting().reason() == "PodInitializing");
  s = status(p, {exited("i1", 0, 0, 1, 3, true)});
  BOOST_TEST(s.phase() == "Failed");
  s = status(p, {exited("i1", 0, 0, 1, 0, true)});
  BOOST_TEST(cond(s, "Initialized").status() == "True");
  BOOST_TEST(s.container_statuses(0).state().waiting().reason() == "ContainerCreating");
}

BOOST_AUTO_TEST_CASE(conditions_and_transition_times) {
  auto p = pod({container("a")});
  auto s = status(p, {running("a", 0, 0)}, {}, 50 * sec);
  BOOST_TEST(cond(s, "Ready").status() == "True");
  BOOST_TEST(cond(s, "ContainersReady").status() == "True");
  BOOST_TEST(cond(s, "PodScheduled").status() == "True");
  BOOST_TEST(cond(s, "Ready").last_transition_time().seconds() == 50);
  // Unchanged status keeps the old time; a change takes `now`.
  *p.mutable_status() = s;
  auto again = status(p, {running("a", 0, 0)}, {}, 90 * sec);
  BOOST_TEST(cond(again, "Ready").last_transition_time().seconds() == 50);
  BOOST_TEST(status_equal_ignoring_time(s, again));
  auto down = status(p, {exited("a", 0, 0, 60 * sec, 1)}, {{"a", {"CrashLoopBackOff", "m"}}},
                     90 * sec);
  BOOST_TEST(cond(down, "Ready").status() == "False");
  BOOST_TEST(cond(down, "Ready").reason() == "ContainersNotReady");
  BOOST_TEST(cond(down, "Ready").message() == "containers with unready status: [a]");
  BOOST_TEST(cond(down, "Ready").last_transition_time().seconds() == 90);
  BOOST_TEST(!status_equal_ignoring_time(s, down));
  BOOST_TEST(down.start_time().seconds() == 50); // kept
}

BOOST_AUTO_TEST_CASE(readiness_gates_and_foreign_conditions) {
  auto p = pod({container("a")});
  p.mutable_spec()->add_readiness_gates()->set_condition_type("example.com/lb");
  auto* foreign = p.mutable_status()->add_conditions();
  foreign->set_type("DisruptionTarget");
  foreign->set_status("True");
  auto s = status(p, {running("a", 0, 0)});
  BOOST_TEST(cond(s, "Ready").status() == "False");
  BOOST_TEST(cond(s, "Ready").reason() == "ReadinessGatesNotReady");
  BOOST_TEST(cond(s, "DisruptionTarget").status() == "True");
  auto* gate = p.mutable_status()->add_conditions();
  gate->set_type("example.com/lb");
  gate->set_status("True");
  BOOST_TEST(cond(status(p, {running("a", 0, 0)}), "Ready").status() == "True");
}

BOOST_AUTO_TEST_CASE(container_status_details) {
  auto p = pod({container("a")});
  auto first = exited("a", 0, 1 * sec, 5 * sec, 2);
  first.signal = 0;
  auto killed = exited("a", 1, 10 * sec, 20 * sec, 137);
  killed.signal = 9;
  killed.reason = "OOMKilled";
  auto s = status(p, {first, killed, running("a", 2, 30 * sec)});
  const auto& cs = s.container_statuses(0);
  BOOST_TEST(cs.restart_count() == 2);
  BOOST_TEST(cs.container_id() == "convoy://a-2");
  BOOST_TEST(cs.state().running().started_at().seconds() == 30);
  BOOST_TEST(cs.last_state().terminated().exit_code() == 137);
  BOOST_TEST(cs.last_state().terminated().signal() == 9);
  BOOST_TEST(cs.last_state().terminated().reason() == "OOMKilled");
  BOOST_TEST(cs.last_state().terminated().container_id() == "convoy://a-1");
  BOOST_TEST(cs.ready());
  BOOST_TEST(cs.started());
  // Backing off: waiting, the last exit as lastState.
  s = status(p, {first, killed}, {{"a", {"CrashLoopBackOff", "back-off 20s"}}});
  const auto& waiting = s.container_statuses(0);
  BOOST_TEST(waiting.state().waiting().reason() == "CrashLoopBackOff");
  BOOST_TEST(waiting.last_state().terminated().finished_at().seconds() == 20);
  BOOST_TEST(waiting.restart_count() == 1);
  BOOST_TEST(!waiting.ready());
  // Exited for good: terminated with the default reason.
  p.mutable_spec()->set_restart_policy("Never");
  s = status(p, {first});
  BOOST_TEST(s.container_statuses(0).state().terminated().reason() == "Error");
  BOOST_TEST(s.phase() == "Failed");
}

BOOST_AUTO_TEST_CASE(addresses_qos_and_terminal_phase_kept) {
  auto p = pod({container("a")});
  auto s = status(p, {running("a", 0, 0)});
  BOOST_TEST(s.pod_ip() == "10.0.0.5");
  BOOST_REQUIRE(s.pod_ips_size() == 1);
  BOOST_TEST(s.pod_ips(0).ip() == "10.0.0.5");
  BOOST_TEST(s.host_ip() == "192.168.1.2");
  BOOST_TEST(s.host_ips(0).ip() == "192.168.1.2");
  BOOST_TEST(s.qos_class() == "BestEffort");
  p.mutable_status()->set_phase("Failed");
  BOOST_TEST(status(p, {running("a", 0, 0)}).phase() == "Failed");
}

BOOST_AUTO_TEST_SUITE_END()
