// Watches on an engine: live events, history replay that joins the live
// stream with no gap or duplicate (checked with the watch checker),
// compacted start revisions, filters, and snapshot installs.

#include <boost/test/unit_test.hpp>

#include "engine_cluster.hpp"
#include "linearizability/watch_checker.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;
namespace chk = convoy::checkers;

namespace {

WatchCreateRequest watch_prefix(const std::string& prefix, int64_t start = 0) {
  WatchCreateRequest req;
  req.set_key(prefix);
  auto end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  req.set_range_end(end);
  req.set_start_revision(start);
  return req;
}

chk::watch_event to_event(const Event& e) {
  if (e.type() == Event::DELETE)
    return chk::watch_event::erase(e.kv().mod_revision(), e.kv().key());
  return chk::watch_event::put(e.kv().mod_revision(), e.kv().key(), e.kv().value());
}

/// Every committed change made through the harness, in revision order.
std::vector<chk::watch_event> committed(engine_cluster& c) {
  std::map<int64_t, std::vector<chk::watch_event>> by_rev;
  for (const auto& [id, r] : c.results())
    for (const auto& e : r.events)
      by_rev[r.revision].push_back(to_event(e));
  std::vector<chk::watch_event> out;
  for (auto& [rev, evs] : by_rev)
    out.insert(out.end(), evs.begin(), evs.end());
  return out;
}

chk::watch_stream stream_of(engine_cluster& c, size_t i, watch_hub::subscriber who,
                            const std::string& prefix, int64_t start) {
  chk::watch_stream s;
  s.watcher = "replica " + std::to_string(i) + " subscriber " + std::to_string(who);
  s.start_revision = start;
  s.range = chk::key_range::prefix(prefix);
  for (const auto& resp : c.slot(i).watch_responses[who]) {
    chk::watch_batch b;
    for (const auto& e : resp.events())
      b.events.push_back(to_event(e));
    s.batches.push_back(std::move(b));
  }
  return s;
}

/// Revisions of every event subscriber `who` of replica i received.
std::vector<int64_t> revisions(engine_cluster& c, size_t i, watch_hub::subscriber who) {
  std::vector<int64_t> out;
  for (const auto& resp : c.slot(i).watch_responses[who])
    for (const auto& e : resp.events())
      out.push_back(e.kv().mod_revision());
  return out;
}

std::vector<int64_t> range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (auto r = from; r <= to; ++r)
    out.push_back(r);
  return out;
}

void propose_puts(engine_cluster& c, size_t l, const std::string& prefix, int from, int to) {
  for (int i = from; i < to; ++i)
    BOOST_REQUIRE(c.propose(l, put_cmd(prefix + std::to_string(i), "v" + std::to_string(i))));
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_watches)

BOOST_AUTO_TEST_CASE(a_watch_from_revision_zero_receives_later_events) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  BOOST_REQUIRE(c.put("/w/before", "x"));
  c.ticks(1);
  auto created = c.engine(f).watch(7, watch_prefix("/w/"));
  BOOST_TEST(created.created());
  BOOST_TEST(!created.canceled());
  BOOST_TEST(created.watch_id() > 0);
  BOOST_TEST(created.header().revision() == 2);
  BOOST_REQUIRE(c.put("/w/a", "1"));
  BOOST_REQUIRE(c.put("/x", "2"));
  BOOST_REQUIRE(c.put("/w/b", "3"));
  BOOST_REQUIRE(c.del("/w/a"));
  c.ticks(2);
  auto& got = c.slot(f).watch_responses[7];
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  BOOST_TEST(got[0].watch_id() == created.watch_id());
  BOOST_TEST(got[0].header().revision() == 3);
  BOOST_TEST(got[0].events(0).kv().key() == "/w/a");
  BOOST_TEST(got[0].events(0).kv().create_revision() == 3);
  BOOST_TEST(got[1].events(0).kv().key() == "/w/b");
  BOOST_TEST(got[1].events(0).kv().mod_revision() == 5);
  BOOST_TEST(got[2].events(0).type() == Event::DELETE);
  BOOST_TEST(got[2].events(0).kv().mod_revision() == 6);
  BOOST_TEST(!got[2].events(0).has_prev_kv()); // not asked for
}

BOOST_AUTO_TEST_CASE(a_watch_from_an_old_revision_replays_then_continues_live) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  propose_puts(c, l, "/w/", 0, 20); // revisions 2..21
  c.ticks(2);
  BOOST_REQUIRE_EQUAL(c.engine(f).revision(), 21);
  // Created while more writes are in flight: the replay and the live
  // stream must join without a gap or a duplicate.
  auto on_leader = c.engine(l).watch(1, watch_prefix("/w/", 5));
  auto on_follower = c.engine(f).watch(1, watch_prefix("/w/", 5));
  BOOST_TEST(!on_leader.canceled());
  BOOST_TEST(!on_follower.canceled());
  propose_puts(c, l, "/w/", 20, 30);
  c.process(l);
  c.stabilize();
  propose_puts(c, l, "/w/", 30, 35);
  c.ticks(2);
  BOOST_REQUIRE_EQUAL(c.engine(f).revision(), 36);
  chk::watch_checker checker{committed(c)};
  BOOST_TEST(checker.history_problems().empty());
  for (auto i : {l, f}) {
    auto problems = checker.check(stream_of(c, i, 1, "/w/", 5));
    BOOST_TEST(problems.empty(), chk::watch_checker::format(problems));
    BOOST_TEST(revisions(c, i, 1) == range(5, 36), "replica " << i);
  }
}

BOOST_AUTO_TEST_CASE(a_long_replay_is_delivered_in_rounds_without_gaps) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  for (int batch = 0; batch < 6; ++batch) {
    propose_puts(c, l, "/w/", batch * 250, (batch + 1) * 250);
    c.stabilize();
  }
  c.ticks(2);
  BOOST_REQUIRE_EQUAL(c.engine(l).revision(), 1501);
  c.engine(l).watch(3, watch_prefix("/w/", 2));
  propose_puts(c, l, "/w/", 1500, 1510);
  c.stabilize();
  c.ticks(3); // later process() calls continue the replay
  propose_puts(c, l, "/w/", 1510, 1520);
  c.ticks(2);
  chk::watch_checker checker{committed(c)};
  auto problems = checker.check(stream_of(c, l, 3, "/w/", 2));
  BOOST_TEST(problems.empty(), chk::watch_checker::format(problems));
  BOOST_TEST(revisions(c, l, 3) == range(2, 1521));
}

BOOST_AUTO_TEST_CASE(a_watch_from_a_compacted_revision_is_canceled) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  for (int i = 0; i < 10; ++i)
    BOOST_REQUIRE(c.put("/w/k", std::to_string(i))); // revisions 2..11
  auto r = c.write(compact_cmd(6));
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->error);
  c.ticks(2);
  for (size_t i = 0; i < c.size(); ++i) {
    for (int64_t start : {3, 6}) {
      auto resp = c.engine(i).watch(9, watch_prefix("/w/", start));
      BOOST_TEST(resp.canceled(), "start " << start);
      BOOST_TEST(resp.compact_revision() == 6);
      BOOST_TEST(!resp.cancel_reason().empty());
    }
    auto ok = c.engine(i).watch(9, watch_prefix("/w/", 7));
    BOOST_TEST(!ok.canceled());
  }
  c.ticks(1);
  BOOST_TEST(revisions(c, l, 9) == range(7, 11));
}

BOOST_AUTO_TEST_CASE(filters_prev_kv_cancel_and_duplicate_ids) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto req = watch_prefix("/w/");
  req.set_prev_kv(true);
  req.add_filters(WatchCreateRequest::NOPUT);
  req.set_watch_id(42);
  auto first = c.engine(l).watch(5, req);
  BOOST_TEST(first.watch_id() == 42);
  BOOST_TEST(!first.canceled());
  auto dup = c.engine(l).watch(5, req);
  BOOST_TEST(dup.canceled());
  auto other = c.engine(l).watch(6, watch_prefix("/w/"));
  BOOST_REQUIRE(c.put("/w/a", "1"));
  BOOST_REQUIRE(c.del("/w/a"));
  auto& got = c.slot(l).watch_responses[5];
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_TEST(got[0].events(0).type() == Event::DELETE);
  BOOST_TEST(got[0].events(0).prev_kv().value() == "1");
  BOOST_TEST(c.slot(l).watch_responses[6].size() == 2u);
  BOOST_TEST(c.engine(l).cancel_watch(6, other.watch_id()));
  c.engine(l).drop_subscriber(5);
  BOOST_REQUIRE(c.put("/w/b", "1"));
  BOOST_TEST(c.slot(l).watch_responses[6].size() == 2u);
  BOOST_TEST(c.slot(l).watch_responses[5].size() == 1u);
  BOOST_TEST(c.engine(l).watches().size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_watch_on_a_follower_sees_what_a_snapshot_brought) {
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  BOOST_REQUIRE(c.put("/w/0", "x"));
  c.ticks(1);
  c.engine(f).watch(4, watch_prefix("/w/"));
  c.isolate(f);
  for (int i = 1; i < 20; ++i)
    BOOST_REQUIRE(c.put("/w/" + std::to_string(i), "x"));
  c.heal();
  // No further write: the snapshot alone must bring the watch up to date.
  BOOST_REQUIRE(c.run_until([&] { return c.engine(f).revision() == 21; }, 100));
  c.ticks(2);
  BOOST_TEST(c.delivered().count(raft::MSG_SNAP) == 1u);
  BOOST_TEST(revisions(c, f, 4) == range(3, 21));
  BOOST_REQUIRE(c.put("/w/last", "x"));
  c.ticks(1);
  chk::watch_checker checker{committed(c)};
  auto problems = checker.check(stream_of(c, f, 4, "/w/", 3));
  BOOST_TEST(problems.empty(), chk::watch_checker::format(problems));
  BOOST_TEST(revisions(c, f, 4) == range(3, 22));
}

BOOST_AUTO_TEST_CASE(a_watch_whose_missed_history_was_compacted_is_canceled_after_a_snapshot) {
  cluster_options o;
  o.snapshot_every = 5;
  o.catch_up_entries = 2;
  engine_cluster c{o};
  auto l = c.wait_for_leader();
  auto f = (l + 1) % 3;
  BOOST_REQUIRE(c.put("/w/0", "x"));
  c.ticks(1);
  auto created = c.engine(f).watch(4, watch_prefix("/w/"));
  c.isolate(f);
  for (int i = 1; i < 20; ++i)
    BOOST_REQUIRE(c.put("/w/" + std::to_string(i), "x"));
  BOOST_REQUIRE(c.write(compact_cmd(15)));
  c.heal();
  BOOST_REQUIRE(c.run_until([&] { return c.engine(f).revision() == 21; }, 100));
  c.ticks(1);
  auto& got = c.slot(f).watch_responses[4];
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_TEST(got[0].watch_id() == created.watch_id());
  BOOST_TEST(got[0].canceled());
  BOOST_TEST(got[0].compact_revision() == 15);
  BOOST_TEST(got[0].events_size() == 0);
  BOOST_TEST(c.engine(f).watches().size() == 0u);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_SUITE_END()
