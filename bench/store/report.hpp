#pragma once

#include <string>
#include <vector>

#include "workload.hpp"

namespace convoy::bench {

/// One line of the table: a workload shape on one system, over repetitions.
struct row {
  std::string system;
  int replicas = 0;
  int clients = 0;
  op_kind op = op_kind::put;
  std::vector<run_result> runs;
};

/// system, replicas, clients, op, ops/s, p50, p99, max (medians over the
/// repetitions; max is the worst), each repetition's ops/s, errors.
void print_table(const std::vector<row>& rows);

/// convoy/etcd throughput and the p99s side by side, for every shape both
/// systems ran, against the target (>= 2x etcd's writes/s, lower p99).
void print_ratios(const std::vector<row>& rows);

} // namespace convoy::bench
