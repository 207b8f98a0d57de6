#pragma once

// The Wing–Gong / Lowe linearizability search (as in porcupine and
// Knossos' "wgl"), independent of any model: states are small integer ids
// handed out by a step_oracle (checker.hpp interns the model's states).

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "linearizability/configuration_cache.hpp"
#include "linearizability/history.hpp"

namespace convoy::checkers {

/// One operation as the search sees it: its interval only.
struct search_op {
  time_ns call = 0;

  /// Ignored unless `returned`.
  time_ns ret = 0;

  /// False: outcome unknown. The operation may be linearized anywhere after
  /// `call` or left out entirely; the search never waits for it.
  bool returned = true;
};

/// The model, seen through interned states.
class step_oracle {
public:
  virtual ~step_oracle() = default;

  virtual uint32_t initial_state() = 0;

  /// The state after linearizing operation `op` in `state` with the output it
  /// returned (for a pending operation: with the effect it would have had),
  /// or nothing if that output is impossible in `state`. Equal states must
  /// get equal ids: the search memoizes on them.
  virtual std::optional<uint32_t> step(uint32_t state, uint32_t op) = 0;

  // -- optional pruning by a monotone counter --------------------------------

  /// True if progress() and progress_limit() mean something.
  virtual bool has_progress() const {
    return false;
  }

  /// A measure of `state` that no step ever decreases (etcd's revision).
  virtual int64_t progress(uint32_t /*state*/) {
    return 0;
  }

  /// Operation `op` fits no state whose progress exceeds this (a write that
  /// reported revision r needs a store revision below r). A configuration
  /// whose progress exceeds the limit of an operation still to be linearized
  /// is a dead end and is pruned at once; without this, operations that never
  /// returned could be stacked in every order at every dead end.
  virtual int64_t progress_limit(uint32_t /*op*/) {
    return std::numeric_limits<int64_t>::max();
  }
};

enum class search_status { linearizable, not_linearizable, gave_up };

/// When to give up. Steps are deterministic (the same history gives up at the
/// same point on every machine); `expired` adds a wall-clock bound.
struct search_budget {
  /// Attempts to linearize an operation; 0 = unlimited.
  uint64_t max_steps = 0;

  /// Polled every 1024 steps; true ends the search. May be empty.
  std::function<bool()> expired;
};

struct search_result {
  search_status status = search_status::gave_up;

  /// The longest sequence of operations the search managed to linearize, in
  /// linearization order (the whole linearization on success).
  std::vector<uint32_t> longest_prefix;

  uint64_t steps = 0;

  /// Distinct (linearized set, state) configurations visited.
  uint64_t configurations = 0;
};

/// Depth-first search over the call/return entries sorted by time: at each
/// point try to linearize one of the operations invoked before the earliest
/// outstanding return; backtrack when that return is reached with its
/// operation not linearized. A cache of (linearized-set, state)
/// configurations already explored prunes the search (Lowe's improvement,
/// see configuration_cache), which makes histories of thousands of
/// operations with ~10 concurrent clients a matter of milliseconds.
///
/// Pending operations (no return) are kept apart from the entry list: they
/// are never required (success means every returned operation is
/// linearized), they are tried only after every returned candidate, latest
/// invocation first (an operation whose client crashed usually took effect
/// soon after it was sent, or never), only where they change the state
/// (placing one where it changes nothing can only remove options), and not
/// right after another pending operation whose effect they overwrite (the
/// configuration without that one covers it). A pending
/// operation that never took effect stays a candidate to the end: when
/// nothing (a reported revision, a read) rules its effect out, many such
/// operations open at once make the search expensive.
///
/// Ties: an operation invoked at the same time another one returns counts as
/// concurrent with it (calls sort before returns).
class wgl_search {
public:
  wgl_search(const std::vector<search_op>& ops, step_oracle& oracle);

  search_result run(const search_budget& budget);

private:
  // -- the entry list of returned operations (dancing links; entry 0 is the
  //    head sentinel) and the pending calls ---------------------------------

  void build_entries(const std::vector<search_op>& ops);
  void lift(int32_t call_entry);
  void unlift(int32_t call_entry);

  /// Index of the latest pending call at or before `time`, or -1.
  int32_t last_pending_until(time_ns time) const;

  // -- one step --------------------------------------------------------------

  /// The state after linearizing `op` in `state` if that reaches a new
  /// configuration (the op is then marked linearized), else nothing.
  std::optional<uint32_t> try_step(uint32_t state, uint32_t op, bool pending);
  void toggle(uint32_t op, bool pending);

  /// Makes the linearization of `op` (already lifted or marked placed) the
  /// latest choice and restarts the scan from the head.
  void push(uint32_t op, int32_t call_entry, int32_t pending_index, uint32_t next_state);

  /// Undoes the latest choice and moves on to the next candidate after it;
  /// false if there is none to undo (not linearizable).
  bool backtrack();

  // -- the pruning bound: min progress_limit of the returned operations not
  //    linearized, in a segment tree over operations ------------------------

  void set_limit(uint32_t op, int64_t limit);
  int64_t lowest_limit() const {
    return limits_.empty() ? std::numeric_limits<int64_t>::max() : limits_[1];
  }

  // -- bookkeeping of the longest prefix ------------------------------------

  void note_depth();
  search_result finish(search_status status, uint64_t steps);

  struct entry {
    uint32_t op = 0;
    bool is_call = false;
    time_ns time = 0;
    int32_t match = -1; // call entry: its return entry
    int32_t prev = -1;
    int32_t next = -1;
  };

  struct pending_call {
    time_ns call;
    uint32_t op;
  };

  struct frame {
    uint32_t op;
    int32_t call_entry; // -1: a pending operation
    int32_t pending_index;
    uint32_t state_before;
  };

  /// Where the search stands.
  struct position {
    uint32_t state = 0;
    /// Returned operations not yet linearized.
    uint32_t remaining = 0;
    /// While !in_pending: the entry being scanned (-1: end of the list).
    int32_t cur = -1;
    /// While in_pending: the index into pending_ being tried, walking down
    /// to earlier calls (-1: none left).
    int32_t pending_cur = -1;
    bool in_pending = false;
  };

  step_oracle& oracle_;
  position at_;
  std::vector<entry> entries_;
  uint32_t returned_ops_ = 0;

  // Pending calls by call time; `placed` marks those on the current path.
  std::vector<pending_call> pending_;
  std::vector<bool> placed_;

  // Bit of each operation in the cache's returned or pending set.
  std::vector<uint32_t> bit_of_;
  configuration_cache cache_;

  bool pruning_ = false;
  size_t leaves_ = 0;
  std::vector<int64_t> op_limits_;
  std::vector<int64_t> limits_;

  std::vector<frame> stack_;
  std::vector<uint32_t> longest_;
  size_t low_water_ = 0; // stack_ below this depth still equals longest_
};

} // namespace convoy::checkers
