#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "persistence/backend/kv_backend.hpp"

namespace convoy::backend {

/// Chunk size that suits a Raft InstallSnapshot message.
inline constexpr std::size_t default_snapshot_chunk_bytes = std::size_t{1} << 20;

/// Streams the whole content of a backend (every open bucket) as one byte
/// stream cut into chunks, for Raft InstallSnapshot. It holds a read txn, so
/// the stream is one consistent snapshot even while writes go on; it may be
/// pulled across many actor messages (keep it short-lived all the same: a
/// long LMDB reader pins old pages).
///
/// Stream: "CVYSNAP1", then records -- 'B' len name (switch bucket),
/// 'E' len key len value (an entry) -- then 'Z' and the CRC-32C (4 bytes,
/// big-endian) of everything before it. Lengths are LEB128 varints.
class snapshot_exporter {
public:
  /// Streams every open bucket.
  explicit snapshot_exporter(kv_backend& b);

  /// Streams only the named buckets (e.g. the state machine's, not the Raft
  /// log sharing the environment); each must be open.
  snapshot_exporter(kv_backend& b, std::vector<std::string> buckets);
  ~snapshot_exporter();

  snapshot_exporter(const snapshot_exporter&) = delete;
  snapshot_exporter& operator=(const snapshot_exporter&) = delete;

  /// The next chunk (1 to max_bytes bytes), or nullopt once all was pulled.
  std::optional<std::string> next_chunk(std::size_t max_bytes = default_snapshot_chunk_bytes);

private:
  /// Appends records to pending_ until it holds `want` bytes or the end.
  void fill(std::size_t want);
  void append(std::string_view bytes);

  std::unique_ptr<kv_txn> txn_;
  std::vector<std::string> names_;
  std::vector<bucket_id> ids_;
  std::size_t bucket_ = 0;
  std::unique_ptr<kv_cursor> cursor_;
  std::optional<kv_entry> at_;
  bool done_ = false;
  std::string pending_;
  uint32_t crc_ = 0;
};

/// Loads a stream made by snapshot_exporter into a write txn: first clears
/// the buckets it covers (every open one, or the named ones), then writes
/// each entry; a record for a bucket outside that set is refused. Throws backend_error
/// (corrupted) naming the problem for a damaged, truncated or foreign
/// stream or an unknown bucket; the caller must then abort the txn (or let
/// it be destroyed), so a bad snapshot never replaces good state. Run it
/// under run_write to survive map_full (feed everything again on retry).
class snapshot_importer {
public:
  snapshot_importer(kv_backend& b, kv_txn& write);

  /// Covers only the named buckets (each must be open).
  snapshot_importer(kv_backend& b, kv_txn& write, const std::vector<std::string>& buckets);

  /// Parses and writes the complete records of `chunk` (records may span
  /// chunks).
  void feed(std::string_view chunk);

  /// Requires the end record with a matching checksum and nothing after it.
  void finish();

  /// Entries written so far.
  uint64_t entries() const noexcept { return entries_; }

private:
  /// Parses one record at the front of buffer_; false when incomplete.
  bool parse_one();

  [[noreturn]] void fail(const std::string& what) const;

  kv_txn& txn_;
  /// The covered buckets: name and id.
  std::vector<std::pair<std::string, bucket_id>> covered_;
  std::string buffer_;
  std::size_t pos_ = 0;
  bool magic_seen_ = false;
  bool ended_ = false;
  std::optional<bucket_id> bucket_;
  uint32_t crc_ = 0;
  uint64_t entries_ = 0;
};

/// The whole snapshot of `b` (or of the named buckets) as one blob.
std::string export_snapshot(kv_backend& b);
std::string export_snapshot(kv_backend& b, const std::vector<std::string>& buckets);

/// Loads `blob` into `write` (see snapshot_importer).
void import_snapshot(kv_backend& b, kv_txn& write, std::string_view blob);
void import_snapshot(kv_backend& b, kv_txn& write, std::string_view blob, const std::vector<std::string>& buckets);

} // namespace convoy::backend
