#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include <lmdb.h>

namespace convoy::lmdb {

/// How to open an environment.
struct env_options {
  /// Initial map size: the most the database file may grow to before writes
  /// fail with map_full_error. Grow it with env::grow() / set_map_size().
  std::size_t map_size_bytes = std::size_t{64} << 20;

  /// Named databases this environment may open (mdb_env_set_maxdbs).
  unsigned max_dbs = 16;

  /// Concurrent read transactions (reader lock table slots).
  unsigned max_readers = 126;

  /// fsync data and meta pages on every commit. A commit that returned is on
  /// disk and survives a power cut: the store needs this (Raft's
  /// persist-before-send). Tests may turn it off (MDB_NOSYNC) for speed; a
  /// crash may then lose the last commits but never corrupts the file.
  bool sync_on_commit = true;

  /// Create the directory `path` if it is missing (not with MDB_NOSUBDIR).
  bool create_directory = true;

  /// Extra mdb_env_open flags (MDB_NOSUBDIR, MDB_RDONLY, MDB_NOMETASYNC...).
  /// MDB_NOTLS is always added: see env.
  unsigned flags = 0;

  /// File mode for data.mdb / lock.mdb.
  mdb_mode_t mode = 0644;

  /// One owner uses the environment, one call at a time (a store replica
  /// actor). LMDB's own locks are then off (MDB_NOLOCK), so a write txn may
  /// be begun in one call and committed in a later one that runs on another
  /// thread -- the write lock of a locked env belongs to the thread that took
  /// it. In exchange the owner promises what the locks would enforce: one
  /// write txn at a time, and no read txn that stays open across a commit.
  /// An exclusive flock on `owner.lock` beside the data keeps every other
  /// opener out, in this process or another.
  bool single_owner = false;
};

/// An open LMDB environment (one directory holding data.mdb and lock.mdb).
/// Move-only; closing it ends its life (mdb_env_close). Thread-safe: txns may
/// be begun from any thread. Every txn must end before the env is closed.
///
/// MDB_NOTLS is always set: reader slots belong to txn objects instead of
/// threads, because an actor (and the read txn it holds) may resume on
/// another scheduler thread between two messages. A write txn still belongs
/// to the one thread that began it (do it inside one message handler),
/// unless the env is opened single_owner.
class env {
public:
  /// Opens (creating if needed) the environment at `path`, then clears
  /// reader slots left by dead processes (mdb_reader_check). Throws
  /// lmdb::error naming the failed call; a file that is not an LMDB
  /// environment yields corrupted_error (MDB_INVALID), never a crash.
  static env open(const std::string& path, const env_options& options = {});

  env(env&& other) noexcept = default;
  env& operator=(env&& other) noexcept;
  env(const env&) = delete;
  env& operator=(const env&) = delete;
  ~env();

  /// Closes now (no-op when already closed or moved-from).
  void close() noexcept;

  /// The raw handle (nullptr when closed).
  MDB_env* handle() const noexcept;

  /// The path given to open().
  const std::string& path() const noexcept;

  /// Sets the map size (rounded up to whole pages). LMDB allows this only
  /// while this process has no transaction open, so with a txn open this
  /// throws (EBUSY) instead of risking a remap under a live reader.
  void set_map_size(std::size_t bytes);

  /// Multiplies the map size by `factor` (> 1) and returns the new size: the
  /// recovery step after map_full_error (abort, grow, retry the write txn).
  std::size_t grow(double factor = 2.0);

  /// Current map size in bytes.
  std::size_t map_size() const;

  /// mdb_env_info: map size, last used page, last txn id, readers.
  MDB_envinfo info() const;

  /// mdb_env_stat of the main database (page size, depth, entries...).
  MDB_stat stat() const;

  /// Bytes of the map in use: (last page number + 1) * page size; the
  /// on-disk size of the data, whatever the map size is.
  std::size_t used_bytes() const;

  /// Sets or clears one of the flags LMDB allows to change on an open
  /// environment (MDB_NOSYNC, MDB_NOMETASYNC, MDB_MAPASYNC, MDB_NOMEMINIT).
  void set_flag(unsigned int flag, bool on);

  /// Flushes to disk (needed only when sync_on_commit is off).
  void sync(bool force = true);

  /// Copies the environment to the existing directory `dir` while it stays
  /// usable (a consistent snapshot); `compact` omits free pages.
  void copy_to(const std::string& dir, bool compact = false) const;

  /// Transactions (not reset) currently open in this process on this env.
  int open_txns() const noexcept;

private:
  friend class txn;

  struct state {
    MDB_env* handle = nullptr;
    std::string path;
    std::atomic<int> open_txns{0};
    /// The owner.lock descriptor holding the flock (single_owner), or -1.
    int owner_lock = -1;
  };

  explicit env(std::unique_ptr<state> s) noexcept;

  /// The handle, or an error naming `call` when the env is closed.
  MDB_env* live(const char* call) const;

  /// Heap-allocated so that txns can keep a pointer across env moves.
  std::unique_ptr<state> state_;
};

} // namespace convoy::lmdb
