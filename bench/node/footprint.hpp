#pragma once

// Part 1 of convoy_bench_node: what an idle `convoy up --kubelets 2` costs
// in memory and CPU, read from /proc.

#include <string>

namespace convoy::bench {

/// Starts `convoy up --kubelets 2` on a fresh data dir under `work_dir`,
/// waits until both nodes are Ready and 5 s more, samples VmRSS, Pss and
/// CPU% over 10 s, prints the figures and stops it. Throws on failure (the
/// process is killed either way).
void run_footprint(const std::string& convoy_bin, const std::string& work_dir);

} // namespace convoy::bench
