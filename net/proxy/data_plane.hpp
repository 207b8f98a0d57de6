#pragma once

// The seam between the proxy actor and whatever forwards the traffic: the
// actor computes rules and hands them over; a real forwarder (tcp_forwarder)
// or a recording fake (simulation) applies them.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/proxy/core/rules.hpp"

namespace convoy::net::proxy {

/// One listener as the data plane sees it.
struct listener_stats {
  /// "ip:port".
  std::string address;
  std::string service_key;
  size_t backends = 0;
  /// Listening now (false: the bind failed, see `error`).
  bool bound = false;
  /// Why the bind failed ("" when bound).
  std::string error;
  uint64_t accepted = 0;
  uint64_t open_connections = 0;
};

/// Counters since start; a consistent-enough snapshot (each counter is
/// read atomically, not all of them at one instant).
struct plane_stats {
  uint64_t open_connections = 0;
  uint64_t total_accepted = 0;
  /// Client → backend bytes.
  uint64_t bytes_in = 0;
  /// Backend → client bytes.
  uint64_t bytes_out = 0;
  /// Backend connects that failed (each retried on the next backend).
  uint64_t backend_failures = 0;
  /// Clients closed because no backend took them (none, or all refused).
  uint64_t rejected = 0;
  /// apply() calls the data plane has finished processing.
  uint64_t applies = 0;
  /// Listeners of the last applied rule set, sorted by address.
  std::vector<listener_stats> listeners;
};

/// What the proxy actor drives. Implementations are thread-safe: apply()
/// and stats() may be called from any thread.
class data_plane {
public:
  virtual ~data_plane() = default;

  /// Makes the rule set `rules` the current one (asynchronously): opens
  /// listeners for new addresses, closes removed ones (their connections
  /// drain) and re-points the others. Never throws for a bad rule; bind
  /// failures show in stats().
  virtual void apply(std::vector<convoy::proxy::rule> rules) = 0;

  virtual plane_stats stats() const = 0;
};

} // namespace convoy::net::proxy
