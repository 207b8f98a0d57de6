#pragma once

// Part 2 of convoy_bench_node: what a link between two actor nodes costs,
// in one process (two caf::actor_systems joined over loopback by the
// middleman, exactly as `convoy node` configures them), plain TCP and
// mutual TLS side by side.

#include <string>

namespace convoy::bench {

/// Measures request/response latency and one-way throughput over plain and
/// TLS links and prints the figures; certificates go to WORK_DIR/certs.
/// Throws on failure.
void run_link_bench(const std::string& work_dir);

} // namespace convoy::bench
