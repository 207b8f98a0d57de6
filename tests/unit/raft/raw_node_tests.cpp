// raw_node as its user (the store-replica actor) sees it: configuration
// errors, result codes, what a ready contains and when, restarts.

#include <boost/test/unit_test.hpp>

#include "actors/store/raft/memory_storage.hpp"
#include "actors/store/raft/raw_node.hpp"

#include "test_cluster.hpp"

using namespace convoy::raft;

namespace {

config make_config(uint64_t id) {
  config cfg;
  cfg.id = id;
  return cfg;
}

/// Persists and applies `rd` the way the application must.
std::vector<Entry> handle(raw_node& n, memory_storage& s, const ready& rd) {
  if (rd.snapshot)
    s.apply_snapshot(*rd.snapshot);
  s.append(rd.entries);
  if (rd.hard_state)
    s.set_hard_state(*rd.hard_state);
  for (const auto& e : rd.committed_entries)
    if (e.type() == ENTRY_CONF_CHANGE) {
      ConfChange cc;
      cc.ParseFromString(e.data());
      n.apply_conf_change(cc);
    }
  n.advance(rd);
  return rd.committed_entries;
}

std::vector<Entry> handle(raw_node& n, memory_storage& s) {
  return handle(n, s, n.ready());
}

/// A single-voter node that is leader with everything applied.
void make_single_leader(raw_node& n, memory_storage& s) {
  BOOST_REQUIRE(n.bootstrap({1}) == raft_errc::ok);
  while (n.has_ready())
    handle(n, s);
  BOOST_REQUIRE(n.campaign() == raft_errc::ok);
  while (n.has_ready())
    handle(n, s);
  BOOST_REQUIRE(n.basic_status().soft.state == role::leader);
}

} // namespace

BOOST_AUTO_TEST_SUITE(raw_node_tests)

BOOST_AUTO_TEST_CASE(invalid_configs_are_rejected_naming_the_field) {
  memory_storage s;
  struct row {
    void (*mutate)(config&);
    const char* field;
  };
  std::vector<row> rows = {
    {[](config& c) { c.id = 0; }, "id"},
    {[](config& c) { c.heartbeat_tick = 0; }, "heartbeat_tick"},
    {[](config& c) { c.election_tick = 1; }, "election_tick"},
    {[](config& c) { c.max_inflight_msgs = 0; }, "max_inflight_msgs"},
  };
  for (const auto& r : rows) {
    auto cfg = make_config(1);
    r.mutate(cfg);
    try {
      raw_node n(cfg, s);
      BOOST_ERROR("accepted an invalid config: " << r.field);
    } catch (const std::invalid_argument& e) {
      BOOST_TEST(std::string(e.what()).find(r.field) != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(requests_report_what_went_wrong) {
  memory_storage s(ConfState{});
  raw_node n(make_config(1), s);
  BOOST_TEST(n.bootstrap({}) == raft_errc::no_peers);
  BOOST_TEST(n.propose("x") == raft_errc::proposal_dropped); // no leader
  BOOST_TEST(n.read_index("") == raft_errc::empty_read_context);
  Message hup;
  hup.set_type(MSG_HUP);
  BOOST_TEST(n.step(hup) == raft_errc::step_local_msg);
  Message resp;
  resp.set_type(MSG_APP_RESP);
  resp.set_from(7);
  resp.set_term(1);
  BOOST_TEST(n.step(resp) == raft_errc::step_peer_not_found);
  BOOST_TEST(n.bootstrap({1, 2}) == raft_errc::ok);
  BOOST_TEST(n.bootstrap({1, 2}) == raft_errc::storage_not_empty);
}

BOOST_AUTO_TEST_CASE(founders_write_identical_entries_whatever_the_peer_order) {
  memory_storage s1;
  memory_storage s2;
  raw_node a(make_config(1), s1);
  raw_node b(make_config(2), s2);
  BOOST_REQUIRE(a.bootstrap({3, 1, 2}) == raft_errc::ok);
  BOOST_REQUIRE(b.bootstrap({1, 2, 3, 2}) == raft_errc::ok);
  auto ra = a.ready();
  auto rb = b.ready();
  BOOST_REQUIRE_EQUAL(ra.entries.size(), 3u);
  BOOST_REQUIRE_EQUAL(rb.entries.size(), 3u);
  for (size_t i = 0; i < 3; ++i)
    BOOST_TEST(ra.entries[i].SerializeAsString() == rb.entries[i].SerializeAsString());
  BOOST_TEST(a.status().conf_state.voters_size() == 3);
}

BOOST_AUTO_TEST_CASE(ready_carries_only_what_changed) {
  memory_storage s;
  raw_node n(make_config(1), s);
  BOOST_TEST(!n.has_ready());
  BOOST_REQUIRE(n.bootstrap({1}) == raft_errc::ok);
  auto rd = n.ready();
  BOOST_TEST(rd.entries.size() == 1u); // the founding conf change
  BOOST_TEST(rd.committed_entries.size() == 1u);
  BOOST_REQUIRE(rd.hard_state.has_value());
  BOOST_TEST(rd.hard_state->term() == 1u);
  BOOST_TEST(rd.must_sync);
  s.append(rd.entries);
  s.set_hard_state(*rd.hard_state);
  n.advance(rd);
  BOOST_TEST(!n.has_ready());

  // A single voter elects itself; the soft state reports the new role.
  n.campaign();
  rd = n.ready();
  BOOST_REQUIRE(rd.soft.has_value());
  BOOST_TEST((rd.soft->state == role::leader));
  BOOST_TEST(rd.messages.empty());
  s.append(rd.entries);
  s.set_hard_state(*rd.hard_state);
  n.advance(rd);

  // Its proposal is committed in the very ready that asks to persist it:
  // apply after the write (ready.hpp rule 3).
  n.propose("x");
  rd = n.ready();
  BOOST_REQUIRE_EQUAL(rd.entries.size(), 1u);
  BOOST_REQUIRE_EQUAL(rd.committed_entries.size(), 1u);
  BOOST_TEST(rd.entries[0].data() == "x");
  BOOST_TEST(rd.committed_entries[0].data() == "x");
  BOOST_TEST(rd.must_sync);
  BOOST_TEST(!rd.soft.has_value());
  s.append(rd.entries);
  s.set_hard_state(*rd.hard_state);
  n.advance(rd);
  BOOST_TEST(!n.has_ready());
  BOOST_TEST(n.basic_status().applied == 3u);
}

BOOST_AUTO_TEST_CASE(a_commit_only_change_needs_no_sync) {
  memory_storage s;
  raw_node n(make_config(1), s);
  BOOST_REQUIRE(n.bootstrap({1, 2}) == raft_errc::ok);
  while (n.has_ready())
    handle(n, s);
  // Leader 2 of term 2 appends entry 3, then tells us it is committed.
  Message app;
  app.set_type(MSG_APP);
  app.set_from(2);
  app.set_to(1);
  app.set_term(2);
  app.set_index(2);
  app.set_log_term(1);
  app.add_entries()->set_index(3);
  app.mutable_entries(0)->set_term(2);
  n.step(app);
  auto first = n.ready();
  BOOST_TEST(first.must_sync); // new term and a new entry
  handle(n, s, first);
  Message hb;
  hb.set_type(MSG_HEARTBEAT);
  hb.set_from(2);
  hb.set_to(1);
  hb.set_term(2);
  hb.set_commit(3);
  n.step(hb);
  auto rd = n.ready();
  BOOST_REQUIRE(rd.hard_state.has_value());
  BOOST_TEST(!rd.must_sync); // same term and vote; only the commit index moved
  n.advance(rd);
}

BOOST_AUTO_TEST_CASE(a_restart_redelivers_committed_entries_after_applied) {
  memory_storage s;
  {
    raw_node n(make_config(1), s);
    make_single_leader(n, s);
    for (auto d : {"a", "b", "c"})
      n.propose(d);
    handle(n, s);
  }
  // The application had durably applied up to index 3 (the "a" entry).
  auto cfg = make_config(1);
  cfg.applied = 3;
  raw_node n(cfg, s);
  auto again = handle(n, s);
  BOOST_REQUIRE_EQUAL(again.size(), 2u);
  BOOST_TEST(again[0].data() == "b");
  BOOST_TEST(again[1].data() == "c");
  BOOST_TEST(n.basic_status().hard_state.term() == 2u);
  BOOST_TEST(n.basic_status().soft.state == role::follower);
}

BOOST_AUTO_TEST_CASE(the_uncommitted_tail_is_bounded) {
  memory_storage s;
  auto cfg = make_config(1);
  cfg.pre_vote = false;
  cfg.max_uncommitted_entries_size = 10;
  raw_node n(cfg, s);
  BOOST_REQUIRE(n.bootstrap({1, 2}) == raft_errc::ok);
  while (n.has_ready())
    handle(n, s);
  n.campaign();
  Message vote;
  vote.set_type(MSG_VOTE_RESP);
  vote.set_from(2);
  vote.set_to(1);
  vote.set_term(2);
  n.step(vote);
  BOOST_REQUIRE(n.basic_status().soft.state == role::leader);
  BOOST_TEST(n.propose("0123456789abc") == raft_errc::ok); // one always fits
  BOOST_TEST(n.propose("x") == raft_errc::proposal_dropped);
}

BOOST_AUTO_TEST_CASE(status_shows_progress_on_the_leader_only) {
  memory_storage s;
  raw_node n(make_config(1), s);
  make_single_leader(n, s);
  auto st = n.status();
  BOOST_TEST(st.progress_by_id.size() == 1u);
  BOOST_TEST(st.conf_state.voters_size() == 1);
  memory_storage s2;
  raw_node f(make_config(2), s2);
  BOOST_TEST(f.status().progress_by_id.empty());
}

BOOST_AUTO_TEST_CASE(an_unreachable_follower_is_probed_again) {
  memory_storage s;
  auto cfg = make_config(1);
  cfg.pre_vote = false;
  raw_node n(cfg, s);
  BOOST_REQUIRE(n.bootstrap({1, 2}) == raft_errc::ok);
  while (n.has_ready())
    handle(n, s);
  n.campaign();
  Message vote;
  vote.set_type(MSG_VOTE_RESP);
  vote.set_from(2);
  vote.set_to(1);
  vote.set_term(2);
  n.step(vote);
  Message ack;
  ack.set_type(MSG_APP_RESP);
  ack.set_from(2);
  ack.set_to(1);
  ack.set_term(2);
  ack.set_index(3);
  n.step(ack);
  BOOST_TEST((n.status().progress_by_id.at(2).state == progress_state::replicate));
  n.report_unreachable(2);
  BOOST_TEST((n.status().progress_by_id.at(2).state == progress_state::probe));
}

BOOST_AUTO_TEST_SUITE_END()
