#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "persistence/backend/backend_error.hpp"

namespace convoy::backend {

/// A named, ordered key space within a backend (an LMDB named database).
/// Ids are dense (0, 1, ...) in the order buckets were opened.
using bucket_id = uint32_t;

/// One key/value pair. Both views point into the backend's storage; see
/// kv_txn for how long they stay valid.
struct kv_entry {
  std::string_view key;
  std::string_view value;
};

/// An ordered position in one bucket of one txn (keys sort by memcmp).
/// Positioning calls return the entry there, or nullopt when there is none;
/// after a nullopt only seek/first/last may be called. A cursor must not
/// outlive its txn. Writing through the txn while a cursor is open is
/// allowed; the cursor's earlier views become invalid, re-read them.
class kv_cursor {
public:
  virtual ~kv_cursor();

  /// The first entry whose key is >= `key` (a range or prefix scan start).
  virtual std::optional<kv_entry> seek(std::string_view key) = 0;
  virtual std::optional<kv_entry> first() = 0;
  virtual std::optional<kv_entry> last() = 0;
  virtual std::optional<kv_entry> next() = 0;
  virtual std::optional<kv_entry> prev() = 0;
};

/// A read-only snapshot or the single read-write transaction. Destroying a
/// txn that was not committed aborts it: an exception anywhere in a write
/// discards all of it.
///
/// Views returned by get() and cursors are valid until the txn ends; in a
/// write txn only until the next put/del/clear (LMDB may move pages on
/// write): copy out what must survive a write.
class kv_txn {
public:
  virtual ~kv_txn();

  virtual bool writable() const noexcept = 0;

  /// The value under `key`, or nullopt. A key longer than the backend's
  /// max_key_bytes() is simply absent.
  virtual std::optional<std::string_view> get(bucket_id b, std::string_view key) = 0;

  /// Stores `value` under `key`; throws backend_error (map_full: see
  /// write_retry.hpp; other: key empty or longer than max_key_bytes()).
  virtual void put(bucket_id b, std::string_view key, std::string_view value) = 0;

  /// Deletes `key`; false when it was absent.
  virtual bool del(bucket_id b, std::string_view key) = 0;

  /// Deletes every entry of `b`.
  virtual void clear(bucket_id b) = 0;

  /// A new cursor on `b` (one allocation; open one per scan, not per step).
  virtual std::unique_ptr<kv_cursor> cursor(bucket_id b) = 0;

  /// Makes the writes durable (LMDB: fsync'ed unless disabled) and ends the
  /// txn. On failure the txn is ended and nothing of it was committed.
  virtual void commit() = 0;

  /// Commits without waiting until this txn is on disk: earlier txns are,
  /// and a crash may undo this one but never corrupts the data. For writes
  /// that can be redone after a crash (applying committed Raft entries whose
  /// log is already durable). Default: commit().
  virtual void commit_lazily() {
    commit();
  }

  /// Discards the writes and ends the txn (no-op when already ended).
  virtual void abort() noexcept = 0;
};

/// An ordered key-value store with named buckets and serializable
/// transactions: any number of read snapshots, one write txn at a time.
/// The MVCC key space (persistence/mvcc) is written against this, so it runs
/// on LMDB in production and on memory_backend in tests and simulation.
class kv_backend {
public:
  virtual ~kv_backend();

  /// Opens (creating if needed) bucket `name` and returns its id; opening an
  /// open bucket returns the same id. Call at start-up while no txn is open.
  virtual bucket_id open_bucket(std::string_view name) = 0;

  /// Names of the open buckets, indexed by bucket_id.
  virtual const std::vector<std::string>& bucket_names() const noexcept = 0;

  virtual std::unique_ptr<kv_txn> begin_read() = 0;
  virtual std::unique_ptr<kv_txn> begin_write() = 0;

  /// Makes room after a map_full error. Call with no txn open; throws
  /// backend_error when the backend cannot grow (limit reached, readers
  /// still open).
  virtual void grow() = 0;

  /// Bytes of storage in use (LMDB: pages in use; memory: keys + values).
  virtual std::size_t size_bytes() const = 0;

  /// Bytes writes may still take before they fail with map_full, without
  /// grow() (a lower bound: LMDB's free pages are not counted).
  virtual std::size_t room_bytes() const = 0;

  /// True when a write txn may stay open across calls that run on different
  /// threads one after another (what write_batch needs): a memory backend,
  /// or LMDB opened single_owner. LMDB's write lock otherwise belongs to the
  /// thread that began the txn.
  virtual bool long_write_txns() const noexcept = 0;

  /// The longest key put() accepts (LMDB's compile-time limit, 511 on
  /// Debian); layers above keep their keys within it.
  virtual std::size_t max_key_bytes() const noexcept = 0;
};

} // namespace convoy::backend
