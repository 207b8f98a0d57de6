#include "actors/common/request_deadlines.hpp"

#include <algorithm>
#include <functional>

namespace convoy {

void request_deadlines::add(uint64_t id, time_point now, duration timeout) {
  heap_.push_back(entry{now + timeout, id});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

std::optional<request_deadlines::time_point> request_deadlines::next_due() const {
  if (heap_.empty())
    return std::nullopt;
  return heap_.front().deadline;
}

std::vector<uint64_t> request_deadlines::take_expired(time_point now) {
  std::vector<uint64_t> ids;
  while (!heap_.empty() && heap_.front().deadline <= now) {
    ids.push_back(heap_.front().id);
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
    heap_.pop_back();
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

} // namespace convoy
