#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace convoy::store {

/// Decides when leases expire. Only the leader keeps time for leases (like
/// etcd's lessor): on promotion every known lease gets its full TTL again, so
/// a leader change never expires a lease early; keep-alives refresh the
/// deadline; expired leases are handed out once for revocation through Raft
/// (and again after `retry` if the revocation did not commit). Pure: the
/// caller passes the time.
class lease_keeper {
public:
  using time_point = std::chrono::nanoseconds;

  explicit lease_keeper(std::chrono::nanoseconds retry = std::chrono::seconds{1})
    : retry_(retry) {
    // nop
  }

  /// This replica became leader at `now`, knowing these leases (id -> TTL s).
  void promote(time_point now, const std::map<int64_t, int64_t>& leases);

  /// This replica is no longer leader: stop timing.
  void demote();

  bool leading() const {
    return leading_;
  }

  /// A grant was applied (the TTL counts from `now`).
  void granted(int64_t id, int64_t ttl_seconds, time_point now);

  /// A revocation was applied.
  void revoked(int64_t id);

  /// Refreshes the deadline; returns the TTL, or nothing for an unknown lease.
  std::optional<int64_t> keep_alive(int64_t id, time_point now);

  /// Seconds left (rounded up), or nothing for an unknown lease.
  std::optional<int64_t> remaining(int64_t id, time_point now) const;

  /// Leases whose deadline passed and that are not already being revoked.
  std::vector<int64_t> expired(time_point now);

private:
  struct lease {
    int64_t ttl_seconds;
    time_point deadline;
    time_point revoke_asked{-1};
  };

  std::chrono::nanoseconds retry_;
  bool leading_ = false;
  std::map<int64_t, lease> leases_;
};

} // namespace convoy::store
