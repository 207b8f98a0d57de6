#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "actors/store/raft/log_storage.hpp"
#include "actors/store/raft/memory_storage.hpp"
#include "actors/store/raft/ready.hpp"
#include "persistence/backend/kv_backend.hpp"

namespace convoy::store {

/// A store replica's Raft log: durable in the replica's backend (the same
/// LMDB environment as the key space, so a ready's log writes and the
/// applied entries commit in one transaction) and mirrored in memory, where
/// the Raft core reads it.
///
/// Buckets: "raft_log" (big-endian index -> Entry) and "raft_state"
/// ("hard_state", "conf_state", "snapshot_meta").
///
/// Writes go into a caller's write txn; the memory mirror follows only once
/// that txn committed (mirror_*), so the core never sees entries that a
/// crash could take back.
class persistent_log final : public raft::log_storage {
public:
  /// Produces the state machine's content for a follower that fell behind:
  /// returns (bytes, applied index of those bytes).
  using state_exporter = std::function<std::pair<std::string, uint64_t>()>;

  /// Opens the buckets and loads what is durable into memory.
  explicit persistent_log(backend::kv_backend& b);

  // -- raft::log_storage (reads the memory mirror) --------------------------------

  raft::initial_state initial_state() const override;
  raft::storage_error entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                              std::vector<raft::Entry>& out) const override;
  raft::storage_result<uint64_t> term(uint64_t i) const override;
  uint64_t first_index() const override;
  uint64_t last_index() const override;
  /// A full copy of the state machine at its current applied index (made on
  /// demand by the exporter) with that index's term and membership.
  raft::storage_result<raft::Snapshot> snapshot() const override;

  // -- writes -------------------------------------------------------------------

  /// Writes what `rd` asks to persist (snapshot metadata, entries, hard
  /// state) into `txn`. The caller loads a snapshot's data into the state
  /// machine in the same txn.
  void persist(backend::kv_txn& txn, const raft::ready& rd);

  /// Records the membership as of the applied index (same txn as the apply).
  void persist_conf_state(backend::kv_txn& txn, const raft::ConfState& cs);

  /// Drops entries up to `index` (<= applied) from storage.
  void persist_compaction(backend::kv_txn& txn, uint64_t index);

  // -- memory mirror, after the txn committed -----------------------------------

  void mirror(const raft::ready& rd);
  void mirror_conf_state(const raft::ConfState& cs);
  void mirror_compaction(uint64_t index);

  void set_state_exporter(state_exporter fn) {
    exporter_ = std::move(fn);
  }

  const raft::ConfState& conf_state() const {
    return conf_state_;
  }

private:
  void load();

  backend::kv_backend& backend_;
  backend::bucket_id log_bucket_;
  backend::bucket_id state_bucket_;
  raft::memory_storage memory_;
  raft::ConfState conf_state_;
  state_exporter exporter_;
};

} // namespace convoy::store
