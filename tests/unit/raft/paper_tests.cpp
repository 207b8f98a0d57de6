// Scenarios tied to sections of the Raft paper (Ongaro & Ousterhout, "In
// Search of an Understandable Consensus Algorithm", extended version) and of
// the Raft thesis, run on test_cluster with its invariant checker.

#include <algorithm>
#include <set>

#include <boost/test/unit_test.hpp>

#include "actors/store/raft/raft_core.hpp"

#include "test_cluster.hpp"

using namespace convoy::raft;
using namespace convoy::raft::testing;

namespace {

ConfState voters(std::initializer_list<uint64_t> ids) {
  ConfState cs;
  for (auto id : ids)
    cs.add_voters(id);
  return cs;
}

/// A storage whose log holds entries 1.. with the given terms.
memory_storage storage_with(std::vector<uint64_t> terms, uint64_t term, uint64_t commit,
                            ConfState cs = voters({1, 2, 3})) {
  memory_storage s(std::move(cs));
  std::vector<Entry> ents;
  for (size_t i = 0; i < terms.size(); ++i) {
    auto& e = ents.emplace_back();
    e.set_index(i + 1);
    e.set_term(terms[i]);
  }
  s.append(ents);
  HardState hs;
  hs.set_term(term);
  hs.set_commit(commit);
  s.set_hard_state(hs);
  return s;
}

basic_status st(test_cluster& c, uint64_t id) {
  return c.node(id).rn->basic_status();
}

uint64_t commit_of(test_cluster& c, uint64_t id) {
  return st(c, id).hard_state.commit();
}

std::vector<uint64_t> log_terms(test_cluster& c, uint64_t id) {
  auto& s = c.node(id).storage;
  std::vector<uint64_t> out;
  for (auto i = s.first_index(); i <= s.last_index(); ++i)
    out.push_back(s.term(i).value());
  return out;
}

/// A cluster whose nodes 1..3 start from hand-built logs.
test_cluster hand_built(std::vector<std::vector<uint64_t>> logs, uint64_t term,
                        node_options opts = {}) {
  test_cluster c(opts);
  for (uint64_t id = 1; id <= logs.size(); ++id)
    c.add_node_with_storage(id, storage_with(logs[id - 1], term, 1));
  return c;
}

void elect(test_cluster& c, uint64_t id) {
  BOOST_REQUIRE(c.campaign(id) == raft_errc::ok);
  c.stabilize();
  BOOST_REQUIRE_EQUAL(c.leader(), id);
}

std::vector<uint64_t> voter_ids(test_cluster& c, uint64_t id) {
  const auto& v = c.node(id).conf.voters();
  return {v.begin(), v.end()};
}

void require_safe(const test_cluster& c) {
  BOOST_TEST(c.checker().ok(), c.checker().failure());
}

} // namespace

BOOST_AUTO_TEST_SUITE(raft_paper)

// -- 5.2 Leader election ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(election_timeouts_are_randomized_per_node) {
  // Reference: 5.2 "Raft uses randomized election timeouts to ensure that
  // split votes are rare": each follower waits [election, 2 * election).
  std::set<int> timeouts;
  for (uint64_t id = 1; id <= 5; ++id) {
    memory_storage s(voters({1, 2, 3, 4, 5}));
    config cfg;
    cfg.id = id;
    cfg.seed = 42;
    raw_node n(cfg, s);
    int ticks = 0;
    while (n.basic_status().soft.state == role::follower && ticks < 100) {
      n.tick();
      ++ticks;
    }
    BOOST_TEST(ticks >= cfg.election_tick);
    BOOST_TEST(ticks < 2 * cfg.election_tick);
    timeouts.insert(ticks);
  }
  BOOST_TEST(timeouts.size() > 1u);
}

BOOST_AUTO_TEST_CASE(a_candidate_wins_with_a_majority_and_others_follow) {
  // Reference: 5.2 "A candidate wins an election if it receives votes from
  // a majority of the servers in the full cluster for the same term."
  test_cluster c;
  c.add_nodes(5);
  c.partition({{1, 2, 3}, {4, 5}});
  elect(c, 1);
  BOOST_TEST(st(c, 2).soft.lead == 1u);
  BOOST_TEST(st(c, 4).soft.lead == none); // unreachable, not yet informed
  // A candidate without a majority does not win.
  c.partition({{4}, {1, 2, 3, 5}});
  c.campaign(4);
  c.stabilize();
  BOOST_TEST(st(c, 4).soft.state != role::leader);
  BOOST_TEST(c.leader() == 1u);
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(each_node_votes_once_per_term_even_across_restarts) {
  // Reference: 5.2 "each server will vote for at most one candidate in a
  // given term"; Figure 2: votedFor is persistent state.
  test_cluster c(node_options{10, 1, false, false});
  c.add_nodes(3);
  c.isolate(3);
  c.campaign(1);
  c.stabilize(); // node 2 votes for 1 in term 2; 1 wins
  BOOST_REQUIRE_EQUAL(c.leader(), 1u);
  BOOST_TEST(c.node(2).storage.hard_state().vote() == 1u);
  c.crash(2);
  c.restart(2);
  // Node 3 runs for the same term 2: node 2 must refuse, having voted.
  Message vote;
  vote.set_type(MSG_VOTE);
  vote.set_from(3);
  vote.set_to(2);
  vote.set_term(2);
  vote.set_index(100);
  vote.set_log_term(9);
  c.node(2).rn->step(vote);
  auto rd = c.node(2).rn->ready();
  BOOST_REQUIRE_EQUAL(rd.messages.size(), 1u);
  BOOST_TEST(rd.messages[0].type() == MSG_VOTE_RESP);
  BOOST_TEST(rd.messages[0].reject());
  c.node(2).rn->advance(rd);
}

BOOST_AUTO_TEST_CASE(a_candidate_with_a_stale_log_cannot_win) {
  // Reference: 5.4.1 "the voter denies its vote if its own log is more
  // up-to-date than that of the candidate".
  auto c = hand_built({{1}, {1, 2}, {1, 2}}, 2, node_options{10, 1, false, false});
  c.campaign(1);
  c.stabilize();
  BOOST_TEST(c.leader() == none);
  elect(c, 2);
  require_safe(c);
}

// -- 5.3 Log replication -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_entry_commits_once_a_majority_stores_it) {
  // Reference: 5.3 "A log entry is committed once the leader that created
  // the entry has replicated it on a majority of the servers."
  test_cluster c;
  c.add_nodes(5);
  elect(c, 1);
  auto before = commit_of(c, 1);
  c.partition({{1, 2, 3}, {4, 5}});
  c.propose(1, "x");
  c.stabilize();
  BOOST_TEST(commit_of(c, 1) == before + 1);
  BOOST_TEST((c.node(2).state == std::vector<std::string>{"x"}));
  BOOST_TEST(c.node(4).state.empty());
  // With only two of five, nothing commits.
  c.partition({{1, 2}, {3, 4, 5}});
  c.propose(1, "y");
  c.stabilize();
  BOOST_TEST(commit_of(c, 1) == before + 1);
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(the_leader_overwrites_conflicting_follower_entries) {
  // Reference: 5.3 / Figure 7: "the leader handles inconsistencies by forcing
  // the followers' logs to duplicate its own"; extraneous entries go.
  auto c = hand_built({{1, 3}, {1, 3}, {1, 2, 2, 2}}, 3, node_options{10, 1, false, false});
  elect(c, 1);
  c.propose(1, "z");
  c.stabilize();
  auto want = std::vector<uint64_t>{1, 3, 4, 4};
  BOOST_TEST(log_terms(c, 1) == want);
  BOOST_TEST(log_terms(c, 3) == want);
  BOOST_TEST((c.node(3).state == std::vector<std::string>{"z"}));
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(proposals_between_readies_are_batched_and_pipelined) {
  // One append and one MsgApp per follower for many proposals; with a small
  // message size the leader pipelines up to the inflight window.
  node_options opts;
  opts.max_inflight_msgs = 3;
  test_cluster c(opts);
  c.add_nodes(3);
  elect(c, 1);
  auto payload = [](int i) {
    auto s = std::to_string(i);
    return "p" + std::string(3 - s.size(), '0') + s; // all the same size
  };
  for (int i = 0; i < 100; ++i)
    c.propose(1, payload(i));
  auto rd = c.node(1).rn->ready();
  BOOST_TEST(rd.entries.size() == 100u);
  BOOST_TEST(rd.messages.size() == 2u);
  for (const auto& m : rd.messages)
    BOOST_TEST(m.entries_size() == 100);
  c.node(1).rn->advance(rd);

  auto small = entry_size(rd.entries[0]) * 10; // ten entries per message
  node_options tiny;
  tiny.max_inflight_msgs = 3;
  tiny.max_size_per_msg = small;
  test_cluster p(tiny);
  p.add_nodes(3);
  elect(p, 1);
  for (int i = 0; i < 100; ++i)
    p.propose(1, payload(i));
  auto rd2 = p.node(1).rn->ready();
  // Three MsgApp of ten entries to each follower, before any ack.
  BOOST_TEST(rd2.messages.size() == 6u);
  for (const auto& m : rd2.messages)
    BOOST_TEST(m.entries_size() == 10);
  p.node(1).rn->advance(rd2);
}

// -- 5.4 Safety --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_leader_never_commits_earlier_terms_by_counting_replicas) {
  // Reference: 5.4.2 / Figure 8: "Raft never commits log entries from
  // previous terms by counting replicas." Node 1 holds entry 2 of term 2;
  // as leader of term 4 it replicates it to node 2 (a majority with itself),
  // yet commits it only together with an entry of term 4.
  node_options opts;
  opts.max_size_per_msg = 1; // one entry per MsgApp: entry 2 travels alone
  opts.pre_vote = false;
  auto c = hand_built({{1, 2}, {1}, {1}}, 3, opts);
  c.isolate(3);
  c.campaign(1);
  bool saw_old_entry_replicated = false;
  for (int round = 0; round < 100; ++round) {
    for (auto id : c.ids())
      c.process_ready(id);
    c.deliver_all();
    auto status = c.node(1).rn->status();
    auto pr = status.progress_by_id.find(2);
    if (pr != status.progress_by_id.end() && pr->second.match == 2) {
      saw_old_entry_replicated = true;
      BOOST_TEST(status.hard_state.term() == 4u);
      BOOST_TEST(status.hard_state.commit() == 1u); // not committed by counting
    }
    if (pr != status.progress_by_id.end() && pr->second.match == 3)
      break;
  }
  BOOST_TEST(saw_old_entry_replicated);
  c.stabilize();
  BOOST_TEST(commit_of(c, 1) == 3u); // committed with the term-4 entry
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(a_restarted_node_recovers_its_log_and_catches_up) {
  // Figure 2: currentTerm, votedFor and log[] are persistent; a restarted
  // server resumes from them and the leader brings it up to date.
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.propose(1, "a");
  c.stabilize();
  c.crash(3);
  c.propose(1, "b");
  c.stabilize();
  c.restart(3);
  auto s3 = st(c, 3);
  BOOST_TEST(s3.hard_state.term() == 2u);
  BOOST_TEST(s3.applied == 0u); // no snapshot: everything is re-applied
  c.tick_all(1);
  c.stabilize();
  BOOST_TEST((c.node(3).state == std::vector<std::string>{"a", "b"}));
  BOOST_TEST(commit_of(c, 3) == commit_of(c, 1));
  require_safe(c);
}

// -- 6 / thesis 9.6: disruption --------------------------------------------------

BOOST_AUTO_TEST_CASE(a_rejoining_partitioned_node_does_not_disrupt_the_leader) {
  // Thesis 9.6 (pre-vote) and 4.2.3 (check quorum): an isolated node keeps
  // timing out but never raises its term, and the cluster ignores it.
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  auto term = st(c, 1).hard_state.term();
  c.isolate(3);
  for (int i = 0; i < 100; ++i) {
    c.tick(3);
    c.process_ready(3);
    c.in_flight().clear();
  }
  BOOST_TEST(st(c, 3).hard_state.term() == term);
  c.heal();
  for (int i = 0; i < 20; ++i) {
    c.tick_all();
    c.stabilize();
  }
  BOOST_TEST(c.leader() == 1u);
  BOOST_TEST(st(c, 1).hard_state.term() == term);
  BOOST_TEST(st(c, 3).soft.lead == 1u);
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(without_pre_vote_a_rejoining_node_forces_an_election) {
  // The contrast to the test above: with neither feature, the isolated
  // node's inflated term deposes the healthy leader when it returns.
  test_cluster c(node_options{10, 1, false, false});
  c.add_nodes(3);
  elect(c, 1);
  auto term = st(c, 1).hard_state.term();
  c.isolate(3);
  c.tick(3, 40);
  c.stabilize();
  BOOST_TEST(st(c, 3).hard_state.term() > term);
  c.heal();
  c.tick(3, 40);
  c.stabilize();
  BOOST_TEST(st(c, 1).hard_state.term() > term);
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(a_leader_without_a_quorum_steps_down) {
  // Thesis 6.2 (check quorum): a leader that has not heard from a majority
  // within an election timeout steps down.
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.isolate(1);
  for (int i = 0; i < 2 * 10; ++i) {
    c.tick(1);
    c.stabilize();
  }
  BOOST_TEST(st(c, 1).soft.state == role::follower);
}

// -- thesis 6.4: linearizable reads --------------------------------------------------

BOOST_AUTO_TEST_CASE(a_new_leader_answers_reads_only_after_committing_in_its_term) {
  // Thesis 6.4 step 1: until its own entry commits, a new leader's commit
  // index may lag what its predecessor committed.
  auto c = hand_built({{1, 2}, {1, 2}, {1, 2}}, 2, node_options{10, 1, false, false});
  c.campaign(1);
  while (st(c, 1).soft.state != role::leader) {
    for (auto id : c.ids())
      c.process_ready(id);
    c.deliver_all();
  }
  BOOST_TEST(commit_of(c, 1) == 1u); // entry 2 is not known committed yet
  BOOST_REQUIRE(c.read_index(1, "early") == raft_errc::ok);
  c.process_ready(1);
  BOOST_TEST(c.node(1).reads.empty());
  c.stabilize();
  BOOST_REQUIRE_EQUAL(c.node(1).reads.size(), 1u);
  BOOST_TEST(c.node(1).reads[0].index == 3u); // includes entry 2 and the no-op
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(a_deposed_leader_serves_no_reads) {
  test_cluster c(node_options{10, 1, true, false}); // no check quorum: 1 keeps leading
  c.add_nodes(3);
  elect(c, 1);
  c.isolate(1);
  c.tick(3, 10);
  c.tick(2, 20);
  c.stabilize();
  BOOST_REQUIRE_EQUAL(c.leader(), 2u);
  c.propose(2, "new");
  c.stabilize();
  BOOST_REQUIRE(st(c, 1).soft.state == role::leader);
  BOOST_REQUIRE(c.read_index(1, "stale?") == raft_errc::ok);
  for (int i = 0; i < 5; ++i) {
    c.tick(1);
    c.stabilize();
  }
  BOOST_TEST(c.node(1).reads.empty());
  c.heal();
  c.tick(1);
  c.stabilize();
  BOOST_TEST(st(c, 1).soft.state == role::follower);
  BOOST_TEST(c.node(1).reads.empty());
  require_safe(c);
}

// -- 7 Log compaction -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_lagging_follower_receives_a_snapshot_after_compaction) {
  // Reference: 7 "the leader must occasionally send snapshots to followers
  // that lag behind" (InstallSnapshot).
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.isolate(3);
  for (int i = 0; i < 10; ++i)
    c.propose(1, "v" + std::to_string(i));
  c.stabilize();
  c.compact(1, c.node(1).applied);
  c.heal();
  bool snap_sent = false;
  c.trace = [&](const std::string& event) {
    snap_sent = snap_sent || event.find("deliver 1->3 MsgSnap") == 0;
  };
  for (int i = 0; i < 10 && c.node(3).state.size() < 10; ++i) {
    c.tick(1);
    c.stabilize();
  }
  BOOST_TEST(snap_sent);
  BOOST_TEST(c.node(3).state == c.node(1).state);
  BOOST_TEST(c.node(3).storage.first_index() == c.node(1).storage.first_index());
  // Replication continues normally after the snapshot.
  c.propose(1, "after");
  c.stabilize();
  BOOST_TEST(c.node(3).state.back() == "after");
  require_safe(c);
}

// -- thesis 3.10 Leadership transfer ----------------------------------------------------

BOOST_AUTO_TEST_CASE(leadership_moves_to_a_caught_up_transferee) {
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.isolate(3);
  c.propose(1, "behind");
  c.stabilize();
  c.heal();
  // Node 3 lags: the leader first catches it up, then sends TimeoutNow.
  BOOST_TEST(c.transfer_leader(1, 3) == raft_errc::ok);
  BOOST_TEST(c.propose(1, "during") == raft_errc::proposal_dropped);
  c.stabilize();
  BOOST_TEST(c.leader() == 3u);
  BOOST_TEST((c.node(3).state == std::vector<std::string>{"behind"}));
  c.propose(3, "after");
  c.stabilize();
  BOOST_TEST((c.node(1).state == std::vector<std::string>{"behind", "after"}));
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(an_unreachable_transferee_is_abandoned_after_an_election_timeout) {
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.isolate(3);
  c.transfer_leader(1, 3);
  c.stabilize();
  BOOST_TEST(c.node(1).rn->basic_status().lead_transferee == 3u);
  BOOST_TEST(c.propose(1, "x") == raft_errc::proposal_dropped);
  c.tick(1, 10);
  BOOST_TEST(c.node(1).rn->basic_status().lead_transferee == none);
  BOOST_TEST(c.propose(1, "x") == raft_errc::ok);
}

// -- 6 Membership changes --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(only_one_membership_change_may_be_pending) {
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.add_empty_node(4);
  c.add_empty_node(5);
  BOOST_TEST(c.propose_conf_change(1, CONF_CHANGE_ADD_NODE, 4) == raft_errc::ok);
  BOOST_TEST(c.propose_conf_change(1, CONF_CHANGE_ADD_NODE, 5)
             == raft_errc::proposal_dropped);
  c.stabilize();
  BOOST_TEST((voter_ids(c, 1) == std::vector<uint64_t>{1, 2, 3, 4}));
  BOOST_TEST(c.propose_conf_change(1, CONF_CHANGE_ADD_NODE, 5) == raft_errc::ok);
  c.stabilize();
  BOOST_TEST(c.node(5).conf.voters_size() == 5);
  require_safe(c);
}

BOOST_AUTO_TEST_CASE(a_removed_leader_steps_down_and_the_rest_continue) {
  test_cluster c;
  c.add_nodes(3);
  elect(c, 1);
  c.propose(1, "a");
  c.propose_conf_change(1, CONF_CHANGE_REMOVE_NODE, 1);
  c.stabilize();
  BOOST_TEST(st(c, 1).soft.state == role::follower);
  BOOST_TEST((voter_ids(c, 2) == std::vector<uint64_t>{2, 3}));
  c.crash(1); // an operator stops the removed replica
  for (int i = 0; i < 30 && c.leader() == none; ++i) {
    c.tick_all();
    c.stabilize();
  }
  auto lead = c.leader();
  BOOST_REQUIRE(lead == 2u || lead == 3u);
  c.propose(lead, "b");
  c.stabilize();
  BOOST_TEST((c.node(2).state == std::vector<std::string>{"a", "b"}));
  BOOST_TEST((c.node(3).state == std::vector<std::string>{"a", "b"}));
  require_safe(c);
}

BOOST_AUTO_TEST_SUITE_END()
