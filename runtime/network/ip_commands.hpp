#pragma once

// The names and `ip` (iproute2) command lines of the bridge pod network, as
// pure functions so they are tested without root: every name fits the
// kernel's 15-character interface-name limit and is derived from the node
// name or pod uid alone (deterministic, so a restarted kubelet finds what
// it created before).

#include <cstdint>
#include <string>
#include <vector>

namespace convoy::network {

using argv_t = std::vector<std::string>;

/// The routing protocol number marking convoy's host-gw routes (`ip route
/// ... proto 77`), so the applier only ever touches its own routes.
constexpr int route_proto = 77;

/// Where `ip netns add NAME` puts a namespace.
constexpr const char* netns_dir = "/var/run/netns";

/// 32-bit FNV-1a: a stable hash for short names.
uint32_t fnv1a(const std::string& text);

/// "cvb-" + 8 hex digits of the node name's hash (12 characters).
std::string bridge_name(const std::string& node_name);

/// The 12 characters naming a pod's network objects: the first 12
/// lower-case letters/digits of its uid, or a hash when it has fewer.
std::string pod_tag(const std::string& pod_uid);

/// "cv-" + pod_tag: the pod's network namespace (15 characters).
std::string netns_name(const std::string& pod_uid);
/// "cvh" + pod_tag: the host end of the pod's veth pair (on the bridge).
std::string veth_host_name(const std::string& pod_uid);
/// "cvp" + pod_tag: the pod end before it is renamed eth0 in the netns.
std::string veth_pod_name(const std::string& pod_uid);

/// Everything the per-pod commands need.
struct pod_plan {
  std::string netns;
  std::string veth_host;
  std::string veth_pod;
  std::string bridge;
  /// "10.213.1.5/24"
  std::string address;
  /// "10.213.1.1"
  std::string gateway;
};

/// The plan of one pod: names from its uid, gateway = first address of
/// ip/prefix_len.
pod_plan make_pod_plan(const std::string& node_name, const std::string& pod_uid, uint32_t ip,
                       int prefix_len);

/// Creates the bridge (fails with "File exists" if it does: check first),
/// gives it `gateway_cidr` ("10.213.1.1/24", replace: idempotent), sets it up.
std::vector<argv_t> bridge_commands(const std::string& bridge, const std::string& gateway_cidr);

/// The pod's netns, veth pair (host end on the bridge, pod end renamed
/// eth0 inside with the pod address), lo and eth0 up, default route via
/// the gateway. In order; each must succeed.
std::vector<argv_t> pod_commands(const pod_plan& plan);

/// Undoes pod_commands: deleting the host veth end removes its peer,
/// deleting the netns removes what is left. Errors for missing objects
/// are expected (idempotent teardown).
std::vector<argv_t> pod_teardown_commands(const std::string& netns,
                                          const std::string& veth_host);

/// `ip -n NS -4 -o addr show dev eth0` (whether a netns is already set up).
argv_t pod_address_query(const std::string& netns);

/// `ip route replace CIDR via IP proto 77`.
argv_t route_replace_command(const std::string& cidr, const std::string& via);
/// `ip route del CIDR proto 77`.
argv_t route_delete_command(const std::string& cidr);
/// `ip -4 route show proto 77`.
argv_t route_list_command();

/// "ip a b c" for error messages.
std::string join(const argv_t& argv);

} // namespace convoy::network
