#pragma once

#include <cstdint>
#include <string_view>

#include "persistence/backend/kv_backend.hpp"

namespace convoy::mvcc {

/// The buckets of the MVCC key space (layout: see key_codec.hpp).
struct buckets {
  /// current/compact revision, applied Raft index, lease id counter, format.
  backend::bucket_id meta;
  /// every version of every key, newest first per key.
  backend::bucket_id keys;
  /// every change in revision order -> (type, key).
  backend::bucket_id revs;
  /// BE64(lease id) -> BE64(granted TTL) BE64(remaining TTL at checkpoint).
  backend::bucket_id leases;
  /// BE64(lease id) user-key -> "": the keys attached to each lease.
  backend::bucket_id lease_keys;

  /// Opens (creating) the buckets.
  static buckets open(backend::kv_backend& b);
};

/// Names of the `meta` entries (values are BE64).
namespace meta_key {
inline constexpr std::string_view format = "format";
inline constexpr std::string_view current_revision = "current_revision";
inline constexpr std::string_view compact_revision = "compact_revision";
inline constexpr std::string_view applied_index = "applied_index";
inline constexpr std::string_view next_lease_id = "next_lease_id";
} // namespace meta_key

/// The layout version written to meta/format; a store written by another
/// layout is refused at open.
inline constexpr uint64_t layout_format = 1;

/// Reads meta entry `name` (BE64); `fallback` when absent. Throws
/// std::runtime_error for a malformed entry.
uint64_t read_meta(backend::kv_txn& t, const buckets& b, std::string_view name, uint64_t fallback);

void write_meta(backend::kv_txn& t, const buckets& b, std::string_view name, uint64_t value);

} // namespace convoy::mvcc
