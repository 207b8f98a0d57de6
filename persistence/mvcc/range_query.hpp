#pragma once

#include <cstdint>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"
#include "persistence/mvcc/store_error.hpp"

namespace convoy::mvcc {

/// etcd's Range on the state at `current_revision` (the store's, or inside
/// a write the revision that write's own changes are visible at):
/// revision <= 0 reads at current_revision; > it is future_revision; below
/// `compact_revision` is compacted. count = keys in the range (before limit
/// and filters); more = kvs were cut by limit; sort target != KEY with
/// sort_order NONE sorts ascending (etcd 3.4); ties keep key order.
/// header.revision = current_revision.
store_result<store::RangeResponse> run_range(backend::kv_txn& t, const buckets& b, const store::RangeRequest& r,
                                             int64_t current_revision, int64_t compact_revision);

} // namespace convoy::mvcc
