// The log: memory_storage (the stable part), unstable_log and raft_log.
// Table-driven, modelled on etcd-io/raft's storage_test.go and log_test.go.

#include <boost/test/unit_test.hpp>

#include "actors/store/raft/memory_storage.hpp"
#include "actors/store/raft/raft_log.hpp"

using namespace convoy::raft;

namespace {

Entry ent(uint64_t index, uint64_t term, std::string data = "") {
  Entry e;
  e.set_index(index);
  e.set_term(term);
  e.set_data(std::move(data));
  return e;
}

std::vector<Entry> ents(std::initializer_list<std::pair<uint64_t, uint64_t>> its) {
  std::vector<Entry> out;
  for (auto [i, t] : its)
    out.push_back(ent(i, t));
  return out;
}

std::vector<std::pair<uint64_t, uint64_t>> ids(const std::vector<Entry>& xs) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const auto& e : xs)
    out.emplace_back(e.index(), e.term());
  return out;
}

using pairs = std::vector<std::pair<uint64_t, uint64_t>>;

/// A storage holding a snapshot at 3/3 followed by entries 4/4 and 5/5.
memory_storage storage_345() {
  memory_storage s;
  Snapshot snap;
  snap.mutable_metadata()->set_index(3);
  snap.mutable_metadata()->set_term(3);
  s.apply_snapshot(snap);
  s.append(ents({{4, 4}, {5, 5}}));
  return s;
}

Snapshot snapshot_at(uint64_t index, uint64_t term) {
  Snapshot s;
  s.mutable_metadata()->set_index(index);
  s.mutable_metadata()->set_term(term);
  s.mutable_metadata()->mutable_conf_state()->add_voters(1);
  return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(memory_storage_tests)

BOOST_AUTO_TEST_CASE(term_answers_from_the_snapshot_index_to_the_last_entry) {
  auto s = storage_345();
  BOOST_TEST((s.term(2).error() == storage_error::compacted));
  BOOST_TEST(s.term(3).value() == 3u);
  BOOST_TEST(s.term(4).value() == 4u);
  BOOST_TEST(s.term(5).value() == 5u);
  BOOST_TEST((s.term(6).error() == storage_error::unavailable));
  BOOST_TEST(s.first_index() == 4u);
  BOOST_TEST(s.last_index() == 5u);
}

BOOST_AUTO_TEST_CASE(entries_respect_bounds_and_size_limit) {
  auto s = storage_345();
  s.append(ents({{6, 6}}));
  auto one = entry_size(ent(4, 4));
  struct row {
    uint64_t lo, hi, max;
    storage_error err;
    pairs want;
  };
  std::vector<row> rows = {
    {2, 6, no_limit, storage_error::compacted, {}},
    {3, 4, no_limit, storage_error::compacted, {}},
    {4, 5, no_limit, storage_error::none, {{4, 4}}},
    {4, 7, no_limit, storage_error::none, {{4, 4}, {5, 5}, {6, 6}}},
    {4, 8, no_limit, storage_error::unavailable, {}},
    // The limit keeps at least one entry, then as many as fit.
    {4, 7, 0, storage_error::none, {{4, 4}}},
    {4, 7, one, storage_error::none, {{4, 4}}},
    {4, 7, 2 * one, storage_error::none, {{4, 4}, {5, 5}}},
    {4, 7, 3 * one - 1, storage_error::none, {{4, 4}, {5, 5}}},
  };
  for (const auto& r : rows) {
    std::vector<Entry> out;
    auto err = s.entries(r.lo, r.hi, r.max, out);
    BOOST_TEST_CONTEXT("entries(" << r.lo << ", " << r.hi << ", " << r.max << ")") {
      BOOST_TEST((err == r.err));
      BOOST_TEST((ids(out) == r.want));
    }
  }
}

BOOST_AUTO_TEST_CASE(compact_discards_a_prefix_but_keeps_its_last_term) {
  struct row {
    uint64_t index;
    storage_error err;
    uint64_t first;
  };
  for (auto r : {row{2, storage_error::compacted, 4}, row{3, storage_error::compacted, 4},
                 row{4, storage_error::none, 5}, row{5, storage_error::none, 6}}) {
    auto s = storage_345();
    BOOST_TEST_CONTEXT("compact(" << r.index << ")") {
      BOOST_TEST((s.compact(r.index) == r.err));
      BOOST_TEST(s.first_index() == r.first);
      BOOST_TEST(s.term(r.first - 1).ok());
    }
  }
}

BOOST_AUTO_TEST_CASE(append_truncates_conflicts_and_skips_compacted_entries) {
  struct row {
    pairs in;
    pairs want;
  };
  std::vector<row> rows = {
    {{{4, 4}, {5, 5}}, {{4, 4}, {5, 5}}},
    {{{4, 4}, {5, 6}, {6, 6}}, {{4, 4}, {5, 6}, {6, 6}}},
    {{{4, 4}, {5, 5}, {6, 5}}, {{4, 4}, {5, 5}, {6, 5}}},
    // Entries at or below the snapshot are ignored.
    {{{2, 3}, {3, 3}, {4, 5}}, {{4, 5}}},
    {{{4, 5}}, {{4, 5}}},
    {{{6, 5}}, {{4, 4}, {5, 5}, {6, 5}}},
  };
  for (const auto& r : rows) {
    auto s = storage_345();
    std::vector<Entry> in;
    for (auto [i, t] : r.in)
      in.push_back(ent(i, t));
    s.append(in);
    std::vector<Entry> out;
    s.entries(s.first_index(), s.last_index() + 1, no_limit, out);
    BOOST_TEST((ids(out) == r.want));
  }
  auto s = storage_345();
  BOOST_CHECK_THROW(s.append(ents({{7, 5}})), invariant_error); // a gap
}

BOOST_AUTO_TEST_CASE(snapshots_must_move_forward) {
  auto s = storage_345();
  ConfState cs;
  cs.add_voters(1);
  cs.add_voters(2);
  auto snap = s.create_snapshot(4, cs, "state");
  BOOST_REQUIRE(snap.ok());
  BOOST_TEST(snap.value().metadata().term() == 4u);
  BOOST_TEST(snap.value().data() == "state");
  BOOST_TEST((s.create_snapshot(4, cs, "x").error() == storage_error::snapshot_out_of_date));
  BOOST_TEST(s.initial_state().conf_state.voters_size() == 2);

  BOOST_TEST((s.apply_snapshot(snapshot_at(4, 4)) == storage_error::snapshot_out_of_date));
  BOOST_TEST((s.apply_snapshot(snapshot_at(10, 7)) == storage_error::none));
  BOOST_TEST(s.first_index() == 11u);
  BOOST_TEST(s.last_index() == 10u);
  BOOST_TEST(s.term(10).value() == 7u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(raft_log_tests)

BOOST_AUTO_TEST_CASE(find_conflict_names_the_first_differing_entry) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 2}, {3, 3}}));
  struct row {
    pairs in;
    uint64_t want;
  };
  std::vector<row> rows = {
    {{}, 0},
    {{{1, 1}, {2, 2}, {3, 3}}, 0},
    {{{2, 2}, {3, 3}}, 0},
    {{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 4}}, 4}, // new entries
    {{{1, 4}, {2, 4}}, 1},                         // conflicts
    {{{2, 1}, {3, 4}, {4, 4}}, 2},
    {{{3, 1}, {4, 2}}, 3},
  };
  for (const auto& r : rows) {
    std::vector<Entry> in;
    for (auto [i, t] : r.in)
      in.push_back(ent(i, t));
    BOOST_TEST(log.find_conflict(in) == r.want);
  }
}

BOOST_AUTO_TEST_CASE(find_conflict_by_term_skips_whole_terms) {
  // Log terms by index: 1:1 2:1 3:3 4:3 5:3 6:5 (the rejected probe's hint).
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 1}, {3, 3}, {4, 3}, {5, 3}, {6, 5}}));
  struct row {
    uint64_t index, term, want;
  };
  for (auto r : {row{6, 5, 6}, row{6, 4, 5}, row{6, 3, 5}, row{6, 2, 2}, row{5, 2, 2},
                 row{6, 0, 0}, row{10, 1, 10}}) {
    BOOST_TEST_CONTEXT("find_conflict_by_term(" << r.index << ", " << r.term << ")") {
      BOOST_TEST(log.find_conflict_by_term(r.index, r.term) == r.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(maybe_append_checks_consistency_and_never_lowers_commit) {
  // Log 1/1 2/2 3/3, committed 1; the follower side of AppendEntries (5.3).
  struct row {
    uint64_t index, log_term, committed;
    pairs in;
    bool ok;
    uint64_t last_new, want_commit;
  };
  std::vector<row> rows = {
    {3, 2, 3, {{4, 4}}, false, 0, 1},        // previous term mismatch
    {4, 3, 3, {{5, 4}}, false, 0, 1},        // previous index missing
    {3, 3, 3, {}, true, 3, 3},               // heartbeat-like
    {3, 3, 4, {{4, 4}}, true, 4, 4},         // append and commit
    {3, 3, 2, {{4, 4}}, true, 4, 2},         // commit limited by the leader
    {3, 3, 5, {{4, 4}}, true, 4, 4},         // ... and by the last new entry
    {2, 2, 3, {{3, 4}}, true, 3, 3},         // conflict at 3 replaced
    {1, 1, 3, {{2, 4}, {3, 4}}, true, 3, 3}, // conflicts from 2
    {0, 0, 0, {{1, 1}}, true, 1, 1},         // matching prefix, commit stays
  };
  for (const auto& r : rows) {
    memory_storage s;
    raft_log log(s, no_limit);
    log.append(ents({{1, 1}, {2, 2}, {3, 3}}));
    log.commit_to(1);
    std::vector<Entry> in;
    for (auto [i, t] : r.in)
      in.push_back(ent(i, t));
    auto got = log.maybe_append(r.index, r.log_term, r.committed, in);
    BOOST_TEST_CONTEXT("maybe_append(" << r.index << ", " << r.log_term << ")") {
      BOOST_TEST(got.has_value() == r.ok);
      if (got)
        BOOST_TEST(*got == r.last_new);
      BOOST_TEST(log.committed() == r.want_commit);
      for (const auto& e : in)
        if (r.ok)
          BOOST_TEST(log.term(e.index()).value() == e.term());
    }
  }
}

BOOST_AUTO_TEST_CASE(committed_entries_may_not_be_overwritten) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 2}, {3, 3}}));
  log.commit_to(2);
  BOOST_CHECK_THROW(log.maybe_append(1, 1, 3, ents({{2, 4}})), invariant_error);
  BOOST_CHECK_THROW(log.commit_to(4), invariant_error); // beyond the log
}

BOOST_AUTO_TEST_CASE(up_to_date_compares_last_term_then_length) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 2}, {3, 3}}));
  BOOST_TEST(log.is_up_to_date(2, 4));  // higher last term wins despite length
  BOOST_TEST(!log.is_up_to_date(9, 2)); // lower last term loses despite length
  BOOST_TEST(log.is_up_to_date(3, 3));  // equal
  BOOST_TEST(!log.is_up_to_date(2, 3)); // same term, shorter
  BOOST_TEST(log.is_up_to_date(4, 3));
}

BOOST_AUTO_TEST_CASE(a_leader_commits_only_entries_of_its_own_term) {
  // Raft paper 5.4.2 / Figure 8: counting replicas commits only entries of
  // the current term; older ones are committed indirectly.
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 2}, {3, 4}}));
  BOOST_TEST(!log.maybe_commit(2, 4)); // entry 2 is from term 2
  BOOST_TEST(log.committed() == 0u);
  BOOST_TEST(log.maybe_commit(3, 4)); // commits 1..3 at once
  BOOST_TEST(log.committed() == 3u);
  BOOST_TEST(!log.maybe_commit(2, 4)); // never backwards
}

BOOST_AUTO_TEST_CASE(slices_span_stable_and_unstable_parts_within_the_limit) {
  auto s = storage_345(); // stable: snapshot 3, entries 4, 5
  raft_log log(s, no_limit);
  log.append(ents({{6, 6}, {7, 7}}));
  auto one = entry_size(ent(4, 4));
  struct row {
    uint64_t lo, hi, max;
    pairs want;
  };
  std::vector<row> rows = {
    {4, 8, no_limit, {{4, 4}, {5, 5}, {6, 6}, {7, 7}}},
    {5, 7, no_limit, {{5, 5}, {6, 6}}},
    {6, 8, no_limit, {{6, 6}, {7, 7}}},
    {4, 8, 0, {{4, 4}}},
    {4, 8, 2 * one, {{4, 4}, {5, 5}}},
    {4, 8, 3 * one, {{4, 4}, {5, 5}, {6, 6}}},
    {6, 8, one, {{6, 6}}},
  };
  for (const auto& r : rows) {
    std::vector<Entry> out;
    BOOST_TEST_CONTEXT("slice(" << r.lo << ", " << r.hi << ", " << r.max << ")") {
      BOOST_TEST((log.slice(r.lo, r.hi, r.max, out) == storage_error::none));
      BOOST_TEST((ids(out) == r.want));
    }
  }
  std::vector<Entry> out;
  BOOST_TEST((log.slice(3, 5, no_limit, out) == storage_error::compacted));
}

BOOST_AUTO_TEST_CASE(committed_entries_are_handed_out_once_applied_moves) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 1}, {3, 1}}));
  BOOST_TEST(!log.has_next_committed());
  log.commit_to(2);
  BOOST_TEST((ids(log.next_committed()) == pairs{{1, 1}, {2, 1}}));
  log.applied_to(2);
  BOOST_TEST(!log.has_next_committed());
  log.commit_to(3);
  BOOST_TEST((ids(log.next_committed()) == pairs{{3, 1}}));
  BOOST_CHECK_THROW(log.applied_to(4), invariant_error);
}

BOOST_AUTO_TEST_CASE(stable_to_ignores_entries_replaced_meanwhile) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 1}}));
  log.append(ents({{2, 2}})); // replaced before the application persisted it
  log.stable_to(2, 1);        // an outdated confirmation
  BOOST_TEST(log.unstable_entries().size() == 2u);
  log.stable_to(2, 2);
  BOOST_TEST(log.unstable_entries().empty());
}

BOOST_AUTO_TEST_CASE(restore_replaces_the_log_with_a_pending_snapshot) {
  memory_storage s;
  raft_log log(s, no_limit);
  log.append(ents({{1, 1}, {2, 1}}));
  log.restore(snapshot_at(10, 3));
  BOOST_TEST(log.first_index() == 11u);
  BOOST_TEST(log.last_index() == 10u);
  BOOST_TEST(log.last_term() == 3u);
  BOOST_TEST(log.committed() == 10u);
  BOOST_TEST(log.unstable_entries().empty());
  BOOST_TEST(log.pending_snapshot().has_value());
  BOOST_TEST((log.term(9).error() == storage_error::compacted));
  BOOST_TEST(!log.has_next_committed()); // the snapshot replaces applying
  log.append(ents({{11, 3}}));
  BOOST_TEST(log.last_index() == 11u);
  log.stable_snap_to(10);
  BOOST_TEST(!log.pending_snapshot().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
