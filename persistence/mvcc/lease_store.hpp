#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"

namespace convoy::mvcc {

/// A lease as stored. Expiry is not the key space's business: the leader
/// decides when a lease is revoked; these durable facts let a new leader
/// restart the timers.
struct lease_info {
  int64_t id = 0;
  /// Granted TTL in seconds.
  int64_t ttl = 0;
  /// Remaining TTL at the last checkpoint, -1 when never checkpointed.
  int64_t remaining_ttl = -1;
  /// Attached keys in key order (only when asked for).
  std::vector<std::string> keys;
};

/// The lease `id`, or nullopt.
std::optional<lease_info> read_lease(backend::kv_txn& t, const buckets& b, int64_t id, bool with_keys);

/// Every lease (without keys), in id order (as unsigned 64-bit numbers).
std::vector<lease_info> list_leases(backend::kv_txn& t, const buckets& b);

void write_lease(backend::kv_txn& t, const buckets& b, int64_t id, int64_t ttl, int64_t remaining_ttl);

/// Removes the lease record (its keys' attachments go with their deletion).
void erase_lease(backend::kv_txn& t, const buckets& b, int64_t id);

} // namespace convoy::mvcc
