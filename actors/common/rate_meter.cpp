#include "actors/common/rate_meter.hpp"

#include <algorithm>
#include <limits>

namespace convoy {

namespace {

/// An empty bucket: older than any real second, so it never counts.
constexpr int64_t no_second = std::numeric_limits<int64_t>::min();

int64_t second_of(rate_meter::duration t) {
  return std::chrono::floor<std::chrono::seconds>(t).count();
}

/// The ring slot of a second (also for negative seconds).
size_t slot_of(int64_t second, size_t size) {
  auto n = static_cast<int64_t>(size);
  return static_cast<size_t>(((second % n) + n) % n);
}

} // namespace

rate_meter::rate_meter(std::chrono::seconds window)
  : buckets_(static_cast<size_t>(std::max<int64_t>(window.count(), 1)), bucket{no_second, 0}) {}

void rate_meter::add(duration now, uint64_t n) {
  auto second = second_of(now);
  auto& b = buckets_[slot_of(second, buckets_.size())];
  if (b.second == second) {
    b.count += n;
  } else if (b.second < second) {
    b = bucket{second, n};
  } else {
    return; // the slot already counts a newer second: `now` left the window
  }
  first_ = started_ ? std::min(first_, now) : now;
  started_ = true;
}

double rate_meter::per_second(duration now) const {
  if (!started_)
    return 0.0;
  auto second = second_of(now);
  auto oldest = second - static_cast<int64_t>(buckets_.size()) + 1;
  uint64_t events = 0;
  for (const auto& b : buckets_)
    if (b.second >= oldest && b.second <= second)
      events += b.count;
  if (events == 0)
    return 0.0;
  duration from = std::max<duration>(std::chrono::seconds{oldest}, first_);
  duration span = std::max<duration>(now - from, std::chrono::seconds{1});
  return static_cast<double>(events) / std::chrono::duration<double>(span).count();
}

} // namespace convoy
