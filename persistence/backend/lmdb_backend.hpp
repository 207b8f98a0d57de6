#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "persistence/backend/kv_backend.hpp"
#include "persistence/lmdb/dbi.hpp"
#include "persistence/lmdb/env.hpp"

namespace convoy::backend {

/// How to open an lmdb_backend.
struct lmdb_backend_options {
  /// Initial map size. The map is address space, not disk: the file grows
  /// only with the data, so start large and rarely hit map_full.
  std::size_t map_size_bytes = std::size_t{1} << 30;

  /// grow() multiplies the map size by this...
  double growth_factor = 2.0;

  /// ...up to this; beyond it grow() throws (the disk quota of the store).
  std::size_t max_map_size_bytes = std::size_t{1} << 40;

  /// fsync on every commit (production). Tests may turn it off for speed.
  bool sync_on_commit = true;

  /// Named buckets the environment may hold.
  unsigned max_buckets = 16;

  /// One owner, one call at a time (see lmdb::env_options::single_owner):
  /// write txns may then stay open between calls (long_write_txns), and no
  /// other opener gets in.
  bool single_owner = false;
};

/// The production backend: one LMDB environment (a directory), one named
/// database per bucket. A commit that returned is on disk (with
/// sync_on_commit). LMDB errors surface as backend_error: MDB_MAP_FULL as
/// map_full (run_write grows and retries), damaged files as corrupted.
///
/// Thread rules are LMDB's: the write txn stays on the thread that began it
/// (unless single_owner); read txns may move between threads (the env uses
/// MDB_NOTLS).
class lmdb_backend final : public kv_backend {
public:
  /// Opens (creating if needed) the environment in directory `dir`.
  /// Throws backend_error (corrupted for a file that is not LMDB).
  lmdb_backend(const std::string& dir, const lmdb_backend_options& options = {});
  ~lmdb_backend() override;

  lmdb_backend(const lmdb_backend&) = delete;
  lmdb_backend& operator=(const lmdb_backend&) = delete;

  bucket_id open_bucket(std::string_view name) override;
  const std::vector<std::string>& bucket_names() const noexcept override { return names_; }
  std::unique_ptr<kv_txn> begin_read() override;
  std::unique_ptr<kv_txn> begin_write() override;
  void grow() override;
  std::size_t size_bytes() const override;
  std::size_t room_bytes() const override;
  bool long_write_txns() const noexcept override { return options_.single_owner; }
  std::size_t max_key_bytes() const noexcept override { return max_key_; }

  /// Current map size (grows with grow()).
  std::size_t map_size_bytes() const;

  /// The environment, for maintenance (copy_to, stat).
  lmdb::env& env() noexcept { return env_; }

private:
  lmdb_backend_options options_;
  lmdb::env env_;
  std::vector<std::string> names_;
  std::vector<lmdb::dbi> dbis_;
  std::size_t max_key_;
};

} // namespace convoy::backend
