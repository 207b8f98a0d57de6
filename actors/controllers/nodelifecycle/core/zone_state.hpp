#pragma once

#include <string>

namespace convoy::controllers::nodelifecycle {

/// Kubernetes' ZoneState. `initial` is a zone just seen, before its first
/// verdict; it is never reported.
enum class zone_health { initial, normal, partial_disruption, full_disruption };

/// "Normal", "PartialDisruption", "FullDisruption" ("Initial").
const char* to_string(zone_health health);

/// One zone as the status/inspection shows it.
struct zone_state {
  std::string zone;
  int nodes = 0;
  /// Nodes whose Ready condition is missing or not True.
  int unhealthy = 0;
  zone_health state = zone_health::normal;
};

/// Kubernetes' ComputeZoneState: FullDisruption when no node is ready and
/// some is not; PartialDisruption when more than 2 are not ready and they
/// are at least `unhealthy_threshold` of the zone; Normal otherwise.
zone_health compute_zone_health(int nodes, int unhealthy, double unhealthy_threshold);

} // namespace convoy::controllers::nodelifecycle
