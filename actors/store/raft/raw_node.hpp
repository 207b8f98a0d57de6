#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/store/raft/config.hpp"
#include "actors/store/raft/log_storage.hpp"
#include "actors/store/raft/ready.hpp"

namespace convoy::raft {

class raft_core;

/// The API of one Raft replica (etcd-io/raft's RawNode). Single-threaded and
/// deterministic: no clock (tick() is time), no I/O (ready() says what to
/// write and send), no randomness beyond config::seed.
///
/// The driving loop (the store-replica actor):
///   on timer:    tick()
///   on message:  step(msg)
///   on request:  propose(data) / read_index(ctx) / ...
///   then, while has_ready():
///     auto rd = ready();
///     persist rd.snapshot, rd.entries, rd.hard_state   (durable first!)
///     send rd.messages
///     apply rd.committed_entries (conf changes via apply_conf_change)
///     advance(rd);
/// See `ready` for the exact ordering rules.
class raw_node {
public:
  /// Restores the replica from `storage` (hard state, membership, log).
  /// `storage` must outlive the node; the node only reads it. Throws
  /// std::invalid_argument naming the field if `cfg` is invalid.
  raw_node(const config& cfg, const log_storage& storage);

  ~raw_node();

  raw_node(raw_node&&) noexcept;
  raw_node& operator=(raw_node&&) noexcept;

  /// First start of a founding member of a new cluster with an empty
  /// storage: appends one committed add-node entry per voter (identical on
  /// every founder, whatever the order of `voters`), so the membership
  /// history is in the log and replicas added later learn it by replication.
  /// The first ready persists and applies them. A replica joining an existing
  /// cluster does not bootstrap: it starts empty and the leader sends it the
  /// log (or a snapshot) once its addition is committed.
  raft_errc bootstrap(const std::vector<uint64_t>& voters);

  /// One unit of logical time: drives election timeouts and heartbeats.
  void tick();

  /// Starts an election now (pre-vote first if configured).
  raft_errc campaign();

  /// Proposes an application command for the log. ok means "appended or
  /// forwarded", not "committed": watch committed_entries for it.
  raft_errc propose(std::string data);

  /// Proposes a membership change; applied (by the application calling
  /// apply_conf_change) once committed. Only one may be pending at a time.
  raft_errc propose_conf_change(const ConfChange& cc);

  /// Applies a committed conf-change entry to the membership; returns the
  /// new membership, which the application persists with its applied index.
  ConfState apply_conf_change(const ConfChange& cc);

  /// Feeds a message received from a peer.
  raft_errc step(Message m);

  /// Requests a linearizable read. `ctx` must be non-empty and unique among
  /// pending reads; the answer arrives as a read_state in a later ready.
  raft_errc read_index(std::string ctx);

  /// Asks the leader to hand leadership to `transferee` (forwarded to the
  /// leader from a follower). The leader first catches the transferee up,
  /// then tells it to campaign; proposals are dropped meanwhile. Abandoned
  /// after an election timeout.
  raft_errc transfer_leadership(uint64_t transferee);

  /// The transport could not deliver to `id`: the leader stops pipelining
  /// to it and probes again.
  void report_unreachable(uint64_t id);

  /// Outcome of sending a MSG_SNAP to `id` (failed: it was lost or timed
  /// out). Required for every MSG_SNAP: until then the leader sends that
  /// follower nothing else.
  void report_snapshot(uint64_t id, bool failed);

  /// Whether ready() has anything to do.
  bool has_ready() const;

  /// Collects what must be persisted, sent and applied since the last call.
  /// Call advance() with it before the next ready().
  raft::ready ready();

  /// The application finished with `rd` (persisted, sent, applied).
  void advance(const raft::ready& rd);

  raft::basic_status basic_status() const;

  /// basic_status plus membership and, on the leader, every progress.
  raft::status status() const;

  /// The protocol state machine, for tests and diagnostics.
  const raft_core& core() const {
    return *raft_;
  }

private:
  std::unique_ptr<raft_core> raft_;
  soft_state prev_soft_;
  HardState prev_hard_;
};

} // namespace convoy::raft
