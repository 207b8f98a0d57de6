#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/scheduler/framework/pod_info.hpp"
#include "actors/scheduler/framework/resources.hpp"
#include "api/node.pb.h"

namespace convoy::scheduler {

/// A host port a pod holds on its node: (hostIP, protocol, port). An empty
/// or 0.0.0.0 IP means every address of the node.
struct host_port {
  std::string ip;
  std::string protocol;
  int32_t port = 0;

  /// Whether this port and `other` cannot both be held (same protocol and
  /// port, and the addresses overlap).
  bool conflicts_with(const host_port& other) const;
};

/// The host ports `spec`'s containers ask for (hostPort > 0).
std::vector<host_port> pod_host_ports(const api::PodSpec& spec);

/// Everything the scheduler knows about one node: the Node object and the
/// pods placed on it (bound or assumed), with their requests and host ports
/// summed as pods come and go, so a filter reads totals in O(1) instead of
/// walking the pods. The generation changes with every change, which lets
/// snapshots copy only what moved.
class node_info {
public:
  explicit node_info(std::string name) : name_(std::move(name)) {}

  const std::string& name() const noexcept {
    return name_;
  }

  /// The Node, or nullptr while only pods name this node (it was deleted, or
  /// its pods arrived first).
  const api::Node* node() const noexcept {
    return node_.get();
  }
  void set_node(std::shared_ptr<const api::Node> node);

  /// status.allocatable, parsed once per node update.
  const resource_list& allocatable() const noexcept {
    return allocatable_;
  }
  /// Sum of the requests of the pods on the node.
  const resource_list& requested() const noexcept {
    return requested_;
  }
  /// Same with the scoring defaults for request-less containers.
  const resource_list& non_zero_requested() const noexcept {
    return non_zero_requested_;
  }

  const std::vector<pod_info_ptr>& pods() const noexcept {
    return pods_;
  }
  const std::vector<host_port>& used_ports() const noexcept {
    return used_ports_;
  }

  void add_pod(pod_info_ptr pod);
  /// Removes the pod with `key`; false if it was not here.
  bool remove_pod(const std::string& key);

  uint64_t generation() const noexcept {
    return generation_;
  }

private:
  void bump();

  std::string name_;
  std::shared_ptr<const api::Node> node_;
  resource_list allocatable_;
  resource_list requested_;
  resource_list non_zero_requested_;
  std::vector<pod_info_ptr> pods_;
  std::vector<host_port> used_ports_;
  uint64_t generation_ = 0;
};

} // namespace convoy::scheduler
