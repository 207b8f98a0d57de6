#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace convoy::inspect {

/// Log-linear histogram of durations in nanoseconds: four buckets per power
/// of two (at most ~19 % relative error), 64 ns .. ~69 s. One writer (the
/// actor that owns it) and any number of readers: the writer uses plain
/// load+store on relaxed atomics, which costs no locked instruction on the
/// hot path; readers see a slightly stale but never torn count.
class latency_histogram {
public:
  static constexpr size_t sub_buckets = 4;
  static constexpr unsigned min_exponent = 6; // 64 ns
  static constexpr unsigned max_exponent = 36; // ~69 s
  static constexpr size_t bucket_count = (max_exponent - min_exponent) * sub_buckets;
  using counts = std::array<uint64_t, bucket_count>;

  /// Adds one duration. Single writer only.
  void record(uint64_t ns) noexcept {
    auto& slot = buckets_[bucket_of(ns)];
    slot.store(slot.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  /// The counts as of now (any thread).
  counts snapshot() const noexcept;

  static size_t bucket_of(uint64_t ns) noexcept;

  /// Upper bound in ns of bucket `index`.
  static uint64_t upper_bound(size_t index) noexcept;

  /// The `q` quantile (0..1) of `c` in ns (the bucket's upper bound), 0 if empty.
  static uint64_t quantile(const counts& c, double q) noexcept;

  /// `now - before`, bucket by bucket (counts only grow).
  static counts minus(const counts& now, const counts& before) noexcept;

private:
  std::array<std::atomic<uint64_t>, bucket_count> buckets_{};
};

} // namespace convoy::inspect
