#pragma once

// Routes between nodes, like flannel's host-gw backend: every other node's
// pod CIDR is routed via that node's InternalIP (all nodes on one L2
// network). Pure functions here; host_gw_routes applies them.

#include <string>
#include <vector>

#include "api/node.pb.h"

namespace convoy::network {

/// One route: pod CIDR `cidr` via node address `via`.
struct pod_route {
  std::string cidr;
  std::string via;
};

bool operator==(const pod_route& a, const pod_route& b);
bool operator<(const pod_route& a, const pod_route& b);

/// The routes node `own_node` needs: one per OTHER node with a valid
/// spec.podCIDR and an InternalIP. Skipped: the own node (its pods are on
/// its bridge), nodes whose InternalIP is in 127.0.0.0/8 (they share this
/// host, whose bridges are connected routes already), invalid CIDRs or
/// addresses (reported in `errors` if given, naming node and field).
/// Sorted by CIDR; a CIDR claimed twice keeps the first node by name.
std::vector<pod_route> desired_routes(const std::vector<api::Node>& nodes,
                                      const std::string& own_node,
                                      std::vector<std::string>* errors = nullptr);

/// The routes of `ip -4 route show proto 77` output ("CIDR via IP dev ...");
/// lines without a via (or malformed) are returned as cidr with empty via,
/// so they are replaced or deleted.
std::vector<pod_route> parse_route_list(const std::string& text);

struct route_diff {
  /// `ip route replace` these (new or pointing elsewhere).
  std::vector<pod_route> replace;
  /// `ip route del` these CIDRs (ours, no longer wanted).
  std::vector<std::string> remove;
  bool empty() const {
    return replace.empty() && remove.empty();
  }
};

/// What turns `current` into `desired`.
route_diff diff_routes(const std::vector<pod_route>& desired,
                       const std::vector<pod_route>& current);

} // namespace convoy::network
