#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"
#include "persistence/mvcc/store_error.hpp"

namespace convoy::mvcc {

/// Which history events_since reads.
struct event_query {
  /// First revision wanted (>= 1).
  int64_t start_revision = 1;
  /// Key range, etcd conventions (see key_range).
  std::string key;
  std::string range_end;
  /// Soft cap on events: whole revisions are returned, and reading stops at
  /// the first revision boundary after `limit` events (0 = no cap).
  std::size_t limit = 1000;
  /// Fill Event.prev_kv.
  bool prev_kv = false;
};

/// Events read from history.
struct event_batch {
  /// In revision, then sub-revision order.
  std::vector<store::Event> events;
  /// Where the next read continues (current revision + 1 when all was read).
  int64_t next_revision = 0;
};

/// Reads the events of revisions >= q.start_revision touching q's range
/// (watch catch-up). compacted when start_revision <= compact_revision: the
/// history of the compact revision itself is incomplete (its tombstones are
/// gone), so a watcher must start after it.
store_result<event_batch> read_events(backend::kv_txn& t, const buckets& b, const event_query& q,
                                      int64_t current_revision, int64_t compact_revision);

} // namespace convoy::mvcc
