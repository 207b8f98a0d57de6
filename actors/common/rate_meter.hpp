#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace convoy {

/// Events per second over a sliding window, pure (the caller passes the
/// time, so it runs the same under the test coordinator's virtual clock).
/// The inspection console shows it ("pods/s", "syncs/s"): it must cost
/// nothing on the hot path, so add() is O(1) and the memory is one fixed
/// ring of 1-second buckets allocated at construction.
///
/// Each bucket remembers which second it counts; a bucket whose second fell
/// out of the window is simply overwritten by the next add() landing on it,
/// so nothing has to be swept when time jumps ahead.
class rate_meter {
public:
  using duration = std::chrono::nanoseconds;

  /// `window` is clamped to at least 1 s (one bucket): a zero window has
  /// no meaningful rate, and the meter must never fail on its input.
  explicit rate_meter(std::chrono::seconds window = std::chrono::seconds{10});

  /// Counts `n` events at `now`. A late event (a clock that went backwards)
  /// counts while it is inside the window; one whose ring slot already
  /// holds a newer second is dropped (it left the window already).
  void add(duration now, uint64_t n = 1);

  /// Events in the window divided by the span the window covers: from the
  /// later of the window's first bucket and the first event, to `now`;
  /// at least 1 s, so a lone first event does not read as a huge rate.
  /// 0 once no event happened for a full window. O(window seconds).
  double per_second(duration now) const;

  std::chrono::seconds window() const noexcept {
    return std::chrono::seconds{static_cast<int64_t>(buckets_.size())};
  }

private:
  struct bucket {
    int64_t second; ///< The second (since the clock's epoch) counted here.
    uint64_t count;
  };

  std::vector<bucket> buckets_;
  bool started_ = false;
  /// When the first event was counted: bounds the span before a full
  /// window has passed.
  duration first_{0};
};

} // namespace convoy
