#pragma once

#include <string>

#include "workload.hpp"

namespace convoy::bench {

/// A running store cluster (convoy or etcd) the benchmark drives. The
/// client talks to the leader, so neither system pays a forwarding hop.
class target {
public:
  virtual ~target() = default;

  /// "convoy" or "etcd".
  virtual std::string system() const = 0;
  virtual int replicas() const = 0;
  /// Runs the workload to completion and measures it.
  virtual run_result run(const workload& w) = 0;
};

} // namespace convoy::bench
