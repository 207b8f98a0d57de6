// Tests for the thin LMDB layer (persistence/lmdb/) on real LMDB files in
// temporary directories that each test removes.
#include "persistence/lmdb/lmdb.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace lmdb = convoy::lmdb;
namespace fs = std::filesystem;

namespace {

using convoy::test::temp_dir;

/// Test options: small map, no fsync (speed); durability is the default.
lmdb::env_options fast(std::size_t map_size = std::size_t{8} << 20) {
  lmdb::env_options opts;
  opts.map_size_bytes = map_size;
  opts.sync_on_commit = false;
  return opts;
}

std::string str(std::optional<std::string_view> v) {
  return v ? std::string{*v} : std::string{"<none>"};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Opens (creating) the database `name` in its own committed write txn, as
/// production code does once at start-up.
lmdb::dbi open_db(lmdb::env& e, const char* name, unsigned flags = 0) {
  auto w = lmdb::txn::begin_write(e);
  auto d = lmdb::dbi::open(w, name, MDB_CREATE | flags);
  w.commit();
  return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lmdb_layer)

BOOST_AUTO_TEST_CASE(put_get_del) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "a", "1");
    db.put(w, "b", std::string("\0two", 4)); // binary-safe
    db.put(w, "a", "one");                     // overwrite
    BOOST_TEST(str(db.get(w, "a")) == "one");  // read-your-writes
    w.commit();
  }
  auto r = lmdb::txn::begin_read(e);
  BOOST_TEST(str(db.get(r, "a")) == "one");
  BOOST_TEST(str(db.get(r, "b")) == std::string("\0two", 4));
  BOOST_TEST(!db.get(r, "missing"));
  BOOST_TEST(db.size(r) == 2u);
  r.abort();

  auto w = lmdb::txn::begin_write(e);
  BOOST_TEST(db.del(w, "a"));
  BOOST_TEST(!db.del(w, "a")); // absence is a result, not an error
  BOOST_TEST(!db.get(w, "a"));
  w.commit();
}

BOOST_AUTO_TEST_CASE(insert_refuses_overwrite) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  auto w = lmdb::txn::begin_write(e);
  BOOST_TEST(db.insert(w, "k", "first"));
  BOOST_TEST(!db.insert(w, "k", "second"));
  BOOST_TEST(str(db.get(w, "k")) == "first");
  BOOST_CHECK_THROW(db.put(w, "k", "third", MDB_NOOVERWRITE), lmdb::key_exists_error);
}

BOOST_AUTO_TEST_CASE(be_u64_round_trips_and_sorts_numerically) {
  const std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 65536, (uint64_t{1} << 32) - 1,
                                        uint64_t{1} << 32, (uint64_t{1} << 63) + 5, UINT64_MAX};
  for (size_t i = 0; i < values.size(); ++i) {
    lmdb::be_u64 key{values[i]};
    BOOST_TEST(key.view().size() == 8u);
    BOOST_TEST(key.value() == values[i]);
    BOOST_TEST(*lmdb::be_u64::decode(key.view()) == values[i]);
    if (i > 0) {
      lmdb::be_u64 smaller{values[i - 1]}; // a local: BOOST_TEST defers evaluation
      // memcmp order (what LMDB uses) = numeric order. Double parentheses:
      // Boost.Test would otherwise compare the views as signed chars.
      BOOST_TEST((smaller.view().compare(key.view()) < 0));
    }
  }
  lmdb::be_u64 bytes{0x0102030405060708};
  BOOST_TEST(bytes.view() == std::string_view("\1\2\3\4\5\6\7\x08", 8));
  BOOST_TEST(!lmdb::be_u64::decode("short"));
  BOOST_TEST(!lmdb::be_u64::decode("nine bytes"));
}

BOOST_AUTO_TEST_CASE(cursor_iterates_big_endian_keys_in_numeric_order) {
  const uint64_t seed = 42;
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> keys;
  for (uint64_t k : {1ull, 2ull, 9ull, 10ull, 255ull, 256ull, 1000ull, 65536ull, 1ull << 40})
    keys.push_back(k);
  for (int i = 0; i < 200; ++i)
    keys.push_back(rng());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  auto shuffled = keys;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);

  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "log");
  {
    auto w = lmdb::txn::begin_write(e);
    for (uint64_t k : shuffled)
      db.put(w, lmdb::be_u64{k}.view(), std::to_string(k));
    w.commit();
  }
  BOOST_TEST_CONTEXT("SEED=" << seed) {
    auto r = lmdb::txn::begin_read(e);
    auto c = lmdb::cursor::open(r, db);
    std::vector<uint64_t> seen;
    for (auto it = c.first(); it; it = c.next()) {
      seen.push_back(*lmdb::be_u64::decode(it->key));
      BOOST_TEST(it->value == std::to_string(seen.back()));
    }
    BOOST_TEST(seen == keys);

    // Backwards from the end.
    std::vector<uint64_t> back;
    for (auto it = c.last(); it; it = c.prev())
      back.push_back(*lmdb::be_u64::decode(it->key));
    std::reverse(back.begin(), back.end());
    BOOST_TEST(back == keys);

    // seek: first key >= the probe (a Raft "entries from index i" scan).
    auto at = c.seek(lmdb::be_u64{3}.view());
    BOOST_REQUIRE(at);
    BOOST_TEST(*lmdb::be_u64::decode(at->key) == 9u);
    BOOST_TEST(*lmdb::be_u64::decode(c.current()->key) == 9u);
    BOOST_TEST(*lmdb::be_u64::decode(c.next()->key) == 10u);
    BOOST_TEST(!c.seek(lmdb::be_u64{keys.back() + 1}.view()));
    BOOST_TEST(!c.find(lmdb::be_u64{3}.view()));
    BOOST_TEST(c.find(lmdb::be_u64{256}.view())->value == "256");
  }
}

BOOST_AUTO_TEST_CASE(cursor_put_and_del) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "log");
  auto w = lmdb::txn::begin_write(e);
  {
    auto c = lmdb::cursor::open(w, db);
    for (uint64_t i = 1; i <= 10; ++i)
      c.put(lmdb::be_u64{i}.view(), "v" + std::to_string(i), MDB_APPEND);
    // Truncate the log suffix from index 7 on, as a Raft follower does.
    for (auto it = c.seek(lmdb::be_u64{7}.view()); it; it = c.current())
      c.del();
  }
  BOOST_TEST(db.size(w) == 6u);
  BOOST_TEST(!db.get(w, lmdb::be_u64{7}.view()));
  BOOST_TEST(str(db.get(w, lmdb::be_u64{6}.view())) == "v6");
  // MDB_APPEND refuses an out-of-order key (a log must only grow).
  auto c = lmdb::cursor::open(w, db);
  BOOST_CHECK_THROW(c.put(lmdb::be_u64{2}.view(), "x", MDB_APPEND), lmdb::key_exists_error);
}

BOOST_AUTO_TEST_CASE(abort_discards_changes) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "kept", "1");
    w.commit();
  }
  {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "explicit", "x");
    db.del(w, "kept");
    w.abort();
    BOOST_TEST(!w.active());
  }
  {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "destructor", "x");
  } // not committed: the destructor aborts
  try {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "exception", "x");
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
    // the txn's destructor aborted during unwinding
  }
  auto r = lmdb::txn::begin_read(e);
  BOOST_TEST(str(db.get(r, "kept")) == "1");
  BOOST_TEST(!db.get(r, "explicit"));
  BOOST_TEST(!db.get(r, "destructor"));
  BOOST_TEST(!db.get(r, "exception"));
  BOOST_TEST(e.open_txns() == 1);
}

BOOST_AUTO_TEST_CASE(read_txn_is_isolated_from_later_commits) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "k", "old");
    w.commit();
  }
  auto reader = lmdb::txn::begin_read(e);
  auto snapshot_id = reader.id();
  {
    // A writer commits while the reader is open (same thread: MDB_NOTLS).
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "k", "new");
    db.put(w, "added", "x");
    w.commit();
  }
  BOOST_TEST(str(db.get(reader, "k")) == "old");
  BOOST_TEST(!db.get(reader, "added"));
  BOOST_TEST(reader.id() == snapshot_id);
  auto fresh = lmdb::txn::begin_read(e);
  BOOST_TEST(str(db.get(fresh, "k")) == "new");
  BOOST_TEST(fresh.id() > snapshot_id);

  // reset + renew moves the same reader (and its cursor) to the new snapshot.
  auto c = lmdb::cursor::open(reader, db);
  BOOST_TEST(c.first()->key == "k"); // "added" is not visible yet
  reader.reset();
  BOOST_TEST(!reader.active());
  BOOST_CHECK_THROW(db.get(reader, "k"), lmdb::error);
  BOOST_CHECK_THROW(c.first(), lmdb::error);
  reader.renew();
  BOOST_TEST(str(db.get(reader, "k")) == "new");
  BOOST_TEST(c.first()->key == "added");
  BOOST_CHECK_THROW(fresh.renew(), lmdb::error); // only a reset txn renews

  // The same holds when the commit comes from another thread.
  std::thread writer([&] {
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "k", "from thread");
    w.commit();
  });
  writer.join();
  BOOST_TEST(str(db.get(reader, "k")) == "new");
  BOOST_TEST(str(db.get(fresh, "k")) == "new");
  auto latest = lmdb::txn::begin_read(e);
  BOOST_TEST(str(db.get(latest, "k")) == "from thread");
}

BOOST_AUTO_TEST_CASE(map_full_is_reported_then_grow_and_retry_succeeds) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast(std::size_t{256} << 10));
  auto db = open_db(e, "kv");
  const std::string value(1024, 'v');
  auto write_batch = [&] {
    auto w = lmdb::txn::begin_write(e);
    for (uint64_t i = 0; i < 400; ++i)
      db.put(w, lmdb::be_u64{i}.view(), value);
    w.commit();
  };
  const auto before = e.map_size();
  bool reported = false;
  try {
    write_batch();
  } catch (const lmdb::map_full_error& err) {
    reported = true;
    BOOST_TEST(err.kind() == lmdb::error_kind::map_full);
    BOOST_TEST(err.code() == MDB_MAP_FULL);
    BOOST_TEST(contains(err.what(), "MDB_MAP_FULL"));
    BOOST_TEST((std::string(err.call()) == "mdb_put" || std::string(err.call()) == "mdb_txn_commit"));
  }
  BOOST_REQUIRE(reported);
  BOOST_TEST(e.open_txns() == 0); // the failed txn was aborted by unwinding
  // Nothing of the failed batch is visible.
  {
    auto r = lmdb::txn::begin_read(e);
    BOOST_TEST(db.size(r) == 0u);
  }
  const auto after = e.grow(4);
  BOOST_TEST(after >= before * 4);
  BOOST_TEST(e.map_size() == after);
  write_batch(); // the retry now fits
  auto r = lmdb::txn::begin_read(e);
  BOOST_TEST(db.size(r) == 400u);
  BOOST_TEST(str(db.get(r, lmdb::be_u64{399}.view())) == value);
  BOOST_TEST(e.used_bytes() > before);
  BOOST_TEST(e.used_bytes() <= after);
}

BOOST_AUTO_TEST_CASE(set_map_size_is_refused_while_a_txn_is_open) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto r = lmdb::txn::begin_read(e);
  try {
    e.grow(2);
    BOOST_FAIL("grow succeeded with a read txn open");
  } catch (const lmdb::error& err) {
    BOOST_TEST(std::string(err.call()) == "mdb_env_set_mapsize");
    BOOST_TEST(err.kind() == lmdb::error_kind::other);
    BOOST_TEST(contains(err.what(), "1 transaction(s) still open"));
  }
  r.reset(); // a reset reader holds no snapshot: growing is safe
  BOOST_TEST(e.open_txns() == 0);
  auto before = e.map_size();
  e.set_map_size(before * 2);
  BOOST_TEST(e.map_size() == before * 2);
  r.renew();
  BOOST_TEST(r.active());
  BOOST_CHECK_THROW(e.grow(1.0), lmdb::error);
}

BOOST_AUTO_TEST_CASE(reopen_after_close_keeps_committed_data) {
  temp_dir dir;
  {
    auto e = lmdb::env::open(dir.path()); // durable default: fsync on commit
    auto db = open_db(e, "kv");
    auto w = lmdb::txn::begin_write(e);
    db.put(w, "committed", "yes");
    w.commit();
    auto lost = lmdb::txn::begin_write(e);
    db.put(lost, "uncommitted", "no");
    lost.abort();
    e.close();
    BOOST_TEST(e.handle() == nullptr);
    BOOST_CHECK_THROW(e.info(), lmdb::error);
    BOOST_CHECK_THROW(lmdb::txn::begin_read(e), lmdb::error);
  }
  BOOST_TEST(fs::exists(dir.sub("data.mdb")));
  auto e = lmdb::env::open(dir.path());
  auto r = lmdb::txn::begin_read(e);
  auto db = lmdb::dbi::open(r, "kv"); // exists: no MDB_CREATE needed
  BOOST_TEST(str(db.get(r, "committed")) == "yes");
  BOOST_TEST(!db.get(r, "uncommitted"));
}

BOOST_AUTO_TEST_CASE(a_single_owner_commits_a_write_txn_on_another_thread_and_keeps_others_out) {
  temp_dir dir;
  auto opts = fast();
  opts.single_owner = true;
  {
    auto e = lmdb::env::open(dir.path(), opts);
    auto db = open_db(e, "kv");
    // A second opener, single owner or not, finds the flock taken.
    try {
      lmdb::env::open(dir.path(), opts);
      BOOST_FAIL("a second single owner opened the environment");
    } catch (const lmdb::error& err) {
      BOOST_TEST(contains(err.what(), dir.sub("owner.lock")), err.what());
      BOOST_TEST(contains(err.what(), "in use by another owner"), err.what());
    }
    // Begun here, written and committed on two other threads in turn, as an
    // actor's write batch is when the actor moves between scheduler threads.
    auto w = lmdb::txn::begin_write(e);
    std::thread([&] { db.put(w, "k", "v"); }).join();
    std::thread([&] { w.commit(); }).join();
    auto w2 = lmdb::txn::begin_write(e); // the write "lock" was released
    db.put(w2, "k2", "v2");
    w2.commit();
    auto r = lmdb::txn::begin_read(e);
    BOOST_TEST(str(db.get(r, "k")) == "v");
    BOOST_TEST(str(db.get(r, "k2")) == "v2");
  }
  // Closing released the flock: the data is there for the next owner.
  auto e = lmdb::env::open(dir.path(), opts);
  auto r = lmdb::txn::begin_read(e);
  BOOST_TEST(str(lmdb::dbi::open(r, "kv").get(r, "k")) == "v");
}

BOOST_AUTO_TEST_CASE(garbage_file_is_a_corruption_error_not_a_crash) {
  temp_dir dir;
  {
    std::ofstream out(dir.sub("data.mdb"), std::ios::binary);
    std::mt19937 rng(7);
    for (int i = 0; i < 64 * 1024; ++i)
      out.put(static_cast<char>(rng()));
  }
  try {
    auto e = lmdb::env::open(dir.path(), fast());
    BOOST_FAIL("opened a garbage file");
  } catch (const lmdb::corrupted_error& err) {
    BOOST_TEST(std::string(err.call()) == "mdb_env_open");
    BOOST_TEST(err.kind() == lmdb::error_kind::corrupted);
    BOOST_TEST(err.code() == MDB_INVALID);
    BOOST_TEST(contains(err.what(), dir.path()));
    BOOST_TEST_MESSAGE("garbage file: " << err.what());
  }
}

BOOST_AUTO_TEST_CASE(error_messages_name_the_call) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto w = lmdb::txn::begin_write(e);
  try {
    lmdb::dbi::open(w, "missing"); // no MDB_CREATE
    BOOST_FAIL("opened a missing database");
  } catch (const lmdb::not_found_error& err) {
    BOOST_TEST(std::string(err.what())
               == "mdb_dbi_open: MDB_NOTFOUND: No matching key/data pair found (code -30798): "
                  "database \"missing\"");
  }
  w.abort();

  lmdb::env_options one_db = fast();
  one_db.max_dbs = 1;
  temp_dir dir2;
  auto e2 = lmdb::env::open(dir2.path(), one_db);
  auto w2 = lmdb::txn::begin_write(e2);
  lmdb::dbi::open(w2, "first", MDB_CREATE);
  try {
    lmdb::dbi::open(w2, "second", MDB_CREATE);
    BOOST_FAIL("max_dbs not enforced");
  } catch (const lmdb::error& err) {
    BOOST_TEST(err.code() == MDB_DBS_FULL);
    BOOST_TEST(err.kind() == lmdb::error_kind::other);
    BOOST_TEST(contains(err.what(), "mdb_dbi_open: MDB_DBS_FULL"));
  }

  // Using a finished txn or a never-opened dbi names the call too.
  auto db = lmdb::dbi::open(w2, "first");
  w2.commit();
  try {
    db.get(w2, "k");
    BOOST_FAIL("used an ended txn");
  } catch (const lmdb::error& err) {
    BOOST_TEST(std::string(err.what()) == "mdb_get: Invalid argument (code 22): transaction is not active");
  }
  auto r = lmdb::txn::begin_read(e2);
  BOOST_CHECK_THROW(lmdb::dbi{}.get(r, "k"), lmdb::error);
  r.abort();
  auto w3 = lmdb::txn::begin_write(e2);
  BOOST_CHECK_THROW(w3.reset(), lmdb::error); // reset/renew are for readers only
}

BOOST_AUTO_TEST_CASE(open_without_directory_names_path) {
  temp_dir dir;
  lmdb::env_options opts = fast();
  opts.create_directory = false;
  try {
    lmdb::env::open(dir.sub("absent"), opts);
    BOOST_FAIL("opened a missing directory");
  } catch (const lmdb::error& err) {
    BOOST_TEST(std::string(err.call()) == "mdb_env_open");
    BOOST_TEST(err.code() == ENOENT);
    BOOST_TEST(contains(err.what(), dir.sub("absent")));
  }
  opts.create_directory = true;
  auto e = lmdb::env::open(dir.sub("nested/deeper"), opts);
  BOOST_TEST(fs::exists(dir.sub("nested/deeper/data.mdb")));
}

BOOST_AUTO_TEST_CASE(dupsort_database) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto idx = open_db(e, "index", MDB_DUPSORT);
  auto w = lmdb::txn::begin_write(e);
  BOOST_TEST((idx.flags(w) & MDB_DUPSORT) != 0u);
  for (const char* v : {"c", "a", "b"})
    idx.put(w, "label=web", v);
  idx.put(w, "label=db", "x");
  BOOST_CHECK_THROW(idx.put(w, "label=web", "a", MDB_NODUPDATA), lmdb::key_exists_error);
  auto c = lmdb::cursor::open(w, idx);
  BOOST_REQUIRE(c.find("label=web"));
  BOOST_TEST(c.count() == 3u);
  std::string values;
  for (auto it = c.get(MDB_FIRST_DUP); it; it = c.get(MDB_NEXT_DUP))
    values += it->value;
  BOOST_TEST(values == "abc"); // duplicates are sorted
  BOOST_TEST(idx.del(w, "label=web", "b"));
  BOOST_TEST(!idx.del(w, "label=web", "b"));
  BOOST_TEST(idx.size(w) == 3u);
  BOOST_TEST(c.get(MDB_GET_BOTH, "label=web", "c")->value == "c");
  idx.clear(w);
  BOOST_TEST(idx.size(w) == 0u);
}

BOOST_AUTO_TEST_CASE(integerkey_flag_is_kept) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "ints", MDB_INTEGERKEY);
  auto w = lmdb::txn::begin_write(e);
  BOOST_TEST((db.flags(w) & MDB_INTEGERKEY) != 0u);
  for (size_t k : {300u, 2u, 70000u}) {
    db.put(w, std::string_view(reinterpret_cast<const char*>(&k), sizeof(k)), "v");
  }
  auto c = lmdb::cursor::open(w, db);
  size_t first = 0;
  std::memcpy(&first, c.first()->key.data(), sizeof(first));
  BOOST_TEST(first == 2u); // native integers sort numerically too
}

BOOST_AUTO_TEST_CASE(cursors_close_when_their_txn_ends) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  auto w = lmdb::txn::begin_write(e);
  db.put(w, "a", "1");
  auto c1 = lmdb::cursor::open(w, db);
  auto c2 = lmdb::cursor::open(w, db);
  auto c3 = lmdb::cursor::open(w, db);
  c2.close(); // closing one in the middle of the list
  auto moved = std::move(c3);
  BOOST_TEST(!c3.is_open());
  // Moving the txn keeps its cursors working.
  auto w2 = std::move(w);
  BOOST_TEST(!w.active());
  BOOST_TEST(moved.first()->key == "a");
  BOOST_TEST(c1.first()->value == "1");
  w2.commit(); // closes c1 and moved; their destructors must not touch LMDB
  BOOST_TEST(!c1.is_open());
  BOOST_TEST(!moved.is_open());
  try {
    c1.next();
    BOOST_FAIL("used a cursor of a committed txn");
  } catch (const lmdb::error& err) {
    BOOST_TEST(std::string(err.what()) == "mdb_cursor_get: Invalid argument (code 22): cursor is closed");
  }
  BOOST_CHECK_THROW(w2.commit(), lmdb::error); // already ended

  // Read txn cursors are closed too (LMDB would otherwise leak them).
  auto r = lmdb::txn::begin_read(e);
  auto rc = lmdb::cursor::open(r, db);
  BOOST_TEST(rc.first()->key == "a");
  r.abort();
  BOOST_TEST(!rc.is_open());
  BOOST_TEST(e.open_txns() == 0);
}

BOOST_AUTO_TEST_CASE(info_stat_and_copy) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.sub("env"), fast());
  auto db = open_db(e, "kv");
  const auto empty_used = e.used_bytes();
  {
    auto w = lmdb::txn::begin_write(e);
    for (uint64_t i = 0; i < 1000; ++i)
      db.put(w, lmdb::be_u64{i}.view(), std::string(100, 'x'));
    w.commit();
  }
  BOOST_TEST(e.used_bytes() > empty_used + 100u * 1000u);
  BOOST_TEST(e.info().me_mapsize == e.map_size());
  BOOST_TEST(e.stat().ms_psize >= 4096u);
  BOOST_TEST(e.info().me_last_txnid >= 2u);

  // A consistent copy that opens as an environment of its own.
  fs::create_directories(dir.sub("copy"));
  e.copy_to(dir.sub("copy"), true);
  auto copy = lmdb::env::open(dir.sub("copy"), fast());
  auto r = lmdb::txn::begin_read(copy);
  auto copied = lmdb::dbi::open(r, "kv");
  BOOST_TEST(copied.size(r) == 1000u);
}

BOOST_AUTO_TEST_CASE(env_and_txn_move) {
  temp_dir dir;
  auto e = lmdb::env::open(dir.path(), fast());
  auto db = open_db(e, "kv");
  auto w = lmdb::txn::begin_write(e);
  lmdb::env moved = std::move(e); // txns keep working across the env move
  BOOST_TEST(e.handle() == nullptr);
  db.put(w, "k", "v");
  w.commit();
  BOOST_TEST(moved.open_txns() == 0);
  lmdb::env other = lmdb::env::open(dir.sub("other"), fast());
  other = std::move(moved); // closes "other", takes over
  auto r = lmdb::txn::begin_read(other);
  BOOST_TEST(str(db.get(r, "k")) == "v");
}

BOOST_AUTO_TEST_SUITE_END()
