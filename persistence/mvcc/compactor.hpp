#pragma once

#include <cstdint>

#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"

namespace convoy::mvcc {

/// Physically removes the history no read at or after revision `rev` can
/// see: for every key, the versions older than its newest version <= rev,
/// and that newest version too when it is a tombstone (etcd's compaction).
/// Only keys changed after the previous compaction `previous` can hold such
/// versions, so the work is proportional to the history since then.
/// Deterministic: the result depends only on the stored state and `rev`.
/// Records `rev` as the compact revision. The caller checks
/// previous < rev <= current revision.
/// Returns the number of versions removed.
uint64_t compact_history(backend::kv_txn& t, const buckets& b, int64_t previous, int64_t rev);

} // namespace convoy::mvcc
