#include "actors/scheduler/framework/node_info.hpp"

#include <algorithm>
#include <atomic>

namespace convoy::scheduler {

namespace {

bool is_wildcard(const std::string& ip) {
  return ip.empty() || ip == "0.0.0.0" || ip == "::";
}

/// One counter for all node infos (as Kubernetes' nextGeneration): a
/// snapshot compares generations across nodes.
uint64_t next_generation() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

} // namespace

bool host_port::conflicts_with(const host_port& other) const {
  if (port != other.port || protocol != other.protocol)
    return false;
  return is_wildcard(ip) || is_wildcard(other.ip) || ip == other.ip;
}

std::vector<host_port> pod_host_ports(const api::PodSpec& spec) {
  std::vector<host_port> out;
  auto collect = [&out](const auto& containers) {
    for (const auto& c : containers)
      for (const auto& p : c.ports())
        if (p.host_port() > 0)
          out.push_back(
            host_port{p.host_ip(), p.protocol().empty() ? "TCP" : p.protocol(), p.host_port()});
  };
  collect(spec.init_containers());
  collect(spec.containers());
  return out;
}

void node_info::set_node(std::shared_ptr<const api::Node> node) {
  node_ = std::move(node);
  allocatable_ = node_ ? resource_list::from_map(node_->status().allocatable()) : resource_list{};
  bump();
}

void node_info::add_pod(pod_info_ptr pod) {
  requested_.add(pod->requests);
  non_zero_requested_.add(pod->non_zero_requests);
  for (auto& port : pod_host_ports(pod->spec()))
    used_ports_.push_back(std::move(port));
  pods_.push_back(std::move(pod));
  bump();
}

bool node_info::remove_pod(const std::string& key) {
  auto it = std::find_if(pods_.begin(), pods_.end(),
                         [&key](const pod_info_ptr& p) { return p->key == key; });
  if (it == pods_.end())
    return false;
  requested_.add((*it)->requests, -1);
  non_zero_requested_.add((*it)->non_zero_requests, -1);
  for (const auto& port : pod_host_ports((*it)->spec())) {
    auto used = std::find_if(used_ports_.begin(), used_ports_.end(), [&port](const host_port& u) {
      return u.port == port.port && u.protocol == port.protocol && u.ip == port.ip;
    });
    if (used != used_ports_.end())
      used_ports_.erase(used);
  }
  pods_.erase(it);
  bump();
  return true;
}

void node_info::bump() {
  generation_ = next_generation();
}

} // namespace convoy::scheduler
