// convoy_bench_kubelet: how fast the real kubelet starts and deletes pods
// with the real `process` runtime, and what a pod costs in memory. Prints
// figures; never passes or fails on them.
//
//   convoy_bench_kubelet [--pods N] [--dir DIR] [--no-cgroups] [--verbose]
//
// In this process: a store replica on disk (LMDB, fsync), the apiserver and
// one kubelet (node "bench-node") whose runtime starts every container under
// a detached convoy-shim. N pods bound to the node (spec.nodeName, no
// scheduler), one container `sleep D` each (D = 3600 + pid % 1000, so the
// sleeps of this run are recognisable), restartPolicy Always:
// - start: pipelined creates (64 outstanding); from the first create until
//   the apiserver lists all N with status.phase=Running (polled every
//   50 ms). Per pod: create sent -> the container's startedAt (ms, written
//   by the shim once it exec'd) and create sent -> seen Running (±50 ms);
// - memory: VmRSS of this process (control plane + kubelet) before and
//   after, and RSS/PSS of each pod's shim and sleep (pids from the runtime's
//   pid files);
// - delete: pipelined deletes with grace 1 s, until the apiserver lists no
//   pod and no sleep of this run is alive.
// Whatever happens, the sleeps and shims of this run are killed at the end.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <unistd.h>

#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/kubelet/kubelet.hpp"
#include "api/pod.pb.h"
#include "common/api_cluster.hpp"
#include "proc_scan.hpp"
#include "runtime/containers/process/process_runtime.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;
using steady = std::chrono::steady_clock;

namespace {

constexpr const char* node_name = "bench-node";
constexpr const char* ns = "default";
/// 4,094 usable pod IPs.
constexpr const char* pod_cidr = "127.16.0.0/20";
constexpr int max_pods_supported = 4000;
constexpr auto poll_period = 50ms;

/// What one run needs to know about itself.
struct bench_run {
  caf::actor_system& sys;
  apiserver_actor api;
  std::string runtime_root;
  /// The second argument of every container's sleep.
  std::string sleep_arg;
  int pods = 0;
};

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

template <class Request>
apiserver::ApiResponse call(const bench_run& r, Request req) {
  req.mutable_meta()->set_token(token);
  caf::scoped_actor self{r.sys};
  apiserver::ApiResponse out;
  self->request(r.api, 30s, std::move(req))
    .receive([&](const apiserver::ApiResponse& a) { out = a; },
             [&](caf::error& err) { out.mutable_status()->set_message(caf::to_string(err)); });
  return out;
}

api::PodList list_pods(const bench_run& r, const std::string& field_selector) {
  apiserver::ListRequest list;
  list.set_resource("pods");
  list.set_namespace_(ns);
  list.set_field_selector(field_selector);
  auto resp = call(r, list);
  api::PodList pods;
  if (api_failed(resp) || !resp.object().UnpackTo(&pods))
    throw std::runtime_error("cannot list pods: " + resp.status().message());
  return pods;
}

std::string pod_name(int i) {
  return "bench-" + std::to_string(i);
}

/// The i of "bench-i"; -1 for another name.
int pod_index(const std::string& name, int pods) {
  if (name.rfind("bench-", 0) != 0)
    return -1;
  int i = std::atoi(name.c_str() + 6);
  return i >= 0 && i < pods ? i : -1;
}

api::Pod make_pod(int i, const std::string& sleep_arg) {
  api::Pod pod;
  pod.mutable_metadata()->set_name(pod_name(i));
  pod.mutable_metadata()->set_namespace_(ns);
  pod.mutable_spec()->set_node_name(node_name);
  pod.mutable_spec()->set_restart_policy("Always");
  auto* c = pod.mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("busybox");
  c->add_command("sleep");
  c->add_command(sleep_arg);
  return pod;
}

void wait_for_node(const bench_run& r) {
  apiserver::GetRequest get;
  get.set_resource("nodes");
  get.set_name(node_name);
  auto t0 = steady::now();
  while (api_failed(call(r, get))) {
    if (seconds_since(t0) > 30)
      throw std::runtime_error("the kubelet did not register node bench-node within 30 s");
    std::this_thread::sleep_for(poll_period);
  }
}

/// Creates every pod, 64 requests outstanding; returns when each was sent
/// (wall ms).
std::vector<int64_t> create_pods(const bench_run& r) {
  std::vector<int64_t> sent(static_cast<size_t>(r.pods), 0);
  auto make = [&](int i) {
    sent[static_cast<size_t>(i)] = wall_ms();
    apiserver::CreateRequest req;
    req.mutable_meta()->set_token(token);
    req.set_resource("pods");
    req.set_namespace_(ns);
    req.mutable_object()->PackFrom(make_pod(i, r.sleep_arg));
    return req;
  };
  auto res = api_load<apiserver::CreateRequest>(r.sys, r.api, {64, r.pods, 0}, make);
  if (res.errors > 0)
    throw std::runtime_error("cannot create the pods: " + res.first_error);
  std::printf("create        %d pods through the apiserver in %.3f s = %.0f creates/s\n",
              r.pods, res.seconds, res.ops_per_s);
  return sent;
}

/// Polls until every pod is Running; returns when each was first seen so
/// (wall ms).
std::vector<int64_t> wait_running(const bench_run& r) {
  std::vector<int64_t> seen(static_cast<size_t>(r.pods), 0);
  int count = 0;
  auto t0 = steady::now();
  auto limit = 60.0 + r.pods * 0.2;
  while (count < r.pods) {
    auto now = wall_ms();
    auto list = list_pods(r, "status.phase=Running");
    for (const auto& pod : list.items()) {
      int i = pod_index(pod.metadata().name(), r.pods);
      if (i >= 0 && seen[static_cast<size_t>(i)] == 0) {
        seen[static_cast<size_t>(i)] = now;
        ++count;
      }
    }
    if (count < r.pods && seconds_since(t0) > limit)
      throw std::runtime_error("only " + std::to_string(count) + " of "
                               + std::to_string(r.pods) + " pods Running after "
                               + std::to_string(static_cast<int>(limit)) + " s");
    if (count < r.pods)
      std::this_thread::sleep_for(poll_period);
  }
  return seen;
}

/// "p50 X ms, p99 Y ms, max Z ms" of `ms`.
std::string percentiles(std::vector<double> ms) {
  if (ms.empty())
    return "no samples";
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
  char buf[128];
  std::snprintf(buf, sizeof buf, "p50 %.0f ms, p99 %.0f ms, max %.0f ms", at(0.5), at(0.99),
                ms.back());
  return buf;
}

/// Per pod: create sent -> its container's startedAt (from the shim, ms).
std::vector<double> started_latencies(const bench_run& r, const std::vector<int64_t>& sent) {
  std::vector<double> out;
  auto list = list_pods(r, "");
  for (const auto& pod : list.items()) {
    int i = pod_index(pod.metadata().name(), r.pods);
    if (i < 0 || pod.status().container_statuses_size() == 0)
      continue;
    const auto& running = pod.status().container_statuses(0).state().running();
    if (!running.has_started_at())
      continue;
    int64_t ms = running.started_at().seconds() * 1000 + running.started_at().nanos() / 1000000;
    out.push_back(static_cast<double>(ms - sent[static_cast<size_t>(i)]));
  }
  return out;
}

void start_pods(const bench_run& r) {
  auto t0 = steady::now();
  auto sent = create_pods(r);
  auto seen = wait_running(r);
  auto total = seconds_since(t0);
  std::printf("start         %d pods created -> all Running in %.2f s = %.1f pods/s\n", r.pods,
              total, r.pods / total);
  std::vector<double> to_seen;
  for (size_t i = 0; i < seen.size(); ++i)
    to_seen.push_back(static_cast<double>(seen[i] - sent[i]));
  std::printf("  per pod     create -> container started (startedAt, ms): %s\n",
              percentiles(started_latencies(r, sent)).c_str());
  std::printf("  per pod     create -> Running seen in the apiserver (±50 ms poll): %s\n",
              percentiles(to_seen).c_str());
}

void print_memory(const bench_run& r, int64_t rss_before_kib) {
  auto rss_after = rss_kib(0);
  std::printf("memory        this process (store + apiserver + kubelet) VmRSS %.1f MiB "
              "before, %.1f MiB with %d pods: +%.1f KiB per pod\n",
              rss_before_kib / 1024.0, rss_after / 1024.0, r.pods,
              static_cast<double>(rss_after - rss_before_kib) / r.pods);
  auto outside = measure_outside(recorded_pids(r.runtime_root));
  if (outside.counted == 0) {
    std::printf("memory        no live shim/container pids found in %s\n",
                r.runtime_root.c_str());
    return;
  }
  double n = outside.counted;
  std::printf("memory        outside, per pod (%d counted): convoy-shim RSS %.0f KiB "
              "(PSS %.0f), sleep RSS %.0f KiB (PSS %.0f); total RSS %.0f KiB, PSS %.0f KiB\n",
              outside.counted, outside.shim_rss_kib / n, outside.shim_pss_kib / n,
              outside.child_rss_kib / n, outside.child_pss_kib / n,
              (outside.shim_rss_kib + outside.child_rss_kib) / n,
              (outside.shim_pss_kib + outside.child_pss_kib) / n);
}

void print_kubelet_status(const bench_run& r, const kubelet_actor& k) {
  caf::scoped_actor self{r.sys};
  self->request(k, 10s, kubelet::KubeletStatusRequest{})
    .receive(
      [&](const kubelet::KubeletStatus& s) {
        std::printf("kubelet       %lld container starts, %lld restarts, %lld pod syncs, "
                    "%lld status writes\n",
                    static_cast<long long>(s.container_starts()),
                    static_cast<long long>(s.restarts()), static_cast<long long>(s.syncs()),
                    static_cast<long long>(s.status_updates()));
      },
      [](caf::error&) {});
}

std::string sleep_cmdline(const std::string& sleep_arg) {
  return std::string("sleep") + '\0' + sleep_arg + '\0';
}

void delete_pods(const bench_run& r) {
  auto t0 = steady::now();
  auto make = [&](int i) {
    apiserver::DeleteRequest req;
    req.mutable_meta()->set_token(token);
    req.set_resource("pods");
    req.set_namespace_(ns);
    req.set_name(pod_name(i));
    req.mutable_options()->set_grace_period_seconds(1);
    return req;
  };
  auto res = api_load<apiserver::DeleteRequest>(r.sys, r.api, {64, r.pods, 0}, make);
  if (res.errors > 0)
    throw std::runtime_error("cannot delete the pods: " + res.first_error);
  double api_empty = -1, procs_gone = -1;
  auto limit = 60.0 + r.pods * 0.2;
  while (api_empty < 0 || procs_gone < 0) {
    if (api_empty < 0 && list_pods(r, "").items_size() == 0)
      api_empty = seconds_since(t0);
    if (procs_gone < 0 && processes_with_cmdline(sleep_cmdline(r.sleep_arg)).empty())
      procs_gone = seconds_since(t0);
    if (seconds_since(t0) > limit)
      throw std::runtime_error("pods still deleting after " + std::to_string(int(limit)) + " s");
    std::this_thread::sleep_for(poll_period);
  }
  auto total = std::max(api_empty, procs_gone);
  std::printf("delete        %d pods (grace 1 s): sleeps gone in %.2f s, apiserver empty in "
              "%.2f s = %.1f pods/s\n",
              r.pods, procs_gone, api_empty, r.pods / total);
}

/// Stops the actors of a run when it ends, also by an exception.
struct running {
  std::vector<caf::actor> actors;
  ~running() {
    for (auto& a : actors)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

void run(const std::filesystem::path& dir, int pods, const std::string& sleep_arg,
         bool use_cgroups) {
  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  api_cluster c{sys, dir};
  bench_run r{sys, c.api, (dir / "runtime").string(), sleep_arg, pods};
  containers::process_runtime_config rc;
  rc.root_dir = r.runtime_root;
  rc.shim_path = CONVOY_SHIM_PATH;
  rc.use_cgroups = use_cgroups;
  rc.node_name = node_name;
  kubelet::kubelet_config kc;
  kc.api = c.api;
  kc.token = token;
  kc.node_name = node_name;
  kc.pod_cidr = pod_cidr;
  kc.max_pods = pods + 10;
  kc.root_dir = dir.string();
  kc.runtime = std::make_shared<containers::process_runtime>(rc);
  running actors;
  auto kubelet = kubelet::spawn_kubelet(sys, kc);
  actors.actors.push_back(caf::actor_cast<caf::actor>(kubelet));
  wait_for_node(r);
  std::this_thread::sleep_for(1s); // let start-up allocations settle
  auto rss_before = rss_kib(0);
  start_pods(r);
  print_memory(r, rss_before);
  print_kubelet_status(r, kubelet);
  delete_pods(r);
  std::fflush(stdout);
}

/// Kills what this run may have left: its sleeps and its shims (their
/// command line names the run's directory), and removes their cgroups.
void kill_leftovers(const std::filesystem::path& dir, const std::string& sleep_arg) {
  int killed = 0;
  for (int round = 0; round < 50; ++round) {
    auto pids = processes_with_cmdline(sleep_cmdline(sleep_arg));
    auto shims = processes_mentioning((dir / "runtime").string());
    pids.insert(pids.end(), shims.begin(), shims.end());
    if (pids.empty())
      break;
    for (int pid : pids)
      killed += ::kill(pid, SIGKILL) == 0;
    std::this_thread::sleep_for(20ms);
  }
  if (killed > 0)
    std::fprintf(stderr, "convoy_bench_kubelet: killed %d leftover processes\n", killed);
  if (auto left = remove_recorded_cgroups((dir / "runtime").string()); left > 0)
    std::fprintf(stderr, "convoy_bench_kubelet: %zu cgroup directories could not be removed\n",
                 left);
}

} // namespace

int main(int argc, char** argv) {
  int pods = 100;
  bool use_cgroups = true;
  bool verbose = false;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--pods" && i + 1 < argc) {
      pods = std::atoi(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--no-cgroups") {
      use_cgroups = false;
    } else if (arg == "--verbose") {
      verbose = true;
    } else {
      std::fprintf(stderr, "convoy_bench_kubelet: unknown argument '%s'\n"
                           "usage: convoy_bench_kubelet [--pods N] [--dir DIR] "
                           "[--no-cgroups] [--verbose]\n",
                   arg.c_str());
      return 2;
    }
  }
  if (pods <= 0 || pods > max_pods_supported) {
    std::fprintf(stderr, "convoy_bench_kubelet: --pods must be in 1..%d\n", max_pods_supported);
    return 2;
  }
  if (!verbose)
    log::set_level(spdlog::level::warn);
  if (dir.empty())
    dir = std::filesystem::temp_directory_path()
          / ("convoy-bench-kubelet-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto sleep_arg = std::to_string(3600 + ::getpid() % 1000);
  int rc = 0;
  try {
    run(dir, pods, sleep_arg, use_cgroups);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convoy_bench_kubelet: %s\n", e.what());
    rc = 1;
  }
  kill_leftovers(dir, sleep_arg);
  std::filesystem::remove_all(dir);
  return rc;
}
