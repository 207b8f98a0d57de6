#pragma once

#include <cstddef>

#include <lmdb.h>

#include "persistence/lmdb/env.hpp"

namespace convoy::lmdb {

class cursor;

/// A read-only or read-write LMDB transaction. Move-only; the destructor
/// aborts a txn that was not committed, so an exception anywhere in a write
/// discards all of it.
///
/// Rules (LMDB's): one write txn at a time per env (begin blocks until the
/// previous one ends); a write txn is used by the thread that began it; keep
/// txns short (a long reader pins old pages and grows the file); values read
/// are views into the map, valid only until the txn ends: copy them out.
/// Cursors opened on a txn are closed when it ends, so a cursor can never
/// touch a finished txn (it then reports "cursor is closed").
class txn {
public:
  /// Begins a transaction; `flags` is 0 (read-write) or MDB_RDONLY.
  static txn begin(env& e, unsigned flags = 0);

  /// Begins a read-only transaction: a consistent snapshot of the last commit.
  static txn begin_read(env& e) { return begin(e, MDB_RDONLY); }

  /// Begins the (single) read-write transaction.
  static txn begin_write(env& e) { return begin(e, 0); }

  txn(txn&& other) noexcept;
  txn& operator=(txn&& other) noexcept;
  txn(const txn&) = delete;
  txn& operator=(const txn&) = delete;
  ~txn();

  /// Commits and ends the txn; afterwards the txn is ended even if this
  /// throws (LMDB frees it either way). With sync_on_commit the data is on
  /// disk when this returns. A map_full_error here means: grow and retry.
  void commit();

  /// Discards all changes and ends the txn (no-op when already ended).
  void abort() noexcept;

  /// Read-only txns: releases the snapshot but keeps the reader slot and
  /// cursors, so renew() is cheaper than a new begin(). A reset txn does not
  /// count as open for env::set_map_size.
  void reset();

  /// Read-only txns: takes a fresh snapshot after reset(); also renews the
  /// txn's cursors (they must be repositioned).
  void renew();

  bool read_only() const noexcept { return read_only_; }

  /// True from begin (or renew) until commit, abort or reset.
  bool active() const noexcept { return handle_ != nullptr && !reset_; }

  /// The raw handle (nullptr once ended).
  MDB_txn* handle() const noexcept { return handle_; }

  /// LMDB's txn id: for a read txn, the id of the snapshot it sees.
  std::size_t id() const noexcept;

private:
  friend class cursor;

  txn(MDB_txn* handle, env::state* owner, bool read_only) noexcept;

  /// Closes the txn's cursors and forgets the handle (before commit/abort).
  void release() noexcept;

  MDB_txn* handle_ = nullptr;
  env::state* env_ = nullptr;
  bool read_only_ = false;
  bool reset_ = false;
  /// Head of the intrusive list of cursors open on this txn.
  cursor* cursors_ = nullptr;
};

} // namespace convoy::lmdb
