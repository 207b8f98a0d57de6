#pragma once

// The Prometheus text exposition format (version 0.0.4) of a node's actor
// metrics. Pure: the caller samples the probes and passes the clock reading,
// so the exact output is testable without actors, sockets or time.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/inspect/core/actor_probe.hpp"
#include "actors/inspect/core/probe_registry.hpp"

namespace convoy::net::http {

/// One actor's identity and counters at one moment.
struct actor_metrics {
  uint64_t id = 0;
  std::string name;
  std::string component;
  uint64_t restarts = 0;
  inspect::probe_counters counters;
};

/// Everything one scrape of /metrics prints.
struct metrics_snapshot {
  std::string node;
  std::string version;
  std::chrono::nanoseconds uptime{0};
  std::vector<actor_metrics> actors;
};

/// Samples every probe of `registry` (ordered by actor id).
std::vector<actor_metrics> sample_actors(const inspect::probe_registry& registry);

/// The exposition text of `snapshot`: HELP and TYPE once per family, every
/// actor labelled {node, actor, component, id}.
std::string format_prometheus(const metrics_snapshot& snapshot);

/// `value` escaped for a label value: backslash, double quote and line feed
/// become \\, \" and \n (the only escapes the format defines).
std::string escape_label_value(std::string_view value);

/// `ns` as decimal seconds, exact (no floating point): 1500000000 -> "1.5".
std::string seconds_text(uint64_t ns);

/// The `le` bounds (in ns) /metrics reports for convoy_actor_processing_seconds:
/// powers of two, each the upper bound of a latency_histogram bucket, so
/// merging buckets loses nothing at these bounds. +Inf follows them.
const std::vector<uint64_t>& processing_bounds_ns();

/// Cumulative counts of `latency` at each of processing_bounds_ns().
std::vector<uint64_t> cumulative_at_bounds(const inspect::latency_histogram::counts& latency);

} // namespace convoy::net::http
