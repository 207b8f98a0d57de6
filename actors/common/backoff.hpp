#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace convoy {

/// Exponential back-off with jitter, pure (the caller owns time and the
/// seeded generator). Used for reconnects, controller requeues and container
/// restarts: delays go initial, initial*factor, ... capped at `max`; each is
/// spread by +/- jitter so many retriers do not fire in lockstep.
class backoff {
public:
  using duration = std::chrono::nanoseconds;

  backoff(duration initial, duration max, double factor = 2.0, double jitter = 0.1);

  /// The delay before the next attempt; advances the schedule.
  duration next(std::mt19937_64& rng);

  /// The delay `next` would return without jitter, without advancing.
  duration peek() const {
    return current_;
  }

  /// Back to the initial delay (after a success).
  void reset();

  /// Number of delays handed out since the last reset.
  uint32_t attempts() const {
    return attempts_;
  }

private:
  duration initial_;
  duration max_;
  double factor_;
  double jitter_;
  duration current_;
  uint32_t attempts_ = 0;
};

} // namespace convoy
