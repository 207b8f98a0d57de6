// convoy_bench_scheduler: Kubernetes' scheduler_perf SchedulingBasic shape
// (5,000 nodes; 10,000 pods, then 150,000) on this machine. Prints figures;
// never passes or fails on them.
//
//   convoy_bench_scheduler [--quick] [--dir DIR] [--nodes N]
//
// - cycle alone: the framework with the default plugins over the cache, one
//   pod after the other (assume, no binding): pods/s and memory;
// - end to end: a store replica on disk, the apiserver and the scheduler in
//   this process; pods created with 100 clients while the scheduler runs,
//   measured from the first create to the last binding committed in the
//   store; and a scheduler started after the pods exist (its list, cycles
//   and bindings only).
// Anchor: kube-scheduler schedules 270 (CI threshold) to ~650 pods/s at
// 5,000 nodes.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "caf/actor_system_config.hpp"

#include "actors/scheduler/cache/scheduler_cache.hpp"
#include "actors/scheduler/framework/default_plugins.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "api/config.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "common/api_cluster.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;
using steady = std::chrono::steady_clock;

namespace {

constexpr double kube_scheduler_best = 650;

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

/// Resident memory of this process, MiB.
double rss_mib() {
  std::ifstream in{"/proc/self/status"};
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      in >> kib;
      return kib / 1024;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

api::Node make_node(int i) {
  api::Node n;
  auto name = "node-" + std::to_string(i);
  n.mutable_metadata()->set_name(name);
  auto& labels = *n.mutable_metadata()->mutable_labels();
  labels["kubernetes.io/hostname"] = name;
  labels["topology.kubernetes.io/zone"] = "zone-" + std::to_string(i % 10);
  auto& alloc = *n.mutable_status()->mutable_allocatable();
  alloc["cpu"] = "32";
  alloc["memory"] = "128Gi";
  alloc["pods"] = "110";
  *n.mutable_status()->mutable_capacity() = alloc;
  return n;
}

/// scheduler_perf's pod-default: one container requesting 100m / 500Mi.
api::Pod make_pod(const std::string& ns, int i, const std::string& scheduler) {
  api::Pod p;
  p.mutable_metadata()->set_name("p" + std::to_string(i));
  p.mutable_metadata()->set_namespace_(ns);
  p.mutable_spec()->set_scheduler_name(scheduler);
  auto* c = p.mutable_spec()->add_containers();
  c->set_name("pause");
  c->set_image("registry.k8s.io/pause:3.9");
  (*c->mutable_resources()->mutable_requests())["cpu"] = "100m";
  (*c->mutable_resources()->mutable_requests())["memory"] = "500Mi";
  return p;
}

void cycle_alone(int nodes, int pods) {
  scheduler::scheduler_cache cache;
  for (int i = 0; i < nodes; ++i)
    cache.add_or_update_node(std::make_shared<const api::Node>(make_node(i)));
  scheduler::framework fw{scheduler::default_plugins(), {}};
  auto rss0 = rss_mib();
  size_t evaluated = 0;
  int failed = 0;
  auto t0 = steady::now();
  for (int i = 0; i < pods; ++i) {
    auto info = scheduler::pod_info::make(
      std::make_shared<const api::Pod>(make_pod("default", i, "default-scheduler")));
    auto result = fw.schedule(*info, cache.snapshot());
    evaluated += result.evaluated_nodes;
    if (result.ok())
      cache.assume(info, result.node);
    else
      ++failed;
  }
  auto secs = seconds_since(t0);
  std::printf("cycle alone   %5d nodes %7d pods  %9.0f pods/s  %6.1f us/pod  %5zu nodes "
              "filtered/pod  %d failed  RSS +%.0f MiB (%.2f KiB/pod)  %.0fx kube-scheduler\n",
              nodes, pods, pods / secs, secs * 1e6 / pods, evaluated / size_t(pods), failed,
              rss_mib() - rss0, (rss_mib() - rss0) * 1024 / pods, pods / secs / kube_scheduler_best);
  std::fflush(stdout);
}

apiserver::CreateRequest create(const std::string& resource, const std::string& ns,
                                const google::protobuf::Message& obj) {
  apiserver::CreateRequest req;
  req.mutable_meta()->set_token(token);
  req.set_resource(resource);
  req.set_namespace_(ns);
  req.mutable_object()->PackFrom(obj);
  return req;
}

void create_all(caf::actor_system& sys, api_cluster& c, int n,
                const std::function<apiserver::CreateRequest(int)>& make, const char* what) {
  auto r = api_load<apiserver::CreateRequest>(sys, c.api, {100, n, 0}, make);
  if (r.errors > 0)
    throw std::runtime_error(std::string{"cannot create "} + what + ": " + r.first_error);
}

scheduler::SchedulerStatus status_of(caf::actor_system& sys, const scheduler_actor& s) {
  caf::scoped_actor self{sys};
  scheduler::SchedulerStatus out;
  self->request(s, 10s, scheduler::SchedulerStatusRequest{})
    .receive([&](const scheduler::SchedulerStatus& st) { out = st; }, [](caf::error&) {});
  return out;
}

/// Polls until `s` has committed `n` bindings; false after 10 minutes.
bool wait_scheduled(caf::actor_system& sys, const scheduler_actor& s, int64_t n) {
  auto t0 = steady::now();
  auto next_report = 10.0;
  for (auto st = status_of(sys, s); st.scheduled() < n; st = status_of(sys, s)) {
    auto waited = seconds_since(t0);
    if (waited > 600)
      return false;
    if (waited > next_report) {
      std::fprintf(stderr,
                   "  ... %.0f s: %lld/%lld bound, queue %lld active %lld backoff %lld "
                   "unschedulable, %lld binds in flight, %lld bind failures\n",
                   waited, static_cast<long long>(st.scheduled()), static_cast<long long>(n),
                   static_cast<long long>(st.active()), static_cast<long long>(st.backoff()),
                   static_cast<long long>(st.unschedulable()),
                   static_cast<long long>(st.binds_in_flight()),
                   static_cast<long long>(st.bind_failures()));
      next_report += 10;
    }
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

/// Stops a scheduler when the run ends, also by an exception (the actor
/// system waits for every actor before it goes).
struct running_scheduler {
  scheduler_actor actor;
  ~running_scheduler() {
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  }
};

scheduler_actor start_scheduler(caf::actor_system& sys, api_cluster& c, const std::string& name) {
  scheduler_config cfg;
  cfg.api = c.api;
  cfg.token = token;
  cfg.node_name = "bench";
  cfg.scheduler_name = name;
  auto s = spawn_scheduler(sys, cfg);
  while (!status_of(sys, s).synced())
    std::this_thread::sleep_for(5ms);
  return s;
}

void report(const char* what, int pods, double secs, const scheduler::SchedulerStatus& st) {
  std::printf("%-44s %7d pods  %9.0f pods/s  %.2f s  cycle %.1f us  bind failures %lld  "
              "RSS %.0f MiB  %.1fx kube-scheduler\n",
              what, pods, pods / secs, secs, st.mean_cycle_us(),
              static_cast<long long>(st.bind_failures()), rss_mib(),
              pods / secs / kube_scheduler_best);
  std::fflush(stdout);
}

/// Pods created with 100 clients while `s` runs: first create to last
/// binding committed.
void while_creating(caf::actor_system& sys, api_cluster& c, const scheduler_actor& s,
                    const std::string& ns, int pods) {
  auto before = status_of(sys, s).scheduled();
  auto t0 = steady::now();
  create_all(sys, c, pods, [&](int i) { return create("pods", ns, make_pod(ns, i, "default-scheduler")); },
             "pods");
  auto created = seconds_since(t0);
  if (!wait_scheduled(sys, s, before + pods))
    throw std::runtime_error("pods were not all bound within 10 minutes");
  auto secs = seconds_since(t0);
  std::printf("  (creates took %.2f s = %.0f creates/s)\n", created, pods / created);
  report(("end to end, created while scheduling (" + ns + ")").c_str(), pods, secs,
         status_of(sys, s));
}

/// Pods that exist before their scheduler starts: list + cycles + bindings.
void scheduler_started_late(caf::actor_system& sys, api_cluster& c, int pods) {
  create_all(sys, c, pods, [&](int i) { return create("pods", "late", make_pod("late", i, "late")); },
             "pods");
  auto t0 = steady::now();
  running_scheduler s{start_scheduler(sys, c, "late")};
  if (!wait_scheduled(sys, s.actor, pods))
    throw std::runtime_error("pods were not all bound within 10 minutes");
  report("end to end, scheduler started after the pods", pods, seconds_since(t0),
         status_of(sys, s.actor));
}

void end_to_end(const std::filesystem::path& dir, int nodes, bool quick) {
  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  api_cluster c{sys, dir};
  for (const char* ns : {"ten", "late", "big"}) {
    api::Namespace n;
    n.mutable_metadata()->set_name(ns);
    create_all(sys, c, 1, [&](int) { return create("namespaces", "", n); }, "namespaces");
  }
  auto t0 = steady::now();
  create_all(sys, c, nodes, [](int i) { return create("nodes", "", make_node(i)); }, "nodes");
  std::printf("created %d nodes in %.2f s\n", nodes, seconds_since(t0));
  std::fflush(stdout);
  running_scheduler s{start_scheduler(sys, c, "default-scheduler")};
  while_creating(sys, c, s.actor, "ten", quick ? 2000 : 10000);
  scheduler_started_late(sys, c, quick ? 2000 : 10000);
  if (!quick)
    while_creating(sys, c, s.actor, "big", 150000);
}

} // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int nodes = 5000;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--nodes" && i + 1 < argc) {
      nodes = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "convoy_bench_scheduler: unknown argument '%s'\n"
                           "usage: convoy_bench_scheduler [--quick] [--dir DIR] [--nodes N]\n",
                   arg.c_str());
      return 2;
    }
  }
  if (nodes <= 0) {
    std::fprintf(stderr, "convoy_bench_scheduler: --nodes must be positive\n");
    return 2;
  }
  if (dir.empty())
    dir = std::filesystem::temp_directory_path()
          / ("convoy-bench-sched-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  try {
    cycle_alone(nodes, quick ? 2000 : 10000);
    if (!quick)
      cycle_alone(nodes, 150000);
    end_to_end(dir, nodes, quick);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convoy_bench_scheduler: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
