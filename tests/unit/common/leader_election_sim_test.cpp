// Property test: three electors share the fake CAS store under a seeded
// random schedule of partitions, dropped writes, lost and slow replies, stale
// reads and releases. Safety: never two leaders at the same `now` (clocks
// agree), and a leader is always the store's holder. Liveness: after healing,
// exactly one leader.

#include <array>
#include <cstdint>

#include <boost/test/unit_test.hpp>

#include "tests/unit/common/fake_lease_store.hpp"

using namespace convoy;
using namespace convoy::test;
using duration = std::chrono::nanoseconds;

namespace {

struct elector {
  explicit elector(const char* id) : le(make_config(id)) {
  }

  leader_election le;
  duration wake{0};
  bool partitioned = false;
  bool waiting = false; // a write is outstanding
  duration reply_at{0};
  std::optional<api::Lease> reply; // nullopt = failure
};

struct sim {
  std::mt19937_64 rng;
  fake_lease_store store;
  std::array<elector, 3> nodes{{elector{"a"}, elector{"b"}, elector{"c"}}};
  bool faults = true;
  int acquisitions = 0;
  int faults_injected = 0;

  explicit sim(uint64_t seed) : rng(seed) {
  }

  bool chance(double p) {
    return std::uniform_real_distribution<double>{0, 1}(rng) < p;
  }

  duration uniform(duration max) {
    return duration{std::uniform_int_distribution<int64_t>{0, max.count()}(rng)};
  }

  duration due(const elector& e) const {
    return e.waiting ? e.reply_at : e.wake;
  }

  void send(elector& e, duration now, const le_action& act) {
    e.waiting = true;
    e.reply_at = now + (faults && chance(0.2) ? uniform(10s) : uniform(500ms));
    if (faults && chance(0.1)) { // dropped before the store
      ++faults_injected;
      e.reply.reset();
      return;
    }
    e.reply = store.apply(act);
    if (faults && chance(0.1)) { // applied, answer lost
      ++faults_injected;
      e.reply.reset();
    }
  }

  void run_event(elector& e, duration now) {
    if (e.waiting) {
      bool was = e.le.is_leader(now);
      e.waiting = false;
      e.le.on_write_result(now, e.reply.has_value(), e.reply);
      acquisitions += !was && e.le.is_leader(now);
    } else if (faults && e.le.is_leader(now) && chance(0.01)) {
      auto act = e.le.release(now, wall_at(now));
      BOOST_REQUIRE(act.kind == le_action::update);
      send(e, now, act);
      return;
    } else if (!e.partitioned) {
      auto seen = faults && chance(0.1) ? store.previous : store.lease;
      auto act = e.le.step(now, wall_at(now), seen);
      if (act.kind != le_action::none) {
        send(e, now, act);
        return;
      }
    }
    e.wake = e.le.next_wakeup(now, rng);
  }

  /// Runs until `steps` events or virtual time `until`, checking safety.
  duration run(duration now, int steps, duration until) {
    for (int i = 0; i < steps && now < until; ++i) {
      auto* next = &nodes[0];
      for (auto& e : nodes)
        if (due(e) < due(*next))
          next = &e;
      now = std::max(now, due(*next));
      if (faults && chance(0.05)) {
        auto& victim = nodes[std::uniform_int_distribution<size_t>{0, 2}(rng)];
        victim.partitioned = !victim.partitioned;
        ++faults_injected;
      }
      run_event(*next, now);
      check_safety(now);
    }
    return now;
  }

  void check_safety(duration now) {
    int leaders = 0;
    for (auto& e : nodes) {
      if (!e.le.is_leader(now))
        continue;
      ++leaders;
      BOOST_REQUIRE_EQUAL(store.holder(), e.le.cfg().identity);
    }
    BOOST_REQUIRE_LE(leaders, 1);
  }

  int leader_count(duration now) const {
    int n = 0;
    for (auto& e : nodes)
      n += e.le.is_leader(now);
    return n;
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(leader_election_sim_tests)

BOOST_AUTO_TEST_CASE(at_most_one_leader_under_random_faults) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    BOOST_TEST_CONTEXT("SEED=" << seed) {
      sim s{seed};
      // Safety phase with faults.
      auto now = s.run(0s, 4000, duration::max());
      BOOST_TEST(s.acquisitions >= 3); // takeovers actually happened
      BOOST_TEST(s.faults_injected >= 100);
      BOOST_TEST(s.store.transitions() >= 2);
      // Liveness phase: heal everything, one leader within two leases.
      s.faults = false;
      for (auto& e : s.nodes)
        e.partitioned = false;
      now = s.run(now, 100000, now + 60s);
      BOOST_TEST(s.leader_count(now) == 1);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
