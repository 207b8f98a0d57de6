#include "actors/inspect/core/latency_histogram.hpp"

namespace convoy::inspect {

latency_histogram::counts latency_histogram::snapshot() const noexcept {
  counts out{};
  for (size_t i = 0; i < bucket_count; ++i)
    out[i] = buckets_[i].load(std::memory_order_relaxed);
  return out;
}

size_t latency_histogram::bucket_of(uint64_t ns) noexcept {
  if (ns < (uint64_t{1} << min_exponent))
    return 0;
  auto exponent = static_cast<unsigned>(63 - __builtin_clzll(ns));
  if (exponent >= max_exponent)
    return bucket_count - 1;
  // The two bits below the leading one pick the quarter of [2^e, 2^(e+1)).
  auto quarter = static_cast<size_t>((ns >> (exponent - 2)) & 3);
  return (exponent - min_exponent) * sub_buckets + quarter;
}

uint64_t latency_histogram::upper_bound(size_t index) noexcept {
  auto exponent = min_exponent + static_cast<unsigned>(index / sub_buckets);
  auto quarter = index % sub_buckets;
  auto base = uint64_t{1} << exponent;
  return base + (base / 4) * (quarter + 1);
}

uint64_t latency_histogram::quantile(const counts& c, double q) noexcept {
  uint64_t total = 0;
  for (auto n : c)
    total += n;
  if (total == 0)
    return 0;
  // The smallest bucket whose cumulative count reaches q of the total.
  auto rank = static_cast<uint64_t>(q * static_cast<double>(total));
  if (rank == 0)
    rank = 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < bucket_count; ++i) {
    seen += c[i];
    if (seen >= rank)
      return upper_bound(i);
  }
  return upper_bound(bucket_count - 1);
}

latency_histogram::counts latency_histogram::minus(const counts& now,
                                                   const counts& before) noexcept {
  counts out{};
  for (size_t i = 0; i < bucket_count; ++i)
    out[i] = now[i] >= before[i] ? now[i] - before[i] : 0;
  return out;
}

} // namespace convoy::inspect
