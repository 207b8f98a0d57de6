#pragma once

// How a pod gets its network, the kubelet's small CNI: before a pod's first
// container starts the kubelet calls setup() with the pod's IP (from its
// pod_ip_pool); once the pod's containers are all removed, teardown(). The
// containers of a pod then share the network namespace setup() returned
// (the process runtime's shim enters it before exec).
//
// Implementations: loopback_network (the default: each pod binds its own
// 127.x address on the host's loopback, nothing to set up) and
// bridge_network (a network namespace and a veth pair on a node bridge per
// pod). Calls run commands and block for a few milliseconds; each is
// idempotent, so the kubelet can repeat them after any crash.

#include <string>
#include <vector>

namespace convoy::network {

/// What setup() returns: the pod's network namespace (empty: the host's),
/// or why it could not be set up (names the step and the command output).
struct setup_result {
  std::string netns_path;
  std::string error;
  bool ok() const {
    return error.empty();
  }
};

class pod_network {
public:
  virtual ~pod_network() = default;

  /// "loopback" or "bridge" (the --pod-network value).
  virtual std::string name() const = 0;

  /// Gives pod `pod_uid` the address ip/prefix_len; repeating it for a pod
  /// that is already set up changes nothing (running containers keep it).
  virtual setup_result setup(const std::string& pod_uid, const std::string& pod_name,
                             const std::string& ip, int prefix_len) = 0;

  /// Removes what setup() created for the pod; "" on success (also when
  /// there was nothing), else the error.
  virtual std::string teardown(const std::string& pod_uid) = 0;

  /// The uids of the pods that have network state here (including those
  /// of a previous run): the kubelet tears down those it no longer has.
  virtual std::vector<std::string> list() = 0;
};

} // namespace convoy::network
