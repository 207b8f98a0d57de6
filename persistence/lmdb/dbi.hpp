#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <lmdb.h>

#include "persistence/lmdb/txn.hpp"

namespace convoy::lmdb {

/// A database handle within an environment (a named key space). Cheap to
/// copy; not closed by destruction (LMDB keeps handles for the env's life).
///
/// Open every database once at start-up in a write txn and commit it: a
/// handle opened in a txn that aborts is invalid, and one opened in a txn
/// becomes visible to other txns only after that txn commits.
///
/// Values returned by get() are views into the map, valid until the txn
/// ends (in a write txn: until the next write). Copy them out before that.
class dbi {
public:
  /// An invalid handle, to be assigned from open().
  constexpr dbi() noexcept = default;

  /// Opens database `name` ("" = the unnamed main database). `flags`:
  /// MDB_CREATE to create it, plus e.g. MDB_INTEGERKEY, MDB_DUPSORT,
  /// MDB_DUPFIXED, MDB_REVERSEKEY. Without MDB_CREATE a missing database
  /// throws not_found_error.
  static dbi open(txn& t, std::string_view name = {}, unsigned flags = 0);

  bool valid() const noexcept { return valid_; }

  MDB_dbi handle() const noexcept { return handle_; }

  /// The flags the database was created with.
  unsigned flags(const txn& t) const;

  /// mdb_stat: entries, depth, pages.
  MDB_stat stat(const txn& t) const;

  /// Number of entries (key/value pairs, duplicates counted).
  std::size_t size(const txn& t) const { return stat(t).ms_entries; }

  /// The value stored under `key`, or nullopt when absent. With MDB_DUPSORT,
  /// the first value of the key.
  std::optional<std::string_view> get(const txn& t, std::string_view key) const;

  /// Stores `value` under `key` (replacing, or adding a duplicate with
  /// MDB_DUPSORT). `flags`: MDB_NOOVERWRITE, MDB_NODUPDATA, MDB_APPEND...;
  /// a refused overwrite throws key_exists_error.
  void put(txn& t, std::string_view key, std::string_view value, unsigned flags = 0);

  /// Stores `value` only if `key` is absent; false (nothing written) if present.
  bool insert(txn& t, std::string_view key, std::string_view value);

  /// Deletes `key` (all its duplicates); false if it was absent.
  bool del(txn& t, std::string_view key);

  /// MDB_DUPSORT: deletes the one pair key/value; false if it was absent.
  bool del(txn& t, std::string_view key, std::string_view value);

  /// Deletes every entry, keeping the database.
  void clear(txn& t);

private:
  explicit constexpr dbi(MDB_dbi handle) noexcept : handle_(handle), valid_(true) {}

  /// The txn handle, or an error naming `call` (invalid dbi, ended txn).
  MDB_txn* live(const char* call, const txn& t) const;

  MDB_dbi handle_ = 0;
  bool valid_ = false;
};

} // namespace convoy::lmdb
