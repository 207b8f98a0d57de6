#pragma once

#include <chrono>
#include <cstdint>
#include <deque>

#include "actors/inspect/core/actor_probe.hpp"

namespace convoy::inspect {

/// Rates and processing-time percentiles of one actor over a sliding window.
struct window_stats {
  double received_per_sec = 0;
  double processed_per_sec = 0;
  /// Share of the window the actor spent handling messages (0..1 per thread).
  double busy = 0;
  uint64_t p50_ns = 0;
  uint64_t p99_ns = 0;
  uint64_t max_bucket_ns = 0;
  /// Seconds the rates cover (0 before the second sample).
  double seconds = 0;
};

/// Keeps periodic samples of one actor's counters so the inspector can answer
/// "how busy is it now" rather than "since it started". Percentiles cover the
/// messages of the last one to two spans; when there were none they fall back
/// to everything since the actor started, so an idle actor still shows its
/// typical cost.
class actor_window {
public:
  using clock_ns = std::chrono::nanoseconds;

  explicit actor_window(clock_ns span = std::chrono::seconds{10}) : span_(span) {}

  /// A sample taken at `at` (monotonic).
  void add(clock_ns at, const probe_counters& c);

  /// The window ending with `current`, taken at `now`.
  window_stats stats(clock_ns now, const probe_counters& current) const;

private:
  struct point {
    clock_ns at;
    uint64_t processed;
    uint64_t received;
    uint64_t busy_ns;
  };

  clock_ns span_;
  std::deque<point> points_;
  latency_histogram::counts baseline_{};
  latency_histogram::counts next_baseline_{};
  clock_ns baseline_at_{-1};
};

} // namespace convoy::inspect
