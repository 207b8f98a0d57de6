#pragma once

#include <optional>
#include <string>

namespace convoy::controllers::nodeipam {

/// kube-controller-manager's node IPAM flags (--cluster-cidr,
/// --node-cidr-mask-size), with convoy's defaults. The controller runs only
/// with --allocate-node-cidrs; that switch belongs to whoever spawns it.
struct nodeipam_options {
  /// The range every node's pod CIDR comes from (convoy's workers number
  /// their pod CIDRs 127.16.N.0/24 from the same range).
  std::string cluster_cidr = "127.16.0.0/12";
  /// The prefix length of each node's pod CIDR.
  int node_cidr_mask_size = 24;

  /// The first invalid field as the flag's error message, or nothing.
  std::optional<std::string> validate() const;
};

} // namespace convoy::controllers::nodeipam
