#include "latency.hpp"

#include <algorithm>

namespace convoy::bench {

latency_recorder::latency_recorder(size_t expected) {
  micros_.reserve(expected);
}

run_result latency_recorder::finish(double seconds, size_t errors, std::string first_error) {
  run_result r;
  r.ops = micros_.size();
  r.errors = errors;
  r.seconds = seconds;
  r.first_error = std::move(first_error);
  r.ops_per_s = seconds > 0 ? static_cast<double>(r.ops) / seconds : 0;
  if (micros_.empty())
    return r;
  std::sort(micros_.begin(), micros_.end());
  auto at = [&](double q) {
    auto i = static_cast<size_t>(q * static_cast<double>(micros_.size() - 1) + 0.5);
    return micros_[std::min(i, micros_.size() - 1)] / 1000.0;
  };
  r.p50_ms = at(0.50);
  r.p99_ms = at(0.99);
  r.max_ms = micros_.back() / 1000.0;
  return r;
}

run_result median_of(std::vector<run_result> runs) {
  if (runs.empty())
    return {};
  auto median = [&](auto field) {
    std::vector<double> xs;
    for (const auto& r : runs)
      xs.push_back(r.*field);
    std::sort(xs.begin(), xs.end());
    return xs[xs.size() / 2];
  };
  run_result m;
  m.ops_per_s = median(&run_result::ops_per_s);
  m.p50_ms = median(&run_result::p50_ms);
  m.p99_ms = median(&run_result::p99_ms);
  m.seconds = median(&run_result::seconds);
  for (const auto& r : runs) {
    m.max_ms = std::max(m.max_ms, r.max_ms);
    m.ops += r.ops;
    m.errors += r.errors;
    if (m.first_error.empty())
      m.first_error = r.first_error;
  }
  return m;
}

} // namespace convoy::bench
