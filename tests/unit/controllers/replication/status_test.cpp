// compute_status / apply_status / requeue_after_seconds: calculateStatus'
// counts, the ReplicaFailure condition's life cycle, no-op detection and
// the wake-up that turns ready pods into available ones.

#include <functional>
#include <optional>

#include <boost/test/unit_test.hpp>

#include "actors/controllers/replication/core/replica_status.hpp"
#include "tests/unit/controllers/replication/builders.hpp"

using namespace convoy;
using namespace convoy::controllers::replication;
using namespace convoy::controllers::replication::test;

namespace {

constexpr int64_t now = 1000;

api::ReplicaSetCondition failure(const std::string& reason, const std::string& message,
                                 int64_t since) {
  api::ReplicaSetCondition c;
  c.set_type("ReplicaFailure");
  c.set_status("True");
  c.set_reason(reason);
  c.set_message(message);
  c.mutable_last_transition_time()->set_seconds(since);
  return c;
}

api::ReplicaSetCondition other_condition() {
  api::ReplicaSetCondition c;
  c.set_type("Custom");
  c.set_status("False");
  return c;
}

replica_status status_of(const std::vector<api::Pod>& pods, int32_t min_ready = 0) {
  return compute_status(rs_builder().replicas(3).min_ready(min_ready).owner(), ptrs(pods), now, "",
                        "", {});
}

} // namespace

BOOST_AUTO_TEST_SUITE(status_suite)

BOOST_AUTO_TEST_CASE(counts_active_pods_only) {
  std::vector<api::Pod> pods = {
      pod_builder("a").label("app", "web").ready(10),
      pod_builder("b").label("app", "web").not_ready(),
      pod_builder("c").label("app", "web").ready(10).phase("Succeeded"),
      pod_builder("d").label("app", "web").ready(10).phase("Failed"),
      pod_builder("e").label("app", "web").ready(10).deleting(),
      pod_builder("f").label("app", "web").label("extra", "1").ready(10),
      pod_builder("g").label("other", "x"), // adopted by a looser selector, say
  };
  auto s = status_of(pods);
  BOOST_CHECK_EQUAL(s.replicas, 4); // a, b, f, g
  BOOST_CHECK_EQUAL(s.fully_labeled_replicas, 3); // g lacks app=web
  BOOST_CHECK_EQUAL(s.ready_replicas, 2);
  BOOST_CHECK_EQUAL(s.available_replicas, 2);
  BOOST_CHECK_EQUAL(s.observed_generation, 1);
  BOOST_CHECK(s.conditions.empty());
}

BOOST_AUTO_TEST_CASE(available_after_min_ready_seconds) {
  struct row {
    int32_t min_ready;
    int64_t ready_since;
    bool available;
  };
  std::vector<row> rows = {
      {0, now, true},       {10, now - 10, true}, {10, now - 9, false},
      {10, now + 5, false}, {60, 0, true},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("minReady " << r.min_ready << " since " << r.ready_since) {
      auto s = status_of({pod_builder("a").ready(r.ready_since)}, r.min_ready);
      BOOST_CHECK_EQUAL(s.ready_replicas, 1);
      BOOST_CHECK_EQUAL(s.available_replicas, r.available ? 1 : 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(replica_failure_condition_life_cycle) {
  auto owner = rs_builder().replicas(3).owner();
  std::vector<api::Pod> one = {pod_builder("a").ready(1)};

  // Set: with the given reason, the error as message, now as transition time.
  auto set = compute_status(owner, ptrs(one), now, "quota exceeded", "FailedCreate",
                            {other_condition()});
  BOOST_REQUIRE_EQUAL(set.conditions.size(), 2u);
  BOOST_CHECK_EQUAL(set.conditions[0].type(), "Custom"); // others kept
  const auto& c = set.conditions[1];
  BOOST_CHECK_EQUAL(c.type(), "ReplicaFailure");
  BOOST_CHECK_EQUAL(c.status(), "True");
  BOOST_CHECK_EQUAL(c.reason(), "FailedCreate");
  BOOST_CHECK_EQUAL(c.message(), "quota exceeded");
  BOOST_CHECK_EQUAL(c.last_transition_time().seconds(), now);

  // Kept: a later failure leaves the first condition and its time alone.
  auto kept = compute_status(owner, ptrs(one), now + 50, "another error", "FailedCreate",
                             set.conditions);
  BOOST_REQUIRE_EQUAL(kept.conditions.size(), 2u);
  BOOST_CHECK_EQUAL(kept.conditions[1].last_transition_time().seconds(), now);
  BOOST_CHECK_EQUAL(kept.conditions[1].message(), "quota exceeded");

  // Cleared: no error removes it, and only it.
  auto cleared = compute_status(owner, ptrs(one), now + 60, "", "", kept.conditions);
  BOOST_REQUIRE_EQUAL(cleared.conditions.size(), 1u);
  BOOST_CHECK_EQUAL(cleared.conditions[0].type(), "Custom");
}

BOOST_AUTO_TEST_CASE(failure_reason_defaults_from_the_direction) {
  std::vector<api::Pod> two = {pod_builder("a"), pod_builder("b")};
  struct row {
    int32_t replicas;
    const char* reason;
  };
  for (const auto& r : std::vector<row>{{3, "FailedCreate"}, {1, "FailedDelete"}, {2, ""}}) {
    BOOST_TEST_CONTEXT("replicas " << r.replicas) {
      auto s = compute_status(rs_builder().replicas(r.replicas).owner(), ptrs(two), now, "boom", "",
                              {});
      BOOST_REQUIRE_EQUAL(s.conditions.size(), 1u);
      BOOST_CHECK_EQUAL(s.conditions[0].reason(), r.reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(apply_status_reports_changes_for_both_kinds) {
  replica_status s;
  s.replicas = 3;
  s.fully_labeled_replicas = 3;
  s.ready_replicas = 2;
  s.available_replicas = 1;
  s.observed_generation = 7;
  s.conditions = {failure("FailedDelete", "denied", 42)};

  api::ReplicaSetStatus rs;
  BOOST_CHECK(apply_status(s, rs));
  BOOST_CHECK(!apply_status(s, rs)); // second time: nothing to write
  BOOST_CHECK_EQUAL(rs.ready_replicas(), 2);
  BOOST_CHECK_EQUAL(rs.observed_generation(), 7);
  BOOST_CHECK_EQUAL(rs.conditions(0).message(), "denied");

  api::ReplicationControllerStatus rc;
  BOOST_CHECK(apply_status(s, rc));
  BOOST_CHECK(!apply_status(s, rc));
  BOOST_CHECK_EQUAL(rc.available_replicas(), 1);
  BOOST_REQUIRE_EQUAL(rc.conditions_size(), 1);
  BOOST_CHECK_EQUAL(rc.conditions(0).reason(), "FailedDelete");
  BOOST_CHECK_EQUAL(rc.conditions(0).last_transition_time().seconds(), 42);
  BOOST_CHECK_EQUAL(conditions_of(rc).size(), 1u);
  BOOST_CHECK_EQUAL(conditions_of(rc)[0].message(), "denied");

  // Each field on its own counts as a change.
  std::vector<std::function<void(replica_status&)>> edits = {
      [](auto& x) { x.replicas = 4; },
      [](auto& x) { x.fully_labeled_replicas = 0; },
      [](auto& x) { x.ready_replicas = 3; },
      [](auto& x) { x.available_replicas = 2; },
      [](auto& x) { x.observed_generation = 8; },
      [](auto& x) { x.conditions.clear(); },
      [](auto& x) { x.conditions[0].set_message("other"); },
      [](auto& x) { x.conditions[0].mutable_last_transition_time()->set_seconds(43); },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    BOOST_TEST_CONTEXT("edit " << i) {
      api::ReplicaSetStatus current = rs;
      auto changed = s;
      edits[i](changed);
      BOOST_CHECK(apply_status(changed, current));
      BOOST_CHECK(!apply_status(changed, current));
    }
  }
}

BOOST_AUTO_TEST_CASE(requeue_when_ready_pods_await_availability) {
  struct row {
    const char* what;
    int32_t min_ready;
    std::vector<api::Pod> pods;
    std::optional<int64_t> after;
  };
  std::vector<row> rows = {
      {"no minReadySeconds", 0, {pod_builder("a").ready(now)}, std::nullopt},
      {"all available", 10, {pod_builder("a").ready(now - 20)}, std::nullopt},
      {"none ready", 10, {pod_builder("a").not_ready()}, std::nullopt},
      {"just ready", 10, {pod_builder("a").ready(now)}, 10},
      {"the soonest wins", 10,
       {pod_builder("a").ready(now - 2), pod_builder("b").ready(now - 7),
        pod_builder("c").ready(now - 30)},
       3},
      {"clock skew: ready in the future", 10, {pod_builder("a").ready(now + 100)}, 110},
      {"terminated pods do not count", 10, {pod_builder("a").ready(now).phase("Failed")},
       std::nullopt},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.what) {
      auto got = requeue_after_seconds(rs_builder().min_ready(r.min_ready).owner(), ptrs(r.pods),
                                       now);
      BOOST_CHECK(got == r.after);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
