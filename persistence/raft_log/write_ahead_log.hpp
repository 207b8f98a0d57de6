#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace convoy::store {

/// A preallocated, checksummed append-only file that makes a Raft ready
/// durable with ONE fdatasync, where an LMDB commit needs two (data pages,
/// then the meta page). The replica's LMDB environment stays the home of its
/// log: a record only covers the time until the LMDB commit that carries
/// the same writes is itself durable; the replica then commits LMDB lazily.
///
/// Layout: records back to back from offset 0, each
///   u32 payload length | u32 CRC-32C of (length, seq, payload) | u64 seq | payload
/// (little-endian), seq increasing by one. The file is written with zeroes
/// to its full size once, so an append changes no file metadata and its
/// fdatasync is a single device flush. When it is full the owner makes the
/// LMDB state durable and calls restart(): appends begin again at offset 0
/// and the records of the previous lap end the chain by their older seq.
class write_ahead_log {
public:
  static constexpr uint64_t default_capacity = 64ull << 20;

  /// Opens (creating and zero-filling if needed) the file at `path`; reads
  /// the valid chain to find where appends continue. Throws
  /// std::runtime_error naming the file and the failing call.
  explicit write_ahead_log(std::string path, uint64_t capacity = default_capacity);
  ~write_ahead_log();

  write_ahead_log(const write_ahead_log&) = delete;
  write_ahead_log& operator=(const write_ahead_log&) = delete;

  /// The records with seq > `after`, oldest first: the valid chain from
  /// offset 0, stopping at a zeroed, torn or stale record.
  std::vector<std::pair<uint64_t, std::string>> read_after(uint64_t after) const;

  /// Whether a record of `payload_bytes` still fits this lap.
  bool fits(size_t payload_bytes) const;

  /// Appends a record and fdatasyncs it; returns its seq. Requires fits().
  uint64_t append(std::string_view payload);

  /// Starts a new lap at offset 0 (every record so far must be durable
  /// elsewhere). Seqs keep increasing.
  void restart();

  /// Makes the next record's seq at least `seq` + 1, starting a new lap if
  /// that breaks the chain (the file lost records someone else still counts).
  void continue_after(uint64_t seq);

  /// The seq of the last record appended (0: none yet).
  uint64_t last_seq() const { return last_seq_; }

  const std::string& path() const { return path_; }

private:
  static constexpr size_t header_bytes = 16;

  void fail(const char* call) const;

  std::string path_;
  uint64_t capacity_;
  int fd_ = -1;
  uint64_t tail_ = 0;
  uint64_t last_seq_ = 0;
  std::string buf_; ///< reused for every append
};

} // namespace convoy::store
