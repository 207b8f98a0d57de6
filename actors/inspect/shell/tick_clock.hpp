#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define CONVOY_TICK_CLOCK_TSC 1
#endif

namespace convoy::inspect {

/// The clock inspected actors time each message with. Reading
/// std::chrono::steady_clock costs ~33 ns here (measured, vDSO on a TSC
/// clocksource), twice per message; the time stamp counter costs ~12 ns.
/// That difference is most of what inspection costs a busy actor
/// (bench/inspect). Elsewhere it falls back to steady_clock.
class tick_clock {
public:
  static uint64_t now() noexcept {
#ifdef CONVOY_TICK_CLOCK_TSC
    return __rdtsc();
#else
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
  }

  /// Ticks to nanoseconds (calibrated once per process).
  static uint64_t to_ns(uint64_t ticks) noexcept {
    return static_cast<uint64_t>(static_cast<double>(ticks) * ns_per_tick());
  }

  /// Nanoseconds per tick: measured against steady_clock over ~2 ms on
  /// first use (TSC), or exact (steady_clock).
  static double ns_per_tick() noexcept;
};

} // namespace convoy::inspect
