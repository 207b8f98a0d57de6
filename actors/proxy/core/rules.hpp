#pragma once

// kube-proxy's service → forwarding-rule translation as pure functions: what
// the data plane should listen on and forward to, given Services and their
// Endpoints, and the difference between two rule sets (what to open, close
// and re-point). No sockets, no clock, no CAF.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/service.pb.h"

namespace convoy::proxy {

/// One ready endpoint a rule forwards to.
struct backend {
  std::string ip;
  int port = 0;
};

bool operator==(const backend& a, const backend& b);
bool operator!=(const backend& a, const backend& b);
bool operator<(const backend& a, const backend& b);

/// Listen on listen_ip:listen_port and forward each accepted TCP connection
/// to one of `backends` (round robin). An empty backend list keeps the
/// listener open but closes each client at once, as kube-proxy rejects
/// connections to a service without endpoints.
struct rule {
  /// "namespace/name:portname" (portname may be empty).
  std::string service_key;
  std::string listen_ip;
  int listen_port = 0;
  /// Sorted (ip, port), so equal sets compare equal.
  std::vector<backend> backends;
};

bool operator==(const rule& a, const rule& b);

/// "ip:port" of the rule's listener: the identity of a listener in a diff.
std::string listen_key(const rule& r);

/// Where node ports are served.
struct rule_options {
  /// The node's address: node ports listen here.
  std::string node_ip = "127.0.0.1";
  /// Also serve node ports on 127.0.0.1 (Kubernetes does by default).
  bool nodeport_on_localhost = true;
};

/// The rules of one Service, given its Endpoints (nullptr: none yet).
/// Skipped without error: ExternalName services, headless ones (clusterIP
/// None or empty), non-TCP ports. Invalid ports (outside 1..65535) are
/// skipped with an error naming the field appended to `errors` (if given).
std::vector<rule> service_rules(const api::Service& svc, const api::Endpoints* eps,
                                const rule_options& opts,
                                std::vector<std::string>* errors = nullptr);

/// The ready backends of service port `port_name` in `eps`: every READY
/// address of each subset that has an endpoint port of that name (a
/// single unnamed port matches an unnamed service port). Sorted, unique.
std::vector<backend> ready_backends(const api::Endpoints& eps, const std::string& port_name);

using service_map = std::unordered_map<std::string, std::shared_ptr<const api::Service>>;
using endpoints_map = std::unordered_map<std::string, std::shared_ptr<const api::Endpoints>>;

/// The rules of all services (keyed "namespace/name", as informers key
/// them), sorted by listen address. When two services claim the same
/// listen address, the one whose key sorts first wins and the conflict is
/// reported in `errors`.
std::vector<rule> compute_rules(const service_map& services, const endpoints_map& endpoints,
                                const rule_options& opts,
                                std::vector<std::string>* errors = nullptr);

/// What changes between two rule sets, keyed by listen address.
struct rule_diff {
  /// Listeners to open (with their backends).
  std::vector<rule> open;
  /// Listen keys ("ip:port") to close; their connections drain.
  std::vector<std::string> close;
  /// Listeners that stay but whose backends (or service) changed: new
  /// connections go to the new backends, established ones drain.
  std::vector<rule> update;

  bool empty() const noexcept {
    return open.empty() && close.empty() && update.empty();
  }
};

/// current → desired. Each output list is sorted by listen key; a listen
/// address repeated within one input counts once (its first rule).
rule_diff diff(const std::vector<rule>& current, const std::vector<rule>& desired);

} // namespace convoy::proxy
