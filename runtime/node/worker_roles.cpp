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
#include "runtime/network/bridge_network.hpp"
#include "runtime/node/join_credentials.hpp"

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

/// --pod-network bridge with the process runtime: the node's bridge
/// network (null = loopback). Throws with the failing step.
std::shared_ptr<network::pod_network> make_pod_network(const node_options& opts,
                                                       const std::string& node_name) {
  if (opts.worker.pod_network != "bridge" || opts.worker.runtime != "process")
    return nullptr;
  network::bridge_network_config cfg;
  cfg.node_name = node_name;
  cfg.state_dir = opts.data_dir + "/kubelet/" + node_name + "/network";
  auto net = std::make_shared<network::bridge_network>(std::move(cfg));
  if (auto err = net->prepare(opts.service_cluster_ip_range); !err.empty())
    throw std::runtime_error("--pod-network bridge: " + err);
  return net;
}

/// Bridge pods cannot reach loopback addresses outside their namespace:
/// the pod and service ranges this node uses must be elsewhere.
std::optional<std::string> check_bridge_ranges(const node_options& opts) {
  if (opts.worker.pod_network != "bridge")
    return std::nullopt;
  auto loopback = [](const std::string& cidr) { return cidr.rfind("127.", 0) == 0; };
  const std::string why = ": with --pod-network bridge it must be outside 127.0.0.0/8 "
                          "(loopback addresses never leave a pod's network namespace)";
  if (opts.worker.pod_cidr.empty() && opts.has_role("controllers")
      && loopback(opts.controllers.cluster_cidr))
    return "kubelet: --cluster-cidr " + opts.controllers.cluster_cidr + why;
  if (loopback(opts.service_cluster_ip_range))
    return "kubelet: --service-cluster-ip-range " + opts.service_cluster_ip_range + why;
  return std::nullopt;
}

kubelet::kubelet_config kubelet_config_for(caf::actor_system& sys, const node_options& opts,
                                           const std::string& name, int index) {
  kubelet::kubelet_config cfg;
  // With join credentials the joiner supplies the token (join_credentials.hpp).
  if (!uses_join_credentials(opts))
    cfg.token = client_token(opts, apiserver::node_username(name));
  cfg.node_name = name;
  cfg.host_name = opts.name;
  cfg.labels = opts.worker.node_labels;
  cfg.taints = opts.worker.taints;
  cfg.node_ip = worker_node_ip(opts, index);
  // Bridge pods take their CIDR from node IPAM (--cluster-cidr).
  bool fixed_cidr = opts.kubelets > 0 && opts.worker.pod_cidr.empty()
                    && opts.worker.pod_network != "bridge";
  cfg.pod_cidr = fixed_cidr ? worker_pod_cidr(index) : opts.worker.pod_cidr;
  cfg.cpu = opts.worker.cpu;
  cfg.memory = opts.worker.memory;
  cfg.max_pods = opts.worker.max_pods;
  cfg.lease_renew_interval = opts.worker.lease_renew_interval;
  cfg.node_status_update_frequency = opts.worker.node_status_update_frequency;
  cfg.root_dir = opts.data_dir.empty() ? "/" : opts.data_dir;
  cfg.seed = opts.seed ^ std::random_device{}();
  cfg.runtime = make_runtime(sys, opts, name);
  cfg.network = make_pod_network(opts, name);
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
  if (auto err = check_bridge_ranges(opts))
    return err;
  for (size_t i = 0; i < names.size(); ++i) {
    kubelet::kubelet_config cfg;
    try {
      cfg = kubelet_config_for(sys, opts, names[i], static_cast<int>(i));
    } catch (const std::exception& e) {
      return "kubelet " + names[i] + ": " + e.what();
    }
    out.runtimes.push_back(cfg.runtime);
    auto component = "kubelet/" + names[i];
    auto start = [&sys, cfg](apiserver_actor api, const std::string& token) mutable {
      cfg.api = std::move(api);
      if (!token.empty())
        cfg.token = token;
      return caf::actor_cast<caf::actor>(kubelet::spawn_kubelet(sys, cfg));
    };
    auto err = spawn_api_client_role(sys, opts, node, out, component,
                                     with_node_credential(sys, opts, out, component, start));
    if (err)
      return err;
  }
  return std::nullopt;
}

std::optional<std::string> spawn_proxy_role(caf::actor_system& sys, const node_options& opts,
                                            const node_actor& node, started_roles& out) {
  proxy::proxy_config cfg;
  try {
    if (!uses_join_credentials(opts))
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
    auto component = "proxy/" + cfg.node_ip;
    auto start = [&sys, cfg](apiserver_actor api, const std::string& token) mutable {
      cfg.api = std::move(api);
      if (!token.empty())
        cfg.token = token;
      return caf::actor_cast<caf::actor>(proxy::spawn_proxy(sys, cfg));
    };
    auto err = spawn_api_client_role(sys, opts, node, out, component,
                                     with_node_credential(sys, opts, out, component, start));
    if (err)
      return err;
  }
  return std::nullopt;
}

} // namespace convoy
