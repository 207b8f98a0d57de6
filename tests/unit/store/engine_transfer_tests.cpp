// MoveLeader on the engine: choosing and validating the target
// (plan_transfer), settling a pending transfer (settle), and transfers in an
// engine cluster.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "actors/store/leader_transfer.hpp"
#include "engine_cluster.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;
using namespace std::chrono_literals;

namespace {

using verdict = transfer_plan::verdict;

struct peer {
  uint64_t id;
  uint64_t match;
  bool learner = false;
  bool active = true;
};

std::map<uint64_t, raft::progress> progress_of(const std::vector<peer>& peers) {
  std::map<uint64_t, raft::progress> out;
  for (const auto& p : peers) {
    raft::progress pr{p.match + 1, 16, p.learner};
    pr.match = p.match;
    pr.recent_active = p.active;
    out.emplace(p.id, pr);
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_transfer)

BOOST_AUTO_TEST_CASE(plan_transfer_picks_and_validates_the_target) {
  struct row {
    const char* name;
    uint64_t requested;
    std::vector<peer> peers; // the leader is id 1
    verdict what;
    uint64_t target;
    const char* error_part;
  };
  const std::vector<peer> three{{1, 9}, {2, 7}, {3, 9}};
  const std::vector<row> rows{
    {"0 picks the highest match", 0, three, verdict::transfer, 3, ""},
    {"0 skips a learner ahead of everyone", 0, {{1, 9}, {2, 5}, {4, 9, true}},
     verdict::transfer, 2, ""},
    {"0 breaks a match tie by activity", 0, {{1, 9}, {2, 9, false, false}, {3, 9}},
     verdict::transfer, 3, ""},
    {"0 breaks a full tie by the lowest id", 0, {{1, 9}, {5, 9}, {3, 9}}, verdict::transfer,
     3, ""},
    {"0 with no voting follower", 0, {{1, 9}, {4, 9, true}}, verdict::invalid, 0,
     "no voting follower"},
    {"0 alone", 0, {{1, 9}}, verdict::invalid, 0, "no voting follower"},
    {"an explicit lagging voter", 2, three, verdict::transfer, 2, ""},
    {"the leader itself", 1, three, verdict::already_leader, 1, ""},
    {"an unknown id", 42, three, verdict::invalid, 0, "42 is not a member"},
    {"a learner", 4, {{1, 9}, {2, 9}, {4, 9, true}}, verdict::invalid, 0, "4 is a learner"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto plan = plan_transfer(r.requested, 1, progress_of(r.peers));
      BOOST_TEST(static_cast<int>(plan.what) == static_cast<int>(r.what));
      BOOST_TEST(plan.target == r.target);
      if (r.what == verdict::invalid) {
        BOOST_TEST(plan.error.find("targetID") == 0u);
        BOOST_TEST(plan.error.find(r.error_part) != std::string::npos);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(settle_reports_a_new_leader_before_the_deadline) {
  pending_transfer p{2, 1, std::chrono::nanoseconds{2s}};
  struct row {
    uint64_t leader;
    std::chrono::nanoseconds now;
    transfer_outcome expected;
  };
  const std::vector<row> rows{
    {1, 1s, transfer_outcome::waiting},   // old leader still leads
    {0, 1s, transfer_outcome::waiting},   // election under way
    {2, 1s, transfer_outcome::moved},     // the target won
    {3, 1s, transfer_outcome::moved},     // someone else won: still news
    {1, 2s, transfer_outcome::timed_out}, // deadline reached
    {0, 3s, transfer_outcome::timed_out},
    {2, 3s, transfer_outcome::moved},     // a late win beats the deadline
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("leader " << r.leader << " at " << r.now.count()) {
      BOOST_TEST(static_cast<int>(settle(p, r.leader, r.now)) == static_cast<int>(r.expected));
    }
  }
  BOOST_TEST(transfer_bound(10, 100ms).count() == std::chrono::nanoseconds{2s}.count());
}

BOOST_AUTO_TEST_CASE(move_leader_to_zero_hands_leadership_to_a_follower) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/k", "v"));
  auto term = c.engine(l).header(0).raft_term();
  auto plan = c.engine(l).move_leader(0);
  BOOST_REQUIRE(plan.what == verdict::transfer);
  BOOST_REQUIRE_NE(plan.target, c.id_of(l));
  BOOST_REQUIRE(c.run_until([&] { return c.leader() && *c.leader() != l; }, 100));
  auto nl = *c.leader();
  BOOST_TEST(c.id_of(nl) == plan.target);
  BOOST_TEST(c.engine(nl).header(0).raft_term() > term);
  BOOST_REQUIRE(c.run_until([&] { return c.engine(l).leader() == plan.target; }, 100));
  BOOST_TEST(c.put("/k", "after").has_value());
}

BOOST_AUTO_TEST_CASE(move_leader_to_a_named_follower_and_from_a_follower) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto target = (l + 2) % c.size();
  auto follower = (l + 1) % c.size();
  auto fwd = c.engine(follower).move_leader(c.id_of(target));
  BOOST_TEST(static_cast<int>(fwd.what) == static_cast<int>(verdict::not_leader));
  BOOST_TEST(fwd.target == c.id_of(l));
  auto plan = c.engine(l).move_leader(c.id_of(target));
  BOOST_REQUIRE(plan.what == verdict::transfer);
  BOOST_REQUIRE(c.run_until([&] { return c.leader() == target; }, 100));
  // Nothing was started for bad requests.
  auto bad = c.engine(target).move_leader(12345);
  BOOST_TEST(static_cast<int>(bad.what) == static_cast<int>(verdict::invalid));
  BOOST_TEST(c.engine(target).is_leader());
}

BOOST_AUTO_TEST_CASE(a_transfer_to_an_isolated_follower_is_abandoned) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto target = (l + 1) % c.size();
  c.isolate(target);
  BOOST_REQUIRE(c.put("/k", "v")); // the target now lags: the leader cannot catch it up
  auto plan = c.engine(l).move_leader(c.id_of(target));
  BOOST_REQUIRE(plan.what == verdict::transfer);
  c.ticks(2 * c.options().election_tick);
  BOOST_TEST((c.leader() == l));
  BOOST_TEST(c.engine(l).is_leader());
  BOOST_TEST(c.put("/k", "after").has_value()); // proposals flow again
}

BOOST_AUTO_TEST_SUITE_END()
