#pragma once

// Host-local IPAM (the CNI host-local plugin's job): each pod of the node
// gets one IPv4 address from the node's pod CIDR, the same one for as long
// as the pod lives, released when it goes.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace convoy::kubelet {

class pod_ip_pool;

/// What pod_ip_pool::parse returns: a pool, or a message naming the value.
struct pod_ip_pool_result;

class pod_ip_pool {
public:
  /// Parses an IPv4 CIDR such as "127.16.3.0/24" (prefix 8..30; host bits
  /// set are tolerated and ignored). Usable addresses exclude the network
  /// address, the first host (.1, gateway-like) and the broadcast address.
  static pod_ip_pool_result parse(const std::string& cidr);

  /// The pod's address: the one it already has, or the next free one
  /// (next-fit, so a released address is not reused at once). nullopt when
  /// the pool is exhausted.
  std::optional<std::string> allocate(const std::string& pod_uid);

  /// Frees the pod's address (unknown uids are ignored).
  void release(const std::string& pod_uid);

  /// Re-claims `ip` for the pod after a kubelet restart (from the runtime's
  /// records or the pod statuses). Returns an error message if the address
  /// is malformed, outside the pool, or held by another pod; "" on success.
  std::string restore(const std::string& pod_uid, const std::string& ip);

  /// The pod's address, if it has one.
  std::optional<std::string> lookup(const std::string& pod_uid) const;

  std::size_t allocated() const {
    return by_uid_.size();
  }
  std::size_t capacity() const {
    return static_cast<std::size_t>(last_ - first_ + 1);
  }
  const std::string& cidr() const {
    return cidr_;
  }

private:
  pod_ip_pool(std::string cidr, uint32_t first, uint32_t last);

  std::string cidr_;
  uint32_t first_;
  uint32_t last_;
  uint32_t cursor_;
  std::unordered_map<std::string, uint32_t> by_uid_;
  std::unordered_map<uint32_t, std::string> by_ip_;
};

struct pod_ip_pool_result {
  std::optional<pod_ip_pool> pool;
  std::string error;

  explicit operator bool() const {
    return pool.has_value();
  }
};

} // namespace convoy::kubelet
