#pragma once

// Crash-loop back-off for container restarts (Kubernetes' kubelet keeps a
// flowcontrol.Backoff keyed by pod and container: the first crash restarts
// at once, then 10 s, doubling, capped at 300 s, forgotten after 2 * max
// without a crash).

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

using containers::wall_ms;

/// The back-off key of a container: "pod_uid/container".
std::string backoff_key(const std::string& pod_uid, const std::string& container);

/// Per-container exponential restart delay. Pure: the caller passes the
/// times it read from the runtime's records, so a restarted kubelet that
/// replays the exits it finds rebuilds the same schedule.
class crash_backoff {
public:
  static constexpr wall_ms initial_ms = 10'000;
  static constexpr wall_ms max_ms = 300'000;
  /// A run at least this long (or this long since the previous exit) starts
  /// the schedule over: Kubernetes expires an entry after 2 * max.
  static constexpr wall_ms reset_after_ms = 2 * max_ms;

  /// Records that the attempt started at `started_at` exited at
  /// `finished_at`. Idempotent: the relist sees the same exit many times, so
  /// an exit not newer than the last recorded one is ignored.
  void record_exit(const std::string& key, wall_ms finished_at, wall_ms started_at);

  /// When the next restart may happen; nullopt = it may start now.
  std::optional<wall_ms> blocked_until(const std::string& key, wall_ms now) const;

  /// The current delay of `key` (0 if it never crashed), for messages.
  wall_ms delay(const std::string& key) const;

  /// Drops every entry of the pod (keys "pod_uid/...").
  void forget_pod(const std::string& pod_uid);

  /// Drops entries whose last exit is older than reset_after_ms before
  /// `now` (they would restart at the initial delay anyway).
  void gc(wall_ms now);

  std::size_t size() const {
    return entries_.size();
  }

private:
  struct entry {
    wall_ms delay_ms = 0;
    wall_ms last_finished = 0;
  };

  /// Ordered so forget_pod is a range erase over the "uid/" prefix.
  std::map<std::string, entry> entries_;
};

} // namespace convoy::kubelet
