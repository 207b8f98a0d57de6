// Crashes, restarts from disk, lost leadership and wiped disks.

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>

#include "engine_cluster.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;

BOOST_AUTO_TEST_SUITE(engine_faults)

BOOST_AUTO_TEST_CASE(after_a_leader_crash_every_acknowledged_write_survives) {
  engine_cluster c{{}};
  auto old = c.wait_for_leader();
  for (int i = 0; i < 10; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), "v" + std::to_string(i)));
  // Unacknowledged writes: proposed and persisted by the leader only (its
  // messages are lost).
  c.isolate(old);
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(c.propose(old, put_cmd("/lost/" + std::to_string(i), "x")));
  c.process(old);
  c.crash(old);
  auto l = c.wait_for_leader();
  BOOST_TEST(l != old);
  auto r = c.put("/after", "1");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->revision == 12); // revisions 2..11 were the ten puts
  c.ticks(2);
  for (size_t i = 0; i < c.size(); ++i) {
    if (i == old)
      continue;
    for (int k = 0; k < 10; ++k)
      BOOST_TEST(c.get(i, "/k/" + std::to_string(k))->value() == "v" + std::to_string(k));
  }
  BOOST_TEST(c.divergence() == "");
  // The old leader comes back, drops its uncommitted tail, converges.
  c.heal();
  c.restart(old);
  c.ticks(5);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(!c.get(old, "/lost/0"));
  BOOST_TEST(c.get(old, "/after")->mod_revision() == 12);
}

BOOST_AUTO_TEST_CASE(a_leader_cut_off_with_pending_writes_abandons_them) {
  engine_cluster c{{}};
  auto old = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/a", "1"));
  c.isolate(old);
  std::vector<uint64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto id = c.propose(old, put_cmd("/pending/" + std::to_string(i), "x"));
    BOOST_REQUIRE(id);
    ids.push_back(*id);
  }
  auto mc = c.engine(old).propose_member_change(member{member_id("s9"), "s9", "h:9"}, true);
  BOOST_REQUIRE(std::get_if<uint64_t>(&mc));
  ids.push_back(std::get<uint64_t>(mc));
  BOOST_REQUIRE(c.run_until([&] { return !c.engine(old).is_leader(); }, 100));
  for (auto id : ids) {
    BOOST_TEST(c.abandoned().count(id) == 1u);
    BOOST_TEST(!c.results().count(id));
  }
  BOOST_TEST(c.member_changes_done().empty());
  c.heal();
  c.wait_for_leader();
  BOOST_REQUIRE(c.put("/b", "2"));
  c.ticks(3);
  BOOST_TEST(c.divergence() == "");
  for (size_t i = 0; i < c.size(); ++i) {
    BOOST_TEST(!c.get(i, "/pending/0"));
    BOOST_TEST(c.engine(i).members().size() == 3u);
  }
}

BOOST_AUTO_TEST_CASE(a_restarted_replica_recovers_its_state_from_disk_and_rejoins) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  for (int i = 0; i < 10; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), std::to_string(i)));
  c.ticks(2);
  auto f = (l + 1) % 3;
  auto applied = c.engine(f).applied_index();
  auto rev = c.engine(f).revision();
  auto h = c.hash(f);
  c.crash(f);
  for (int i = 10; i < 15; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), std::to_string(i)));
  c.restart(f);
  // Before any message: exactly what was durable.
  BOOST_TEST(c.engine(f).applied_index() == applied);
  BOOST_TEST(c.engine(f).revision() == rev);
  BOOST_TEST(c.engine(f).revision() == 11);
  BOOST_TEST((c.hash(f) == h));
  BOOST_TEST(c.engine(f).members().size() == 3u);
  c.ticks(3);
  BOOST_TEST(c.engine(f).revision() == 16);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(c.get(f, "/k/14")->value() == "14");
}

BOOST_AUTO_TEST_CASE(the_whole_cluster_restarts_from_disk) {
  engine_cluster c{{}};
  c.wait_for_leader();
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE(c.put("/k", std::to_string(i)));
  c.ticks(2);
  auto h = c.hash(0);
  for (size_t i = 0; i < c.size(); ++i)
    c.crash(i);
  for (size_t i = 0; i < c.size(); ++i)
    c.restart(i);
  for (size_t i = 0; i < c.size(); ++i)
    BOOST_TEST((c.hash(i) == h));
  c.wait_for_leader();
  auto r = c.put("/k", "after");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->revision == 7);
  c.ticks(2);
  BOOST_TEST(c.get(2, "/k")->version() == 6);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(logs_are_compacted_and_restarts_still_work) {
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  c.wait_for_leader();
  for (int i = 0; i < 40; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i % 7), std::to_string(i)));
  c.ticks(2);
  for (size_t i = 0; i < c.size(); ++i) {
    auto st = c.engine(i).status();
    BOOST_TEST(st.raftappliedindex() > 40u);
  }
  auto h = c.hash(1);
  c.restart(1);
  BOOST_TEST((c.hash(1) == h));
  c.ticks(2);
  BOOST_REQUIRE(c.put("/x", "y"));
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
}

BOOST_DATA_TEST_CASE(a_lagging_follower_catches_up_through_a_snapshot,
                     boost::unit_test::data::make({size_t{0}, size_t{8 * 1024}}), capacity) {
  // capacity 0: unlimited; else the snapshot install runs out of room and
  // is retried whole after growing.
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  if (capacity > 0)
    o.disk.capacity_bytes = capacity;
  engine_cluster c{o};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  BOOST_REQUIRE(c.put("/a", "0"));
  c.crash(f);
  auto before = c.slot(f).disk->capacity_bytes();
  std::string pad(400, 'v');
  for (int i = 0; i < 30; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), pad + std::to_string(i)));
  c.restart(f);
  BOOST_REQUIRE(c.run_until([&] { return c.divergence().empty(); }, 100));
  BOOST_TEST(c.delivered().count(raft::MSG_SNAP) == 1u);
  BOOST_TEST(c.engine(f).revision() == 32);
  BOOST_TEST(c.get(f, "/k/29")->value() == pad + "29");
  if (capacity > 0)
    BOOST_TEST(c.slot(f).disk->capacity_bytes() > before);
  // Its state survives a restart after installing the snapshot.
  auto h = c.hash(f);
  c.restart(f);
  BOOST_TEST((c.hash(f) == h));
  BOOST_REQUIRE(c.put("/b", "1"));
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(a_lost_snapshot_message_is_sent_again) {
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  c.crash(f);
  for (int i = 0; i < 30; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), std::to_string(i)));
  int dropped = 0;
  c.set_hold([&](const raft::Message& m) {
    if (m.type() != raft::MSG_SNAP || dropped > 0)
      return false;
    ++dropped;
    return true;
  });
  c.restart(f);
  BOOST_TEST(c.run_until([&] { return c.divergence().empty(); }, 300));
  BOOST_TEST(dropped == 1);
  BOOST_TEST(c.engine(f).revision() == 31);
}

BOOST_AUTO_TEST_CASE(an_old_leader_with_a_long_stale_tail_installs_a_snapshot_and_restarts) {
  // The deposed leader's log runs far beyond the snapshot it receives, with
  // entries of its old term: nothing of that stale log may leak into the
  // stored snapshot metadata (it must restart from what it installed).
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  auto old = c.wait_for_leader();
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(c.put("/a/" + std::to_string(i), "x"));
  c.isolate(old);
  for (int i = 0; i < 60; ++i)
    BOOST_REQUIRE(c.propose(old, put_cmd("/stale/" + std::to_string(i), "x")));
  c.process(old);
  BOOST_REQUIRE(c.run_until([&] {
    auto l = c.leader();
    return l && *l != old;
  }));
  for (int i = 0; i < 40; ++i)
    BOOST_REQUIRE(c.put("/b/" + std::to_string(i), "y"));
  BOOST_REQUIRE(c.run_until([&] { return !c.engine(old).is_leader(); }, 50));
  BOOST_TEST(c.abandoned().size() == 60u);
  c.heal();
  BOOST_REQUIRE(c.run_until([&] { return c.divergence().empty(); }, 100));
  BOOST_TEST(c.delivered().count(raft::MSG_SNAP) >= 1u);
  BOOST_REQUIRE(c.put("/c", "z"));
  c.ticks(2);
  auto h = c.hash(old);
  BOOST_REQUIRE_NO_THROW(c.restart(old));
  BOOST_TEST((c.hash(old) == h));
  BOOST_TEST(!c.get(old, "/stale/0"));
  BOOST_REQUIRE_NO_THROW(c.ticks(3));
  BOOST_REQUIRE(c.put("/d", "w"));
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(c.engine(old).applied_index() == c.engine(*c.leader()).applied_index());
}

BOOST_AUTO_TEST_CASE(a_founder_that_starts_late_catches_up) {
  // Its bootstrap entries are the others' (same index, term and content);
  // the leader's log is compacted beyond them, so it gets a snapshot.
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  c.crash(2); // never processed anything: its disk is still empty
  c.wait_for_leader();
  for (int i = 0; i < 20; ++i)
    BOOST_REQUIRE(c.put("/k/" + std::to_string(i), "v"));
  c.restart(2);
  BOOST_REQUIRE(c.run_until([&] { return c.divergence().empty(); }, 100));
  BOOST_TEST(c.engine(2).revision() == 21);
  BOOST_TEST(c.engine(2).members().size() == 3u);
  c.crash(0);
  BOOST_REQUIRE(c.put("/x", "1")); // it counts towards the quorum
}

BOOST_AUTO_TEST_CASE(a_leadership_transfer_hands_over_and_abandons_nothing_committed) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto to = (l + 1) % 3;
  BOOST_REQUIRE(c.put("/a", "1"));
  auto id = c.propose(l, put_cmd("/a", "2"));
  BOOST_REQUIRE(id);
  c.engine(l).transfer_leadership(c.id_of(to));
  BOOST_REQUIRE(c.run_until([&] { return c.engine(to).is_leader(); }, 50));
  // Proposed before the transfer: committed (result) or abandoned, once.
  BOOST_TEST(c.results().count(*id) + c.abandoned().count(*id) >= 1u);
  auto r = c.put("/a", "3");
  BOOST_REQUIRE(r);
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(c.get(l, "/a")->value() == "3");
}

BOOST_DATA_TEST_CASE(a_write_answered_from_the_write_ahead_log_survives_a_lost_backend_commit,
                     boost::unit_test::data::make({size_t{1}, size_t{3}}), size) {
  engine_cluster c{written_ahead(size)};
  auto l = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/a", "1"));
  std::map<uint64_t, int64_t> answered;
  c.engine(l).set_early_responder(
    [&](const mvcc::apply_result& r) { answered[r.request_id] = r.revision; });
  auto id = c.propose(l, put_cmd("/a", "2"));
  BOOST_REQUIRE(id);
  // The leader's next backend commit fails after the WAL took the entry:
  // the commit of the batch that holds the put's apply, at the next tick.
  c.slot(l).disk->fail_next_commit();
  c.stabilize();
  BOOST_CHECK_THROW(c.tick(), std::exception);
  BOOST_TEST(answered.count(*id) == 1u); // answered before the commit failed
  c.restart(l);
  c.wait_for_leader();
  BOOST_TEST(c.run_until([&] {
    auto kv = c.get(l, "/a");
    return kv && kv->value() == "2";
  }));
  BOOST_TEST(c.get(l, "/a")->version() == 2);
  BOOST_REQUIRE(c.put("/a", "3"));
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(a_follower_that_acked_from_its_write_ahead_log_keeps_the_entry) {
  engine_cluster c{written_ahead(3)};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  auto g = (l + 2) % 3;
  BOOST_REQUIRE(c.put("/a", "1"));
  c.isolate(g); // the write commits with f's ack alone
  c.slot(f).disk->fail_next_commit();
  auto id = c.propose(l, put_cmd("/a", "2"));
  BOOST_REQUIRE(id);
  // f acks after its WAL write, then the commit of its batch fails.
  c.stabilize();
  BOOST_CHECK_THROW(c.tick(), std::exception);
  c.restart(f);
  BOOST_REQUIRE(c.run_until([&] { return c.results().count(*id) > 0; }));
  BOOST_TEST(!c.results()[*id].error.has_value());
  // Only f and g remain: the acknowledged write must be there.
  c.crash(l);
  c.heal();
  BOOST_TEST(c.run_until([&] {
    auto leader = c.leader();
    return leader && *leader != l;
  }));
  BOOST_TEST(c.run_until([&] {
    auto kv = c.get(g, "/a");
    return kv && kv->value() == "2";
  }));
}

BOOST_AUTO_TEST_SUITE_END()
