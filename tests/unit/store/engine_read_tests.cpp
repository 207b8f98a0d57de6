// Linearizable reads (ReadIndex): a ticket is ready only after its barrier,
// never on a deposed leader, never from a stale barrier.

#include <boost/test/unit_test.hpp>

#include "engine_cluster.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;

namespace {

size_t follower_of(engine_cluster& c, size_t l, size_t k = 0) {
  for (size_t i = 0; i < c.size(); ++i)
    if (i != l && k-- == 0)
      return i;
  throw std::logic_error("no follower");
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_reads)

BOOST_AUTO_TEST_CASE(a_read_on_the_leader_waits_for_a_quorum_heartbeat) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/k", "v1"));
  auto t = c.engine(l).read();
  c.process(l); // heartbeats go out; nobody answered yet
  BOOST_TEST(!c.slot(l).reads_ready.count(t));
  BOOST_TEST(!c.slot(l).reads_failed.count(t));
  c.stabilize();
  BOOST_TEST(c.slot(l).reads_ready.count(t) == 1u);
}

BOOST_AUTO_TEST_CASE(a_read_on_a_follower_waits_until_it_applied_the_barrier) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto f = follower_of(c, l);
  BOOST_REQUIRE(c.put("/k", "v1"));
  c.ticks(1);
  // The follower receives no entries (heartbeats still pass).
  auto fid = c.id_of(f);
  c.set_hold([fid](const raft::Message& m) { return m.to() == fid && m.type() == raft::MSG_APP; });
  BOOST_REQUIRE(c.put("/k", "v2")); // committed by the leader and the other follower
  BOOST_TEST(c.get(f, "/k")->value() == "v1");
  auto t = c.engine(f).read();
  c.stabilize();
  c.ticks(3);
  BOOST_TEST(!c.slot(f).reads_ready.count(t)); // barrier known, not applied yet
  BOOST_TEST(!c.slot(f).reads_failed.count(t));
  std::optional<std::string> seen;
  c.set_output_observer([&](size_t i, const engine_output& out) {
    if (i == f && std::count(out.reads_ready.begin(), out.reads_ready.end(), t))
      seen = c.get(f, "/k")->value();
  });
  c.set_hold(nullptr);
  c.release_held();
  c.ticks(2);
  BOOST_REQUIRE(c.slot(f).reads_ready.count(t));
  BOOST_REQUIRE(seen);
  BOOST_TEST(*seen == "v2");
}

BOOST_AUTO_TEST_CASE(reads_issued_on_every_replica_at_once_all_complete_without_retries) {
  // Each replica names its read batches; the names must not collide at the
  // leader, which ignores a context it already has pending.
  engine_cluster c{{}};
  c.wait_for_leader();
  BOOST_REQUIRE(c.put("/k", "v1"));
  c.ticks(1);
  std::vector<uint64_t> tickets;
  for (size_t i = 0; i < c.size(); ++i)
    tickets.push_back(c.engine(i).read());
  c.stabilize(); // no tick: no retry timer may fire
  for (size_t i = 0; i < c.size(); ++i)
    BOOST_TEST(c.slot(i).reads_ready.count(tickets[i]) == 1u, "replica " << i);
}

BOOST_AUTO_TEST_CASE(a_deposed_leader_never_serves_a_read) {
  engine_cluster c{{}};
  auto old = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/k", "v1"));
  c.ticks(1);
  c.isolate(old);
  auto t = c.engine(old).read();
  std::optional<std::string> seen_on_old;
  c.set_output_observer([&](size_t i, const engine_output& out) {
    if (i == old && std::count(out.reads_ready.begin(), out.reads_ready.end(), t))
      seen_on_old = c.get(old, "/k")->value();
  });
  // The others elect a new leader and write; the old one keeps its ticket.
  BOOST_REQUIRE(c.run_until([&] {
    auto l = c.leader();
    return l && *l != old && c.engine(*l).is_leader();
  }));
  auto l = *c.leader();
  auto id = c.propose(l, put_cmd("/k", "v2"));
  BOOST_REQUIRE(id);
  BOOST_REQUIRE(c.run_until([&] { return c.results().count(*id) > 0; }));
  c.ticks(40);
  BOOST_TEST(!c.slot(old).reads_ready.count(t));
  BOOST_TEST(!c.engine(old).is_leader()); // check-quorum made it step down
  c.heal();
  c.ticks(40);
  // Served after healing (with the new value) or failed: never stale.
  BOOST_TEST((c.slot(old).reads_ready.count(t) + c.slot(old).reads_failed.count(t)) == 1u);
  if (c.slot(old).reads_ready.count(t)) {
    BOOST_REQUIRE(seen_on_old);
    BOOST_TEST(*seen_on_old == "v2");
  }
  // A new read there is served and sees v2.
  auto t2 = c.engine(old).read();
  c.stabilize();
  BOOST_TEST(c.slot(old).reads_ready.count(t2) == 1u);
  BOOST_TEST(c.get(old, "/k")->value() == "v2");
}

BOOST_AUTO_TEST_CASE(reads_fail_when_no_leader_is_known) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto f = follower_of(c, l);
  c.isolate(f);
  // Until it hears of nobody for an election timeout it still knows the
  // leader; its forwarded read is lost and retried, then fails once it has
  // no leader (pre-vote keeps it from disturbing the others).
  auto t = c.engine(f).read();
  BOOST_REQUIRE(c.run_until([&] { return c.slot(f).reads_failed.count(t) > 0; }, 200));
  BOOST_TEST(!c.slot(f).reads_ready.count(t));
}

BOOST_AUTO_TEST_CASE(a_late_read_answer_from_before_a_restart_is_not_a_barrier) {
  // The follower reads, crashes before the leader's answer arrives,
  // restarts, a write commits, and the follower reads again: the old answer
  // (an older commit index) must not complete the new read.
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto f = follower_of(c, l);
  auto fid = c.id_of(f);
  BOOST_REQUIRE(c.put("/k", "v1"));
  c.ticks(1);
  c.set_hold([fid](const raft::Message& m) {
    return m.to() == fid && m.type() == raft::MSG_READ_INDEX_RESP;
  });
  c.engine(f).read();
  c.stabilize();
  BOOST_REQUIRE_EQUAL(c.held().size(), 1u);
  auto stale = c.held().front();
  c.held().clear();
  c.restart(f);
  // From now on the follower gets no entries and no (fresh) read answers.
  c.set_hold([fid](const raft::Message& m) {
    return m.to() == fid && (m.type() == raft::MSG_READ_INDEX_RESP || m.type() == raft::MSG_APP);
  });
  BOOST_REQUIRE(c.put("/k", "v2")); // acknowledged before the new read starts
  BOOST_REQUIRE(c.run_until([&] { return c.engine(f).leader() == c.id_of(l); }));
  auto t = c.engine(f).read();
  c.stabilize();
  c.engine(f).step(stale);
  c.process(f);
  if (c.slot(f).reads_ready.count(t))
    BOOST_TEST(c.get(f, "/k")->value() == "v2", "stale read served after restart");
}

BOOST_AUTO_TEST_SUITE_END()
