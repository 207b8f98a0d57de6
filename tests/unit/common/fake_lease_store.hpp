#pragma once

// Test double: one Lease in memory with compare-and-swap on a resourceVersion
// counter, like the apiserver's create/update of a single object.

#include <chrono>
#include <optional>
#include <string>

#include "actors/common/leader_election.hpp"

namespace convoy::test {

using namespace std::chrono_literals;
using le_action = leader_election::action;

struct fake_lease_store {
  std::optional<api::Lease> lease;
  std::optional<api::Lease> previous; // what a stale read returns
  long rv = 0;

  /// The stored Lease on success, nullopt on conflict (AlreadyExists or a
  /// resourceVersion mismatch).
  std::optional<api::Lease> apply(const le_action& a) {
    if (a.kind == le_action::none)
      return std::nullopt;
    if (a.kind == le_action::create && lease)
      return std::nullopt;
    if (a.kind == le_action::update
        && (!lease || lease->metadata().resource_version()
                        != a.lease.metadata().resource_version()))
      return std::nullopt;
    previous = lease;
    lease = a.lease;
    lease->mutable_metadata()->set_resource_version(std::to_string(++rv));
    return lease;
  }

  std::string holder() const {
    return lease ? lease->spec().holder_identity() : std::string{};
  }

  int transitions() const {
    return lease ? lease->spec().lease_transitions() : -1;
  }
};

/// Wall time derived from the shared monotonic time (clocks agree).
inline leader_election::wall_time wall_at(std::chrono::nanoseconds now) {
  return leader_election::wall_time{std::chrono::duration_cast<
    leader_election::wall_time::duration>(now + 1767225600s)};
}

inline leader_election::config make_config(std::string id) {
  leader_election::config cfg;
  cfg.identity = std::move(id);
  cfg.lease_name = "kube-scheduler";
  cfg.lease_namespace = "kube-system";
  return cfg;
}

/// One attempt against a reachable store with an immediate answer; returns
/// the action taken.
inline le_action::kind_t attempt(leader_election& le, fake_lease_store& store,
                                 std::chrono::nanoseconds now) {
  auto a = le.step(now, wall_at(now), store.lease);
  if (a.kind != le_action::none) {
    auto written = store.apply(a);
    le.on_write_result(now, written.has_value(), written);
  }
  return a.kind;
}

} // namespace convoy::test
