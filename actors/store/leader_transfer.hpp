#pragma once

// MoveLeader (etcd's Maintenance.MoveLeader) without actors: which member a
// request hands leadership to, and when a pending transfer is settled. Pure
// over the leader's replication progress and the observed leader/time, so
// it is table-tested without a cluster.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "actors/store/raft/progress.hpp"

namespace convoy::store {

/// What a MoveLeader{targetID} request resolves to.
struct transfer_plan {
  enum class verdict {
    /// Start a transfer to `target`.
    transfer,
    /// `target` already leads (moving to self): answer at once, like etcd,
    /// whose MoveLeader returns as soon as the leader equals the transferee.
    already_leader,
    /// This replica does not lead: forward to `target` (the leader it knows,
    /// 0 = none known).
    not_leader,
    /// Bad request: `error` names targetID and why.
    invalid,
  };
  verdict what = verdict::invalid;
  uint64_t target = 0;
  std::string error;
};

/// Resolves `requested` (0 = the voting follower with the highest match
/// index; ties go to a recently active one, then to the lowest id, so the
/// choice is deterministic) on the leader `self`, given the leader's
/// progress of every member. Learners and ids without progress (not
/// members) are invalid targets.
transfer_plan plan_transfer(uint64_t requested, uint64_t self,
                            const std::map<uint64_t, raft::progress>& progress);

/// A MoveLeader the leader started and has not answered yet.
struct pending_transfer {
  using time_point = std::chrono::nanoseconds;
  uint64_t target = 0;
  /// The replica that led when the transfer started (the one answering).
  uint64_t old_leader = 0;
  /// Answer with a timeout error once this passes without a new leader.
  time_point deadline{0};
};

/// How a pending transfer stands after a processing step.
enum class transfer_outcome {
  /// No new leader yet and time is left: keep waiting.
  waiting,
  /// Someone other than the old leader leads now (maybe not the target:
  /// the caller reports who).
  moved,
  /// The deadline passed without a new leader.
  timed_out,
};

/// Judges `p` given the leader this replica sees now (0 = none) at `now`.
/// A new leader wins over an expired deadline: the answer says what happened.
transfer_outcome settle(const pending_transfer& p, uint64_t leader_now,
                        pending_transfer::time_point now);

/// Two election timeouts: the Raft core abandons a transfer after one, the
/// second leaves room for the election the transferee started to finish.
std::chrono::nanoseconds transfer_bound(int election_tick, std::chrono::nanoseconds tick);

} // namespace convoy::store
