#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "actors/store/raft/log_storage.hpp"
#include "actors/store/raft/memory_storage.hpp"
#include "actors/store/raft/ready.hpp"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/raft_log/write_ahead_log.hpp"

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
///
/// With a write-ahead log, a ready's entries and hard state are made durable
/// there first (write_ahead: one fdatasync), so the txn that stores them in
/// the backend may commit lazily. Every txn records the last WAL seq it
/// covers ("wal_seq"); opening replays the records after it, which a crash
/// took from the backend's last lazy commit.
class persistent_log final : public raft::log_storage {
public:
  /// Produces the state machine's content for a follower that fell behind:
  /// returns (bytes, applied index of those bytes).
  using state_exporter = std::function<std::pair<std::string, uint64_t>()>;

  /// Opens the buckets, replays the write-ahead log's records the backend
  /// lacks (durably), and loads what is durable into memory. `wal` may be
  /// null (every ready then waits for a durable backend commit).
  explicit persistent_log(backend::kv_backend& b, write_ahead_log* wal = nullptr);

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

  /// Writes into `txn` what the write-ahead log holds and the backend does
  /// not yet, then what `rd` asks to persist (snapshot metadata, entries,
  /// hard state) unless `rd` was written ahead (it is among the former). The
  /// caller loads a snapshot's data into the state machine in the same txn.
  void persist(backend::kv_txn& txn, const raft::ready& rd, bool written_ahead = false);

  /// Makes `rd`'s entries and hard state durable in the write-ahead log;
  /// true when it did: the ready's messages may go, and its log writes wait
  /// for the next persist() (whose txn may commit lazily). False without a
  /// WAL, for a ready that need not sync or installs a snapshot, and when
  /// the WAL is full: then the ready's txn must commit durably, after which
  /// committed() starts the WAL's next lap.
  bool write_ahead(const raft::ready& rd);

  /// The txn that went through persist() committed (durably or not).
  void committed(bool durably);

  /// Bytes of the records written ahead that the next persist() writes.
  std::size_t unpersisted_bytes() const { return unpersisted_bytes_; }

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
  void replay_write_ahead_log();
  /// persist() for one ready's log writes.
  void write(backend::kv_txn& txn, const raft::ready& rd);
  /// The log writes of a record written ahead.
  void write_log(backend::kv_txn& txn, const raft::WalRecord& rec);
  template <class Entries>
  void write_entries(backend::kv_txn& txn, const Entries& entries);

  backend::kv_backend& backend_;
  backend::bucket_id log_bucket_;
  backend::bucket_id state_bucket_;
  raft::memory_storage memory_;
  raft::ConfState conf_state_;
  state_exporter exporter_;
  write_ahead_log* wal_;
  bool wal_full_ = false;
  std::string wal_buf_;
  /// Records written ahead whose log writes are not yet in a committed txn.
  std::vector<raft::WalRecord> unpersisted_;
  std::size_t unpersisted_bytes_ = 0;
};

} // namespace convoy::store
