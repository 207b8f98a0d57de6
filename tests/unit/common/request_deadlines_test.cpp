// request_deadlines: the earliest deadline first, expiry at the deadline
// itself, ids back in ascending order; and a seeded run against a model.

#include <algorithm>
#include <map>
#include <random>

#include <boost/test/unit_test.hpp>

#include "actors/common/request_deadlines.hpp"

using namespace convoy;
using namespace std::chrono_literals;
using time_point = request_deadlines::time_point;

BOOST_AUTO_TEST_SUITE(request_deadlines_suite)

BOOST_AUTO_TEST_CASE(the_earliest_deadline_is_due_first_whatever_the_timeouts) {
  request_deadlines d;
  time_point t0{};
  BOOST_CHECK(!d.next_due());
  d.add(7, t0, 30s);
  d.add(8, t0 + 1s, 2s);
  d.add(9, t0 + 1s, 10s);
  BOOST_CHECK_EQUAL(d.size(), 3u);
  BOOST_REQUIRE(d.next_due());
  BOOST_CHECK(*d.next_due() == t0 + 3s);
  BOOST_CHECK(d.take_expired(t0 + 3s - 1ns).empty());
  BOOST_CHECK(d.take_expired(t0 + 3s) == std::vector<uint64_t>{8});
  BOOST_CHECK(*d.next_due() == t0 + 11s);
  BOOST_CHECK(d.take_expired(t0 + 1min) == (std::vector<uint64_t>{7, 9}));
  BOOST_CHECK_EQUAL(d.size(), 0u);
  BOOST_CHECK(!d.next_due());
}

BOOST_AUTO_TEST_CASE(a_seeded_mix_of_adds_and_expiries_matches_a_sorted_model) {
  std::mt19937_64 rng{20261129};
  request_deadlines d;
  std::multimap<time_point, uint64_t> model;
  time_point now{};
  uint64_t next_id = 1;
  for (int step = 0; step < 20000; ++step) {
    now += std::chrono::microseconds{rng() % 2000};
    if (rng() % 3 != 0) {
      auto timeout = std::chrono::milliseconds{1 + rng() % 5000};
      d.add(next_id, now, timeout);
      model.emplace(now + timeout, next_id++);
    } else {
      std::vector<uint64_t> want;
      while (!model.empty() && model.begin()->first <= now) {
        want.push_back(model.begin()->second);
        model.erase(model.begin());
      }
      std::sort(want.begin(), want.end());
      BOOST_REQUIRE(d.take_expired(now) == want);
    }
    BOOST_REQUIRE_EQUAL(d.size(), model.size());
    BOOST_REQUIRE_EQUAL(d.next_due().has_value(), !model.empty());
    if (!model.empty())
      BOOST_REQUIRE(*d.next_due() == model.begin()->first);
  }
}

BOOST_AUTO_TEST_SUITE_END()
