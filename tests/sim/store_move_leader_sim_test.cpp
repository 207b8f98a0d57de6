// MoveLeader (etcd's Maintenance.MoveLeader) on a 3-replica store under
// simulation: a follower forwards the request to the leader, the leader
// hands leadership over and answers with the new leader, bad targets are
// refused, and a transfer to an unreachable follower times out while the old
// leader keeps leading.

#include <boost/test/unit_test.hpp>

#include <string>

#include "caf/all.hpp"

#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "store_cluster.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// Writes through the client; true once acknowledged.
bool put(test::store_cluster& c, const std::string& key, const std::string& value) {
  store::PutRequest req;
  req.set_key(key);
  req.set_value(value);
  auto w = c.ask<store::PutResponse>(*c.client_host, c.client, req, 30s);
  return w && *w;
}

uint64_t term_of(test::store_cluster& c, size_t i) {
  auto st = c.ask<store::StatusResponse>(*c.replicas[i].host, c.replicas[i].actor,
                                         store::StatusRequest{}, 5s);
  BOOST_REQUIRE(st && *st);
  return (*st)->raftterm();
}

std::optional<caf::expected<store::MoveLeaderResponse>>
move_leader(test::store_cluster& c, size_t via, uint64_t target, caf::timespan budget = 10s) {
  store::MoveLeaderRequest req;
  req.set_targetid(target);
  return c.ask<store::MoveLeaderResponse>(*c.replicas[via].host, c.replicas[via].actor, req,
                                          budget);
}

/// The error of `res` in words ("" when it holds a value).
std::string why(const caf::expected<store::MoveLeaderResponse>& res) {
  return res ? std::string{} : describe(res.error());
}

/// The replica leading now (after a settled election).
size_t settled_leader(test::store_cluster& c) {
  std::optional<size_t> l;
  BOOST_REQUIRE(c.net.run_until([&] { return (l = c.leader()).has_value(); }, 10s));
  return *l;
}

} // namespace

BOOST_AUTO_TEST_SUITE(store_move_leader_sim)

BOOST_AUTO_TEST_CASE(move_leader_zero_sent_to_a_follower_moves_leadership_off_the_leader) {
  test::store_cluster c{3, test::test_seed(31)};
  BOOST_REQUIRE(put(c, "/k/before", "1"));
  auto old = settled_leader(c);
  auto old_term = term_of(c, old);
  auto follower = (old + 1) % 3;
  auto res = move_leader(c, follower, 0);
  BOOST_REQUIRE(res);
  BOOST_REQUIRE_MESSAGE(*res, why(*res));
  const auto& resp = **res;
  BOOST_TEST(resp.leader() != 0u);
  BOOST_TEST(resp.leader() != c.members[old].id);
  BOOST_TEST(resp.header().raft_term() > old_term);
  BOOST_TEST(resp.header().member_id() == c.members[old].id); // the leader answered
  BOOST_REQUIRE(c.net.run_until(
    [&] { return c.leader() && c.members[*c.leader()].id == resp.leader(); }, 10s));
  BOOST_TEST(put(c, "/k/after", "2"));
}

BOOST_AUTO_TEST_CASE(move_leader_to_a_named_follower_makes_it_leader) {
  test::store_cluster c{3, test::test_seed(32)};
  BOOST_REQUIRE(put(c, "/k", "1"));
  auto old = settled_leader(c);
  auto target = (old + 2) % 3;
  auto res = move_leader(c, old, c.members[target].id);
  BOOST_REQUIRE(res);
  BOOST_REQUIRE_MESSAGE(*res, why(*res));
  BOOST_TEST((*res)->leader() == c.members[target].id);
  BOOST_REQUIRE(c.net.run_until([&] { return c.leader() == target; }, 10s));
  // Moving to the current leader answers at once with it.
  auto self = move_leader(c, target, c.members[target].id);
  BOOST_REQUIRE(self && *self);
  BOOST_TEST((*self)->leader() == c.members[target].id);
  BOOST_TEST(put(c, "/k", "2"));
}

BOOST_AUTO_TEST_CASE(an_unknown_target_is_invalid_argument) {
  test::store_cluster c{3, test::test_seed(33)};
  BOOST_REQUIRE(put(c, "/k", "1"));
  auto old = settled_leader(c);
  for (size_t via : {old, (old + 1) % 3}) {
    auto res = move_leader(c, via, 12345);
    BOOST_REQUIRE(res);
    BOOST_REQUIRE(!*res);
    BOOST_TEST((code_of(res->error()) == errc::invalid_argument), describe(res->error()));
    BOOST_TEST(describe(res->error()).find("targetID") != std::string::npos);
  }
  BOOST_TEST((c.leader() == old));
}

BOOST_AUTO_TEST_CASE(a_transfer_to_a_partitioned_follower_times_out) {
  test::store_cluster c{3, test::test_seed(34)};
  BOOST_REQUIRE(put(c, "/k", "1"));
  auto old = settled_leader(c);
  auto target = (old + 1) % 3;
  auto other = (old + 2) % 3;
  c.net.cut(*c.replicas[old].host, *c.replicas[target].host);
  c.net.cut(*c.replicas[other].host, *c.replicas[target].host);
  BOOST_REQUIRE(put(c, "/k", "2")); // the target lags behind now
  auto started = c.net.now();
  auto res = move_leader(c, old, c.members[target].id);
  BOOST_REQUIRE(res);
  BOOST_REQUIRE(!*res);
  BOOST_TEST((code_of(res->error()) == errc::timeout), describe(res->error()));
  auto text = describe(res->error());
  BOOST_TEST(text.find("leadership transfer to " + std::to_string(c.members[target].id)
                       + " did not complete")
             != std::string::npos,
             text);
  BOOST_TEST((c.net.now() - started < 5s)); // two election timeouts, not the ask budget
  BOOST_TEST(settled_leader(c) == old);
  BOOST_TEST(put(c, "/k", "3"));
  c.net.heal(*c.replicas[old].host, *c.replicas[target].host);
  c.net.heal(*c.replicas[other].host, *c.replicas[target].host);
}

BOOST_AUTO_TEST_SUITE_END()
