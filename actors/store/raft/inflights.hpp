#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convoy::raft {

/// Flow control of one follower in replicate state: the last index of each
/// MsgApp sent but not yet acknowledged, in a fixed-size ring. When full, the
/// leader stops pipelining until acknowledgements free slots.
class inflights {
public:
  explicit inflights(size_t capacity);

  /// Records a MsgApp whose last entry is `index` (indexes must increase).
  void add(uint64_t index);

  /// Frees every slot whose index is <= `to` (they were acknowledged).
  void free_le(uint64_t to);

  /// Frees the oldest slot (a heartbeat response proves the follower alive).
  void free_first_one();

  bool full() const noexcept {
    return count_ == buffer_.size();
  }

  size_t count() const noexcept {
    return count_;
  }

  size_t capacity() const noexcept {
    return buffer_.size();
  }

  void reset() noexcept {
    count_ = 0;
    start_ = 0;
  }

private:
  std::vector<uint64_t> buffer_;
  size_t start_ = 0;
  size_t count_ = 0;
};

} // namespace convoy::raft
