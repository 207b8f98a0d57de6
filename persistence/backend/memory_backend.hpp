#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "persistence/backend/kv_backend.hpp"

namespace convoy::backend {

/// How a memory_backend behaves.
struct memory_backend_options {
  /// Bytes (keys + values) a write may bring the backend to before it fails
  /// with map_full; grow() doubles it. Lets tests drive the map-full retry
  /// path exactly as LMDB's MDB_MAP_FULL would.
  std::size_t capacity_bytes = std::numeric_limits<std::size_t>::max();

  /// Longest key accepted (LMDB's limit by default, so bugs show up here
  /// before they show up in production).
  std::size_t max_key_bytes = 511;
};

/// An in-memory backend for tests and deterministic simulation: one
/// std::map per bucket, snapshot isolation, and injectable faults.
///
/// Read txns share the committed maps (no copy). The write txn collects its
/// writes in a per-bucket overlay that its own reads and cursors see merged
/// with the committed state; commit applies the overlay, copying a bucket
/// first only when an open read txn still shares it (copy-on-write), so a
/// reader always sees the snapshot it began with. Abort drops the overlay.
/// Single-threaded: one write txn at a time (a second begin_write throws).
class memory_backend final : public kv_backend {
public:
  /// A committed bucket.
  using bucket_map = std::map<std::string, std::string, std::less<>>;

  explicit memory_backend(const memory_backend_options& options = {});
  ~memory_backend() override;

  memory_backend(const memory_backend&) = delete;
  memory_backend& operator=(const memory_backend&) = delete;

  bucket_id open_bucket(std::string_view name) override;
  const std::vector<std::string>& bucket_names() const noexcept override { return names_; }
  std::unique_ptr<kv_txn> begin_read() override;
  std::unique_ptr<kv_txn> begin_write() override;
  void grow() override;
  std::size_t size_bytes() const override { return committed_bytes_; }
  std::size_t room_bytes() const override {
    return options_.capacity_bytes > committed_bytes_ ? options_.capacity_bytes - committed_bytes_
                                                      : 0;
  }
  bool long_write_txns() const noexcept override { return true; }
  std::size_t max_key_bytes() const noexcept override { return options_.max_key_bytes; }

  // -- fault injection -------------------------------------------------------

  /// The next commit fails with `kind` (e.g. commit_failed for an fsync
  /// error, map_full for a full disk); its writes are discarded.
  void fail_next_commit(backend_error_kind kind = backend_error_kind::commit_failed);

  /// Commits that succeeded so far.
  uint64_t commits() const noexcept { return commits_; }

  std::size_t capacity_bytes() const noexcept { return options_.capacity_bytes; }

private:
  friend class memory_write_txn;

  memory_backend_options options_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<bucket_map>> buckets_;
  std::size_t committed_bytes_ = 0;
  bool writing_ = false;
  std::optional<backend_error_kind> fail_next_;
  uint64_t commits_ = 0;
};

} // namespace convoy::backend
