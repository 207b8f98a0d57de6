#pragma once

#include <chrono>

#include "caf/actor_clock.hpp"
#include "caf/fwd.hpp"

namespace convoy {

/// Wall-clock time for timestamps (creationTimestamp, startTime, uptime
/// reports), derived from the actor system's clock so it is virtual and
/// deterministic under the test coordinator:
///   now() = anchor_wall + (clock.now() - anchor_steady).
/// In production the anchor is the real time when the clock was made; on the
/// test coordinator (simulation) virtual time zero is `sim_epoch_ms`.
class wall_clock {
public:
  using time_point = std::chrono::system_clock::time_point;

  /// 2026-01-01T00:00:00Z: what virtual time zero reads as in simulation.
  static constexpr int64_t sim_epoch_ms = 1767225600000;

  /// Reads the anchor from `sys`'s config (see above).
  explicit wall_clock(caf::actor_system& sys);

  wall_clock(const caf::actor_clock& clock, time_point anchor_wall,
             caf::actor_clock::time_point anchor_steady);

  time_point now() const;

  /// now() as milliseconds since the Unix epoch (what the kubelet and its
  /// container runtimes record).
  int64_t epoch_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch())
      .count();
  }

  /// Monotonic time of the underlying actor clock.
  caf::actor_clock::time_point steady_now() const {
    return clock_->now();
  }

private:
  const caf::actor_clock* clock_;
  time_point anchor_wall_;
  caf::actor_clock::time_point anchor_steady_;
};

} // namespace convoy
