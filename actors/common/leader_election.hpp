#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string>

#include "api/coordination.pb.h"

namespace convoy {

/// Leader election on a coordination.k8s.io/v1 Lease: the decision logic of
/// client-go's leaderelection package (tryAcquireOrRenew + the renew
/// deadline), pure. The owning actor reads the Lease, calls `step`, performs
/// the returned create/update against the apiserver, reports the answer with
/// `on_write_result`, and sleeps until `next_wakeup`. It compares
/// `is_leader(now)` before and after each call to start or stop leading.
///
/// Time comes in two forms, both supplied by the caller:
/// - `now`: monotonic time (any fixed origin) for every decision: lease
///   expiry, renew deadline, wake-ups;
/// - `wall`: wall-clock time, only written into acquireTime / renewTime.
/// Remote timestamps are never trusted: like client-go, a lease expires when
/// the record has not CHANGED for lease_duration of local monotonic time, so
/// clock skew between hosts does not matter.
///
/// Safety: a leader counts its renew deadline from the time it SENT the
/// successful write (not when the answer arrived), and no other elector can
/// see that write earlier; since renew_deadline < lease_duration, the old
/// leader stops before anyone may take over. Compare-and-swap on
/// resourceVersion rejects writes based on stale reads.
class leader_election {
public:
  // -- member types -----------------------------------------------------------

  using duration = std::chrono::nanoseconds;
  using wall_time = std::chrono::system_clock::time_point;

  struct config {
    /// Unique among the candidates (client-go: hostname + "_" + uuid).
    std::string identity;
    /// Written into metadata when this elector creates the Lease.
    std::string lease_name;
    std::string lease_namespace;
    /// How long others wait without seeing a change before taking over.
    duration lease_duration = std::chrono::seconds{15};
    /// How long a leader keeps acting without a successful renew.
    duration renew_deadline = std::chrono::seconds{10};
    /// Interval between attempts to acquire or renew.
    duration retry_period = std::chrono::seconds{2};
  };

  /// client-go's JitterFactor: non-leaders wait retry_period * [1, 2.2).
  static constexpr double jitter_factor = 1.2;

  struct action {
    enum kind_t { none, create, update };
    kind_t kind = none;
    /// The Lease to write; for `update` it carries the observed
    /// resourceVersion, so the apiserver does a compare-and-swap.
    api::Lease lease;
  };

  // -- construction -----------------------------------------------------------

  /// Empty when `cfg` is valid, else a message naming the offending field.
  /// Rules of client-go: lease_duration > renew_deadline >
  /// jitter_factor * retry_period, all > 0, identity non-empty.
  static std::string validate(const config& cfg);

  /// Precondition: validate(cfg) is empty (throws std::invalid_argument else).
  explicit leader_election(config cfg);

  // -- driving ----------------------------------------------------------------

  /// One tryAcquireOrRenew with `observed` = the Lease as just read (nullopt:
  /// it does not exist). Call it only when no write is outstanding.
  action step(duration now, wall_time wall, const std::optional<api::Lease>& observed);

  /// The answer to the last create/update: `written` is the stored Lease the
  /// apiserver returned on success (may be nullopt).
  void on_write_result(duration now, bool succeeded, const std::optional<api::Lease>& written);

  /// Gives up leadership at once and returns the update that clears
  /// holderIdentity (ReleaseOnCancel) so another candidate can take over
  /// without waiting; `none` if not leader.
  action release(duration now, wall_time wall);

  // -- observers --------------------------------------------------------------

  /// True while the last successful write of this leader was sent less than
  /// renew_deadline ago.
  bool is_leader(duration now) const;

  /// Absolute monotonic time of the next `step`: a leader renews every
  /// retry_period, others retry with client-go's jitter drawn from `rng`.
  duration next_wakeup(duration now, std::mt19937_64& rng) const;

  const config& cfg() const {
    return cfg_;
  }

private:
  /// Remembers `lease` as the observed record; resets observed_time_ if the
  /// record (spec or resourceVersion) changed.
  void observe(duration now, const api::Lease& lease);

  config cfg_;
  std::optional<api::Lease> observed_;
  /// Local time when the observed record last changed.
  duration observed_time_{0};
  /// Send time of the last successful write that made us holder.
  std::optional<duration> last_renew_;
  /// The outstanding write, if any.
  struct pending_write {
    duration sent;
    bool acquires;
    api::Lease lease;
  };
  std::optional<pending_write> pending_;
};

} // namespace convoy
