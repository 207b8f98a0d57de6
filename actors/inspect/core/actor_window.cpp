#include "actors/inspect/core/actor_window.hpp"

#include <numeric>

namespace convoy::inspect {

void actor_window::add(clock_ns at, const probe_counters& c) {
  points_.push_back(point{at, c.processed, c.received(), c.busy_ns});
  while (points_.size() > 2 && at - points_[1].at >= span_)
    points_.pop_front();
  // Two baselines a span apart: percentiles always cover at least one span.
  if (baseline_at_.count() < 0 || at - baseline_at_ >= span_) {
    baseline_ = next_baseline_;
    next_baseline_ = c.latency;
    baseline_at_ = at;
  }
}

window_stats actor_window::stats(clock_ns now, const probe_counters& current) const {
  window_stats out;
  if (!points_.empty() && now > points_.front().at) {
    const auto& first = points_.front();
    out.seconds = std::chrono::duration<double>(now - first.at).count();
    auto per_sec = [&](uint64_t later, uint64_t earlier) {
      return later >= earlier ? static_cast<double>(later - earlier) / out.seconds : 0.0;
    };
    out.processed_per_sec = per_sec(current.processed, first.processed);
    out.received_per_sec = per_sec(current.received(), first.received);
    out.busy = per_sec(current.busy_ns, first.busy_ns) / 1e9;
  }
  auto recent = latency_histogram::minus(current.latency, baseline_);
  auto recent_total = std::accumulate(recent.begin(), recent.end(), uint64_t{0});
  const auto& basis = recent_total > 0 ? recent : current.latency;
  out.p50_ns = latency_histogram::quantile(basis, 0.50);
  out.p99_ns = latency_histogram::quantile(basis, 0.99);
  out.max_bucket_ns = latency_histogram::quantile(basis, 1.0);
  return out;
}

} // namespace convoy::inspect
