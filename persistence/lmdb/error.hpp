#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>

#include <lmdb.h>

namespace convoy::lmdb {

/// What kind of failure an LMDB return code is; callers branch on this, not
/// on raw codes.
enum class error_kind : uint8_t {
  /// MDB_NOTFOUND where the caller required a key or database to exist. Plain
  /// lookups report absence as std::nullopt / false instead of throwing.
  not_found,
  /// MDB_KEYEXIST from a put with MDB_NOOVERWRITE / MDB_NODUPDATA.
  key_exists,
  /// MDB_MAP_FULL: the environment's map size is exhausted. Recoverable:
  /// abort the write txn, env::grow() (no txn may be active) and retry.
  map_full,
  /// MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_VERSION_MISMATCH,
  /// MDB_PANIC: the file is damaged, not an LMDB file, or from another LMDB
  /// version. Not recoverable by retrying; needs a snapshot/re-sync.
  corrupted,
  /// Everything else (errno values, MDB_DBS_FULL, MDB_READERS_FULL,
  /// MDB_TXN_FULL, MDB_BAD_TXN, ...): a bug or an environment problem.
  other,
};

/// Lowercase name of `kind`, e.g. "map full".
const char* to_string(error_kind kind) noexcept;

/// Prints to_string(kind) (for test diagnostics).
std::ostream& operator<<(std::ostream& out, error_kind kind);

/// Classifies an LMDB (or errno) return code; MDB_SUCCESS is not an error and
/// must not be passed.
error_kind classify(int rc) noexcept;

/// A failed mdb_* call: names the call, carries LMDB's code and text, e.g.
/// "mdb_put: MDB_MAP_FULL: Environment mapsize limit reached (code -30792)",
/// "mdb_env_open: MDB_INVALID: File is not an LMDB file (code -30793): /data".
/// Catch the derived types to handle one kind, or this one and switch on
/// kind().
class error : public std::runtime_error {
public:
  /// `call` is the mdb_* function name (a string literal); `context` adds
  /// what was being done (e.g. a path or database name), may be empty.
  error(const char* call, int code, std::string_view context = {});

  /// The mdb_* function that failed.
  const char* call() const noexcept { return call_; }

  /// LMDB's return code (MDB_* or an errno value).
  int code() const noexcept { return code_; }

  error_kind kind() const noexcept { return kind_; }

private:
  const char* call_;
  int code_;
  error_kind kind_;
};

/// error with kind() == error_kind::not_found.
class not_found_error : public error {
public:
  using error::error;
};

/// error with kind() == error_kind::key_exists.
class key_exists_error : public error {
public:
  using error::error;
};

/// error with kind() == error_kind::map_full.
class map_full_error : public error {
public:
  using error::error;
};

/// error with kind() == error_kind::corrupted.
class corrupted_error : public error {
public:
  using error::error;
};

/// Throws the error subclass matching classify(rc).
[[noreturn]] void throw_error(const char* call, int rc, std::string_view context = {});

/// The checked layer: every mdb_* call goes through this.
inline void check(const char* call, int rc, std::string_view context = {}) {
  if (rc != MDB_SUCCESS)
    throw_error(call, rc, context);
}

} // namespace convoy::lmdb
