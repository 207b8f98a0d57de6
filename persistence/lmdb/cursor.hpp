#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <lmdb.h>

#include "persistence/lmdb/dbi.hpp"
#include "persistence/lmdb/txn.hpp"
#include "persistence/lmdb/val.hpp"

namespace convoy::lmdb {

/// A position in one database within one txn, for ordered scans (keys sort
/// by memcmp; see be_u64 for numeric keys). Move-only. Positioning calls
/// return the entry there, or nullopt when there is none (end of data, key
/// absent); real failures throw lmdb::error.
///
/// A cursor lives at most as long as its txn: ending the txn (commit, abort,
/// destruction) closes it, after which every call throws "cursor is closed".
/// A read txn's reset()/renew() keeps and renews its cursors; reposition them.
class cursor {
public:
  /// Opens a cursor on `d` within `t`.
  static cursor open(txn& t, dbi d);

  cursor(cursor&& other) noexcept;
  cursor& operator=(cursor&& other) noexcept;
  cursor(const cursor&) = delete;
  cursor& operator=(const cursor&) = delete;
  ~cursor();

  /// Closes now (no-op when already closed).
  void close() noexcept;

  bool is_open() const noexcept { return handle_ != nullptr; }

  MDB_cursor* handle() const noexcept { return handle_; }

  // -- positioning -----------------------------------------------------------

  std::optional<entry> first() { return get(MDB_FIRST); }
  std::optional<entry> last() { return get(MDB_LAST); }
  std::optional<entry> next() { return get(MDB_NEXT); }
  std::optional<entry> prev() { return get(MDB_PREV); }

  /// The entry at the current position.
  std::optional<entry> current() { return get(MDB_GET_CURRENT); }

  /// The first entry whose key is >= `key` (MDB_SET_RANGE): start of a range
  /// or prefix scan.
  std::optional<entry> seek(std::string_view key) { return get(MDB_SET_RANGE, key); }

  /// The entry whose key is exactly `key` (MDB_SET_KEY).
  std::optional<entry> find(std::string_view key) { return get(MDB_SET_KEY, key); }

  /// Any operation without a key (MDB_NEXT_DUP, MDB_FIRST_DUP, ...).
  std::optional<entry> get(MDB_cursor_op op);

  /// Any operation with a key and optionally a value (MDB_GET_BOTH, ...).
  std::optional<entry> get(MDB_cursor_op op, std::string_view key, std::string_view value = {});

  /// MDB_DUPSORT: number of values under the current key.
  std::size_t count() const;

  // -- writing (read-write txns) ---------------------------------------------

  /// Stores key/value and positions the cursor there (mdb_cursor_put flags:
  /// MDB_CURRENT, MDB_NOOVERWRITE, MDB_APPEND, ...).
  void put(std::string_view key, std::string_view value, unsigned flags = 0);

  /// Deletes the entry at the current position (MDB_NODUPDATA: all values of
  /// the current key); the cursor then sits on the following entry.
  void del(unsigned flags = 0);

private:
  friend class txn;

  cursor(MDB_cursor* handle, txn* owner) noexcept;

  /// The handle, or an error naming `call` when closed.
  MDB_cursor* live(const char* call) const;

  /// Replaces `other` in its txn's cursor list.
  void take_links(cursor& other) noexcept;

  MDB_cursor* handle_ = nullptr;
  txn* txn_ = nullptr;
  cursor* prev_ = nullptr;
  cursor* next_ = nullptr;
};

} // namespace convoy::lmdb
