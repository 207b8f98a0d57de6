#pragma once

// Part 3 of convoy_bench_node: how long a worker takes to move to another
// apiserver when its own dies (SIGKILL: the socket closes) or falls silent
// (SIGSTOP: only the heartbeat timeout notices), with real `convoy node`
// processes on loopback.

#include <string>

namespace convoy::bench {

/// Runs `trials` of each failover with a control-plane node, a second
/// apiserver and a worker under WORK_DIR/failover, prints each time and the
/// median. Throws on failure; every process started is killed either way.
void run_failover(const std::string& convoy_bin, const std::string& work_dir, int trials);

} // namespace convoy::bench
