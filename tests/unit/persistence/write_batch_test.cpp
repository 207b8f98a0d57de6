// Group commit across calls (persistence/backend/write_batch): lazy runs
// wait in one open txn that commits once for all of them -- before a read,
// with a durable run, when full, on flush -- a destroyed batch loses its
// runs as a crash would, and map_full is retried only where no earlier run
// can be lost.

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "persistence/backend/write_batch.hpp"
#include "store_test_support.hpp"

using namespace store_test;
using backend::commit_mode;
using backend::write_batch;

namespace {

constexpr std::size_t small_cost = 100;

/// A run that puts key=value.
auto put(backend::bucket_id b, std::string key, std::string value) {
  return [=](backend::kv_txn& t) { t.put(b, key, value); };
}

std::string read(backend::kv_backend& be, backend::bucket_id b, const std::string& key) {
  auto t = be.begin_read();
  auto v = t->get(b, key);
  return v ? std::string{*v} : "<none>";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The backend_error that `f` throws; fails the test when there is none.
template <class F>
backend::backend_error thrown_by(F f) {
  try {
    f();
  } catch (const backend::backend_error& e) {
    return e;
  }
  BOOST_FAIL("no backend_error was thrown");
  throw std::logic_error("unreachable");
}

/// A memory backend with one bucket.
struct memory_fixture {
  backend::memory_backend be;
  backend::bucket_id b = be.open_bucket("kv");
};

} // namespace

BOOST_AUTO_TEST_SUITE(write_batch_suite)

BOOST_FIXTURE_TEST_CASE(lazy_runs_share_one_commit_that_a_read_makes, memory_fixture) {
  write_batch batch{be};
  batch.run(put(b, "a", "1"), commit_mode::lazy, small_cost);
  // A later run sees the earlier one's writes in the open txn.
  batch.run([&](backend::kv_txn& t) { t.put(b, "b", std::string{*t.get(b, "a")} + "2"); },
            commit_mode::lazy, small_cost);
  BOOST_TEST(batch.open());
  BOOST_TEST(batch.runs() == 2u);
  BOOST_TEST(be.commits() == 0u);
  BOOST_TEST(read(be, b, "b") == "<none>"); // the backend alone has not seen them
  auto r = batch.begin_read();              // commits the batch first
  BOOST_TEST(std::string{*r->get(b, "b")} == "12");
  BOOST_TEST(be.commits() == 1u);
  BOOST_TEST(!batch.open());
}

BOOST_FIXTURE_TEST_CASE(a_durable_run_commits_the_batch_with_it, memory_fixture) {
  write_batch batch{be};
  batch.run(put(b, "a", "1"), commit_mode::lazy, small_cost);
  batch.run(put(b, "b", "2"), commit_mode::durable, small_cost);
  BOOST_TEST(!batch.open());
  BOOST_TEST(be.commits() == 1u);
  BOOST_TEST(read(be, b, "a") == "1");
  BOOST_TEST(read(be, b, "b") == "2");
  // Alone, a durable run commits at once too.
  batch.run(put(b, "c", "3"), commit_mode::durable, small_cost);
  BOOST_TEST(be.commits() == 2u);
}

BOOST_FIXTURE_TEST_CASE(flush_commits_and_a_destroyed_batch_loses_its_runs, memory_fixture) {
  {
    write_batch batch{be};
    batch.run(put(b, "kept", "1"), commit_mode::lazy, small_cost);
    batch.flush();
    batch.flush(); // nothing open: no-op
    BOOST_TEST(be.commits() == 1u);
    batch.run(put(b, "lost", "2"), commit_mode::lazy, small_cost);
  } // as a crash: the open batch is gone
  BOOST_TEST(read(be, b, "kept") == "1");
  BOOST_TEST(read(be, b, "lost") == "<none>");
  BOOST_TEST(be.commits() == 1u);
  write_batch next{be}; // and the single write txn is free again
  next.run(put(b, "again", "3"), commit_mode::durable, small_cost);
  BOOST_TEST(read(be, b, "again") == "3");
}

BOOST_FIXTURE_TEST_CASE(a_full_batch_commits_before_the_next_run_joins, memory_fixture) {
  backend::write_batch_limits limits;
  limits.max_cost_bytes = 250;
  write_batch batch{be, limits};
  batch.run(put(b, "a", "1"), commit_mode::lazy, 100);
  batch.run(put(b, "b", "2"), commit_mode::lazy, 100);
  BOOST_TEST(be.commits() == 0u);
  batch.run(put(b, "c", "3"), commit_mode::lazy, 100); // 300 > 250: a, b commit first
  BOOST_TEST(be.commits() == 1u);
  BOOST_TEST(batch.runs() == 1u);
  BOOST_TEST(read(be, b, "b") == "2");
  BOOST_TEST(read(be, b, "c") == "<none>");
  // c commits first; then d, alone and bigger than a batch, commits at once.
  batch.run(put(b, "d", "4"), commit_mode::lazy, 1000);
  BOOST_TEST(be.commits() == 3u);
  BOOST_TEST(read(be, b, "d") == "4");
  BOOST_TEST(!batch.open());
}

BOOST_AUTO_TEST_CASE(without_the_reserve_every_run_commits_and_map_full_is_retried) {
  backend::memory_backend_options o;
  o.capacity_bytes = 64;
  backend::memory_backend be{o};
  auto b = be.open_bucket("kv");
  write_batch batch{be}; // reserve: 256 MiB, far above the room
  batch.run(put(b, "a", std::string(40, 'x')), commit_mode::lazy, small_cost);
  BOOST_TEST(!batch.open());
  BOOST_TEST(be.commits() == 1u);
  batch.run(put(b, "b", std::string(40, 'y')), commit_mode::lazy, small_cost); // grows
  BOOST_TEST(be.capacity_bytes() > 64u);
  BOOST_TEST(read(be, b, "b") == std::string(40, 'y'));
}

BOOST_AUTO_TEST_CASE(map_full_inside_a_batch_says_the_runs_are_lost) {
  backend::memory_backend_options o;
  o.capacity_bytes = 64;
  backend::memory_backend be{o};
  auto b = be.open_bucket("kv");
  backend::write_batch_limits limits;
  limits.reserve_bytes = 0; // a wrong reserve: batches open on no room
  write_batch batch{be, limits};
  batch.run(put(b, "a", std::string(40, 'x')), commit_mode::lazy, small_cost);
  BOOST_TEST(batch.open());
  auto e =
    thrown_by([&] { batch.run(put(b, "b", std::string(40, 'y')), commit_mode::lazy, small_cost); });
  // Not map_full: retrying the last run alone would lose the first.
  BOOST_TEST(int(e.kind()) == int(backend::backend_error_kind::commit_failed));
  BOOST_TEST(contains(e.what(), "2 run(s) lost"), e.what());
  BOOST_TEST(contains(e.what(), "capacity"), e.what());
  BOOST_TEST(!batch.open());
  BOOST_TEST(read(be, b, "a") == "<none>");
  BOOST_TEST(be.capacity_bytes() == 64u);
}

BOOST_FIXTURE_TEST_CASE(a_failed_batch_commit_says_the_runs_are_lost, memory_fixture) {
  write_batch batch{be};
  batch.run(put(b, "a", "1"), commit_mode::lazy, small_cost);
  batch.run(put(b, "b", "2"), commit_mode::lazy, small_cost);
  be.fail_next_commit();
  auto e = thrown_by([&] { batch.flush(); });
  BOOST_TEST(contains(e.what(), "2 run(s) lost"), e.what());
  BOOST_TEST(!batch.open());
  BOOST_TEST(read(be, b, "a") == "<none>");
}

BOOST_AUTO_TEST_CASE(lmdb_batches_only_when_opened_by_a_single_owner) {
  for (bool single : {false, true}) {
    BOOST_TEST_CONTEXT("single_owner " << single) {
      lmdb_kind kind;
      kind.options.single_owner = single;
      auto be = kind.make();
      BOOST_TEST(be->long_write_txns() == single);
      auto b = be->open_bucket("kv");
      backend::write_batch_limits limits;
      limits.reserve_bytes = std::size_t{1} << 20; // of a 64 MiB map
      write_batch batch{*be, limits};
      batch.run(put(b, "a", "1"), commit_mode::lazy, small_cost);
      BOOST_TEST(batch.open() == single);
      BOOST_TEST(std::string{*batch.begin_read()->get(b, "a")} == "1");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
