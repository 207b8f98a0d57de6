#include "actors/apiserver/server/request_stats.hpp"

namespace convoy::apiserver {

namespace {

int64_t second_of(std::chrono::nanoseconds t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t).count();
}

double millis(uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

} // namespace

void request_stats::record(const std::string& verb, duration latency, bool error, duration now) {
  auto& v = verbs_[verb];
  ++v.requests;
  if (error)
    ++v.errors;
  v.latency.record(static_cast<uint64_t>(std::max<int64_t>(latency.count(), 0)));
  auto second = second_of(now);
  auto& slot = v.seconds[static_cast<size_t>(second) % rate_seconds];
  if (slot.first != second)
    slot = {second, 0};
  ++slot.second;
}

void request_stats::describe(duration now, ApiserverStatus& out) const {
  auto current = second_of(now);
  for (const auto& [verb, v] : verbs_) {
    auto& o = (*out.mutable_verbs())[verb];
    o.set_requests(v.requests);
    o.set_errors(v.errors);
    uint64_t recent = 0;
    for (const auto& [second, count] : v.seconds)
      if (second > current - static_cast<int64_t>(rate_seconds) && second <= current)
        recent += count;
    o.set_per_sec(static_cast<double>(recent) / rate_seconds);
    auto counts = v.latency.snapshot();
    o.set_p50_ms(millis(inspect::latency_histogram::quantile(counts, 0.50)));
    o.set_p99_ms(millis(inspect::latency_histogram::quantile(counts, 0.99)));
  }
}

} // namespace convoy::apiserver
