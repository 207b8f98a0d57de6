#pragma once

// An in-process cluster of store replica engines for unit tests: every
// replica has its own memory_backend (its "disk", which survives a crash),
// Raft messages travel through a test-controlled network (deliver, drop,
// partition, hold, reorder with a seeded generator) and time is a virtual
// counter. No actors, no sockets, no sleeps.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/store/replica_engine.hpp"
#include "persistence/backend/memory_backend.hpp"
#include "temp_dir.hpp"

namespace convoy::store::testing {

/// How a test cluster is built.
struct cluster_options {
  size_t size = 3;
  uint64_t seed = 1;
  int election_tick = 10;
  int heartbeat_tick = 1;
  uint64_t snapshot_every = 10000;
  uint64_t catch_up_entries = 5000;
  /// Virtual time that passes per tick.
  std::chrono::nanoseconds tick_interval = std::chrono::milliseconds{100};
  backend::memory_backend_options disk;
  /// Every replica also writes ahead into a real file (NAME.wal in a temp
  /// dir, reopened on restart), so its backend commits lazily.
  bool write_ahead = false;
};

/// Options for `size` replicas that write ahead.
inline cluster_options written_ahead(size_t size) {
  cluster_options o;
  o.size = size;
  o.write_ahead = true;
  return o;
}

/// One replica slot: its disk survives engine crashes.
struct replica_slot {
  member self;
  std::unique_ptr<backend::memory_backend> disk;
  std::unique_ptr<write_ahead_log> wal;   // with cluster_options::wal_dir
  std::unique_ptr<replica_engine> engine; // null: down
  engine_config cfg;
  uint64_t incarnation = 0;
  /// Per-incarnation outputs (read tickets restart with the engine).
  std::set<uint64_t> reads_ready;
  std::set<uint64_t> reads_failed;
  std::map<watch_hub::subscriber, std::vector<WatchResponse>> watch_responses;
};

class engine_cluster {
public:
  using time_point = replica_engine::time_point;

  explicit engine_cluster(cluster_options opts);

  // -- replicas -------------------------------------------------------------------

  size_t size() const {
    return slots_.size();
  }
  replica_slot& slot(size_t i) {
    return slots_.at(i);
  }
  replica_engine& engine(size_t i);
  bool up(size_t i) const {
    return slots_.at(i).engine != nullptr;
  }
  uint64_t id_of(size_t i) const {
    return slots_.at(i).self.id;
  }
  /// The slot index of Raft id `id` (throws for an unknown id).
  size_t index_of(uint64_t id) const;

  /// Destroys replica i's engine (its disk keeps what was committed).
  void crash(size_t i);
  /// Rebuilds replica i's engine from its disk.
  void restart(size_t i);
  /// Replaces replica i's disk with an empty one and starts it with
  /// join_existing = true (a wiped disk).
  void wipe_and_rejoin(size_t i);
  /// Adds a slot for a new replica (not started); returns its index.
  size_t add_slot(const std::string& name);
  /// Starts slot i as a replica joining an existing cluster, knowing
  /// `known` (its initial_cluster: the current members).
  void start_joining(size_t i, const std::vector<member>& known);

  // -- network --------------------------------------------------------------------

  /// Cuts every link between different groups (slot indexes).
  void partition(const std::vector<std::vector<size_t>>& groups);
  void isolate(size_t i);
  void heal();
  bool linked(size_t from, size_t to) const;
  void set_drop_rate(double p) {
    drop_rate_ = p;
  }
  void set_reorder(bool on) {
    reorder_ = on;
  }
  /// Delivers each message a second time with probability p.
  void set_duplicate_rate(double p) {
    duplicate_rate_ = p;
  }
  /// Messages for which `hold` answers true are parked instead of
  /// delivered (release them with release_held()).
  void set_hold(std::function<bool(const raft::Message&)> hold) {
    hold_ = std::move(hold);
  }
  void release_held();
  std::vector<raft::Message>& held() {
    return held_;
  }
  /// Messages of each type delivered so far.
  const std::map<int, uint64_t>& delivered() const {
    return delivered_;
  }

  // -- driving --------------------------------------------------------------------

  time_point now() const {
    return now_;
  }
  /// Runs process() on every live replica and delivers messages until
  /// nothing moves (bounded).
  void stabilize();
  /// Processes replica i once and routes its output.
  void process(size_t i);
  /// Advances time by one tick on every live replica, then stabilizes.
  void tick();
  void ticks(int n);
  /// Ticks until `pred` holds; false after `max_ticks`.
  bool run_until(const std::function<bool()>& pred, int max_ticks = 500);

  /// The live leader with the highest term, if any.
  std::optional<size_t> leader() const;
  /// Ticks until a leader exists that every live, connected replica knows.
  size_t wait_for_leader(int max_ticks = 500);

  // -- client helpers --------------------------------------------------------------

  /// Proposes on replica i; returns the request id, or nothing.
  std::optional<uint64_t> propose(size_t i, StoreCommand cmd);
  /// Proposes on the leader and runs until the result arrives; nothing if
  /// it was abandoned or did not arrive in `max_ticks`.
  std::optional<mvcc::apply_result> write(StoreCommand cmd, int max_ticks = 300);
  std::optional<mvcc::apply_result> put(const std::string& key, const std::string& value,
                                        int64_t lease = 0);
  std::optional<mvcc::apply_result> del(const std::string& key);
  /// The value of `key` on replica i (serializable), nothing if absent.
  std::optional<KeyValue> get(size_t i, const std::string& key);
  /// Runs a membership change on the leader to completion.
  bool change_member(const member& m, bool add, int max_ticks = 300);

  /// Results of applied commands proposed anywhere, by request id.
  std::map<uint64_t, mvcc::apply_result>& results() {
    return results_;
  }
  std::set<uint64_t>& abandoned() {
    return abandoned_;
  }
  std::set<uint64_t>& member_changes_done() {
    return member_changes_done_;
  }
  /// Output of every process() call, for tests that inspect it directly.
  void set_output_observer(std::function<void(size_t, const engine_output&)> fn) {
    observer_ = std::move(fn);
  }

  // -- state checks -----------------------------------------------------------------

  /// key_space().hash() of replica i: (hash, revision).
  std::pair<uint32_t, int64_t> hash(size_t i);
  /// Empty if every live replica has the same applied revision and hash,
  /// else a description of the difference.
  std::string divergence();

  std::mt19937_64& rng() {
    return rng_;
  }
  const cluster_options& options() const {
    return opts_;
  }

private:
  engine_config make_config(size_t i) const;
  void start(size_t i);
  std::string wal_path(size_t i) const;
  std::unique_ptr<test::temp_dir> wal_dir_; // with write_ahead
  void route(size_t from, engine_output& out);
  bool deliver_pending();

  cluster_options opts_;
  std::vector<replica_slot> slots_;
  std::vector<member> founders_;
  std::deque<raft::Message> in_flight_;
  std::vector<raft::Message> held_;
  std::set<std::pair<size_t, size_t>> cut_;
  double drop_rate_ = 0;
  double duplicate_rate_ = 0;
  bool reorder_ = false;
  std::function<bool(const raft::Message&)> hold_;
  std::function<void(size_t, const engine_output&)> observer_;
  std::map<int, uint64_t> delivered_;
  std::mt19937_64 rng_;
  time_point now_{std::chrono::seconds{1000}};
  std::map<uint64_t, mvcc::apply_result> results_;
  std::set<uint64_t> abandoned_;
  std::set<uint64_t> member_changes_done_;
  uint64_t next_nonce_ = 1;
};

/// Builders for commands.
StoreCommand put_cmd(const std::string& key, const std::string& value, int64_t lease = 0);
StoreCommand del_cmd(const std::string& key, const std::string& range_end = "");
/// Txn: if key's mod_revision == expected_mod then put(key, value).
StoreCommand cas_cmd(const std::string& key, int64_t expected_mod, const std::string& value);
StoreCommand grant_cmd(int64_t ttl_seconds, int64_t id = 0);
StoreCommand compact_cmd(int64_t revision);

/// The seed for randomized tests: CONVOY_SEED if set, else `fallback`.
uint64_t test_seed(uint64_t fallback);

} // namespace convoy::store::testing
