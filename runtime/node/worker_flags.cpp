#include "runtime/node/worker_flags.hpp"

#include <unistd.h>

#include "net/address/ipv4.hpp"

namespace convoy {

namespace {

std::optional<std::string> check_runtime(const std::string& text) {
  if (text == "process" || text == "simulated")
    return std::nullopt;
  return "'" + text + "' is not a container runtime (process or simulated)";
}

std::optional<std::string> check_ipv4(const std::string& text) {
  if (net::parse_ipv4(text))
    return std::nullopt;
  return "'" + text + "' is not an IPv4 address";
}

std::optional<std::string> check_cidr(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  net::ipv4_error error;
  auto cidr = net::parse_ipv4_cidr(text, error);
  if (!cidr && error.fault != net::ipv4_fault::prefix)
    return error.fault == net::ipv4_fault::address ? "'" + text.substr(0, text.find('/'))
                                                       + "' is not an IPv4 address"
                                                 : "'" + text + "' is not a CIDR (A.B.C.D/N)";
  if (!cidr || cidr->prefix < 8 || cidr->prefix > 30)
    return "'" + text + "': the prefix length must be 8..30";
  return std::nullopt;
}

std::optional<std::string> check_pod_network(const std::string& text) {
  if (text == "loopback" || text == "bridge")
    return std::nullopt;
  return "'" + text + "' is not a pod network (loopback or bridge)";
}

std::optional<std::string> check_label(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return "'" + text + "' is not KEY=VALUE";
  return std::nullopt;
}

std::optional<std::string> check_taint(const std::string& text) {
  std::string error;
  if (parse_taint(text, error))
    return std::nullopt;
  return error;
}

std::chrono::milliseconds millis(const config::flag_set& flags, const std::string& name) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(flags.duration(name));
}

} // namespace

std::optional<api::Taint> parse_taint(const std::string& text, std::string& error) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    error = "'" + text + "' is not KEY[=VALUE]:EFFECT";
    return std::nullopt;
  }
  api::Taint t;
  auto effect = text.substr(colon + 1);
  if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute") {
    error = "'" + text + "': effect must be NoSchedule, PreferNoSchedule or NoExecute";
    return std::nullopt;
  }
  t.set_effect(effect);
  auto kv = text.substr(0, colon);
  auto eq = kv.find('=');
  t.set_key(kv.substr(0, eq));
  if (eq != std::string::npos)
    t.set_value(kv.substr(eq + 1));
  if (t.key().empty()) {
    error = "'" + text + "': the key must not be empty";
    return std::nullopt;
  }
  return t;
}

std::string worker_pod_cidr(int index) {
  return "127." + std::to_string(16 + index / 256) + "." + std::to_string(index % 256) + ".0/24";
}

void add_worker_flags(config::flag_set& flags) {
  using namespace std::chrono_literals;
  flags
    .add_string("runtime", "process",
                "kubelet role: container runtime, process (real processes) or simulated",
                "RUNTIME", check_runtime)
    .add_string("node-ip", "127.0.0.1",
                "kubelet and proxy roles: the node's address (pods' hostIP, NodePorts)", "IP",
                check_ipv4)
    .add_string("pod-cidr", "",
                "kubelet role: pod IPs come from here (default: the Node's spec.podCIDR, "
                "given by the controllers' node IPAM; convoy up: a /24 of 127.16.0.0/12 "
                "per worker)",
                "CIDR", check_cidr)
    .add_list("node-labels", {}, "kubelet role: labels of the Node", "KEY=VALUE,...",
              check_label)
    .add_list("register-with-taints", {}, "kubelet role: taints the Node registers with",
              "KEY[=VALUE]:EFFECT,...", check_taint)
    .add_int("max-pods", 110, 1, 100000, "kubelet role: pods this node runs at most")
    .add_string("node-cpu", "", "kubelet role: CPU capacity to report (default: the host's)",
                "QUANTITY")
    .add_string("node-memory", "",
                "kubelet role: memory capacity to report (default: the host's)", "QUANTITY")
    .add_string("pod-network", "loopback",
                "kubelet role: loopback (each pod binds its own 127.x address) or bridge (each "
                "pod in its own network namespace on a node bridge; needs root)",
                "MODE", check_pod_network)
    .add_bool("container-namespaces",
              "kubelet role, process runtime: each container in its own pid, uts, ipc and "
              "mount namespaces (needs root)")
    .add_duration("node-lease-renew-interval", 10s,
                  "kubelet role: how often the node's Lease is renewed")
    .add_duration("node-status-update-frequency", 10s,
                  "kubelet role: how often the node status is recomputed");
}

std::optional<std::string> read_worker_flags(const config::flag_set& flags,
                                             worker_options& out) {
  out.runtime = flags.str("runtime");
  out.node_ip = flags.str("node-ip");
  out.pod_cidr = flags.str("pod-cidr");
  for (const auto& item : flags.list("node-labels")) {
    auto eq = item.find('=');
    out.node_labels[item.substr(0, eq)] = item.substr(eq + 1);
  }
  std::string error;
  for (const auto& item : flags.list("register-with-taints"))
    out.taints.push_back(*parse_taint(item, error));
  out.max_pods = static_cast<int>(flags.integer("max-pods"));
  out.cpu = flags.str("node-cpu");
  out.memory = flags.str("node-memory");
  out.container_namespaces = flags.boolean("container-namespaces");
  if (out.container_namespaces && ::geteuid() != 0)
    return std::string{"--container-namespaces: needs root (creating namespaces and mounting "
                       "/proc are privileged)"};
  out.pod_network = flags.str("pod-network");
  if (out.pod_network == "bridge" && ::geteuid() != 0)
    return std::string{"--pod-network bridge: needs root (creating network namespaces, veth "
                       "pairs and a bridge is privileged)"};
  if (out.pod_network == "bridge" && out.pod_cidr.rfind("127.", 0) == 0)
    return "--pod-cidr " + out.pod_cidr + ": with --pod-network bridge it must be outside "
           "127.0.0.0/8 (loopback addresses never leave a network namespace)";
  out.lease_renew_interval = millis(flags, "node-lease-renew-interval");
  out.node_status_update_frequency = millis(flags, "node-status-update-frequency");
  if (out.lease_renew_interval < std::chrono::milliseconds{100})
    return std::string{"--node-lease-renew-interval: must be at least 100ms"};
  if (out.node_status_update_frequency < std::chrono::milliseconds{100})
    return std::string{"--node-status-update-frequency: must be at least 100ms"};
  return std::nullopt;
}

} // namespace convoy
