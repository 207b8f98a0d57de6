#include "actors/apiserver/cache/event_window.hpp"

#include <algorithm>

#include "actors/apiserver/cache/object_meta.hpp"

namespace convoy::apiserver {

const std::shared_ptr<const google::protobuf::Message>& window_event::prev_at_revision() const {
  if (!prev_at_revision_ && prev)
    prev_at_revision_ = copy_at_revision(*prev.message, revision);
  return prev_at_revision_;
}

void event_window::reset(int64_t revision) {
  events_.clear();
  floor_ = revision;
}

void event_window::push(window_event event) {
  events_.push_back(std::move(event));
  while (events_.size() > capacity_) {
    // Events of one revision may straddle the eviction; resuming after the
    // evicted revision stays exact because every later event is kept.
    floor_ = std::max(floor_, events_.front().revision);
    events_.pop_front();
  }
}

size_t event_window::first_after(int64_t revision) const {
  auto it = std::upper_bound(events_.begin(), events_.end(), revision,
                             [](int64_t rev, const window_event& e) { return rev < e.revision; });
  return static_cast<size_t>(it - events_.begin());
}

} // namespace convoy::apiserver
