#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "actors/inspect/core/latency_histogram.hpp"
#include "apiserver/apiserver.pb.h"

namespace convoy::apiserver {

/// The requests the apiserver answered, by verb: totals, errors, latency
/// percentiles and the rate over the last ten seconds. Pure: the caller
/// passes the time. Fed once per answered request; read by the inspector.
class request_stats {
public:
  using duration = std::chrono::nanoseconds;
  static constexpr size_t rate_seconds = 10;

  void record(const std::string& verb, duration latency, bool error, duration now);

  /// Fills `out.verbs`.
  void describe(duration now, ApiserverStatus& out) const;

private:
  struct verb_counters {
    uint64_t requests = 0;
    uint64_t errors = 0;
    inspect::latency_histogram latency;
    /// Requests per second of the last rate_seconds seconds: (second, count).
    std::array<std::pair<int64_t, uint64_t>, rate_seconds> seconds{};
  };

  std::map<std::string, verb_counters> verbs_;
};

} // namespace convoy::apiserver
