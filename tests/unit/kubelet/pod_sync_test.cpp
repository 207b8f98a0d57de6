#include <boost/test/unit_test.hpp>

#include "actors/kubelet/core/pod_sync.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::kubelet;
using namespace convoy::kubelet::test;

namespace {

struct fixture {
  probe_tracker probes;
  crash_backoff backoff;

  /// Records the exits like the shell does, then computes.
  pod_actions sync(const api::Pod& p, const std::vector<containers::container_status>& observed,
                   wall_ms now) {
    for (const auto& st : observed)
      if (st.state == containers::container_state::exited)
        backoff.record_exit(backoff_key(st.pod_uid, st.container_name), st.finished_at,
                            st.started_at);
    return compute_pod_actions({p, observed, probes, backoff, now});
  }
};

using names = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(pod_sync_suite, fixture)

BOOST_AUTO_TEST_CASE(first_start_starts_every_app_container_in_order) {
  auto p = pod({container("a"), container("b")});
  auto act = sync(p, {}, 0);
  BOOST_TEST(act.start == (names{"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(!act.start_is_init);
  BOOST_TEST(!act.kill_all);
  BOOST_TEST(act.waiting.at("a").reason == "ContainerCreating");
  BOOST_TEST(!act.resync_at.has_value());
}

BOOST_AUTO_TEST_CASE(init_containers_run_one_at_a_time) {
  auto p = pod({container("app")}, "Always", {container("i1"), container("i2")});
  struct row {
    const char* name;
    std::vector<containers::container_status> observed;
    names start;
    bool is_init;
  };
  const row rows[] = {
    {"nothing ran", {}, {"i1"}, true},
    {"i1 running", {running("i1", 0, 0, true)}, {}, false},
    {"i1 done", {exited("i1", 0, 0, 1 * sec, 0, true)}, {"i2"}, true},
    {"both done", {exited("i1", 0, 0, 1 * sec, 0, true), exited("i2", 0, 1, 2 * sec, 0, true)},
     {"app"}, false},
    {"app already ran", {running("app", 0, 0)}, {}, false},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      fixture f;
      auto act = f.sync(p, r.observed, 100 * sec);
      BOOST_TEST(act.start == r.start, boost::test_tools::per_element());
      BOOST_TEST(act.start_is_init == r.is_init);
      bool initializing = r.is_init || std::string{r.name} == "i1 running";
      BOOST_TEST((act.waiting.count("app") ? act.waiting.at("app").reason : "")
                 == (initializing ? "PodInitializing" : r.start.empty() ? "" : "ContainerCreating"));
    }
  }
}

BOOST_AUTO_TEST_CASE(failed_init_container_per_restart_policy) {
  for (const char* policy : {"Always", "OnFailure", "Never"}) {
    BOOST_TEST_CONTEXT(policy) {
      fixture f;
      auto p = pod({container("app")}, policy, {container("i1")});
      auto act = f.sync(p, {exited("i1", 0, 0, 1 * sec, 1, true)}, 100 * sec);
      bool never = std::string{policy} == "Never";
      BOOST_TEST(act.init_failed == never);
      BOOST_TEST(act.kill_all == never);
      BOOST_TEST(act.start == (never ? names{} : names{"i1"}), boost::test_tools::per_element());
      BOOST_TEST(act.start_is_init == !never);
    }
  }
}

BOOST_AUTO_TEST_CASE(restart_policy_times_exit_code) {
  struct row {
    const char* policy;
    int exit_code;
    bool restart;
  };
  const row rows[] = {
    {"Always", 0, true},     {"Always", 1, true},     {"", 0, true},
    {"OnFailure", 0, false}, {"OnFailure", 2, true},  {"Never", 0, false},
    {"Never", 137, false},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.policy << " exit " << r.exit_code) {
      fixture f;
      auto p = pod({container("app")}, r.policy);
      auto act = f.sync(p, {exited("app", 0, 0, 1 * sec, r.exit_code)}, 100 * sec);
      BOOST_TEST(act.start == (r.restart ? names{"app"} : names{}),
                 boost::test_tools::per_element());
      BOOST_TEST(act.kill_all == !r.restart); // nothing will ever run again
      BOOST_TEST(should_restart(r.policy, r.exit_code) == r.restart);
    }
  }
}

BOOST_AUTO_TEST_CASE(backoff_blocks_restarts_and_sets_resync) {
  auto p = pod({container("app"), container("side")});
  // First crash: restarted at once (Kubernetes creates the back-off entry then).
  std::vector<containers::container_status> observed = {exited("app", 0, 0, 10 * sec, 1),
                                                        running("side", 0, 0)};
  auto act = sync(p, observed, 11 * sec);
  BOOST_TEST(act.start == names{"app"}, boost::test_tools::per_element());
  BOOST_TEST(!act.resync_at.has_value());
  // Second crash: 10 s.
  observed = {exited("app", 0, 0, 10 * sec, 1), exited("app", 1, 11 * sec, 20 * sec, 1),
              running("side", 0, 0)};
  act = sync(p, observed, 22 * sec);
  BOOST_TEST(act.start.empty());
  BOOST_TEST(act.waiting.at("app").reason == "CrashLoopBackOff");
  BOOST_TEST(act.waiting.at("app").message
             == "back-off 10s restarting failed container=app pod=web_prod(u1)");
  BOOST_TEST(act.resync_at.value_or(0) == 30 * sec);
  BOOST_TEST(!act.kill_all);
  act = sync(p, observed, 30 * sec);
  BOOST_TEST(act.start == names{"app"}, boost::test_tools::per_element());
  BOOST_TEST(!act.resync_at.has_value());
  // Third crash: 20 s.
  observed = {exited("app", 0, 0, 10 * sec, 1), exited("app", 1, 11 * sec, 20 * sec, 1),
              exited("app", 2, 30 * sec, 35 * sec, 1), running("side", 0, 0)};
  act = sync(p, observed, 36 * sec);
  BOOST_TEST(act.waiting.at("app").message
             == "back-off 20s restarting failed container=app pod=web_prod(u1)");
  BOOST_TEST(act.resync_at.value_or(0) == 55 * sec);
}

BOOST_AUTO_TEST_CASE(liveness_failure_kills_the_running_attempt) {
  auto c = container("app");
  *c.mutable_liveness_probe() = exec_probe(1, 0, 1);
  auto p = pod({c});
  auto st = running("app", 2, 0);
  std::vector<due_probe> due;
  probes.due("u1", c, st, 0, due);
  probes.record("u1", "app", probe_kind::liveness, false, 0);
  auto act = sync(p, {st}, 1 * sec);
  BOOST_REQUIRE(act.kill.size() == 1u);
  BOOST_TEST(act.kill[0].container_id == "app-2");
  BOOST_TEST(act.kill[0].reason == "Container app failed liveness probe, will be restarted");
  BOOST_TEST(act.start.empty());
  // A newer attempt is not killed for its predecessor's verdict.
  act = sync(p, {running("app", 3, 2 * sec)}, 3 * sec);
  BOOST_TEST(act.kill.empty());
}

BOOST_AUTO_TEST_CASE(image_change_restarts_and_strays_are_killed) {
  auto p = pod({container("app", "img:v2")});
  auto stray = running("old", 0, 0);
  auto dup = running("app", 0, 0);
  dup.image = "img:v2";
  auto cur = running("app", 1, 0); // image "img"
  auto act = sync(p, {stray, dup, cur}, 1 * sec);
  BOOST_REQUIRE(act.kill.size() == 3u);
  std::map<std::string, std::string> reasons;
  for (const auto& k : act.kill)
    reasons[k.container_id] = k.reason;
  BOOST_TEST(reasons["old-0"] == "not in pod spec");
  BOOST_TEST(reasons["app-0"] == "duplicate attempt");
  BOOST_TEST(reasons["app-1"] == "Container app definition changed, will be restarted");
}

BOOST_AUTO_TEST_CASE(deletion_and_terminal_phase_kill_all) {
  auto p = pod({container("app")});
  std::vector<containers::container_status> observed = {running("app", 0, 0)};
  p.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(5);
  auto act = sync(p, observed, 1 * sec);
  BOOST_TEST(act.kill_all);
  BOOST_TEST(act.kill_all_reason == "pod is being deleted");
  BOOST_REQUIRE(act.kill.size() == 1u);
  BOOST_TEST(act.start.empty());
  p.mutable_metadata()->clear_deletion_timestamp();
  p.mutable_status()->set_phase("Succeeded");
  act = sync(p, {}, 1 * sec);
  BOOST_TEST(act.kill_all);
  BOOST_TEST(act.start.empty());
}

BOOST_AUTO_TEST_CASE(gc_keeps_the_latest_exit_and_the_live_attempt) {
  auto p = pod({container("app")});
  std::vector<containers::container_status> observed = {
    exited("app", 0, 0, 1 * sec, 1), exited("app", 2, 20 * sec, 21 * sec, 1),
    exited("app", 1, 10 * sec, 11 * sec, 1), running("app", 3, 50 * sec)};
  auto act = sync(p, observed, 60 * sec);
  BOOST_TEST(act.remove == (names{"app-0", "app-1"}), boost::test_tools::per_element());
  BOOST_TEST(act.start.empty());
  BOOST_TEST(next_attempt(observed, "app") == 4);
  BOOST_TEST(next_attempt(observed, "other") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
