#pragma once

#include <deque>

#include "actors/store/raft/log_storage.hpp"

namespace convoy::raft {

/// log_storage kept in memory: what tests use as the "disk" of a replica, and
/// what a durable implementation can use as a cache of its recent tail.
///
/// Writers call apply_snapshot / append / set_hard_state with what ready()
/// handed out (in that order), then advance(). compact / create_snapshot are
/// the application's log-compaction tools.
class memory_storage : public log_storage {
public:
  /// An empty log. `initial` is the membership of the (empty) snapshot at
  /// index 0: a cluster can start from it instead of raw_node::bootstrap(), as
  /// long as replicas added later are given the same starting membership.
  explicit memory_storage(ConfState initial = {});

  // -- log_storage ------------------------------------------------------------

  raft::initial_state initial_state() const override;
  storage_error entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                        std::vector<Entry>& out) const override;
  storage_result<uint64_t> term(uint64_t i) const override;
  uint64_t first_index() const override;
  uint64_t last_index() const override;
  storage_result<Snapshot> snapshot() const override;

  // -- writing ----------------------------------------------------------------

  void set_hard_state(const HardState& hs);

  /// Appends entries, replacing any existing entries at the same or higher
  /// indexes (a follower's log conflict resolved by the leader). Entries at or
  /// below the compacted prefix are skipped. Requires no gap after last_index().
  void append(std::vector<Entry> entries);

  /// Replaces the whole log with `snap` (a follower installing the leader's
  /// snapshot). Returns snapshot_out_of_date if it is not newer than ours.
  storage_error apply_snapshot(Snapshot snap);

  /// Records a snapshot of the application state as of applied index `i`
  /// (which must be <= last_index()); `cs` is the membership at `i`. Does not
  /// discard entries: call compact() for that. snapshot_out_of_date if `i` is
  /// not newer than the current snapshot.
  storage_result<Snapshot> create_snapshot(uint64_t i, const ConfState& cs, std::string data);

  /// Discards entries up to and including `compact_index` (which must be
  /// covered by a snapshot the application keeps, and <= last_index()).
  /// Returns compacted if they are already gone.
  storage_error compact(uint64_t compact_index);

  const HardState& hard_state() const noexcept {
    return hard_state_;
  }

private:
  /// Index and term of ents_[0], a dummy standing for the snapshot position.
  uint64_t offset() const {
    return ents_.front().index();
  }

  HardState hard_state_;
  Snapshot snapshot_;
  /// ents_[i] has index offset() + i; ents_[0] is the dummy (never empty).
  std::deque<Entry> ents_;
};

} // namespace convoy::raft
