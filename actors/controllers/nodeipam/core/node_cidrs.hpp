#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "actors/controllers/nodeipam/core/cidr_set.hpp"

namespace convoy::controllers::nodeipam {

/// Which node holds which pod CIDR, over a cidr_set: the bookkeeping of
/// Kubernetes' range allocator plus what it leaves implicit. A node that
/// claims a CIDR another node holds is remembered as waiting on it, so
/// when the holder goes away the CIDR passes to the waiter instead of
/// becoming free (it is still in use on that node). Pure: the controller
/// feeds it what its Node informer shows and what it writes.
class node_cidrs {
public:
  /// What observe() found.
  enum class verdict {
    /// The node's CIDR is now marked as its own.
    claimed,
    /// Nothing new: the node was observed with this CIDR before.
    unchanged,
    /// Another node holds (part of) the CIDR: left alone, to report.
    collision,
    /// The CIDR lies outside the cluster CIDR: left alone, to report.
    out_of_range,
    /// Not an IPv4 CIDR: left alone, to report.
    invalid,
  };

  struct observation {
    verdict what = verdict::unchanged;
    /// For the report (empty for claimed and unchanged).
    std::string message;
  };

  explicit node_cidrs(cidr_set set) : set_(std::move(set)) {}

  /// Node `node` shows `cidr` in spec.podCIDR: mark it as the node's (a
  /// CIDR reserved for it earlier that differs is given back first).
  observation observe(const std::string& node, const std::string& cidr);

  /// A CIDR for `node`, which has none in its spec: the one reserved for
  /// it before (its write failed), else the next free one. Nothing when the
  /// cluster CIDR is exhausted.
  std::optional<std::string> reserve(const std::string& node);

  /// `node` is gone: its CIDR passes to a node waiting on it, else becomes
  /// free. True if a CIDR became free (waiting nodes may get one now).
  bool forget(const std::string& node);

  /// The CIDR `node` holds (claimed or reserved), if any.
  std::optional<std::string> cidr_of(const std::string& node) const;

  /// Nodes whose CIDR is in conflict (collision, out of range, invalid).
  size_t conflicts() const noexcept;

  const cidr_set& set() const noexcept {
    return set_;
  }

private:
  enum class role { holder, waiter, outside };

  struct entry {
    std::string cidr;
    role what = role::holder;
  };

  observation reject(const std::string& node, const std::string& cidr, const cidr_status& why);

  cidr_set set_;
  /// Node -> what it has (canonical CIDR for holders and waiters).
  std::map<std::string, entry> nodes_;
  /// Canonical CIDR -> its holder.
  std::map<std::string, std::string> holders_;
  /// Canonical CIDR -> nodes claiming it while another holds it.
  std::map<std::string, std::set<std::string>> waiters_;
};

} // namespace convoy::controllers::nodeipam
