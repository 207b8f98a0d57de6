// Flow control and quorum arithmetic: inflights, progress state transitions,
// progress_tracker's commit index, votes and membership changes.

#include <boost/test/unit_test.hpp>

#include "actors/store/raft/progress_tracker.hpp"

using namespace convoy::raft;

namespace {

ConfState voters(std::initializer_list<uint64_t> ids, std::initializer_list<uint64_t> learners = {}) {
  ConfState cs;
  for (auto id : ids)
    cs.add_voters(id);
  for (auto id : learners)
    cs.add_learners(id);
  return cs;
}

ConfChange change(ConfChangeType type, uint64_t id) {
  ConfChange cc;
  cc.set_type(type);
  cc.set_node_id(id);
  return cc;
}

} // namespace

BOOST_AUTO_TEST_SUITE(progress_tests)

BOOST_AUTO_TEST_CASE(inflights_wrap_around_and_free_in_order) {
  inflights in(4);
  for (uint64_t i : {10, 20, 30})
    in.add(i);
  in.free_le(20);
  BOOST_TEST(in.count() == 1u);
  for (uint64_t i : {40, 50, 60}) // wraps around the ring
    in.add(i);
  BOOST_TEST(in.full());
  BOOST_CHECK_THROW(in.add(70), invariant_error);
  in.free_le(5); // nothing that old
  BOOST_TEST(in.count() == 4u);
  in.free_first_one();
  BOOST_TEST(in.count() == 3u);
  in.free_le(55);
  BOOST_TEST(in.count() == 1u);
  in.free_le(100);
  BOOST_TEST(in.count() == 0u);
}

BOOST_AUTO_TEST_CASE(probe_waits_for_the_answer_to_its_probe) {
  progress pr(5, 4, false);
  BOOST_TEST(!pr.is_paused());
  pr.probe_sent = true;
  BOOST_TEST(pr.is_paused());
  // A rejection of another index than the outstanding probe is stale.
  BOOST_TEST(!pr.maybe_decr_to(2, 1));
  BOOST_TEST(pr.maybe_decr_to(4, 1)); // the probe at next - 1 was rejected
  BOOST_TEST(pr.next == 2u);          // jump to the follower's hint + 1
  BOOST_TEST(!pr.is_paused());
  BOOST_TEST(pr.maybe_update(3));
  BOOST_TEST(pr.match == 3u);
  BOOST_TEST(pr.next == 4u);
  BOOST_TEST(!pr.maybe_update(2)); // old news
}

BOOST_AUTO_TEST_CASE(replicate_pipelines_until_the_window_is_full) {
  progress pr(1, 2, false);
  pr.maybe_update(3);
  pr.become_replicate();
  BOOST_TEST(pr.next == 4u);
  pr.optimistic_update(5);
  pr.flight.add(5);
  pr.optimistic_update(7);
  pr.flight.add(7);
  BOOST_TEST(pr.is_paused());
  // A rejection at or below match is stale; above it falls back to match+1.
  BOOST_TEST(!pr.maybe_decr_to(3, 0));
  BOOST_TEST(pr.maybe_decr_to(6, 0));
  BOOST_TEST(pr.next == 4u);
}

BOOST_AUTO_TEST_CASE(after_a_snapshot_probing_resumes_past_it) {
  progress pr(1, 4, false);
  pr.become_snapshot(10);
  BOOST_TEST(pr.is_paused());
  pr.become_probe();
  BOOST_TEST(pr.next == 11u);
  BOOST_TEST(pr.pending_snapshot == 0u);
}

BOOST_AUTO_TEST_CASE(committed_is_the_quorum_match_index) {
  struct row {
    std::vector<uint64_t> matches; // of voters 1..n
    uint64_t want;
  };
  std::vector<row> rows = {
    {{5}, 5},       {{5, 3}, 3},       {{5, 3, 1}, 3},    {{1, 3, 5}, 3},
    {{5, 5, 1}, 5}, {{2, 8, 4, 6}, 4}, {{9, 1, 7, 3, 5}, 5},
  };
  for (const auto& r : rows) {
    progress_tracker trk(4);
    ConfState cs;
    for (uint64_t id = 1; id <= r.matches.size(); ++id)
      cs.add_voters(id);
    trk.restore(cs, 0);
    for (uint64_t id = 1; id <= r.matches.size(); ++id)
      trk.find(id)->match = r.matches[id - 1];
    BOOST_TEST(trk.committed() == r.want);
  }
}

BOOST_AUTO_TEST_CASE(learners_neither_commit_nor_vote) {
  progress_tracker trk(4);
  trk.restore(voters({1, 2, 3}, {4, 5}), 0);
  trk.find(1)->match = 9;
  for (uint64_t id : {4, 5})
    trk.find(id)->match = 9;
  BOOST_TEST(trk.committed() == 0u);
  trk.record_vote(1, true);
  trk.record_vote(4, true);
  trk.record_vote(5, true);
  BOOST_TEST((trk.tally_votes() == vote_result::pending));
  trk.record_vote(2, true);
  BOOST_TEST((trk.tally_votes() == vote_result::won));
  BOOST_TEST(!trk.has_quorum({1, 4, 5}));
  BOOST_TEST(trk.has_quorum({1, 3}));
}

BOOST_AUTO_TEST_CASE(votes_are_won_or_lost_by_quorum) {
  progress_tracker trk(4);
  trk.restore(voters({1, 2, 3, 4, 5}), 0);
  trk.record_vote(1, true);
  trk.record_vote(2, false);
  trk.record_vote(3, false);
  BOOST_TEST((trk.tally_votes() == vote_result::pending));
  trk.record_vote(3, true); // a voter's first answer counts
  BOOST_TEST((trk.tally_votes() == vote_result::pending));
  trk.record_vote(4, false);
  BOOST_TEST((trk.tally_votes() == vote_result::lost));
}

BOOST_AUTO_TEST_CASE(membership_changes_one_node_at_a_time) {
  progress_tracker trk(4);
  trk.restore(voters({1, 2}), 7);
  BOOST_TEST(trk.apply(change(CONF_CHANGE_ADD_LEARNER, 3), 7));
  BOOST_TEST(trk.find(3)->is_learner);
  BOOST_TEST(trk.find(3)->next == 7u); // probed with the last entry
  BOOST_TEST(trk.apply(change(CONF_CHANGE_ADD_NODE, 3), 7)); // promotion
  BOOST_TEST(!trk.find(3)->is_learner);
  BOOST_TEST(trk.is_voter(3));
  BOOST_TEST(trk.learners().empty());
  BOOST_TEST(trk.apply(change(CONF_CHANGE_REMOVE_NODE, 1), 7));
  BOOST_TEST(trk.find(1) == nullptr);
  BOOST_TEST((trk.voters() == std::vector<uint64_t>{2, 3}));
  BOOST_TEST(trk.apply(change(CONF_CHANGE_REMOVE_NODE, 9), 7)); // absent: no-op
  BOOST_TEST(trk.apply(change(CONF_CHANGE_REMOVE_NODE, 2), 7));
  // The last voter cannot go: every replica ignores that change alike.
  BOOST_TEST(!trk.is_valid_change(change(CONF_CHANGE_REMOVE_NODE, 3)));
  BOOST_TEST(!trk.apply(change(CONF_CHANGE_REMOVE_NODE, 3), 7));
  BOOST_TEST(!trk.apply(change(CONF_CHANGE_ADD_LEARNER, 3), 7));
  BOOST_TEST((trk.voters() == std::vector<uint64_t>{3}));
  BOOST_TEST(!trk.is_valid_change(change(CONF_CHANGE_ADD_NODE, none)));
}

BOOST_AUTO_TEST_SUITE_END()
