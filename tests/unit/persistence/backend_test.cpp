// Tests for the kv_backend interface (persistence/backend/): every case runs
// on both implementations (memory, LMDB) so they behave the same, plus the
// map-full retry loop, injected faults, reopen and snapshot streams.
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "persistence/backend/snapshot.hpp"
#include "store_test_support.hpp"

using namespace store_test;

namespace {

using backend_kinds = boost::mpl::list<memory_kind, lmdb_kind>;

std::string str(std::optional<std::string_view> v) {
  return v ? std::string{*v} : std::string{"<none>"};
}

/// All entries of bucket `b` as "k=v" joined by ",", forward.
std::string dump(backend::kv_txn& t, backend::bucket_id b) {
  std::string out;
  auto c = t.cursor(b);
  for (auto e = c->first(); e; e = c->next())
    out += (out.empty() ? "" : ",") + std::string{e->key} + "=" + std::string{e->value};
  return out;
}

/// All keys backwards.
std::string dump_backwards(backend::kv_txn& t, backend::bucket_id b) {
  std::string out;
  auto c = t.cursor(b);
  for (auto e = c->last(); e; e = c->prev())
    out += (out.empty() ? "" : ",") + std::string{e->key};
  return out;
}

void fill(backend::kv_backend& b, backend::bucket_id id, const std::vector<std::pair<std::string, std::string>>& kvs) {
  backend::run_write(b, [&](backend::kv_txn& t) {
    for (auto& [k, v] : kvs)
      t.put(id, k, v);
  });
}

} // namespace

BOOST_AUTO_TEST_SUITE(backend_interface)

BOOST_AUTO_TEST_CASE_TEMPLATE(put_get_del_and_buckets_are_separate, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto one = b->open_bucket("one");
  auto two = b->open_bucket("two");
  BOOST_TEST(b->open_bucket("one") == one); // idempotent
  BOOST_TEST(b->bucket_names().size() == 2u);
  fill(*b, one, {{"a", "1"}, {"b", std::string("\0two", 4)}});
  fill(*b, two, {{"a", "other"}});
  auto r = b->begin_read();
  BOOST_TEST(str(r->get(one, "a")) == "1");
  BOOST_TEST(str(r->get(one, "b")) == std::string("\0two", 4));
  BOOST_TEST(str(r->get(two, "a")) == "other");
  BOOST_TEST(!r->get(two, "b"));
  BOOST_TEST(!r->writable());
  r.reset();
  auto w = b->begin_write();
  BOOST_TEST(w->del(one, "a"));
  BOOST_TEST(!w->del(one, "a"));
  BOOST_TEST(!w->get(one, "a"));
  w->commit();
  BOOST_TEST(str(b->begin_read()->get(one, "a")) == "<none>");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cursor_seeks_and_walks_both_ways, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  fill(*b, id, {{"b", "2"}, {"d", "4"}, {"a", "1"}, {"c", "3"}, {std::string("c\0", 2), "nul"}});
  auto r = b->begin_read();
  BOOST_TEST(dump_backwards(*r, id) == std::string("d,c\0,c,b,a", 10));
  auto c = r->cursor(id);
  BOOST_TEST(std::string{c->seek("bb")->key} == "c");
  BOOST_TEST(std::string{c->next()->key} == std::string("c\0", 2));
  BOOST_TEST(std::string{c->prev()->key} == "c");
  BOOST_TEST(std::string{c->seek("b")->key} == "b");
  BOOST_TEST(!c->seek("e"));
  BOOST_TEST(std::string{c->last()->key} == "d");
  BOOST_TEST(!c->next());
  BOOST_TEST(std::string{c->first()->key} == "a");
  BOOST_TEST(!c->prev());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(write_txn_sees_its_own_writes_merged_in_order, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  fill(*b, id, {{"a", "1"}, {"c", "3"}, {"e", "5"}});
  auto w = b->begin_write();
  w->put(id, "b", "2");
  w->put(id, "c", "33");
  BOOST_TEST(w->del(id, "e"));
  w->put(id, "f", "6");
  BOOST_TEST(dump(*w, id) == "a=1,b=2,c=33,f=6");
  BOOST_TEST(dump_backwards(*w, id) == "f,c,b,a");
  // A cursor survives writes made while it is open.
  auto c = w->cursor(id);
  BOOST_TEST(std::string{c->seek("b")->key} == "b");
  w->del(id, "c");
  w->put(id, "bb", "x");
  BOOST_TEST(std::string{c->next()->key} == "bb");
  BOOST_TEST(std::string{c->next()->key} == "f");
  c.reset();
  // Readers do not see uncommitted writes.
  BOOST_TEST(dump(*b->begin_read(), id) == "a=1,c=3,e=5");
  w->abort();
  BOOST_TEST(dump(*b->begin_read(), id) == "a=1,c=3,e=5");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(clear_empties_a_bucket_and_abort_restores_it, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  fill(*b, id, {{"a", "1"}, {"b", "2"}});
  {
    auto w = b->begin_write();
    w->clear(id);
    w->put(id, "z", "26");
    BOOST_TEST(dump(*w, id) == "z=26");
    // destroyed without commit: aborted
  }
  BOOST_TEST(dump(*b->begin_read(), id) == "a=1,b=2");
  backend::run_write(*b, [&](backend::kv_txn& t) { t.clear(id); });
  BOOST_TEST(dump(*b->begin_read(), id).empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(read_txn_keeps_its_snapshot_across_commits, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  fill(*b, id, {{"a", "1"}});
  auto old = b->begin_read();
  fill(*b, id, {{"a", "2"}, {"b", "3"}});
  BOOST_TEST(dump(*old, id) == "a=1");
  BOOST_TEST(dump(*b->begin_read(), id) == "a=2,b=3");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(keys_longer_than_the_limit_are_refused_and_absent, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  std::string longest(b->max_key_bytes(), 'k');
  std::string too_long(b->max_key_bytes() + 1, 'k');
  fill(*b, id, {{longest, "ok"}, {"m", "1"}});
  auto w = b->begin_write();
  BOOST_CHECK_THROW(w->put(id, too_long, "x"), backend::backend_error);
  BOOST_CHECK_THROW(w->put(id, "", "x"), backend::backend_error);
  BOOST_TEST(!w->get(id, too_long));
  BOOST_TEST(!w->del(id, too_long));
  // Seeking past a too-long key lands on the next stored key.
  BOOST_TEST(std::string{w->cursor(id)->seek(too_long)->key} == "m");
  BOOST_TEST(std::string{w->cursor(id)->seek(longest)->key} == longest);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(snapshot_round_trips_into_a_fresh_backend, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto one = b->open_bucket("one");
  auto two = b->open_bucket("two");
  std::string big(300'000, 'v');
  fill(*b, one, {{"a", "1"}, {"big", big}, {std::string("\0\xff", 2), ""}});
  fill(*b, two, {{"x", "y"}});
  // Export in small chunks (records span chunks).
  backend::snapshot_exporter exporter{*b};
  std::vector<std::string> chunks;
  while (auto chunk = exporter.next_chunk(4096))
    chunks.push_back(*chunk);
  BOOST_TEST(chunks.size() > 70u);

  Kind other_kind;
  auto fresh = other_kind.make();
  auto f_two = fresh->open_bucket("two"); // other id order: names matter
  auto f_one = fresh->open_bucket("one");
  fill(*fresh, f_one, {{"stale", "gone after import"}});
  backend::run_write(*fresh, [&](backend::kv_txn& t) {
    backend::snapshot_importer importer{*fresh, t};
    for (const auto& c : chunks)
      importer.feed(c);
    importer.finish();
    BOOST_TEST(importer.entries() == 4u);
  });
  auto r = fresh->begin_read();
  BOOST_TEST(dump(*r, f_two) == "x=y");
  BOOST_TEST(str(r->get(f_one, "big")) == big);
  BOOST_TEST(!r->get(f_one, "stale"));
  BOOST_TEST(str(r->get(f_one, std::string("\0\xff", 2))) == "");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(damaged_snapshots_are_refused_and_change_nothing, Kind, backend_kinds) {
  Kind kind;
  auto b = kind.make();
  auto id = b->open_bucket("kv");
  fill(*b, id, {{"a", "1"}, {"b", "2"}});
  auto blob = backend::export_snapshot(*b);
  auto flipped = blob;
  flipped[flipped.size() / 2] ^= 0x01;
  auto truncated = blob.substr(0, blob.size() - 3);
  Kind other_kind;
  auto target = other_kind.make();
  auto t_id = target->open_bucket("kv");
  fill(*target, t_id, {{"keep", "me"}});
  for (const auto& bad : {flipped, truncated, std::string{"garbage!"}, blob + "x"}) {
    auto w = target->begin_write();
    BOOST_CHECK_THROW(backend::import_snapshot(*target, *w, bad), backend::backend_error);
  } // aborted
  BOOST_TEST(dump(*target->begin_read(), t_id) == "keep=me");
  // A bucket the target does not have is refused by name.
  Kind third_kind;
  auto third = third_kind.make();
  third->open_bucket("other");
  auto w = third->begin_write();
  try {
    backend::import_snapshot(*third, *w, blob);
    BOOST_FAIL("import into a backend without bucket kv must fail");
  } catch (const backend::backend_error& e) {
    BOOST_TEST(std::string{e.what()}.find("unknown bucket \"kv\"") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(snapshot_of_named_buckets_leaves_the_others_alone, Kind, backend_kinds) {
  // The Raft log shares the environment but is no part of a state snapshot.
  Kind kind;
  auto b = kind.make();
  auto state = b->open_bucket("state");
  auto log = b->open_bucket("raft_log");
  fill(*b, state, {{"k", "v"}});
  fill(*b, log, {{"1", "entry"}});
  auto blob = backend::export_snapshot(*b, {"state"});
  BOOST_TEST(blob.find("entry") == std::string::npos);
  Kind other_kind;
  auto target = other_kind.make();
  auto t_log = target->open_bucket("raft_log");
  auto t_state = target->open_bucket("state");
  fill(*target, t_log, {{"7", "own log"}});
  fill(*target, t_state, {{"old", "state"}});
  backend::run_write(*target, [&](backend::kv_txn& t) { backend::import_snapshot(*target, t, blob, {"state"}); });
  auto r = target->begin_read();
  BOOST_TEST(dump(*r, t_state) == "k=v");
  BOOST_TEST(dump(*r, t_log) == "7=own log");
  // A stream with a bucket outside the covered set is refused.
  auto full = backend::export_snapshot(*b);
  auto w = target->begin_write();
  BOOST_CHECK_THROW(backend::import_snapshot(*target, *w, full, {"state"}), backend::backend_error);
  BOOST_CHECK_THROW(backend::export_snapshot(*b, {"nope"}), backend::backend_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backend_faults)

BOOST_AUTO_TEST_CASE(memory_capacity_map_full_is_retried_after_growth) {
  backend::memory_backend_options opts;
  opts.capacity_bytes = 1000;
  backend::memory_backend b{opts};
  auto id = b.open_bucket("kv");
  int attempts = 0;
  backend::run_write(b, [&](backend::kv_txn& t) {
    ++attempts;
    for (int i = 0; i < 50; ++i)
      t.put(id, "key" + std::to_string(i), std::string(40, 'v')); // ~2,200 bytes
  });
  BOOST_TEST(attempts == 3); // 1000 -> 2000 -> 4000
  BOOST_TEST(b.capacity_bytes() == 4000u);
  BOOST_TEST(dump(*b.begin_read(), id).size() > 2000u);
}

BOOST_AUTO_TEST_CASE(injected_commit_failure_discards_the_txn) {
  backend::memory_backend b;
  auto id = b.open_bucket("kv");
  fill(b, id, {{"a", "1"}});
  b.fail_next_commit();
  try {
    fill(b, id, {{"a", "2"}, {"b", "3"}});
    BOOST_FAIL("commit must fail");
  } catch (const backend::backend_error& e) {
    BOOST_TEST((e.kind() == backend::backend_error_kind::commit_failed));
  }
  BOOST_TEST(dump(*b.begin_read(), id) == "a=1");
  BOOST_TEST(b.commits() == 1u);
  // An injected map_full at commit is retried by run_write.
  b.fail_next_commit(backend::backend_error_kind::map_full);
  int attempts = 0;
  backend::run_write(b, [&](backend::kv_txn& t) {
    ++attempts;
    t.put(id, "c", "4");
  });
  BOOST_TEST(attempts == 2);
  BOOST_TEST(dump(*b.begin_read(), id) == "a=1,c=4");
}

BOOST_AUTO_TEST_CASE(one_write_txn_at_a_time) {
  backend::memory_backend b;
  b.open_bucket("kv");
  auto w = b.begin_write();
  BOOST_CHECK_THROW(b.begin_write(), backend::backend_error);
  w->abort();
  BOOST_CHECK_NO_THROW(b.begin_write());
}

BOOST_AUTO_TEST_CASE(lmdb_map_full_grows_and_keeps_every_write) {
  temp_dir dir;
  backend::lmdb_backend_options opts;
  opts.map_size_bytes = 256 << 10; // 256 KiB
  opts.sync_on_commit = false;
  std::size_t first_map = 0;
  {
    backend::lmdb_backend b{dir.path(), opts};
    auto id = b.open_bucket("kv");
    first_map = b.map_size_bytes();
    int attempts = 0;
    backend::run_write(b, [&](backend::kv_txn& t) {
      ++attempts;
      for (int i = 0; i < 400; ++i)
        t.put(id, "key" + std::to_string(i), std::string(2000, static_cast<char>('a' + i % 26)));
    });
    BOOST_TEST(attempts > 1);
    BOOST_TEST(b.map_size_bytes() > first_map);
  }
  backend::lmdb_backend reopened{dir.path(), opts};
  auto id = reopened.open_bucket("kv");
  auto r = reopened.begin_read();
  for (int i = 0; i < 400; ++i)
    BOOST_TEST(r->get(id, "key" + std::to_string(i))->size() == 2000u);
}

BOOST_AUTO_TEST_CASE(lmdb_refuses_a_file_that_is_not_lmdb) {
  temp_dir dir;
  {
    std::ofstream f{dir.path() + "/data.mdb"};
    f << std::string(8192, 'x');
  }
  try {
    backend::lmdb_backend b{dir.path()};
    BOOST_FAIL("opening garbage must fail");
  } catch (const backend::backend_error& e) {
    BOOST_TEST((e.kind() == backend::backend_error_kind::corrupted));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lazy_commit)

BOOST_AUTO_TEST_CASE(lazy_commits_are_visible_and_survive_a_clean_reopen) {
  lmdb_kind kind;
  kind.options.sync_on_commit = true; // the production setting
  {
    auto b = kind.make();
    auto id = b->open_bucket("state");
    fill(*b, id, {{"log", "1"}});
    backend::run_write(
      *b, [&](backend::kv_txn& t) { t.put(id, "applied", "1"); }, backend::commit_mode::lazy);
    // Durable again afterwards: the next commit syncs the lazy one with it.
    fill(*b, id, {{"log", "2"}});
    auto r = b->begin_read();
    BOOST_TEST(r->get(id, "applied").value_or("") == "1");
  }
  auto b = kind.make();
  auto id = b->open_bucket("state");
  auto r = b->begin_read();
  BOOST_TEST(r->get(id, "applied").value_or("") == "1");
  BOOST_TEST(r->get(id, "log").value_or("") == "2");
}

BOOST_AUTO_TEST_SUITE_END()
