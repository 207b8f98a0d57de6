// The Raft write-ahead log (persistence/raft_log/write_ahead_log) on real
// files: records come back in order after a reopen, a torn or stale record
// ends the chain, laps start over at offset 0 without resurrecting the old
// lap, and persistent_log replays what its backend lacks.

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "persistence/backend/memory_backend.hpp"
#include "persistence/raft_log/persistent_log.hpp"
#include "persistence/raft_log/write_ahead_log.hpp"
#include "temp_dir.hpp"

using namespace convoy;
using store::write_ahead_log;

namespace {

constexpr uint64_t small = 4096;

std::vector<std::string> payloads(const write_ahead_log& wal, uint64_t after = 0) {
  std::vector<std::string> out;
  for (auto& [seq, p] : wal.read_after(after))
    out.push_back(p);
  return out;
}

void overwrite(const std::string& path, off_t at, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY);
  BOOST_REQUIRE(fd >= 0);
  BOOST_REQUIRE(::pwrite(fd, bytes.data(), bytes.size(), at) == ssize_t(bytes.size()));
  ::close(fd);
}

raft::Entry entry(uint64_t index, uint64_t term, const std::string& data) {
  raft::Entry e;
  e.set_index(index);
  e.set_term(term);
  e.set_data(data);
  return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(write_ahead_log_suite)

BOOST_AUTO_TEST_CASE(records_come_back_in_order_after_a_reopen_and_appends_continue) {
  test::temp_dir dir;
  auto path = dir.sub("raft.wal");
  {
    write_ahead_log wal{path, small};
    BOOST_TEST(wal.last_seq() == 0u);
    BOOST_TEST(wal.append("one") == 1u);
    BOOST_TEST(wal.append("two") == 2u);
  }
  write_ahead_log wal{path, small};
  BOOST_TEST(wal.last_seq() == 2u);
  BOOST_TEST(payloads(wal) == (std::vector<std::string>{"one", "two"}));
  BOOST_TEST(payloads(wal, 1) == (std::vector<std::string>{"two"}));
  BOOST_TEST(wal.append("three") == 3u);
  BOOST_TEST(payloads(write_ahead_log{path, small}).size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_torn_record_ends_the_chain) {
  test::temp_dir dir;
  auto path = dir.sub("raft.wal");
  {
    write_ahead_log wal{path, small};
    wal.append("aaaa");
    wal.append("bbbb");
    wal.append("cccc");
  }
  // Record 3 starts at 2 * (16 + 4): flip a payload byte.
  overwrite(path, 2 * 20 + 16 + 1, "X");
  write_ahead_log wal{path, small};
  BOOST_TEST(payloads(wal) == (std::vector<std::string>{"aaaa", "bbbb"}));
  BOOST_TEST(wal.last_seq() == 2u);
  BOOST_TEST(wal.append("dddd") == 3u); // overwrites the torn one
  BOOST_TEST(payloads(write_ahead_log{path, small}).back() == "dddd");
}

BOOST_AUTO_TEST_CASE(a_new_lap_starts_at_offset_zero_and_the_old_lap_stays_dead) {
  test::temp_dir dir;
  auto path = dir.sub("raft.wal");
  std::string big(200, 'x');
  write_ahead_log wal{path, small};
  int appended = 0;
  while (wal.fits(big.size())) {
    wal.append(big);
    ++appended;
  }
  BOOST_TEST(appended == int(small / (16 + 200)));
  BOOST_CHECK_THROW(wal.append(big), std::logic_error);
  wal.restart();
  // As long as an old record: the next header is old record 2's, intact
  // but with an older seq.
  std::string lap2(200, 'y');
  BOOST_TEST(wal.append(lap2) == uint64_t(appended + 1));
  BOOST_TEST(payloads(write_ahead_log{path, small}) == (std::vector<std::string>{lap2}));
  // Shorter: the next header read lands inside an old record.
  BOOST_TEST(wal.append("short") == uint64_t(appended + 2));
  write_ahead_log reopened{path, small};
  BOOST_TEST(payloads(reopened) == (std::vector<std::string>{lap2, "short"}));
  BOOST_TEST(reopened.last_seq() == uint64_t(appended + 2));
}

BOOST_AUTO_TEST_CASE(continue_after_skips_seqs_the_owner_already_counts) {
  test::temp_dir dir;
  write_ahead_log wal{dir.sub("raft.wal"), small};
  wal.append("a");
  wal.continue_after(10);
  BOOST_TEST(wal.append("b") == 11u);
  BOOST_TEST(payloads(write_ahead_log{dir.sub("raft.wal"), small}, 10)
             == (std::vector<std::string>{"b"}));
  wal.continue_after(5); // behind: no effect
  BOOST_TEST(wal.append("c") == 12u);
}

BOOST_AUTO_TEST_CASE(an_unusable_path_is_an_error_naming_it) {
  try {
    write_ahead_log wal{"/nonexistent-dir/raft.wal", small};
    BOOST_FAIL("opened");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string{e.what()}.find("/nonexistent-dir/raft.wal") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_log_replays_what_its_backend_lost_and_only_that) {
  test::temp_dir dir;
  auto path = dir.sub("raft.wal");
  backend::memory_backend disk;
  raft::ready first;
  first.entries = {entry(1, 1, "a"), entry(2, 1, "b")};
  raft::HardState hs;
  hs.set_term(1);
  hs.set_vote(7);
  hs.set_commit(2);
  first.hard_state = hs;
  first.must_sync = true;
  {
    write_ahead_log wal{path, small};
    store::persistent_log log{disk, &wal};
    BOOST_REQUIRE(log.write_ahead(first));
    auto txn = disk.begin_write();
    log.persist(*txn, first, true);
    txn->commit();
    log.committed(false);
    // The next ready reaches the WAL; its backend txn is lost (a crash took
    // the lazy commit).
    raft::ready second;
    second.entries = {entry(2, 2, "B"), entry(3, 2, "c")}; // replaces index 2
    hs.set_term(2);
    second.hard_state = hs;
    second.must_sync = true;
    BOOST_REQUIRE(log.write_ahead(second));
  }
  for (int reopen = 0; reopen < 2; ++reopen) { // the second reopen replays nothing
    write_ahead_log wal{path, small};
    store::persistent_log log{disk, &wal};
    BOOST_TEST(log.last_index() == 3u);
    BOOST_TEST(log.term(2).value() == 2u);
    BOOST_TEST(log.initial_state().hard_state.term() == 2u);
    BOOST_TEST(log.initial_state().hard_state.vote() == 7u);
    std::vector<raft::Entry> got;
    BOOST_REQUIRE(log.entries(1, 4, UINT64_MAX, got) == raft::storage_error::none);
    BOOST_TEST(got.at(1).data() == "B");
  }
}

BOOST_AUTO_TEST_CASE(readies_that_need_no_sync_or_carry_a_snapshot_are_not_written_ahead) {
  test::temp_dir dir;
  backend::memory_backend disk;
  write_ahead_log wal{dir.sub("raft.wal"), small};
  store::persistent_log log{disk, &wal};
  raft::ready commit_only;
  commit_only.hard_state = raft::HardState{};
  BOOST_TEST(!log.write_ahead(commit_only));
  raft::ready snap;
  snap.snapshot = raft::Snapshot{};
  snap.must_sync = true;
  BOOST_TEST(!log.write_ahead(snap));
  raft::ready huge;
  huge.entries = {entry(1, 1, std::string(small, 'x'))};
  huge.must_sync = true;
  BOOST_TEST(!log.write_ahead(huge)); // does not fit: the txn must be durable
  BOOST_TEST(wal.last_seq() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
