#pragma once

#include <deque>
#include <optional>

#include "actors/store/raft/util.hpp"

namespace convoy::raft {

/// The tail of the log (and possibly a snapshot) that the core accepted but the
/// application has not yet made durable. ready() hands it out; advance() drops
/// what the application confirmed. Entry i lives at entries_[i - offset_].
class unstable_log {
public:
  /// First index of a pending snapshot's successor, if a snapshot is pending.
  std::optional<uint64_t> maybe_first_index() const;

  /// Last index held here (an entry, or else the pending snapshot's index).
  std::optional<uint64_t> maybe_last_index() const;

  /// Term of entry i if held here (the snapshot answers for its own index).
  std::optional<uint64_t> maybe_term(uint64_t i) const;

  /// The application persisted entries up to i with term t. Ignored if the
  /// entry at i was replaced in the meantime (its term differs).
  void stable_to(uint64_t i, uint64_t t);

  /// The application persisted the pending snapshot with index i.
  void stable_snap_to(uint64_t i);

  /// Replaces everything with a snapshot received from the leader.
  void restore(Snapshot snap);

  /// Appends entries, first dropping any held entries at or after their first
  /// index (a conflicting suffix).
  void truncate_and_append(std::vector<Entry> ents);

  /// Copies entries [lo, hi) to `out`; requires offset_ <= lo <= hi <= last+1.
  void slice(uint64_t lo, uint64_t hi, std::vector<Entry>& out) const;

  const std::deque<Entry>& entries() const noexcept {
    return entries_;
  }

  const std::optional<Snapshot>& snapshot() const noexcept {
    return snapshot_;
  }

  uint64_t offset() const noexcept {
    return offset_;
  }

  void set_offset(uint64_t x) noexcept {
    offset_ = x;
  }

private:
  std::optional<Snapshot> snapshot_;
  std::deque<Entry> entries_;
  uint64_t offset_ = 0;
};

} // namespace convoy::raft
