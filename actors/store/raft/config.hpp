#pragma once

#include <cstdint>
#include <string>

namespace convoy::raft {

/// Parameters of one Raft replica. Times are in ticks: the application decides
/// how long a tick is (raw_node::tick() is the only notion of time).
struct config {
  /// This replica's id; never 0 (0 means "none").
  uint64_t id = 0;

  /// Followers that hear nothing from a leader for a randomized timeout in
  /// [election_tick, 2 * election_tick) start an election. Must exceed
  /// heartbeat_tick; etcd recommends 10 * heartbeat_tick.
  int election_tick = 10;

  /// A leader sends heartbeats every heartbeat_tick ticks.
  int heartbeat_tick = 1;

  /// Applied index the application restored its state to (0 on a fresh
  /// start; a restarted replica passes the index of its snapshot or of its
  /// last durable apply). Committed entries above it are delivered again.
  uint64_t applied = 0;

  /// Upper bound on the entries bytes of one MsgApp (at least one entry is
  /// always sent). Small: faster recovery of a lagging follower's probe;
  /// large: fewer messages during normal replication.
  uint64_t max_size_per_msg = 1024 * 1024;

  /// Upper bound on the committed-entries bytes of one ready (at least one).
  uint64_t max_committed_size_per_ready = 16 * 1024 * 1024;

  /// Upper bound on the payload bytes appended by the leader but not yet
  /// committed; further proposals are dropped. 0 = unlimited.
  uint64_t max_uncommitted_entries_size = 0;

  /// How many MsgApp a leader pipelines to one follower in replicate state
  /// without waiting for acknowledgements.
  size_t max_inflight_msgs = 256;

  /// Run a pre-vote round (would you vote for me?) before incrementing the
  /// term, so a replica that was partitioned away cannot force an election
  /// with its inflated term when it rejoins (Raft thesis 9.6).
  bool pre_vote = true;

  /// A leader steps down when it has not heard from a quorum within an
  /// election timeout, and followers that recently heard from a leader ignore
  /// vote requests (leader lease; Raft thesis 6.2 and 4.2.3).
  bool check_quorum = true;

  /// Followers drop proposals instead of forwarding them to the leader.
  bool disable_proposal_forwarding = false;

  /// Seed of this replica's election-jitter generator (mixed with `id`, so a
  /// cluster may share one seed). The only randomness in the core.
  uint64_t seed = 0;

  /// Empty if the config is usable, otherwise names the offending field.
  std::string validate() const;
};

} // namespace convoy::raft
