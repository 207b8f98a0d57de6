// The pieces every controller shares: the work queue's no-double-processing
// rule, the requeue limiter's back-off, expectations, pod ordering.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/common/expectations.hpp"
#include "actors/controllers/common/owner_index.hpp"
#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/common/requeue_limiter.hpp"
#include "actors/controllers/common/work_queue.hpp"

using namespace convoy;
using namespace convoy::controllers;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(work_queue_suite)

BOOST_AUTO_TEST_CASE(a_key_queued_twice_is_handed_out_once) {
  work_queue q;
  q.add("a");
  q.add("b");
  q.add("a");
  BOOST_CHECK_EQUAL(q.size(), 2u);
  BOOST_CHECK_EQUAL(*q.pop(), "a");
  BOOST_CHECK_EQUAL(*q.pop(), "b");
  BOOST_CHECK(!q.pop());
}

BOOST_AUTO_TEST_CASE(a_key_added_while_processing_waits_for_done) {
  work_queue q;
  q.add("a");
  auto key = q.pop();
  q.add("a");
  BOOST_CHECK(!q.pop()); // never twice at once
  q.done(*key);
  BOOST_CHECK_EQUAL(*q.pop(), "a");
  q.done("a");
  BOOST_CHECK(!q.pop()); // not dirty: done does not requeue
  BOOST_CHECK_EQUAL(q.processing(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(requeue_limiter_suite)

BOOST_AUTO_TEST_CASE(per_key_delay_doubles_until_forget) {
  requeue_limiter lim;
  BOOST_CHECK(lim.when("a", 0s) == 5ms);
  BOOST_CHECK(lim.when("a", 0s) == 10ms);
  BOOST_CHECK(lim.when("a", 0s) == 20ms);
  BOOST_CHECK(lim.when("b", 0s) == 5ms); // keys back off independently
  BOOST_CHECK_EQUAL(lim.requeues("a"), 3);
  lim.forget("a");
  BOOST_CHECK(lim.when("a", 0s) == 5ms);
}

BOOST_AUTO_TEST_CASE(per_key_delay_is_capped) {
  requeue_limiter lim;
  requeue_limiter::duration last{0};
  for (int i = 0; i < 100; ++i)
    last = lim.when("a", std::chrono::hours{i}); // time passes: the bucket stays full
  BOOST_CHECK(last == 1000s);
}

BOOST_AUTO_TEST_CASE(the_bucket_limits_a_failure_storm) {
  requeue_limiter lim;
  requeue_limiter::duration last{0};
  for (int i = 0; i < 150; ++i)
    last = lim.when("k" + std::to_string(i), 0s);
  // 100 burst, then 10/s: the 150th waits 5 s.
  BOOST_CHECK(last >= 4900ms && last <= 5100ms);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expectations_suite)

BOOST_AUTO_TEST_CASE(unknown_keys_are_satisfied) {
  expectations exp;
  BOOST_CHECK(exp.satisfied("rs", 0s));
}

BOOST_AUTO_TEST_CASE(creations_must_all_be_observed) {
  expectations exp;
  exp.expect_creations("rs", 2, 0s);
  BOOST_CHECK(!exp.satisfied("rs", 1s));
  exp.creation_observed("rs");
  BOOST_CHECK(!exp.satisfied("rs", 1s));
  exp.creation_observed("rs");
  BOOST_CHECK(exp.satisfied("rs", 1s));
}

BOOST_AUTO_TEST_CASE(deletions_count_only_the_expected_objects) {
  expectations exp;
  exp.expect_deletions("rs", {"ns/a", "ns/b"}, 0s);
  exp.deletion_observed("rs", "ns/other");
  exp.deletion_observed("rs", "ns/a");
  exp.deletion_observed("rs", "ns/a");
  BOOST_CHECK(!exp.satisfied("rs", 1s));
  exp.deletion_observed("rs", "ns/b");
  BOOST_CHECK(exp.satisfied("rs", 1s));
}

BOOST_AUTO_TEST_CASE(stale_expectations_expire) {
  expectations exp(10s);
  exp.expect_creations("rs", 1, 0s);
  BOOST_CHECK(!exp.satisfied("rs", 10s));
  BOOST_CHECK(exp.satisfied("rs", 11s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pod_state_suite)

namespace {

api::Pod pod(const std::string& name, const std::string& node, const std::string& phase,
             bool ready, int64_t created, int64_t ready_since = 0, int32_t restarts = 0) {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->mutable_creation_timestamp()->set_seconds(created);
  p.mutable_spec()->set_node_name(node);
  p.mutable_status()->set_phase(phase);
  auto* c = p.mutable_status()->add_conditions();
  c->set_type("Ready");
  c->set_status(ready ? "True" : "False");
  c->mutable_last_transition_time()->set_seconds(ready_since);
  p.mutable_status()->add_container_statuses()->set_restart_count(restarts);
  return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(active_and_available) {
  auto p = pod("a", "n1", "Running", true, 0, 100);
  BOOST_CHECK(is_pod_active(p));
  BOOST_CHECK(is_pod_ready(p));
  BOOST_CHECK(is_pod_available(p, 0, 100));
  BOOST_CHECK(!is_pod_available(p, 10, 105));
  BOOST_CHECK(is_pod_available(p, 10, 110));
  p.mutable_status()->set_phase("Succeeded");
  BOOST_CHECK(!is_pod_active(p));
  p.mutable_status()->set_phase("Running");
  p.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(5);
  BOOST_CHECK(!is_pod_active(p));
}

BOOST_AUTO_TEST_CASE(deletion_order_follows_active_pods) {
  auto unbound = pod("u", "", "Pending", false, 0);
  auto pending = pod("p", "n1", "Pending", false, 0);
  auto not_ready = pod("nr", "n1", "Running", false, 0);
  auto ready_new = pod("rn", "n1", "Running", true, 0, 50);
  auto ready_old = pod("ro", "n1", "Running", true, 0, 10);
  BOOST_CHECK(delete_before(unbound, pending));
  BOOST_CHECK(delete_before(pending, not_ready));
  BOOST_CHECK(delete_before(not_ready, ready_new));
  BOOST_CHECK(delete_before(ready_new, ready_old));
  BOOST_CHECK(!delete_before(ready_old, ready_new));
  auto restarted = pod("r", "n1", "Running", true, 0, 10, 3);
  BOOST_CHECK(delete_before(restarted, ready_old));
  auto younger = pod("y", "n1", "Running", true, 9, 10);
  BOOST_CHECK(delete_before(younger, ready_old));
}

BOOST_AUTO_TEST_CASE(controller_reference) {
  api::ObjectMeta meta;
  auto* other = meta.add_owner_references();
  other->set_name("x");
  BOOST_CHECK(controller_of(meta) == nullptr);
  auto* ctl = meta.add_owner_references();
  ctl->set_name("rs");
  ctl->set_controller(true);
  BOOST_REQUIRE(controller_of(meta) != nullptr);
  BOOST_CHECK_EQUAL(controller_of(meta)->name(), "rs");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(owner_index_suite)

BOOST_AUTO_TEST_CASE(pods_are_found_by_controller_namespace_and_orphanhood) {
  owner_index idx;
  api::Pod owned;
  owned.mutable_metadata()->set_namespace_("a");
  auto* ref = owned.mutable_metadata()->add_owner_references();
  ref->set_uid("rs-1");
  ref->set_controller(true);
  api::Pod orphan;
  orphan.mutable_metadata()->set_namespace_("a");
  idx.upsert("a/owned", owned.metadata());
  idx.upsert("a/orphan", orphan.metadata());
  BOOST_CHECK_EQUAL(idx.controlled_by("rs-1").count("a/owned"), 1u);
  BOOST_CHECK_EQUAL(idx.orphans_in("a").size(), 1u);
  BOOST_CHECK_EQUAL(idx.in_namespace("a").size(), 2u);
  // Released: the pod moves to the orphans.
  owned.mutable_metadata()->clear_owner_references();
  idx.upsert("a/owned", owned.metadata());
  BOOST_CHECK(idx.controlled_by("rs-1").empty());
  BOOST_CHECK_EQUAL(idx.orphans_in("a").size(), 2u);
  idx.remove("a/owned");
  idx.remove("a/orphan");
  BOOST_CHECK(idx.in_namespace("a").empty());
  BOOST_CHECK(idx.orphans_in("a").empty());
}

BOOST_AUTO_TEST_SUITE_END()
