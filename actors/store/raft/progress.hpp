#pragma once

#include <cstdint>
#include <string>

#include "actors/store/raft/inflights.hpp"

namespace convoy::raft {

/// How the leader currently replicates to one follower.
enum class progress_state {
  /// Unknown how far the follower's log matches: send one MsgApp at a time
  /// and wait for its answer (backtracking on rejects).
  probe,
  /// Matching point known: pipeline MsgApp up to the inflights window.
  replicate,
  /// A snapshot is on its way; send nothing until it is reported.
  snapshot,
};

const char* to_string(progress_state x);

/// The leader's knowledge of one follower's log (Raft paper's nextIndex and
/// matchIndex, plus flow control). A plain record the leader mutates.
struct progress {
  progress(uint64_t next, size_t max_inflight, bool is_learner);

  /// Highest index known to be replicated on the follower.
  uint64_t match = 0;
  /// Next index to send.
  uint64_t next = 1;
  progress_state state = progress_state::probe;
  /// Index of the snapshot in flight (state snapshot).
  uint64_t pending_snapshot = 0;
  /// Heard from since the last check-quorum round.
  bool recent_active = false;
  /// In probe state: a probe is outstanding, wait for its answer (or a
  /// heartbeat response) before sending the next.
  bool probe_sent = false;
  bool is_learner = false;
  inflights flight;

  void become_probe();
  void become_replicate();
  void become_snapshot(uint64_t snapshot_index);

  /// The follower acknowledged entries up to n; false if that is old news.
  bool maybe_update(uint64_t n);

  /// Replicate state: assume entries up to n will arrive.
  void optimistic_update(uint64_t n) {
    next = n + 1;
  }

  /// The follower rejected a MsgApp at `rejected`; `match_hint` is where its
  /// log may match. False for a stale rejection.
  bool maybe_decr_to(uint64_t rejected, uint64_t match_hint);

  /// Whether the leader must hold back MsgApp to this follower.
  bool is_paused() const;

  std::string to_string() const;

private:
  void reset_state(progress_state s);
};

} // namespace convoy::raft
