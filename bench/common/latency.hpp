#pragma once

// What one measurement found (a run_result) and how per-operation latencies
// become percentiles: shared by every benchmark program.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace convoy::bench {

struct run_result {
  size_t ops = 0;
  size_t errors = 0;
  double seconds = 0;
  double ops_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  std::string first_error;
};

/// Per-operation latencies of one run (answered operations only).
class latency_recorder {
public:
  using clock = std::chrono::steady_clock;

  explicit latency_recorder(size_t expected);

  void add(clock::duration d) {
    micros_.push_back(std::chrono::duration<double, std::micro>(d).count());
  }

  /// Sorts the samples and fills ops, ops/s (answered ops / seconds) and the
  /// percentiles.
  run_result finish(double seconds, size_t errors, std::string first_error);

private:
  std::vector<double> micros_;
};

/// The median of each figure over repetitions (max: the worst one).
run_result median_of(std::vector<run_result> runs);

} // namespace convoy::bench
