#include "runtime/node/worker_roles.hpp"

#include <unistd.h>

#include <filesystem>
#include <random>

#include "caf/actor_system.hpp"

#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/kubelet/kubelet.hpp"
#include "actors/proxy/proxy.hpp"
#include "runtime/containers/process/process_runtime.hpp"
#include "runtime/containers/simulated/simulated_runtime.hpp"
#include "runtime/node/api_client_role.hpp"
#include "runtime/node/client_token.hpp"

namespace convoy {

namespace {

/// The directory of the running convoy binary: convoy-shim and the
/// example programs are built next to it.
std::string own_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string{"."} : exe.parent_path().string();
}

std::shared_ptr<containers::container_runtime>
make_runtime(caf::actor_system& sys, const node_options& opts, const std::string& node_name) {
  if (opts.worker.runtime == "simulated") {
    auto clock = std::make_shared<wall_clock>(sys);
    return std::make_shared<containers::simulated_runtime>(
      containers::simulated_runtime_config{}, [clock] { return clock->epoch_ms(); });
  }
  containers::process_runtime_config cfg;
  cfg.root_dir = opts.data_dir + "/kubelet/" + node_name;
  cfg.shim_path = own_dir() + "/convoy-shim";
  cfg.extra_path = own_dir();
  cfg.node_name = node_name;
  cfg.namespaces = opts.worker.container_namespaces;
  return std::make_shared<containers::process_runtime>(std::move(cfg));
}

kubelet::kubelet_config kubelet_config_for(caf::actor_system& sys, const node_options& opts,
                                           const std::string& name, int index) {
  kubelet::kubelet_config cfg;
  cfg.token = client_token(opts, apiserver::node_username(name));
  cfg.node_name = name;
  cfg.host_name = opts.name;
  cfg.labels = opts.worker.node_labels;
  cfg.taints = opts.worker.taints;
  cfg.node_ip = worker_node_ip(opts, index);
  cfg.pod_cidr = opts.kubelets > 0 && opts.worker.pod_cidr.empty() ? worker_pod_cidr(index)
                                                                    : opts.worker.pod_cidr;
  cfg.cpu = opts.worker.cpu;
  cfg.memory = opts.worker.memory;
  cfg.max_pods = opts.worker.max_pods;
  cfg.lease_renew_interval = opts.worker.lease_renew_interval;
  cfg.node_status_update_frequency = opts.worker.node_status_update_frequency;
  cfg.root_dir = opts.data_dir.empty() ? "/" : opts.data_dir;
  cfg.seed = opts.seed ^ std::random_device{}();
  cfg.runtime = make_runtime(sys, opts, name);
  return cfg;
}

} // namespace

std::string worker_node_ip(const node_options& opts, int index) {
  if (opts.kubelets == 0)
    return opts.worker.node_ip;
  return "127.0.0." + std::to_string(index + 1);
}

std::optional<std::string> spawn_kubelet_role(caf::actor_system& sys, const node_options& opts,
                                              const node_actor& node, started_roles& out) {
  auto names = opts.kubelet_names();
  if (opts.kubelets > 0 && !opts.worker.pod_cidr.empty() && names.size() > 1)
    return std::string{"kubelet: --pod-cidr: one range cannot serve several kubelets"};
  if (opts.worker.runtime == "process" && opts.data_dir.empty())
    return std::string{"kubelet: --data-dir: required for the process runtime"};
  for (size_t i = 0; i < names.size(); ++i) {
    kubelet::kubelet_config cfg;
    try {
      cfg = kubelet_config_for(sys, opts, names[i], static_cast<int>(i));
    } catch (const std::exception& e) {
      return "kubelet " + names[i] + ": " + e.what();
    }
    out.runtimes.push_back(cfg.runtime);
    auto err = spawn_api_client_role(sys, opts, node, out, "kubelet/" + names[i],
                                     [&sys, cfg](apiserver_actor api) mutable {
                                       cfg.api = std::move(api);
                                       return caf::actor_cast<caf::actor>(
                                         kubelet::spawn_kubelet(sys, cfg));
                                     });
    if (err)
      return err;
  }
  return std::nullopt;
}

std::optional<std::string> spawn_proxy_role(caf::actor_system& sys, const node_options& opts,
                                            const node_actor& node, started_roles& out) {
  proxy::proxy_config cfg;
  try {
    cfg.token = client_token(opts, apiserver::proxy_user);
  } catch (const std::exception& e) {
    return std::string{"proxy: "} + e.what();
  }
  cfg.node_name = opts.name;
  // One proxy per worker of this node, each serving NodePorts on its
  // worker's address. In `convoy up` the workers share this host, so they
  // leave 127.0.0.1 to worker-1 (whose address it is).
  auto workers = std::max<size_t>(opts.kubelet_names().size(), 1);
  for (size_t i = 0; i < workers; ++i) {
    cfg.node_ip = worker_node_ip(opts, static_cast<int>(i));
    cfg.nodeport_on_localhost = opts.kubelets == 0 && cfg.node_ip != "127.0.0.1";
    cfg.seed = opts.seed ^ std::random_device{}();
    if (auto err = proxy::validate(cfg); !err.empty())
      return "proxy: " + err;
    auto err = spawn_api_client_role(sys, opts, node, out, "proxy/" + cfg.node_ip,
                                     [&sys, cfg](apiserver_actor api) mutable {
                                       cfg.api = std::move(api);
                                       return caf::actor_cast<caf::actor>(
                                         proxy::spawn_proxy(sys, cfg));
                                     });
    if (err)
      return err;
  }
  return std::nullopt;
}

} // namespace convoy
