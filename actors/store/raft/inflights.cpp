#include "actors/store/raft/inflights.hpp"

#include "actors/store/raft/util.hpp"

namespace convoy::raft {

inflights::inflights(size_t capacity) : buffer_(capacity) {
  require(capacity > 0, "inflights capacity must be positive");
}

void inflights::add(uint64_t index) {
  require(!full(), "inflights::add on a full window");
  auto next = start_ + count_;
  if (next >= buffer_.size())
    next -= buffer_.size();
  buffer_[next] = index;
  ++count_;
}

void inflights::free_le(uint64_t to) {
  while (count_ > 0 && buffer_[start_] <= to) {
    if (++start_ == buffer_.size())
      start_ = 0;
    --count_;
  }
  if (count_ == 0)
    start_ = 0;
}

void inflights::free_first_one() {
  if (count_ == 0)
    return;
  free_le(buffer_[start_]);
}

} // namespace convoy::raft
