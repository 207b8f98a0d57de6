// convoy_bench_node: what a convoy node costs and how its links behave.
// Prints figures; never passes or fails on them.
//
//   convoy_bench_node [--only footprint|latency|failover] [--trials N]
//                     [--dir DIR] [--convoy PATH] [--verbose]
//
// - footprint: an idle `convoy up --kubelets 2` (fresh data dir, no pods):
//   VmRSS, Pss and CPU% over 10 s once both nodes are Ready + 5 s, against
//   the 30 MB target and k3s' ~1.6 GB;
// - latency: two actor systems in this process linked over 127.0.0.1,
//   plain and mutual TLS: 20,000 sequential 1 KiB requests (p50/p99,
//   req/s) and 200,000 one-way messages of 100 B and 4 KiB (msgs/s, MB/s);
// - failover: `convoy node` processes cp, api2 and w1 (as in
//   tests/integration/cluster_nodes_test.cpp); SIGKILL api2, and SIGSTOP
//   api2, each N times (default 3): how long w1 takes to notice and to use
//   cp's apiserver.
// Whole run: about 1.5 minutes. Every process started is killed at the end,
// also after an error.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "failover.hpp"
#include "footprint.hpp"
#include "link_bench.hpp"
#include "runtime/logging/log.hpp"

using namespace convoy;

namespace {

struct options {
  std::string only;
  int trials = 3;
  std::string dir;
  std::string convoy_bin = CONVOY_BINARY;
  bool verbose = false;
};

constexpr const char* usage =
  "usage: convoy_bench_node [--only footprint|latency|failover] [--trials N] [--dir DIR] "
  "[--convoy PATH] [--verbose]\n";

/// Fills `out`; an error line naming the argument, or empty.
std::string parse(int argc, char** argv, options& out) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--only" && has_value) {
      out.only = argv[++i];
      if (out.only != "footprint" && out.only != "latency" && out.only != "failover")
        return "--only must be footprint, latency or failover, not '" + out.only + "'";
    } else if (arg == "--trials" && has_value) {
      out.trials = std::atoi(argv[++i]);
      if (out.trials < 1 || out.trials > 50)
        return "--trials must be in 1..50";
    } else if (arg == "--dir" && has_value) {
      out.dir = argv[++i];
    } else if (arg == "--convoy" && has_value) {
      out.convoy_bin = argv[++i];
    } else if (arg == "--verbose") {
      out.verbose = true;
    } else {
      return "unknown argument '" + arg + "'";
    }
  }
  return {};
}

/// Runs one part; a failure is reported and the other parts still run.
template <class F>
bool run_part(const char* name, F part) {
  try {
    part();
    std::fflush(stdout);
    return true;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "convoy_bench_node: %s failed: %s\n", name, e.what());
    return false;
  }
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  if (auto err = parse(argc, argv, opts); !err.empty()) {
    std::fprintf(stderr, "convoy_bench_node: %s\n%s", err.c_str(), usage);
    return 2;
  }
  if (!opts.verbose)
    log::set_level(spdlog::level::warn);
  if (opts.dir.empty())
    opts.dir = (std::filesystem::temp_directory_path()
                / ("convoy-bench-node-" + std::to_string(::getpid())))
                 .string();
  std::filesystem::remove_all(opts.dir);
  std::filesystem::create_directories(opts.dir);
  std::printf("convoy_bench_node: %ld cores, convoy binary %s\n", sysconf(_SC_NPROCESSORS_ONLN),
              opts.convoy_bin.c_str());
  bool ok = true;
  auto wanted = [&](const char* part) { return opts.only.empty() || opts.only == part; };
  if (wanted("footprint"))
    ok &= run_part("footprint", [&] { bench::run_footprint(opts.convoy_bin, opts.dir); });
  if (wanted("latency"))
    ok &= run_part("latency", [&] { bench::run_link_bench(opts.dir); });
  if (wanted("failover"))
    ok &= run_part("failover",
                   [&] { bench::run_failover(opts.convoy_bin, opts.dir, opts.trials); });
  std::error_code ec;
  std::filesystem::remove_all(opts.dir, ec);
  return ok ? 0 : 1;
}
