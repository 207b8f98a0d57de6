#pragma once

#include "actors/apiserver/validation/container_validation.hpp"
#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/field_path.hpp"
#include "api/pod.pb.h"

/// Pod validation as Kubernetes' ValidatePod / ValidatePodUpdate /
/// ValidatePodStatusUpdate / ValidatePodBinding. Objects are validated after
/// defaulting (defaulting/pod_defaults.hpp), as in Kubernetes: e.g. an empty
/// restartPolicy is "Required value" here because defaulting fills it.
namespace convoy::apiserver {

/// A new pod: metadata (name a DNS-1123 subdomain, namespaced) and spec.
field_error_list validate_pod(const api::Pod& pod);

/// An update of spec/metadata. Beyond re-validating the new pod, only these
/// spec fields may change: containers[*].image, initContainers[*].image,
/// activeDeadlineSeconds (set, or lowered), tolerations (additions, and
/// tolerationSeconds of existing ones), terminationGracePeriodSeconds (from
/// negative to 1). Anything else is `spec: Forbidden: pod updates may not
/// change fields other than ...` followed by a diff.
field_error_list validate_pod_update(const api::Pod& updated, const api::Pod& old);

/// A pods/status update: metadata update rules, IPs well-formed,
/// nominatedNodeName a DNS subdomain, qosClass immutable once set, and no
/// terminated container coming back to life unless the restart policy
/// allows it.
field_error_list validate_pod_status_update(const api::Pod& updated, const api::Pod& old);

/// A pods/binding request: target.name required, target.kind "Node" or "".
field_error_list validate_binding(const api::Binding& binding);

/// spec of a pod (or a template) at `path`.
void validate_pod_spec(const api::PodSpec& spec, const field_path& path, field_error_list& errs);

/// A pod template (of an RC, ReplicaSet, Deployment) at `path`
/// ("spec.template"): its labels and annotations (Kubernetes names them
/// `spec.template.labels`), and its spec at `path.spec`.
void validate_pod_template_spec(const api::PodTemplateSpec& tmpl, const field_path& path,
                                field_error_list& errs);

} // namespace convoy::apiserver
