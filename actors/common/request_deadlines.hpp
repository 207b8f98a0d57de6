#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace convoy {

/// The deadlines of an actor's outstanding requests, pure (ids and times
/// come from the caller), so that timeouts can be checked in batches.
///
/// Why: CAF 0.17.6 hands every request timeout to its clock thread twice
/// (set on send, cancel on answer), each through a mutex-guarded ring that
/// wakes that thread: at 10k requests/s that was about a fifth of a 2-core
/// machine. Requests tracked here are sent without a CAF timeout; the actor
/// sweeps this queue on one timer instead.
///
/// A binary min-heap on the deadline: add() and each expiry are O(log n),
/// whatever mix of timeouts the caller uses. An answered request stays
/// queued until its deadline passes (nothing here learns of answers):
/// memory is 16 bytes per request sent within the last timeout.
class request_deadlines {
public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::nanoseconds;

  /// Tracks request `id`, sent at `now`, which times out after `timeout`.
  void add(uint64_t id, time_point now, duration timeout);

  /// The earliest deadline of a tracked request, if any.
  std::optional<time_point> next_due() const;

  /// Stops tracking every request whose deadline is at or before `now`
  /// and returns their ids in ascending order.
  std::vector<uint64_t> take_expired(time_point now);

  size_t size() const noexcept { return heap_.size(); }

private:
  struct entry {
    time_point deadline;
    uint64_t id;
    /// Orders the heap so that the earliest deadline is on top.
    bool operator>(const entry& other) const noexcept { return deadline > other.deadline; }
  };

  std::vector<entry> heap_;
};

} // namespace convoy
