#include "actors/controllers/nodelifecycle/core/zone_state.hpp"

namespace convoy::controllers::nodelifecycle {

const char* to_string(zone_health health) {
  switch (health) {
    case zone_health::initial:
      return "Initial";
    case zone_health::normal:
      return "Normal";
    case zone_health::partial_disruption:
      return "PartialDisruption";
    case zone_health::full_disruption:
      return "FullDisruption";
  }
  return "Unknown";
}

zone_health compute_zone_health(int nodes, int unhealthy, double unhealthy_threshold) {
  int ready = nodes - unhealthy;
  if (ready == 0 && unhealthy > 0)
    return zone_health::full_disruption;
  if (unhealthy > 2 && static_cast<double>(unhealthy) / nodes >= unhealthy_threshold)
    return zone_health::partial_disruption;
  return zone_health::normal;
}

} // namespace convoy::controllers::nodelifecycle
