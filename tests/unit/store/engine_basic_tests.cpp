// Elections, bootstrap membership, replicated writes with exact revisions,
// proposals on followers, group commit (within a ready and across readies)
// and the map-full growth path.

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "engine_cluster.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;

namespace {

const PutResponse& put_response(const mvcc::apply_result& r) {
  return std::get<PutResponse>(r.value);
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_basic)

BOOST_AUTO_TEST_CASE(three_replicas_elect_a_leader_and_list_the_founders) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  for (size_t i = 0; i < c.size(); ++i) {
    BOOST_TEST_CONTEXT("replica " << i) {
      BOOST_TEST(c.engine(i).leader() == c.id_of(l));
      BOOST_TEST(c.engine(i).is_leader() == (i == l));
      auto ms = c.engine(i).members();
      BOOST_REQUIRE_EQUAL(ms.size(), 3u);
      for (size_t j = 0; j < 3; ++j) {
        auto& want = c.slot(j).self;
        auto at = std::find_if(ms.begin(), ms.end(), [&](auto& m) { return m.id == want.id; });
        BOOST_REQUIRE(at != ms.end());
        BOOST_TEST(at->name == want.name);
        BOOST_TEST(at->address == want.address);
      }
      // A new store is at revision 1 (etcd), before any write.
      BOOST_TEST(c.engine(i).revision() == 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(puts_and_deletes_apply_on_every_replica_with_exact_revisions) {
  engine_cluster c{{}};
  auto r1 = c.put("/a", "1");
  BOOST_REQUIRE(r1);
  BOOST_TEST(!r1->error);
  BOOST_TEST(r1->revision == 2);
  BOOST_TEST(put_response(*r1).header().revision() == 2);
  auto r2 = c.put("/a", "2");
  BOOST_REQUIRE(r2);
  BOOST_TEST(r2->revision == 3);
  auto r3 = c.put("/b", "x");
  BOOST_REQUIRE(r3);
  BOOST_TEST(r3->revision == 4);
  auto r4 = c.del("/b");
  BOOST_REQUIRE(r4);
  BOOST_TEST(r4->revision == 5);
  BOOST_TEST(std::get<DeleteRangeResponse>(r4->value).deleted() == 1);
  // Deleting nothing does not make a revision.
  auto r5 = c.del("/nothing");
  BOOST_REQUIRE(r5);
  BOOST_TEST(r5->revision == 5);
  BOOST_TEST(std::get<DeleteRangeResponse>(r5->value).deleted() == 0);
  c.ticks(2); // the followers learn the last commit index
  for (size_t i = 0; i < c.size(); ++i) {
    BOOST_TEST_CONTEXT("replica " << i) {
      BOOST_TEST(c.engine(i).revision() == 5);
      auto a = c.get(i, "/a");
      BOOST_REQUIRE(a);
      BOOST_TEST(a->value() == "2");
      BOOST_TEST(a->create_revision() == 2);
      BOOST_TEST(a->mod_revision() == 3);
      BOOST_TEST(a->version() == 2);
      BOOST_TEST(!c.get(i, "/b"));
      BOOST_TEST(c.engine(i).applied_index() == c.engine(0).applied_index());
    }
  }
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(c.hash(0).second == 5);
}

BOOST_AUTO_TEST_CASE(a_follower_refuses_proposals_and_names_the_leader) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  for (size_t i = 0; i < c.size(); ++i) {
    if (i == l)
      continue;
    auto res = c.engine(i).propose(put_cmd("/k", "v"));
    auto* why = std::get_if<not_proposed>(&res);
    BOOST_REQUIRE(why);
    BOOST_TEST(why->leader == c.id_of(l));
    BOOST_TEST(!why->reason.empty());
    auto mc = c.engine(i).propose_member_change(member{member_id("x"), "x", "h:1"}, true);
    BOOST_REQUIRE(std::get_if<not_proposed>(&mc));
    BOOST_TEST(std::get<not_proposed>(mc).leader == c.id_of(l));
  }
}

BOOST_AUTO_TEST_CASE(before_an_election_nobody_accepts_proposals) {
  engine_cluster c{{}};
  for (size_t i = 0; i < c.size(); ++i) {
    auto res = c.engine(i).propose(put_cmd("/k", "v"));
    auto* why = std::get_if<not_proposed>(&res);
    BOOST_REQUIRE(why);
    BOOST_TEST(why->leader == 0u);
  }
}

BOOST_AUTO_TEST_CASE(an_invalid_command_is_refused_before_proposing) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto before = c.engine(l).status().raftindex();
  auto res = c.engine(l).propose(put_cmd("", "v")); // empty key
  auto* why = std::get_if<not_proposed>(&res);
  BOOST_REQUIRE(why);
  BOOST_TEST(why->leader == 0u);
  BOOST_TEST(!why->reason.empty());
  c.stabilize();
  BOOST_TEST(c.engine(l).status().raftindex() == before);
}

BOOST_AUTO_TEST_CASE(many_proposals_before_one_process_share_one_backend_commit) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  c.ticks(2);
  auto& disk = *c.slot(l).disk;
  std::vector<uint64_t> ids;
  for (int i = 0; i < 50; ++i) {
    auto id = c.propose(l, put_cmd("/g/" + std::to_string(i), "v"));
    BOOST_REQUIRE(id);
    ids.push_back(*id);
  }
  auto before = disk.commits();
  c.process(l);
  BOOST_TEST(disk.commits() == before + 1); // 50 entries, one transaction
  // The followers receive them in one MsgApp and persist them in one commit.
  std::vector<uint64_t> follower_before;
  for (size_t i = 0; i < c.size(); ++i)
    follower_before.push_back(c.slot(i).disk->commits());
  c.stabilize();
  for (size_t i = 0; i < c.size(); ++i) {
    if (i == l)
      continue;
    // Append (1) + apply once the commit index arrives (1).
    BOOST_TEST(c.slot(i).disk->commits() - follower_before[i] <= 2u);
  }
  BOOST_TEST(disk.commits() - before <= 2u); // + the apply of all 50 together
  int64_t rev = 1;
  for (auto id : ids) {
    BOOST_REQUIRE(c.results().count(id));
    BOOST_TEST(c.results()[id].revision == ++rev); // in proposal order
  }
  c.ticks(1);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(a_leaders_results_go_out_before_the_lazy_commit_of_their_apply) {
  cluster_options o;
  o.disk.capacity_bytes = 16 * 1024; // some applies must grow and run again
  engine_cluster c{o};
  auto l = c.wait_for_leader();
  auto& disk = *c.slot(l).disk;
  // request id -> backend commits when the result was handed out, and how
  // often it was.
  std::map<uint64_t, std::pair<uint64_t, int>> early;
  std::map<uint64_t, int64_t> revisions;
  c.engine(l).set_early_responder([&](const mvcc::apply_result& r) {
    early[r.request_id] = {disk.commits(), early[r.request_id].second + 1};
    revisions[r.request_id] = r.revision;
  });
  std::string big(3000, 'x');
  for (int i = 0; i < 20; ++i) {
    auto id = c.propose(l, put_cmd("/big/" + std::to_string(i), big));
    BOOST_REQUIRE(id);
    c.process(l); // appends (durable commit), replicates
    auto appended = disk.commits();
    if (i % 2 == 1) // the apply's commit finds the map full and runs again
      disk.fail_next_commit(backend::backend_error_kind::map_full);
    c.stabilize(); // the followers ack; the leader applies (lazy commit)
    BOOST_REQUIRE_MESSAGE(early.count(*id), "put " << i << " was not answered early");
    BOOST_TEST(early[*id].first == appended); // before the apply's commit
    BOOST_TEST(early[*id].second == 1);       // once, though the apply ran again
    BOOST_TEST(disk.commits() > appended);
    BOOST_TEST(revisions[*id] == i + 2);
    BOOST_TEST(c.results().count(*id) == 0u); // and not a second time
  }
  BOOST_TEST(disk.capacity_bytes() > 16u * 1024);
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
}

BOOST_DATA_TEST_CASE(written_ahead_writes_share_one_backend_commit_and_survive_a_crash_before_it,
                     boost::unit_test::data::make({size_t{1}, size_t{3}}), size) {
  engine_cluster c{written_ahead(size)};
  auto l = c.wait_for_leader();
  c.engine(l).begin_read(); // commits what waits
  auto& disk = *c.slot(l).disk;
  auto commits = disk.commits();
  for (int i = 0; i < 10; ++i) {
    auto id = c.propose(l, put_cmd("/k" + std::to_string(i), "v" + std::to_string(i)));
    BOOST_REQUIRE(id);
    c.stabilize();
    BOOST_REQUIRE(c.results().count(*id)); // answered
  }
  // The WAL made each put durable; their applies wait in one batch.
  BOOST_TEST(disk.commits() == commits);
  c.crash(l); // before that batch committed
  c.restart(l);
  c.wait_for_leader();
  for (int i = 0; i < 10; ++i) {
    auto key = "/k" + std::to_string(i);
    BOOST_TEST(c.run_until([&] {
      auto kv = c.get(l, key);
      return kv && kv->value() == "v" + std::to_string(i);
    }));
  }
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(flush_commits_the_waiting_applies_at_once) {
  engine_cluster c{written_ahead(1)};
  auto l = c.wait_for_leader();
  auto& disk = *c.slot(l).disk;
  c.engine(l).flush();
  auto commits = disk.commits();
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE(c.put("/f" + std::to_string(i), "v"));
  BOOST_TEST(disk.commits() == commits); // the applies wait in the batch
  c.engine(l).flush();
  BOOST_TEST(disk.commits() == commits + 1);
  c.engine(l).flush(); // nothing waits now
  BOOST_TEST(disk.commits() == commits + 1);
}

BOOST_AUTO_TEST_CASE(a_full_backend_grows_and_the_ready_is_retried_whole) {
  cluster_options o;
  o.disk.capacity_bytes = 16 * 1024;
  engine_cluster c{o};
  c.wait_for_leader();
  std::string big(3000, 'x');
  for (int i = 0; i < 30; ++i) {
    auto r = c.put("/big/" + std::to_string(i), big + std::to_string(i));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->revision == i + 2);
  }
  c.ticks(2);
  for (size_t i = 0; i < c.size(); ++i) {
    BOOST_TEST(c.slot(i).disk->capacity_bytes() > 16u * 1024);
    BOOST_TEST(c.slot(i).disk->size_bytes() > 30u * 3000);
    auto kv = c.get(i, "/big/29");
    BOOST_REQUIRE(kv);
    BOOST_TEST(kv->value() == big + "29");
    BOOST_TEST(kv->version() == 1);
  }
  BOOST_TEST(c.divergence() == "");
  // A restart reads back what the grown backend holds.
  c.restart(1);
  BOOST_TEST(c.engine(1).revision() == 31);
}

BOOST_AUTO_TEST_CASE(a_failed_commit_loses_nothing_that_was_acknowledged) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  BOOST_REQUIRE(c.put("/a", "1"));
  auto f = (l + 1) % 3;
  auto applied = c.engine(f).applied_index();
  c.slot(f).disk->fail_next_commit();
  auto id = c.propose(l, put_cmd("/a", "2"));
  BOOST_REQUIRE(id);
  c.process(l);
  // The follower's write fails: the engine must throw, not carry on as if
  // the entries were durable (the actor then restarts it from disk).
  BOOST_CHECK_THROW(c.stabilize(), std::exception);
  BOOST_TEST(c.engine(f).applied_index() >= applied);
  c.restart(f);
  BOOST_TEST(c.run_until([&] { return c.results().count(*id) > 0; }));
  c.ticks(2);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(c.get(f, "/a")->value() == "2");
}

BOOST_AUTO_TEST_CASE(a_single_replica_is_its_own_quorum) {
  cluster_options o;
  o.size = 1;
  engine_cluster c{o};
  BOOST_TEST(c.wait_for_leader() == 0u);
  auto r = c.put("/a", "1");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->revision == 2);
  auto t = c.engine(0).read();
  c.process(0);
  BOOST_TEST(c.slot(0).reads_ready.count(t) == 1u); // no round trip needed
  c.restart(0);
  c.wait_for_leader();
  BOOST_TEST(c.engine(0).revision() == 2);
  BOOST_REQUIRE(c.put("/a", "2"));
  BOOST_TEST(c.get(0, "/a")->version() == 2);
}

BOOST_AUTO_TEST_CASE(membership_changes_that_make_no_sense_are_refused) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  // Removing a stranger.
  auto res = c.engine(l).propose_member_change(member{member_id("nobody"), "nobody", ""}, false);
  BOOST_TEST(std::get_if<not_proposed>(&res) != nullptr);
  // Adding a member again.
  auto again = c.engine(l).propose_member_change(c.slot((l + 1) % 3).self, true);
  BOOST_TEST(std::get_if<not_proposed>(&again) != nullptr);
  // Two changes at once: the second waits for the first to apply.
  auto first = c.engine(l).propose_member_change(member{member_id("s4"), "s4", "h:4"}, true);
  BOOST_REQUIRE(std::get_if<uint64_t>(&first));
  auto second = c.engine(l).propose_member_change(member{member_id("s5"), "s5", "h:5"}, true);
  BOOST_TEST(std::get_if<not_proposed>(&second) != nullptr);
  auto want = std::get<uint64_t>(first);
  BOOST_REQUIRE(c.run_until([&] { return c.member_changes_done().count(want) > 0; }));
  BOOST_TEST(c.engine(l).members().size() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
