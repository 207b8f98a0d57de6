#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "actors/store/raft/util.hpp"

namespace convoy::raft {

/// Why a storage read did not return what was asked. Returned, never thrown:
/// `compacted` and `unavailable` are normal outcomes the core reacts to (e.g.
/// by sending a snapshot instead of entries).
enum class storage_error {
  none,
  /// The index lies in the compacted prefix (below first_index() - 1).
  compacted,
  /// The index lies beyond last_index().
  unavailable,
  /// apply_snapshot() with a snapshot not newer than the current one.
  snapshot_out_of_date,
  /// No snapshot can be produced right now; the core retries later.
  snapshot_temporarily_unavailable,
};

const char* to_string(storage_error x);

/// A value or the storage_error explaining its absence.
template <class T>
class storage_result {
public:
  storage_result(T value) : value_(std::move(value)) {
    // nop
  }

  storage_result(storage_error err) : error_(err) {
    // nop
  }

  bool ok() const noexcept {
    return error_ == storage_error::none;
  }

  storage_error error() const noexcept {
    return error_;
  }

  /// The value; requires ok().
  const T& value() const {
    require(ok(), "storage_result::value() on an error");
    return value_;
  }

  T& value() {
    require(ok(), "storage_result::value() on an error");
    return value_;
  }

  /// The value, or `fallback` on any error.
  T value_or(T fallback) const {
    return ok() ? value_ : fallback;
  }

private:
  T value_{};
  storage_error error_ = storage_error::none;
};

/// What a (re)starting replica recovers from its storage.
struct initial_state {
  HardState hard_state;
  /// Membership as of the applied index the application passes as
  /// config::applied (the snapshot's conf state if it persists nothing newer).
  ConfState conf_state;
};

/// The stable (durable) part of a replica's log, as the Raft core reads it.
///
/// The core never writes to it: the application persists what ready() hands
/// out (entries, hard state, snapshot), and only then calls advance(). So every
/// entry the core may ask for has been written by the application before.
///
/// Layout: a snapshot covers indexes [.., first_index() - 1]; entries
/// [first_index(), last_index()] follow it. term(first_index() - 1) must still
/// answer (the snapshot's term): the consistency check of the first entry after
/// the snapshot needs it. An empty log has first_index() == last_index() + 1.
///
/// Disk failures are not protocol outcomes: an implementation that cannot read
/// its medium must not invent an error code here, it throws (the replica is
/// then restarted from what is durable).
class log_storage {
public:
  virtual ~log_storage();

  /// What to restart from (all empty on a first start).
  virtual raft::initial_state initial_state() const = 0;

  /// Appends entries [lo, hi) to `out`, stopping once their total entry_size()
  /// would exceed max_bytes, but always at least one entry when lo < hi.
  /// Errors: compacted if lo < first_index(); unavailable if hi > last_index()+1.
  virtual storage_error entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                                std::vector<Entry>& out) const = 0;

  /// Term of entry i, for i in [first_index() - 1, last_index()].
  virtual storage_result<uint64_t> term(uint64_t i) const = 0;

  virtual uint64_t first_index() const = 0;

  virtual uint64_t last_index() const = 0;

  /// The most recent snapshot (to send to a follower that fell behind the
  /// compacted prefix). May answer snapshot_temporarily_unavailable.
  virtual storage_result<Snapshot> snapshot() const = 0;
};

} // namespace convoy::raft
