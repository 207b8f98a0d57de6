#include <boost/test/unit_test.hpp>

#include "actors/kubelet/core/crash_backoff.hpp"
#include "builders.hpp"

using namespace convoy::kubelet;
using convoy::kubelet::test::sec;

BOOST_AUTO_TEST_SUITE(crash_backoff_suite)

BOOST_AUTO_TEST_CASE(first_crash_restarts_at_once_then_10s_doubling_to_300s) {
  crash_backoff b;
  const std::string key = backoff_key("u1", "app");
  b.record_exit(key, 1'001 * sec, 1'000 * sec);
  BOOST_TEST(b.delay(key) == 0);
  BOOST_TEST(!b.blocked_until(key, 1'001 * sec).has_value());
  const wall_ms expected[] = {10, 20, 40, 80, 160, 300, 300};
  wall_ms t = 1'010 * sec;
  for (auto delay : expected) {
    b.record_exit(key, t + 1 * sec, t);
    t += sec;
    BOOST_TEST(b.delay(key) == delay * sec);
    auto until = b.blocked_until(key, t);
    BOOST_REQUIRE(until.has_value());
    BOOST_TEST(*until == t + delay * sec);
    BOOST_TEST(!b.blocked_until(key, t + delay * sec).has_value());
    t += delay * sec; // restart exactly when allowed
  }
}

BOOST_AUTO_TEST_CASE(same_exit_seen_twice_does_not_double) {
  crash_backoff b;
  b.record_exit("u1/app", 100 * sec, 90 * sec);
  b.record_exit("u1/app", 120 * sec, 110 * sec);
  b.record_exit("u1/app", 120 * sec, 110 * sec);
  BOOST_TEST(b.delay("u1/app") == 10 * sec);
}

BOOST_AUTO_TEST_CASE(resets_after_ten_minutes_of_clean_running) {
  struct row {
    const char* name;
    wall_ms started, finished;
    wall_ms want;
  };
  // Previous exits at 100 s (at once), 130 s (10 s), 180 s (20 s).
  const row rows[] = {
    {"short run doubles", 230 * sec, 240 * sec, 40 * sec},
    {"ran 10 minutes", 230 * sec, 830 * sec, 0},
    {"quiet 10 minutes since the last exit", 700 * sec, 790 * sec, 0},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      crash_backoff b;
      b.record_exit("u1/app", 100 * sec, 99 * sec);
      b.record_exit("u1/app", 130 * sec, 129 * sec);
      b.record_exit("u1/app", 180 * sec, 179 * sec);
      b.record_exit("u1/app", r.finished, r.started);
      BOOST_TEST(b.delay("u1/app") == r.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(never_crashed_is_not_blocked_and_forget_pod_clears) {
  crash_backoff b;
  BOOST_TEST(!b.blocked_until("u1/app", 0).has_value());
  for (const char* key : {"u1/app", "u1/side", "u10/app"}) {
    b.record_exit(key, 5 * sec, 0);
    b.record_exit(key, 10 * sec, 6 * sec);
  }
  b.forget_pod("u1");
  BOOST_TEST(!b.blocked_until("u1/app", 11 * sec).has_value());
  BOOST_TEST(b.blocked_until("u10/app", 11 * sec).has_value());
  BOOST_TEST(b.size() == 1u);
  b.gc(10 * sec + crash_backoff::reset_after_ms + 1);
  BOOST_TEST(b.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
