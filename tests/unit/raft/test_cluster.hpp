#pragma once

// A Raft cluster in one process for tests: each node is a raw_node over a
// memory_storage "disk" plus a tiny state machine (the list of applied
// payloads); a network queue carries messages and can partition, drop,
// duplicate and reorder them. Nodes follow the ready() rules of ready.hpp:
// persist, then send, then apply, then advance, all in one process_ready().

#include <deque>
#include <functional>
#include <ostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/store/raft/memory_storage.hpp"
#include "actors/store/raft/raw_node.hpp"

#include "invariant_checker.hpp"

namespace convoy::raft {

// Printing for Boost.Test's assertions (found by ADL).
inline std::ostream& operator<<(std::ostream& out, raft_errc x) {
  return out << to_string(x);
}

inline std::ostream& operator<<(std::ostream& out, role x) {
  return out << to_string(x);
}

inline std::ostream& operator<<(std::ostream& out, progress_state x) {
  return out << to_string(x);
}

} // namespace convoy::raft

namespace convoy::raft::testing {

struct node_options {
  int election_tick = 10;
  int heartbeat_tick = 1;
  bool pre_vote = true;
  bool check_quorum = true;
  uint64_t max_size_per_msg = 1024 * 1024;
  size_t max_inflight_msgs = 256;
  uint64_t max_uncommitted_entries_size = 0;
};

/// One replica: the durable part survives crash(), the rest does not.
struct test_node {
  uint64_t id = 0;
  // -- durable ("disk") ------------------------------------------------------
  memory_storage storage;
  // -- volatile (lost on crash) ------------------------------------------------
  std::unique_ptr<raw_node> rn; // null while crashed
  std::vector<std::string> state; // applied payloads, in order
  uint64_t applied = 0;
  ConfState conf;
  std::vector<read_state> reads;

  bool alive() const {
    return rn != nullptr;
  }
};

/// Snapshot data of the test state machine: its payload list.
std::string encode_state(const std::vector<std::string>& state);
std::vector<std::string> decode_state(const std::string& data);

/// "t2", "t2:foo", "t1:add(4)", "t1:remove(4)", "t1:learner(4)".
std::string render(const Entry& e);

class test_cluster {
public:
  explicit test_cluster(node_options opts = {}, uint64_t seed = 1);

  // -- membership of the test -------------------------------------------------

  /// Founding members 1..n, bootstrapped with themselves as voters.
  void add_nodes(size_t n);

  /// A replica with an empty storage (to be added by a conf change).
  test_node& add_empty_node(uint64_t id);

  /// A replica over a prepared storage (for hand-built logs).
  test_node& add_node_with_storage(uint64_t id, memory_storage storage);

  test_node& node(uint64_t id);
  const test_node& node(uint64_t id) const;
  std::vector<uint64_t> ids() const;
  bool has_node(uint64_t id) const;

  // -- inputs ---------------------------------------------------------------------

  raft_errc campaign(uint64_t id);
  raft_errc propose(uint64_t id, std::string data);
  raft_errc propose_conf_change(uint64_t id, ConfChangeType type, uint64_t node_id);
  raft_errc read_index(uint64_t id, std::string ctx);
  raft_errc transfer_leader(uint64_t from, uint64_t to);
  void tick(uint64_t id, int n = 1);
  void tick_all(int n = 1);

  // -- faults -------------------------------------------------------------------

  /// Cuts every link between different groups.
  void partition(const std::vector<std::vector<uint64_t>>& groups);
  void isolate(uint64_t id);
  void heal();
  bool link_cut(uint64_t from, uint64_t to) const;
  /// Loses everything not persisted (and queued messages stay in flight).
  void crash(uint64_t id);
  /// Rebuilds the node from its storage, state machine from the snapshot.
  void restart(uint64_t id);

  // -- application actions ------------------------------------------------------

  /// Snapshots node `id` at its applied index and discards entries <= index.
  void compact(uint64_t id, uint64_t index);

  // -- driving --------------------------------------------------------------------

  /// Handles one ready of `id` (persist, send, apply, advance); false if none.
  bool process_ready(uint64_t id);

  /// Delivers (or drops, if cut or crashed) in-flight message `i`.
  void deliver(size_t i);

  /// Delivers every message in flight now, in order; returns how many.
  size_t deliver_all();

  /// Readies and deliveries until nothing moves (no ticks).
  void stabilize(size_t max_rounds = 10000);

  std::deque<Message>& in_flight() {
    return in_flight_;
  }

  // -- queries --------------------------------------------------------------------

  /// The live leader with the highest term, or none.
  uint64_t leader() const;
  invariant_checker& checker() {
    return checker_;
  }
  const invariant_checker& checker() const {
    return checker_;
  }

  /// Called with a one-line description of each event (tracing).
  std::function<void(const std::string&)> trace;

private:
  config make_config(uint64_t id, uint64_t applied) const;
  void load_snapshot(test_node& n, const Snapshot& snap);
  void apply(test_node& n, const Entry& e);
  void note(const std::string& what);

  node_options opts_;
  uint64_t seed_;
  std::map<uint64_t, std::unique_ptr<test_node>> nodes_;
  std::deque<Message> in_flight_;
  std::set<std::pair<uint64_t, uint64_t>> cut_;
  invariant_checker checker_;
};

} // namespace convoy::raft::testing
