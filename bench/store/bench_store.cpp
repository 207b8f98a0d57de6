// convoy_bench_store: convoy's store next to real etcd (Debian's etcd-server)
// under the same load, measured in the same run. Prints figures; never
// passes or fails on them.
//
//   convoy_bench_store [--quick] [--reps N] [--etcd PATH] [--dir DIR]
//                      [--replicas 1|3] [--clients N[,N...]] [--convoy-only]
//
// For 1 and 3 replicas of each system (separate processes on 127.0.0.1,
// data on the same disk): durable puts of 256-byte values with 1, 16 and 64
// concurrent clients, then linearizable gets of the keys written; then
// `etcdctl check perf --load=l` against the 1-member etcd (not --quick).
// First, on the quiet disk: what one durable WAL-sized append costs with 1
// and with 3 writers, for the 1-client floor printed at the end.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "child.hpp"
#include "convoy_target.hpp"
#include "etcd_target.hpp"
#include "flush_probe.hpp"
#include "report.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;

namespace {

struct options {
  bool quick = false;
  int reps = 3;
  std::string etcd = "/usr/bin/etcd";
  std::filesystem::path dir;
  /// Narrow a run to what is being worked on (default: everything).
  std::vector<int> replicas{1, 3};
  std::vector<int> clients{1, 16, 64};
  bool convoy_only = false;
};

/// "1,16,64" -> {1, 16, 64}; empty when any item is not in [1, max].
std::vector<int> parse_counts(const std::string& text, int max) {
  std::vector<int> out;
  size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find(',', at);
    auto item = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    char* rest = nullptr;
    long n = std::strtol(item.c_str(), &rest, 10);
    if (item.empty() || *rest != '\0' || n < 1 || n > max)
      return {};
    out.push_back(static_cast<int>(n));
    if (end == std::string::npos)
      break;
    at = end + 1;
  }
  return out;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "convoy_bench_store: %s\n"
               "usage: convoy_bench_store [--quick] [--reps N] [--etcd PATH] [--dir DIR]\n"
               "                          [--replicas 1|3] [--clients N[,N...]] [--convoy-only]\n",
               why);
  return 2;
}

/// Operations per run: enough for stable percentiles at each concurrency,
/// and at one client a run of about a second: 400 ops (0.2-0.4 s) moved
/// the 1-client ratio to etcd by +-20 % from run to run.
int ops_for(int clients, bool quick) {
  int ops = clients == 1 ? 2000 : clients * 150;
  return quick ? ops / 4 : ops;
}

/// Runs every shape on `t`, appending one row per shape.
void run_shapes(target& t, const options& opt, std::vector<row>& rows) {
  for (int clients : opt.clients) {
    row puts{t.system(), t.replicas(), clients, op_kind::put, {}};
    row gets{t.system(), t.replicas(), clients, op_kind::get, {}};
    for (int rep = 0; rep < opt.reps; ++rep) {
      workload put;
      put.op = op_kind::put;
      put.clients = clients;
      put.ops = ops_for(clients, opt.quick);
      put.prefix = "/bench/c" + std::to_string(clients) + "r" + std::to_string(rep) + "/";
      put.value = std::string(256, 'v');
      puts.runs.push_back(t.run(put));
      workload get = put;
      get.op = op_kind::get;
      get.key_count = put.ops;
      gets.runs.push_back(t.run(get));
    }
    rows.push_back(std::move(puts));
    rows.push_back(std::move(gets));
    std::fprintf(stderr, "  %s x%d, %d clients done\n", t.system().c_str(), t.replicas(),
                 clients);
  }
}

/// etcd's own benchmark against the running etcd: the figure ANCHORS.md
/// quotes for this kind of machine. Its output is printed as it is.
void etcd_check_perf(const etcd_target& e, const std::filesystem::path& dir) {
  auto log = dir / "etcdctl-check-perf.log";
  child perf{{"/usr/bin/etcdctl", "--endpoints=" + e.leader_endpoint(), "check", "perf",
              "--load=l"},
             log};
  perf.wait_exit(std::chrono::minutes{3});
  // Only its verdict lines: the rest is a progress bar.
  std::printf("\netcdctl check perf --load=l (1 etcd member):\n");
  auto text = perf.log_text();
  for (auto verdict : {"PASS:", "FAIL:"})
    for (auto at = text.find(verdict); at != std::string::npos; at = text.find(verdict, at + 1))
      std::printf("  %s\n", text.substr(at, text.find('\n', at) - at).c_str());
}

void on_signal(int) {
  kill_all_children();
  std::_Exit(130);
}

} // namespace

int main(int argc, char** argv) {
  options opt;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      opt.quick = true;
      opt.reps = 1;
    } else if (arg == "--reps" && i + 1 < argc) {
      opt.reps = std::atoi(argv[++i]);
      if (opt.reps < 1 || opt.reps > 20)
        return usage("--reps: must be 1 to 20");
    } else if (arg == "--etcd" && i + 1 < argc) {
      opt.etcd = argv[++i];
    } else if (arg == "--dir" && i + 1 < argc) {
      opt.dir = argv[++i];
    } else if (arg == "--replicas" && i + 1 < argc) {
      opt.replicas = parse_counts(argv[++i], 3);
      if (opt.replicas.empty())
        return usage("--replicas: a comma-separated list of 1 and 3");
    } else if (arg == "--clients" && i + 1 < argc) {
      opt.clients = parse_counts(argv[++i], 1024);
      if (opt.clients.empty())
        return usage("--clients: a comma-separated list of counts from 1 to 1024");
    } else if (arg == "--convoy-only") {
      opt.convoy_only = true;
    } else {
      return usage(("unknown argument '" + arg + "'").c_str());
    }
  }
  if (opt.dir.empty())
    opt.dir = std::filesystem::temp_directory_path()
              / ("convoy-bench-store-" + std::to_string(::getpid()));
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::filesystem::create_directories(opt.dir);
  bool have_etcd = !opt.convoy_only && ::access(opt.etcd.c_str(), X_OK) == 0;
  if (!have_etcd && !opt.convoy_only)
    std::fprintf(stderr, "etcd not found at %s (apt-get install etcd-server): convoy only\n",
                 opt.etcd.c_str());

  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  // The floor needs etcd's rows beside it; without etcd it is not printed.
  std::map<int, flush_figures> flushes;
  try {
    for (int replicas : opt.replicas)
      if (have_etcd)
        flushes[replicas] = measure_flushes(opt.dir, replicas, opt.quick ? 250 : 1000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "flush probe: %s (no floor printed)\n", e.what());
  }
  std::vector<row> rows;
  for (int replicas : opt.replicas) {
    try {
      convoy_target c{sys, CONVOY_BINARY, opt.dir / ("convoy" + std::to_string(replicas)),
                      replicas};
      run_shapes(c, opt, rows);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "convoy x%d: %s\n", replicas, e.what());
    }
    if (!have_etcd)
      continue;
    try {
      etcd_target e{opt.etcd, opt.dir / ("etcd" + std::to_string(replicas)), replicas};
      run_shapes(e, opt, rows);
      if (replicas == 1 && !opt.quick)
        etcd_check_perf(e, opt.dir);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "etcd x%d: %s\n", replicas, e.what());
    }
  }
  print_table(rows);
  print_ratios(rows);
  print_floor(rows, flushes);
  std::filesystem::remove_all(opt.dir);
  return 0;
}
