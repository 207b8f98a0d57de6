#pragma once

#include "actors/store/raft/log_storage.hpp"
#include "actors/store/raft/unstable_log.hpp"

namespace convoy::raft {

/// A replica's view of the whole log: the durable part (log_storage) followed
/// by the unstable tail, plus the commit and applied indexes.
///
/// Invariant: applied <= committed <= last_index(), and entries up to
/// `committed` never change (Raft's state machine safety rests on this).
class raft_log {
public:
  raft_log(const log_storage& storage, uint64_t max_committed_size_per_ready);

  uint64_t first_index() const;
  uint64_t last_index() const;
  uint64_t last_term() const;

  /// Term of entry i; compacted below first_index() - 1, unavailable past
  /// last_index().
  storage_result<uint64_t> term(uint64_t i) const;

  /// Term of i, or 0 when it is compacted or unavailable (for comparisons
  /// where an unknown term must simply not match).
  uint64_t term_or_zero(uint64_t i) const;

  bool match_term(uint64_t i, uint64_t t) const;

  /// Would a candidate whose log ends at (last_index, last_term) be at least
  /// as up to date as ours? (Raft paper 5.4.1)
  bool is_up_to_date(uint64_t last_index, uint64_t last_term) const;

  /// The follower side of AppendEntries: if our entry at `index` has
  /// `log_term`, append `ents` (truncating a conflicting suffix) and commit up
  /// to min(committed, last new index). Returns the last new index, or
  /// nullopt when the consistency check fails.
  std::optional<uint64_t> maybe_append(uint64_t index, uint64_t log_term, uint64_t committed,
                                       std::vector<Entry> ents);

  /// Appends entries after a possibly truncated suffix; returns last_index().
  uint64_t append(std::vector<Entry> ents);

  /// Index of the first entry of `ents` whose term differs from ours (or that
  /// we lack), 0 if all match.
  uint64_t find_conflict(const std::vector<Entry>& ents) const;

  /// The largest index <= `index` whose term is <= `term` (the fast log
  /// backtracking hint of a rejected MsgApp).
  uint64_t find_conflict_by_term(uint64_t index, uint64_t term) const;

  /// Entries [lo, hi) of at most max_bytes (at least one); compacted if lo is
  /// below first_index().
  storage_error slice(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                      std::vector<Entry>& out) const;

  /// Entries from i to the end, limited to max_bytes.
  storage_error entries_from(uint64_t i, uint64_t max_bytes, std::vector<Entry>& out) const;

  /// Commits up to max_index if the entry there is from `term`: a leader
  /// commits only entries of its own term by counting replicas (paper 5.4.2).
  bool maybe_commit(uint64_t max_index, uint64_t term);

  void commit_to(uint64_t to_commit);
  void applied_to(uint64_t i);
  void stable_to(uint64_t i, uint64_t t);
  void stable_snap_to(uint64_t i);

  /// Replaces the log with a snapshot received from the leader.
  void restore(Snapshot snap);

  /// Committed entries not yet applied (bounded per ready).
  bool has_next_committed() const;
  std::vector<Entry> next_committed() const;

  /// Entries the application has yet to persist.
  const std::deque<Entry>& unstable_entries() const {
    return unstable_.entries();
  }

  const std::optional<Snapshot>& pending_snapshot() const {
    return unstable_.snapshot();
  }

  /// The snapshot to send to a lagging follower: a pending (just received)
  /// one, or the storage's.
  storage_result<Snapshot> snapshot() const;

  uint64_t committed() const noexcept {
    return committed_;
  }

  uint64_t applied() const noexcept {
    return applied_;
  }

private:
  const log_storage* storage_;
  unstable_log unstable_;
  uint64_t committed_;
  uint64_t applied_;
  uint64_t max_committed_size_per_ready_;
};

} // namespace convoy::raft
