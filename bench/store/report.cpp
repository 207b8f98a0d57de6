#include "report.hpp"

#include <cstdio>

namespace convoy::bench {

namespace {

std::string each_run(const row& r) {
  std::string out;
  for (const auto& run : r.runs) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%.0f", out.empty() ? "" : "/", run.ops_per_s);
    out += buf;
  }
  return out;
}

const row* find(const std::vector<row>& rows, const std::string& system, int replicas, int clients,
                op_kind op) {
  for (const auto& r : rows)
    if (r.system == system && r.replicas == replicas && r.clients == clients && r.op == op)
      return &r;
  return nullptr;
}

const row* find(const std::vector<row>& rows, const std::string& system, const row& like) {
  return find(rows, system, like.replicas, like.clients, like.op);
}

/// Mean microseconds per operation of a closed-loop row (median run).
double mean_us(const row& r) {
  auto ops = median_of(r.runs).ops_per_s;
  return ops > 0 ? 1e6 / ops : 0;
}

} // namespace

void print_table(const std::vector<row>& rows) {
  std::printf("\n%-7s %8s %7s %-4s %10s %8s %8s %9s  %-22s %s\n", "system", "replicas",
              "clients", "op", "ops/s", "p50 ms", "p99 ms", "max ms", "ops/s per run",
              "errors");
  for (const auto& r : rows) {
    auto m = median_of(r.runs);
    std::printf("%-7s %8d %7d %-4s %10.0f %8.2f %8.2f %9.2f  %-22s %zu\n", r.system.c_str(),
                r.replicas, r.clients, to_string(r.op), m.ops_per_s, m.p50_ms, m.p99_ms,
                m.max_ms, each_run(r).c_str(), m.errors);
    if (m.errors > 0)
      std::printf("        first error: %s\n", m.first_error.c_str());
  }
  std::fflush(stdout);
}

void print_ratios(const std::vector<row>& rows) {
  std::printf("\nconvoy vs etcd (medians; target: writes/s >= 2x etcd and a lower p99)\n");
  std::printf("%8s %7s %-4s %12s %14s %14s  %s\n", "replicas", "clients", "op",
              "ops/s ratio", "p99 convoy ms", "p99 etcd ms", "verdict");
  for (const auto& c : rows) {
    if (c.system != "convoy")
      continue;
    const row* e = find(rows, "etcd", c);
    if (!e)
      continue;
    auto cm = median_of(c.runs);
    auto em = median_of(e->runs);
    double ratio = em.ops_per_s > 0 ? cm.ops_per_s / em.ops_per_s : 0;
    const char* verdict = "";
    if (c.op == op_kind::put)
      verdict = ratio >= 2.0 && cm.p99_ms < em.p99_ms ? "target met" : "target missed";
    std::printf("%8d %7d %-4s %11.2fx %14.2f %14.2f  %s\n", c.replicas, c.clients,
                to_string(c.op), ratio, cm.p99_ms, em.p99_ms, verdict);
  }
  std::fflush(stdout);
}

void print_floor(const std::vector<row>& rows, const std::map<int, flush_figures>& flushes) {
  bool header = false;
  for (const auto& [replicas, flush] : flushes) {
    const row* get = find(rows, "convoy", replicas, 1, op_kind::get);
    const row* put = find(rows, "convoy", replicas, 1, op_kind::put);
    const row* etcd = find(rows, "etcd", replicas, 1, op_kind::put);
    if (!get || !put || !etcd)
      continue;
    if (!header) {
      std::printf(
        "\n1-client put floor (us per op): a put makes a linearizable get's round trips (mean)"
        "\nwith a durable append inside (p50: the probe's outliers are not the put's); 2x etcd"
        " asks\nfor a put every 'budget' us (mean); room = budget - floor, below 0 the budget"
        " is\nunder what a put's round trips and flush take on this machine\n");
      std::printf("%8s %8s %18s %8s %8s %8s %8s\n", "replicas", "get", "append p50 (mean)", "floor",
                  "put", "budget", "room");
      header = true;
    }
    double floor = mean_us(*get) + flush.p50_us;
    double budget = mean_us(*etcd) / 2;
    std::printf("%8d %8.0f %10.0f (%5.0f) %8.0f %8.0f %8.0f %+8.0f\n", replicas, mean_us(*get),
                flush.p50_us, flush.mean_us, floor, mean_us(*put), budget, budget - floor);
  }
  std::fflush(stdout);
}

} // namespace convoy::bench
