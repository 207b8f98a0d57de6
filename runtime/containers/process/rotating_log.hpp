#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace convoy::containers {

/// The shim's side of a container log: appends to DIR/log and rotates by
/// size (log -> log.1 -> ... -> log.(max_files-1), the oldest dropped), so at
/// most `max_files` files exist. Offsets are logical and monotonic: log.index
/// holds the logical offset of the first byte of `log`, so a follower's
/// offset survives rotation (see state_files.hpp for the seqlock).
class rotating_log {
public:
  rotating_log(std::string dir, uint64_t max_bytes, int max_files);
  ~rotating_log();

  rotating_log(const rotating_log&) = delete;
  rotating_log& operator=(const rotating_log&) = delete;

  /// Opens (creates) DIR/log; false on failure.
  bool open();

  /// Appends `size` bytes, rotating whenever the current file would exceed
  /// max_bytes (at a line end when one fits).
  void append(const char* data, size_t size);

private:
  void rotate();
  void write_out(const char* data, size_t size);
  std::string path(int index) const;

  std::string dir_;
  uint64_t max_bytes_;
  int max_files_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t base_ = 0;
  uint64_t generation_ = 0;
};

} // namespace convoy::containers
