#pragma once

#include <cstdint>

#include "actors/apiserver/validation/field_error.hpp"
#include "api/service.pb.h"

/// Service and Endpoints validation as Kubernetes' ValidateService /
/// ValidateServiceUpdate / ValidateEndpoints, for the service types convoy
/// implements (ClusterIP, NodePort).
namespace convoy::apiserver {

struct service_options {
  /// The NodePort range (Kubernetes' --service-node-port-range).
  int32_t node_port_min = 30000;
  int32_t node_port_max = 32767;
};

/// Name a DNS-1035 label; ports required (unless headless), each with a
/// name when there are several (DNS-1123 label, unique), port 1-65535,
/// protocol TCP/UDP/SCTP, targetPort a port number or IANA name, nodePort
/// only for NodePort services and inside the range, no duplicate
/// protocol/port or protocol/nodePort; type ClusterIP or NodePort;
/// sessionAffinity None or ClientIP (with a timeout of 1-86400 s);
/// clusterIP "", "None" or an IP; selector a label map; traffic policies.
field_error_list validate_service(const api::Service& service, const service_options& opts = {});

/// ...plus metadata update rules and spec.clusterIP immutable once set
/// (the apiserver copies the allocated clusterIP into an update that left
/// it empty, see defaulting/object_defaults.hpp, before validating).
field_error_list validate_service_update(const api::Service& updated, const api::Service& old,
                                         const service_options& opts = {});

struct endpoints_options {
  /// Kubernetes rejects loopback endpoint addresses; convoy's process
  /// runtime serves pods on 127.0.0.1, so they are allowed by default.
  bool allow_loopback = true;
};

/// Name a DNS subdomain; each subset has addresses or notReadyAddresses
/// (valid, non-special IPs; hostname a DNS label; nodeName a subdomain) and
/// ports (named when several; 1-65535; TCP/UDP/SCTP).
field_error_list validate_endpoints(const api::Endpoints& endpoints,
                                   const endpoints_options& opts = {});

field_error_list validate_endpoints_update(const api::Endpoints& updated,
                                          const api::Endpoints& old,
                                          const endpoints_options& opts = {});

} // namespace convoy::apiserver
