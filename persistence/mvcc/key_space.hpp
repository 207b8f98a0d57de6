#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/event_reader.hpp"
#include "persistence/mvcc/layout.hpp"
#include "persistence/mvcc/lease_store.hpp"
#include "persistence/mvcc/request_checks.hpp"
#include "persistence/mvcc/store_error.hpp"

namespace convoy::mvcc {

/// Configuration; must be identical on every replica (it shapes results).
struct key_space_options {
  /// Largest serialized command apply() accepts (etcd: 1.5 MiB).
  std::size_t max_request_bytes = std::size_t{3} << 19;
  /// Most ops per txn level (etcd --max-txn-ops).
  int max_txn_ops = 128;
  /// Grants with a smaller TTL get this one (etcd's minimum lease TTL);
  /// 0 keeps what was asked.
  int64_t min_lease_ttl = 0;
};

/// Largest lease TTL etcd accepts (seconds).
inline constexpr int64_t max_lease_ttl = 9'000'000'000;

/// What applying one StoreCommand produced.
struct apply_result {
  using response = std::variant<std::monostate, store::PutResponse, store::DeleteRangeResponse, store::TxnResponse,
                                store::CompactionResponse, store::LeaseGrantResponse, store::LeaseRevokeResponse,
                                store::LeaseCheckpointResponse>;

  /// Copied from the command: who is waiting for this result.
  uint64_t request_id = 0;
  /// The response (monostate when `error` is set).
  response value;
  /// Why the command failed; then it wrote nothing (it is still applied:
  /// the entry is consumed and fails identically on every replica).
  std::optional<store_error> error;
  /// The changes, in revision then sub-revision order, prev_kv filled
  /// where a previous version existed: what live watchers are sent.
  std::vector<store::Event> events;
  /// The store revision after the command.
  int64_t revision = 0;
};

/// A hash of the key space up to a revision (like etcd HashKV), for
/// comparing replicas.
struct kv_hash {
  uint32_t hash = 0;
  int64_t revision = 0;
  int64_t compact_revision = 0;
};

/// The replicated state machine's storage: an etcd v3 MVCC key space (with
/// leases) on a kv_backend.
///
/// The object holds no state besides bucket ids and options -- everything
/// lives in the backend -- so it is never stale after an aborted or retried
/// txn, and any number of commands may be applied in one txn. Writes take a
/// write txn the caller owns: the store replica applies each committed Raft
/// entry with apply() and set_applied_index() in one txn, then commits it,
/// e.g. under backend::run_write (map-full retries re-run both).
///
/// Semantics are etcd 3.4's: a revision per write that changes something
/// (Put, DeleteRange that deleted, Txn with writes, lease revocation that
/// deleted keys), sub-revisions for its changes; create_revision, version
/// (reset by deletion) and mod_revision per key; reads at any revision >=
/// the compact revision; etcd's error texts. A new store is at revision 1.
class key_space {
public:
  /// Opens the buckets; initializes an empty store in its own write txn
  /// (so: call while no write txn is open). Throws std::runtime_error for a
  /// store written in another layout format.
  explicit key_space(backend::kv_backend& b, key_space_options options = {});

  // -- the replicated state machine ---------------------------------------------

  /// Applies one command inside write txn `t`. Deterministic: the same
  /// state and command give the same writes and result on every replica.
  /// Backend failures throw backend_error (abort the txn).
  apply_result apply(backend::kv_txn& t, const store::StoreCommand& cmd) const;

  /// Records the Raft index whose command `t` applies (same txn!).
  void set_applied_index(backend::kv_txn& t, uint64_t index) const;

  /// The stateless checks apply() runs first (size, keys, txn shape): a
  /// proposer may reject a bad request before proposing it.
  std::optional<store_error> validate(const store::StoreCommand& cmd) const;

  // -- single writes (write txn; apply() dispatches to these) ------------------------

  store_result<store::PutResponse> put(backend::kv_txn& t, const store::PutRequest& r,
                                       std::vector<store::Event>* events = nullptr) const;
  store_result<store::DeleteRangeResponse> delete_range(backend::kv_txn& t, const store::DeleteRangeRequest& r,
                                                        std::vector<store::Event>* events = nullptr) const;
  /// A txn whose ops all read may run in a read txn.
  store_result<store::TxnResponse> txn(backend::kv_txn& t, const store::TxnRequest& r,
                                       std::vector<store::Event>* events = nullptr) const;
  /// Compacts physically (etcd: compacted if revision <= the compact
  /// revision, future_revision if > the current revision).
  store_result<store::CompactionResponse> compact(backend::kv_txn& t, const store::CompactionRequest& r) const;
  /// ID 0: the next free id from a durable counter (deterministic).
  store_result<store::LeaseGrantResponse> lease_grant(backend::kv_txn& t, const store::LeaseGrantRequest& r) const;
  /// Deletes the lease's keys in one revision (key order), then the lease.
  store_result<store::LeaseRevokeResponse> lease_revoke(backend::kv_txn& t, const store::LeaseRevokeRequest& r,
                                                        std::vector<store::Event>* events = nullptr) const;
  /// Stores each existing lease's remaining TTL (unknown ids are skipped).
  store_result<store::LeaseCheckpointResponse> lease_checkpoint(backend::kv_txn& t,
                                                                const store::LeaseCheckpointRequest& r) const;

  // -- reads (any txn) -----------------------------------------------------------------

  store_result<store::RangeResponse> range(backend::kv_txn& t, const store::RangeRequest& r) const;

  /// History for watchers (see read_events).
  store_result<event_batch> events_since(backend::kv_txn& t, const event_query& q) const;

  int64_t current_revision(backend::kv_txn& t) const;
  int64_t compact_revision(backend::kv_txn& t) const;
  uint64_t applied_index(backend::kv_txn& t) const;

  std::optional<lease_info> lease(backend::kv_txn& t, int64_t id, bool with_keys = false) const;
  std::vector<lease_info> leases(backend::kv_txn& t) const;

  /// CRC-32C over every stored version with revision <= `revision` (<= 0:
  /// current); future_revision / compacted like a read.
  store_result<kv_hash> hash(backend::kv_txn& t, int64_t revision = 0) const;

  /// Bytes of storage in use (StatusResponse.dbSize).
  std::size_t db_size_bytes() const { return backend_.size_bytes(); }

  backend::kv_backend& backend() const noexcept { return backend_; }
  const buckets& bucket_ids() const noexcept { return buckets_; }
  const key_space_options& options() const noexcept { return options_; }

private:
  void initialize();

  backend::kv_backend& backend_;
  key_space_options options_;
  buckets buckets_;
  request_limits limits_;
};

} // namespace convoy::mvcc
