// The rate meter behind "pods/s" and "syncs/s" in the inspection summaries:
// 1-second buckets over a sliding window, span-corrected, time a parameter.

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "actors/common/rate_meter.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

using events = std::vector<std::pair<rate_meter::duration, uint64_t>>;

/// `count` single events `step` apart from `from`.
events steady(rate_meter::duration from, rate_meter::duration step, int count) {
  events out;
  for (int i = 0; i < count; ++i)
    out.emplace_back(from + step * i, 1);
  return out;
}

struct rate_case {
  std::string name;
  std::chrono::seconds window;
  events added;
  rate_meter::duration query;
  double expected;
};

} // namespace

BOOST_AUTO_TEST_SUITE(rate_meters)

BOOST_AUTO_TEST_CASE(rates_follow_the_table) {
  const std::vector<rate_case> cases = {
    {"no events", 10s, {}, 5s, 0.0},
    {"one event reads over at least one second", 10s, {{0s, 1}}, 0s, 1.0},
    {"a batch of n counts n", 10s, {{0s, 100}}, 500ms, 100.0},
    {"several in one bucket", 10s, steady(0s, 100ms, 5), 500ms, 5.0},
    {"before a full window the span is since the first event", 10s,
     steady(0s, 100ms, 30), 3s, 10.0},
    {"a later start does not dilute the rate", 10s, steady(100s, 250ms, 8), 102s, 4.0},
    {"steady 10/s over a long run", 10s, steady(0s, 100ms, 200), 20s, 10.0},
    {"a short window forgets sooner", 3s, steady(0s, 500ms, 40), 20s, 2.0},
    {"still inside the window", 10s, {{500ms, 1}}, 9900ms, 1.0 / 9.4},
    {"idle for a full window reads 0", 10s, {{500ms, 1}}, 10s, 0.0},
    {"idle for long reads 0", 10s, steady(0s, 100ms, 20), 1h, 0.0},
    {"a reused slot forgets its old second", 10s, {{0s, 5}, {10s, 1}}, 10s, 1.0 / 9.0},
    {"an event older than the window never counts", 10s, {{20s, 1}, {5s, 7}}, 20s, 1.0 / 9.0},
    {"an event whose slot holds a newer second is dropped", 10s, {{20s, 1}, {10s, 7}}, 10s, 0.0},
    {"a late event still inside the window counts", 10s, {{20s, 1}, {15s, 2}}, 20s, 3.0 / 5.0},
    {"a query before the newest bucket ignores it", 10s, {{5s, 1}, {7s, 4}}, 6s, 1.0},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      rate_meter meter{c.window};
      for (const auto& [when, n] : c.added)
        meter.add(when, n);
      BOOST_TEST(meter.per_second(c.query) == c.expected, boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_window_is_at_least_one_bucket) {
  BOOST_TEST(rate_meter{}.window().count() == 10);
  BOOST_TEST(rate_meter{3s}.window().count() == 3);
  BOOST_TEST(rate_meter{0s}.window().count() == 1);
  BOOST_TEST(rate_meter{-5s}.window().count() == 1);
  rate_meter one{0s};
  one.add(2s, 4);
  BOOST_TEST(one.per_second(2500ms) == 4.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(one.per_second(3s) == 0.0);
}

BOOST_AUTO_TEST_CASE(the_rate_recovers_after_a_pause) {
  rate_meter meter;
  for (const auto& [when, n] : steady(0s, 100ms, 100))
    meter.add(when, n);
  BOOST_TEST(meter.per_second(30s) == 0.0);
  for (const auto& [when, n] : steady(30s, 500ms, 20))
    meter.add(when, n);
  // Buckets 31..39 hold 2 each; the old burst's slots were overwritten or
  // are outside the window.
  BOOST_TEST(meter.per_second(40s) == 2.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
