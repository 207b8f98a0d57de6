#include "runtime/node/controller_flags.hpp"

#include <cstdlib>

namespace convoy {

namespace {

std::optional<double> parse_fraction(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(value >= 0))
    return std::nullopt;
  return value;
}

std::optional<std::string> check_rate(const std::string& text) {
  if (parse_fraction(text))
    return std::nullopt;
  return "'" + text + "' is not a non-negative number";
}

std::optional<std::string> check_bool(const std::string& text) {
  if (text == "true" || text == "false")
    return std::nullopt;
  return "'" + text + "' is not true or false";
}

std::chrono::milliseconds millis(const config::flag_set& flags, const std::string& name) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(flags.duration(name));
}

} // namespace

void add_controller_flags(config::flag_set& flags) {
  using namespace std::chrono_literals;
  flags
    .add_list("controllers", {},
              "controllers role: the controllers to run (default: all)", "NAME,...")
    .add_string("leader-elect", "true",
                "scheduler and controllers roles: elect one active replica on a Lease", "BOOL",
                check_bool)
    .add_duration("leader-elect-lease-duration", 15s,
                  "how long standbys wait before taking over a silent leader's Lease")
    .add_duration("leader-elect-renew-deadline", 10s,
                  "how long a leader keeps acting without renewing its Lease")
    .add_duration("leader-elect-retry-period", 2s, "interval of Lease acquire/renew attempts")
    .add_duration("node-monitor-period", 5s, "controllers role: how often nodes are checked")
    .add_duration("node-monitor-grace-period", 40s,
                  "controllers role: silence after which a node is marked Ready=Unknown")
    .add_duration("node-startup-grace-period", 60s,
                  "controllers role: the same for a node that never reported Ready")
    .add_string("node-eviction-rate", "0.1",
                "controllers role: nodes per second tainted for eviction in a healthy zone",
                "RATE", check_rate)
    .add_string("secondary-node-eviction-rate", "0.01",
                "controllers role: the same in a partially disrupted large zone", "RATE",
                check_rate)
    .add_int("large-cluster-size-threshold", 50, 0, INT32_MAX,
             "controllers role: zones up to this size stop evicting when partially disrupted")
    .add_string("unhealthy-zone-threshold", "0.55",
                "controllers role: fraction of unready nodes that makes a zone disrupted",
                "FRACTION", check_rate)
    .add_string("allocate-node-cidrs", "true",
                "controllers role: give every Node a pod CIDR from --cluster-cidr (nodeipam)",
                "BOOL", check_bool)
    .add_string("cluster-cidr", "127.16.0.0/12",
                "controllers role: the range node pod CIDRs come from", "CIDR")
    .add_int("node-cidr-mask-size", 24, 1, 32, "controllers role: prefix length of a node's CIDR")
    .add_int("default-not-ready-toleration-seconds", 300, 0, INT32_MAX,
             "apiserver role: tolerationSeconds added to pods for the not-ready taint")
    .add_int("default-unreachable-toleration-seconds", 300, 0, INT32_MAX,
             "apiserver role: tolerationSeconds added to pods for the unreachable taint");
}

std::optional<std::string> read_controller_flags(const config::flag_set& flags,
                                                 controller_options& out) {
  out.controllers = flags.list("controllers");
  out.leader_elect = flags.str("leader-elect") == "true";
  out.lease_duration = millis(flags, "leader-elect-lease-duration");
  out.renew_deadline = millis(flags, "leader-elect-renew-deadline");
  out.retry_period = millis(flags, "leader-elect-retry-period");
  out.node_monitor_period = millis(flags, "node-monitor-period");
  out.node_monitor_grace_period = millis(flags, "node-monitor-grace-period");
  out.node_startup_grace_period = millis(flags, "node-startup-grace-period");
  out.node_eviction_rate = *parse_fraction(flags.str("node-eviction-rate"));
  out.secondary_node_eviction_rate = *parse_fraction(flags.str("secondary-node-eviction-rate"));
  out.large_cluster_size_threshold = flags.integer("large-cluster-size-threshold");
  out.unhealthy_zone_threshold = *parse_fraction(flags.str("unhealthy-zone-threshold"));
  if (out.unhealthy_zone_threshold > 1)
    return std::string{"--unhealthy-zone-threshold: must be between 0 and 1"};
  out.allocate_node_cidrs = flags.str("allocate-node-cidrs") == "true";
  out.cluster_cidr = flags.str("cluster-cidr");
  out.node_cidr_mask_size = static_cast<int>(flags.integer("node-cidr-mask-size"));
  out.default_not_ready_toleration_seconds = flags.integer("default-not-ready-toleration-seconds");
  out.default_unreachable_toleration_seconds
    = flags.integer("default-unreachable-toleration-seconds");
  return std::nullopt;
}

} // namespace convoy
