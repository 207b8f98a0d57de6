#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/controllers/nodeipam/core/ipv4_cidr.hpp"

namespace convoy::controllers::nodeipam {

/// Why a cidr_set operation failed.
enum class cidr_error {
  none,
  /// Not "a.b.c.d/n".
  invalid,
  /// Does not overlap the cluster CIDR at all.
  out_of_range,
  /// Some node CIDR it covers is taken already.
  occupied,
  /// No node CIDR left.
  exhausted,
};

/// The outcome of a cidr_set operation: ok, or the error with a message
/// that names the CIDRs involved (it ends up in logs and Events).
struct cidr_status {
  cidr_error code = cidr_error::none;
  std::string message;

  bool ok() const noexcept {
    return code == cidr_error::none;
  }
};

/// Kubernetes' cidrset: the cluster CIDR cut into node CIDRs of one mask
/// size, each free or taken, handed out next-fit (the search starts after
/// the last one given, so a CIDR just released is not reused at once and a
/// late write of an old assignment is unlikely to collide). IPv4 only.
class cidr_set {
public:
  /// At most 2^16 node CIDRs per cluster CIDR, as Kubernetes allows for IPv4.
  static constexpr int max_subnet_bits = 16;

  /// The set over `cluster_cidr` ("10.0.0.0/16") cut into /`node_mask_size`
  /// CIDRs, or nothing with `error` saying why (the flags are wrong).
  static std::optional<cidr_set> make(const std::string& cluster_cidr, int node_mask_size,
                                      std::string& error);

  /// Marks every node CIDR that `cidr` overlaps as taken (a node CIDR
  /// bigger than the mask takes several, a smaller one the one holding
  /// it). All or nothing: fails if any of them is taken already, or if
  /// `cidr` is invalid or outside the cluster CIDR.
  cidr_status occupy(const std::string& cidr);

  /// The next free node CIDR after the last one handed out (wrapping
  /// around), now taken; nothing when every one is taken.
  std::optional<std::string> allocate_next();

  /// Frees every node CIDR that `cidr` overlaps (freeing a free one is
  /// fine); fails only if `cidr` is invalid or outside the cluster CIDR.
  cidr_status release(const std::string& cidr);

  /// Whether every node CIDR `cidr` overlaps is taken (false if invalid or
  /// outside).
  bool is_occupied(const std::string& cidr) const;

  /// Node CIDRs in the cluster CIDR, and how many are taken.
  size_t capacity() const noexcept {
    return used_.size();
  }
  size_t allocated() const noexcept {
    return allocated_;
  }

  /// The cluster CIDR, canonical.
  std::string cluster_cidr() const {
    return cluster_.canonical();
  }
  int node_mask_size() const noexcept {
    return node_mask_;
  }

private:
  cidr_set(ipv4_cidr cluster, int node_mask);

  /// The node CIDR indices [begin, end] that `cidr` overlaps.
  struct index_range {
    size_t begin = 0;
    size_t end = 0;
  };
  std::optional<index_range> range_of(const std::string& cidr, cidr_status& status) const;
  std::string node_cidr_at(size_t index) const;

  ipv4_cidr cluster_;
  int node_mask_;
  std::vector<bool> used_;
  size_t allocated_ = 0;
  /// Where allocate_next() starts looking.
  size_t next_candidate_ = 0;
};

} // namespace convoy::controllers::nodeipam
