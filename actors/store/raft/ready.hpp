#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/store/raft/progress.hpp"
#include "actors/store/raft/util.hpp"

namespace convoy::raft {

/// Volatile state: who leads, and this replica's role. Never persisted.
struct soft_state {
  uint64_t lead = none;
  role state = role::follower;

  friend bool operator==(const soft_state& x, const soft_state& y) {
    return x.lead == y.lead && x.state == y.state;
  }

  friend bool operator!=(const soft_state& x, const soft_state& y) {
    return !(x == y);
  }
};

/// The answer to raw_node::read_index(context): the read is linearizable once
/// this replica has applied at least `index`; serve it then (from local state).
struct read_state {
  uint64_t index = 0;
  std::string request_ctx;
};

/// Everything the core wants done after the last step()/tick(): write to
/// disk, send, apply. Obtained with raw_node::ready(), handed back with
/// raw_node::advance() once done.
///
/// I/O ORDERING RULES (what makes the core's decisions safe after a crash):
///  1. Persist first: `snapshot`, then `entries`, then `hard_state` must be
///     durable (fsync'd when `must_sync`) BEFORE any of `messages` is sent.
///     Ideally in one atomic write; at least in that order. A vote or an
///     append acknowledgement sent before its state is durable could be
///     forgotten by a crash, letting a replica vote twice in a term or a
///     leader count an entry as replicated that is lost: committed entries
///     could then disappear.
///  2. Exception (Raft thesis 10.2.1, as etcd documents): a replica that is
///     leader after this ready (`soft` says leader, or it was and nothing says
///     otherwise) and whose ready carries no term or vote change may send its
///     messages while its own `entries` are still being written. It must
///     still finish that write before advance() and before applying.
///  3. Apply `committed_entries` only after the write of rule 1 (they may
///     include entries of this very ready), in order, exactly once per index
///     across restarts (config::applied tells the core where to resume).
///  4. Then call raw_node::advance(ready). Do not call step()/tick() between
///     ready() and advance() unless the write of rule 1 is already done.
struct ready {
  /// New leader/role, if they changed. Informational; not persisted.
  std::optional<soft_state> soft;

  /// Term/vote/commit to persist, if they changed (before sending messages).
  std::optional<HardState> hard_state;

  /// Answers to read_index() requests, in order.
  std::vector<read_state> read_states;

  /// Entries to append to stable storage BEFORE messages are sent. An entry at
  /// index i replaces any stored entries at i and above.
  std::vector<Entry> entries;

  /// A snapshot received from the leader, to persist (replacing the log up to
  /// its index) and to load into the state machine before applying anything.
  std::optional<Snapshot> snapshot;

  /// Entries known committed, to apply to the state machine AFTER the writes
  /// above. Conf-change entries must be passed to apply_conf_change().
  std::vector<Entry> committed_entries;

  /// Messages to send AFTER entries, hard state and snapshot are durable
  /// (rule 1/2). For each MSG_SNAP, report the outcome with report_snapshot();
  /// for peers that cannot be reached, report_unreachable().
  std::vector<Message> messages;

  /// Whether the writes need fsync: entries, or a term/vote change. A commit
  /// index change alone may be written lazily.
  bool must_sync = false;

  bool empty() const {
    return !soft && !hard_state && read_states.empty() && entries.empty() && !snapshot
           && committed_entries.empty() && messages.empty();
  }
};

/// A cheap snapshot of a replica's state for monitoring and tests.
struct basic_status {
  uint64_t id = none;
  HardState hard_state;
  soft_state soft;
  uint64_t applied = 0;
  uint64_t lead_transferee = none;
};

/// basic_status plus membership and (on the leader) the replication progress
/// of every member.
struct status : basic_status {
  ConfState conf_state;
  std::map<uint64_t, progress> progress_by_id;
};

} // namespace convoy::raft
