#pragma once

// Real kubelets on the simulated container runtime, with the real
// apiserver, a 3-replica store, the scheduler and the controller manager
// under simulation: helpers to start, crash and restart kubelets (each keeps
// its runtime across restarts, as a host keeps its processes) and to read
// pods back.

#include <map>
#include <memory>
#include <string>

#include "actors/kubelet/kubelet.hpp"
#include "actors/kubelet/prober/prober.hpp"
#include "controllers_cluster.hpp"
#include "runtime/containers/simulated/simulated_runtime.hpp"

namespace convoy::test {

struct kubelet_cluster : controllers_cluster {
  explicit kubelet_cluster(uint64_t seed) : controllers_cluster(seed) {}

  /// One simulated host's runtime: it outlives kubelet restarts.
  std::map<std::string, std::shared_ptr<containers::simulated_runtime>> runtimes;
  std::map<std::string, kubelet_actor> real_kubelets;

  /// Starts (or restarts) the kubelet of node `name`; the i-th node's pods
  /// get IPs from 10.(i / 256).(i % 256).0/24.
  kubelet_actor start_real_kubelet(const std::string& name,
                                   std::function<void(kubelet::kubelet_config&)> tweak = {}) {
    auto& runtime = runtimes[name];
    if (!runtime) {
      auto clock = std::make_shared<wall_clock>(client_host->system());
      runtime = std::make_shared<containers::simulated_runtime>(
        containers::simulated_runtime_config{}, [clock] { return clock->epoch_ms(); });
    }
    kubelet::kubelet_config cfg;
    cfg.api = api;
    cfg.token = node_token(name);
    cfg.node_name = name;
    cfg.host_name = "c";
    cfg.node_ip = "192.168.0." + std::to_string(runtimes.size());
    auto index = index_of(name);
    cfg.pod_cidr = "10." + std::to_string(index / 256) + "." + std::to_string(index % 256) + ".0/24";
    cfg.cpu = "4";
    cfg.memory = "8Gi";
    cfg.runtime = runtime;
    cfg.probes = std::make_shared<kubelet::instant_prober>();
    cfg.read_host = [] {
      kubelet::host_facts f;
      f.cpus = 4;
      f.memory_bytes = 8LL << 30;
      f.memory_available_bytes = 6LL << 30;
      f.kernel_version = "sim";
      return f;
    };
    cfg.seed = net.seed() + 300 + index_of(name);
    if (tweak)
      tweak(cfg);
    auto k = client_host->track(kubelet::spawn_kubelet(client_host->system(), cfg));
    real_kubelets[name] = k;
    return k;
  }

  /// Crashes the kubelet of `name` (its runtime, i.e. its containers, stay).
  void crash_kubelet(const std::string& name) {
    caf::anon_send_exit(real_kubelets.at(name), caf::exit_reason::kill);
    real_kubelets.erase(name);
    net.run();
  }

  /// Containers of the pod with `uid` that `name`'s runtime holds.
  std::vector<containers::container_status> containers_of(const std::string& name,
                                                          const std::string& uid) {
    std::vector<containers::container_status> out;
    for (auto& c : runtimes.at(name)->list())
      if (c.pod_uid == uid)
        out.push_back(c);
    return out;
  }

  std::optional<api::Pod> read_pod(const std::string& ns, const std::string& name) {
    return get<api::Pod>("pods", ns, name);
  }

  static bool is_ready(const api::Pod& p) {
    for (const auto& c : p.status().conditions())
      if (c.type() == "Ready")
        return c.status() == "True";
    return false;
  }

private:
  int index_of(const std::string& name) {
    auto [it, fresh] = indexes_.emplace(name, static_cast<int>(indexes_.size()) + 1);
    return it->second;
  }
  std::map<std::string, int> indexes_;
};

} // namespace convoy::test
