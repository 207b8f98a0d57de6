// Scenario and table tests of the pure leader-election core (client-go
// tryAcquireOrRenew semantics) against the fake CAS store.

#include <boost/test/unit_test.hpp>

#include "tests/unit/common/fake_lease_store.hpp"

using namespace convoy;
using namespace convoy::test;

namespace {

struct fixture {
  fake_lease_store store;
  leader_election a{make_config("a")};
  leader_election b{make_config("b")};
};

} // namespace

BOOST_AUTO_TEST_SUITE(leader_election_tests)

BOOST_AUTO_TEST_CASE(validate_names_the_offending_field) {
  struct row {
    const char* name;
    void (*mutate)(leader_election::config&);
    const char* field; // "" = valid
  };
  const row rows[] = {
    {"defaults", [](auto&) {}, ""},
    {"empty identity", [](auto& c) { c.identity.clear(); }, "identity"},
    {"zero lease", [](auto& c) { c.lease_duration = 0s; }, "lease_duration"},
    {"negative renew", [](auto& c) { c.renew_deadline = -1s; }, "renew_deadline"},
    {"zero retry", [](auto& c) { c.retry_period = 0s; }, "retry_period"},
    {"lease == renew", [](auto& c) { c.lease_duration = 10s; }, "lease_duration"},
    {"renew == 1.2 retry", [](auto& c) { c.renew_deadline = 2400ms; }, "renew_deadline"},
    {"renew just above", [](auto& c) { c.renew_deadline = 2401ms; }, ""},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto cfg = make_config("x");
      r.mutate(cfg);
      auto err = leader_election::validate(cfg);
      if (*r.field == '\0') {
        BOOST_TEST(err.empty());
      } else {
        BOOST_TEST(err.rfind(r.field, 0) == 0u, err);
        BOOST_CHECK_THROW(leader_election{cfg}, std::invalid_argument);
      }
    }
  }
}

BOOST_FIXTURE_TEST_CASE(first_candidate_creates_the_lease, fixture) {
  auto act = a.step(0s, wall_at(0s), std::nullopt);
  BOOST_TEST(act.kind == le_action::create);
  BOOST_TEST(act.lease.metadata().name() == "kube-scheduler");
  BOOST_TEST(act.lease.metadata().namespace_() == "kube-system");
  BOOST_TEST(act.lease.spec().lease_duration_seconds() == 15);
  BOOST_TEST(!a.is_leader(0s)); // not before the apiserver said yes
  auto written = store.apply(act);
  a.on_write_result(1s, true, written);
  BOOST_TEST(a.is_leader(1s));
  BOOST_TEST(store.holder() == "a");
  BOOST_TEST(store.transitions() == 0);
  BOOST_TEST(attempt(b, store, 1s) == le_action::none);
  BOOST_TEST(!b.is_leader(1s));
}

BOOST_FIXTURE_TEST_CASE(concurrent_create_has_one_winner, fixture) {
  auto act_a = a.step(0s, wall_at(0s), std::nullopt);
  auto act_b = b.step(0s, wall_at(0s), std::nullopt);
  auto wa = store.apply(act_a);
  auto wb = store.apply(act_b);
  a.on_write_result(0s, wa.has_value(), wa);
  b.on_write_result(0s, wb.has_value(), wb);
  BOOST_TEST(a.is_leader(0s));
  BOOST_TEST(!b.is_leader(0s));
}

BOOST_FIXTURE_TEST_CASE(renewing_keeps_others_out_and_keeps_acquire_time, fixture) {
  attempt(a, store, 0s);
  auto acquired = store.lease->spec().acquire_time().seconds();
  for (auto t = 0s; t <= 60s; t += 2s) {
    BOOST_TEST(attempt(b, store, t) == le_action::none);
    BOOST_TEST(attempt(a, store, t + 1s) == le_action::update);
    BOOST_TEST(a.is_leader(t + 1s));
  }
  BOOST_TEST(store.transitions() == 0);
  BOOST_TEST(store.lease->spec().acquire_time().seconds() == acquired);
  BOOST_TEST(store.lease->spec().renew_time().seconds() == acquired + 61);
}

BOOST_FIXTURE_TEST_CASE(takeover_only_after_lease_duration_unchanged, fixture) {
  attempt(a, store, 0s); // then a crashes
  BOOST_TEST(attempt(b, store, 0s) == le_action::none);
  BOOST_TEST(attempt(b, store, 14999ms) == le_action::none);
  BOOST_TEST(attempt(b, store, 15s) == le_action::update);
  BOOST_TEST(b.is_leader(15s));
  BOOST_TEST(store.holder() == "b");
  BOOST_TEST(store.transitions() == 1);
}

BOOST_FIXTURE_TEST_CASE(expiry_uses_local_observation_not_remote_renew_time, fixture) {
  attempt(a, store, 0s); // renewTime says t=0; a crashes
  // b starts at 10 s: it must wait a full lease_duration from its own first
  // sight of the record, whatever renewTime says.
  BOOST_TEST(attempt(b, store, 10s) == le_action::none);
  BOOST_TEST(attempt(b, store, 24999ms) == le_action::none);
  BOOST_TEST(attempt(b, store, 25s) == le_action::update);
  BOOST_TEST(b.is_leader(25s));
}

BOOST_FIXTURE_TEST_CASE(a_change_restarts_the_expiry_clock, fixture) {
  attempt(a, store, 0s);
  BOOST_TEST(attempt(b, store, 0s) == le_action::none);
  attempt(a, store, 8s); // renew: the record changes; then a crashes
  BOOST_TEST(attempt(b, store, 9s) == le_action::none); // b sees the change
  BOOST_TEST(attempt(b, store, 15s) == le_action::none);
  BOOST_TEST(attempt(b, store, 23999ms) == le_action::none);
  BOOST_TEST(attempt(b, store, 24s) == le_action::update);
}

BOOST_FIXTURE_TEST_CASE(leader_that_cannot_renew_stops_before_takeover, fixture) {
  attempt(a, store, 0s);
  attempt(b, store, 0s);
  for (auto t = 2s; t <= 14s; t += 2s) { // a's writes all fail
    auto act = a.step(t, wall_at(t), store.lease);
    BOOST_TEST(act.kind == le_action::update);
    a.on_write_result(t, false, std::nullopt);
    BOOST_TEST(a.is_leader(t) == (t < 10s));
  }
  BOOST_TEST(!a.is_leader(10s));
  BOOST_TEST(attempt(b, store, 15s) == le_action::update);
  BOOST_TEST(b.is_leader(15s));
  BOOST_TEST(!a.is_leader(15s));
  // a reads again: someone else holds it, not expired.
  BOOST_TEST(attempt(a, store, 16s) == le_action::none);
  BOOST_TEST(!a.is_leader(16s));
}

BOOST_FIXTURE_TEST_CASE(deadline_counts_from_send_time_not_reply, fixture) {
  auto act = a.step(0s, wall_at(0s), std::nullopt);
  auto written = store.apply(act);
  a.on_write_result(4s, true, written); // slow answer
  BOOST_TEST(a.is_leader(9999ms));
  BOOST_TEST(!a.is_leader(10s));
}

BOOST_FIXTURE_TEST_CASE(holder_regains_own_lease_without_a_transition, fixture) {
  attempt(a, store, 0s);
  a.step(2s, wall_at(2s), store.lease);
  a.on_write_result(12s, false, std::nullopt);
  BOOST_TEST(!a.is_leader(12s));
  BOOST_TEST(attempt(a, store, 13s) == le_action::update);
  BOOST_TEST(a.is_leader(13s));
  BOOST_TEST(store.transitions() == 0);
}

BOOST_FIXTURE_TEST_CASE(stale_read_loses_the_compare_and_swap, fixture) {
  attempt(a, store, 0s);
  attempt(b, store, 0s);
  auto stale = store.lease;
  attempt(a, store, 14s); // renewed, b has not read since
  auto act = b.step(15s, wall_at(15s), stale);
  BOOST_TEST(act.kind == le_action::update);
  auto written = store.apply(act);
  BOOST_TEST(!written.has_value());
  b.on_write_result(15s, false, written);
  BOOST_TEST(!b.is_leader(15s));
  BOOST_TEST(store.holder() == "a");
}

BOOST_FIXTURE_TEST_CASE(release_hands_over_at_once_and_transitions_count, fixture) {
  attempt(a, store, 0s);
  BOOST_TEST(attempt(b, store, 1s) == le_action::none);
  BOOST_TEST(b.release(1s, wall_at(1s)).kind == le_action::none); // not leader
  auto rel = a.release(2s, wall_at(2s));
  BOOST_TEST(rel.kind == le_action::update);
  BOOST_TEST(!a.is_leader(2s)); // stops acting before the write
  auto written = store.apply(rel);
  BOOST_TEST(written.has_value());
  a.on_write_result(2s, true, written);
  BOOST_TEST(!a.is_leader(2s)); // a successful release does not lead
  BOOST_TEST(store.holder().empty());
  BOOST_TEST(store.transitions() == 0);
  BOOST_TEST(attempt(b, store, 2s) == le_action::update);
  BOOST_TEST(b.is_leader(2s));
  BOOST_TEST(store.transitions() == 1);
  attempt(b, store, 4s); // renew: no transition; then b crashes
  BOOST_TEST(attempt(a, store, 5s) == le_action::none);
  BOOST_TEST(attempt(a, store, 20s) == le_action::update);
  BOOST_TEST(store.holder() == "a");
  BOOST_TEST(store.transitions() == 2);
}

BOOST_FIXTURE_TEST_CASE(foreign_holder_seen_by_leader_ends_leadership, fixture) {
  attempt(a, store, 0s);
  auto edited = *store.lease; // e.g. an operator hands the lease to b
  edited.mutable_spec()->set_holder_identity("b");
  store.apply({le_action::update, edited});
  BOOST_TEST(attempt(a, store, 2s) == le_action::none);
  BOOST_TEST(!a.is_leader(2s));
}

BOOST_FIXTURE_TEST_CASE(deleted_lease_drops_leadership_and_recreates, fixture) {
  attempt(a, store, 0s);
  store.lease.reset();
  auto act = a.step(2s, wall_at(2s), std::nullopt);
  BOOST_TEST(act.kind == le_action::create);
  BOOST_TEST(!a.is_leader(2s));
}

BOOST_FIXTURE_TEST_CASE(next_wakeup_renews_on_period_and_jitters_retries, fixture) {
  std::mt19937_64 rng{7};
  attempt(a, store, 0s);
  BOOST_TEST((a.next_wakeup(1s, rng) == 3s));
  bool varied = false;
  auto first = b.next_wakeup(1s, rng);
  for (int i = 0; i < 100; ++i) {
    auto w = b.next_wakeup(1s, rng);
    BOOST_TEST((w >= 3s && w < 5400ms));
    varied = varied || w != first;
  }
  BOOST_TEST(varied);
}

BOOST_AUTO_TEST_SUITE_END()
