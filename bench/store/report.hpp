#pragma once

#include <map>
#include <string>
#include <vector>

#include "flush_probe.hpp"
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

/// For each replica count with 1-client rows of both systems: the least a
/// 1-client put can cost here, next to what it costs and what 2x etcd asks.
/// A put makes the round trips of a linearizable get (client to leader;
/// with 3 replicas also leader to followers) with a durable append inside
/// the last one, so get + append (`flushes`, by replica count: that many
/// writers on the disk at once; their p50, since the probe's own outliers
/// are not the put's) is its floor.
void print_floor(const std::vector<row>& rows, const std::map<int, flush_figures>& flushes);

} // namespace convoy::bench
