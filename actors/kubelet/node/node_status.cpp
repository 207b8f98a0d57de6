#include "actors/kubelet/node/node_status.hpp"

#include "actors/kubelet/core/container_attempts.hpp"

namespace convoy::kubelet {

namespace {

struct condition_value {
  const char* type;
  bool status;
  const char* reason;
  const char* message;
};

/// Sets one condition; true if its status, reason or message changed.
bool set_condition(api::NodeStatus& status, const condition_value& v, int64_t now_ms) {
  api::NodeCondition* c = nullptr;
  for (auto& existing : *status.mutable_conditions())
    if (existing.type() == v.type)
      c = &existing;
  bool fresh = c == nullptr;
  if (fresh) {
    c = status.add_conditions();
    c->set_type(v.type);
  }
  const char* value = v.status ? "True" : "False";
  bool changed = fresh || c->status() != value || c->reason() != v.reason
                 || c->message() != v.message;
  if (fresh || c->status() != value)
    set_timestamp(*c->mutable_last_transition_time(), now_ms);
  c->set_status(value);
  c->set_reason(v.reason);
  c->set_message(v.message);
  set_timestamp(*c->mutable_last_heartbeat_time(), now_ms);
  return changed;
}

std::string memory_text(int64_t bytes) {
  return std::to_string(bytes / 1024) + "Ki";
}

} // namespace

bool update_conditions(api::NodeStatus& status, const host_facts& host, int64_t now_ms,
                       const pressure_thresholds& limits) {
  bool memory = host.memory_available_bytes > 0
                && host.memory_available_bytes < limits.memory_available_bytes;
  bool disk = host.disk_free_ratio < limits.disk_free_ratio;
  bool pids = host.pids_max > 0
              && static_cast<double>(host.pids_in_use)
                   > limits.pids_used_ratio * static_cast<double>(host.pids_max);
  bool changed = false;
  changed |= set_condition(status,
                           {"MemoryPressure", memory,
                            memory ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                            memory ? "kubelet has insufficient memory available"
                                   : "kubelet has sufficient memory available"},
                           now_ms);
  changed |= set_condition(status,
                           {"DiskPressure", disk, disk ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                            disk ? "kubelet has disk pressure" : "kubelet has no disk pressure"},
                           now_ms);
  changed |= set_condition(status,
                           {"PIDPressure", pids,
                            pids ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
                            pids ? "kubelet has insufficient PID available"
                                 : "kubelet has sufficient PID available"},
                           now_ms);
  changed |= set_condition(
    status, {"Ready", true, "KubeletReady", "kubelet is posting ready status"}, now_ms);
  return changed;
}

api::Node make_node(const kubelet_config& cfg, const host_facts& host, int64_t now_ms,
                    const std::string& runtime_name) {
  api::Node n;
  n.set_kind("Node");
  n.set_api_version("v1");
  auto& meta = *n.mutable_metadata();
  meta.set_name(cfg.node_name);
  auto& labels = *meta.mutable_labels();
  labels["kubernetes.io/hostname"] = cfg.node_name;
  labels["kubernetes.io/os"] = "linux";
  labels["kubernetes.io/arch"] = "amd64";
  for (const auto& [k, v] : cfg.labels)
    labels[k] = v;
  auto& spec = *n.mutable_spec();
  for (const auto& t : cfg.taints)
    *spec.add_taints() = t;
  if (!cfg.pod_cidr.empty()) {
    spec.set_pod_cidr(cfg.pod_cidr);
    spec.add_pod_cidrs(cfg.pod_cidr);
  }
  auto& status = *n.mutable_status();
  auto& cap = *status.mutable_capacity();
  cap["cpu"] = cfg.cpu.empty() ? std::to_string(host.cpus) : cfg.cpu;
  cap["memory"] = cfg.memory.empty() ? memory_text(host.memory_bytes) : cfg.memory;
  cap["pods"] = std::to_string(cfg.max_pods);
  *status.mutable_allocatable() = cap;
  auto* ip = status.add_addresses();
  ip->set_type("InternalIP");
  ip->set_address(cfg.node_ip);
  auto* hostname = status.add_addresses();
  hostname->set_type("Hostname");
  hostname->set_address(cfg.node_name);
  auto& info = *status.mutable_node_info();
  info.set_machine_id(host.machine_id);
  info.set_boot_id(host.boot_id);
  info.set_kernel_version(host.kernel_version);
  info.set_os_image(host.os_image);
  info.set_operating_system("linux");
  info.set_architecture("amd64");
  info.set_container_runtime_version(runtime_name + "://" CONVOY_VERSION);
  info.set_kubelet_version("v" CONVOY_VERSION);
  update_conditions(status, host, now_ms);
  return n;
}

} // namespace convoy::kubelet
