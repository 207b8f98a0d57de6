#pragma once

// The Docker-link-style environment variables Kubernetes gives every
// container for the services it can see (pkg/kubelet/envvars FromServices).

#include <string>
#include <utility>
#include <vector>

#include "api/service.pb.h"

namespace convoy::kubelet {

/// "my-svc" -> "MY_SVC".
std::string service_env_name(const std::string& name);

/// Whether a service has a usable ClusterIP (not "", not "None").
bool service_ip_set(const api::Service& svc);

/// Appends, for each service with a ClusterIP and at least one port:
/// NAME_SERVICE_HOST, NAME_SERVICE_PORT, NAME_SERVICE_PORT_<PORTNAME> per
/// named port, NAME_PORT (first port) and NAME_PORT_<port>_<PROTO> with
/// _PROTO, _PORT and _ADDR for every port.
void append_service_env(const api::Service& svc,
                        std::vector<std::pair<std::string, std::string>>& out);

} // namespace convoy::kubelet
