#pragma once

// What one pod contributes to a Service's Endpoints (Kubernetes'
// ShouldPodBeInEndpoints, podutil.FindPort, podToEndpointAddressForService
// and ShouldSetHostname), pure.

#include <cstdint>
#include <optional>

#include "api/pod.pb.h"
#include "api/service.pb.h"

namespace convoy::controllers::endpoints {

/// The pod has an IP, is not terminal (Succeeded/Failed) and, unless
/// `include_terminating` (the service's publishNotReadyAddresses), is not
/// being deleted. Pods failing this are left out entirely, neither ready
/// nor not ready: they have no address a proxy could send to.
bool should_pod_be_in_endpoints(const api::Pod& pod, bool include_terminating);

/// The container port `svc_port` targets on `pod`: a number as is, unset
/// as the service port (what defaulting would have written), a name as the
/// port of that name AND the service port's protocol on a container or
/// sidecar (restartPolicy Always init container). nullopt if no such port:
/// the pod then serves the service on the other ports only.
std::optional<int32_t> find_port(const api::Pod& pod, const api::ServicePort& svc_port);

/// The address of `pod` for `svc`: podIP, nodeName, targetRef to the pod,
/// and the pod's hostname when its subdomain names the service (so that
/// DNS gets a per-pod record for headless services).
api::EndpointAddress endpoint_address(const api::Service& svc, const api::Pod& pod);

/// The endpoint port for `svc_port` served on container port `port`.
api::EndpointPort endpoint_port(const api::ServicePort& svc_port, int32_t port);

} // namespace convoy::controllers::endpoints
