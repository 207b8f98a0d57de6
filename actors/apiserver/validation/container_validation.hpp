#pragma once

#include <cstdint>
#include <optional>

#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/field_path.hpp"
#include "api/pod.pb.h"

/// Validation of containers and what they are made of (ports, env,
/// resources, probes, lifecycle handlers, volume mounts), following
/// Kubernetes' pkg/apis/core/validation. Each function appends to `errs`.
namespace convoy::apiserver {

template <class T>
using repeated = google::protobuf::RepeatedPtrField<T>;

/// What container validation needs to know about the enclosing pod.
struct pod_context {
  /// The pod's volumes, so volumeMounts can be checked against them.
  const repeated<api::Volume>* volumes = nullptr;
  /// spec.terminationGracePeriodSeconds, bounding preStop sleeps.
  std::optional<int64_t> grace_period_seconds;
};

/// spec.containers: at least one; each a valid container with a unique
/// name; probes and lifecycle checked; no restartPolicy; no two containers
/// claiming the same hostIP/protocol/hostPort.
void validate_containers(const repeated<api::Container>& containers, const pod_context& pod,
                         const field_path& path, field_error_list& errs);

/// spec.initContainers: names unique among init and regular containers;
/// restartPolicy only "Always" (a sidecar), and only sidecars may have
/// probes or lifecycle handlers.
void validate_init_containers(const repeated<api::Container>& init,
                              const repeated<api::Container>& regular, const pod_context& pod,
                              const field_path& path, field_error_list& errs);

/// resources.limits / resources.requests: standard or extended resource
/// names, quantities that parse (through convoy::quantity) and are not
/// negative, requests <= limits (== for hugepages and extended resources).
void validate_resource_requirements(const api::ResourceRequirements& resources,
                                    const field_path& path, field_error_list& errs);

/// A port number 1-65535 or an IANA service name (probes, targetPort).
void validate_port_num_or_name(const api::IntOrString& port, const field_path& path,
                               field_error_list& errs);

/// Renders an IntOrString as Kubernetes prints it (bare number or text).
std::string render_int_or_string(const api::IntOrString& value);

} // namespace convoy::apiserver
