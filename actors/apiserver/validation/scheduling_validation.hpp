#pragma once

#include "actors/apiserver/validation/container_validation.hpp"
#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/field_path.hpp"
#include "api/pod.pb.h"

/// Validation of what steers scheduling: tolerations and taint effects,
/// node selectors and affinity, pod (anti-)affinity, topology spread, as in
/// Kubernetes' pkg/apis/core/validation. Each function appends to `errs`.
namespace convoy::apiserver {

/// spec.tolerations: keys are label names; an empty key needs operator
/// Exists; operator Equal ("" means Equal) or Exists (then no value);
/// effect NoSchedule/PreferNoSchedule/NoExecute or empty; tolerationSeconds
/// only with NoExecute.
void validate_tolerations(const repeated<api::Toleration>& tolerations, const field_path& path,
                          field_error_list& errs);

/// A taint or toleration effect; empty is Required unless `allow_empty`.
void validate_taint_effect(std::string_view effect, bool allow_empty, const field_path& path,
                           field_error_list& errs);

/// A required node selector: at least one term; each requirement's
/// operator In/NotIn (values), Exists/DoesNotExist (no values), Gt/Lt
/// (exactly one integer value); matchFields only metadata.name In/NotIn.
void validate_node_selector(const api::NodeSelector& selector, const field_path& path,
                            field_error_list& errs);

/// spec.affinity: node affinity (selector + preferred terms with weight
/// 1-100), pod affinity and anti-affinity terms (selectors, namespaces,
/// topologyKey required).
void validate_affinity(const api::Affinity& affinity, const field_path& path,
                       field_error_list& errs);

/// spec.topologySpreadConstraints: maxSkew > 0, topologyKey required,
/// whenUnsatisfiable DoNotSchedule/ScheduleAnyway, no repeated
/// {topologyKey, whenUnsatisfiable}, minDomains > 0 only with
/// DoNotSchedule, node policies Honor/Ignore, label selector valid.
void validate_topology_spread(const repeated<api::TopologySpreadConstraint>& constraints,
                              const field_path& path, field_error_list& errs);

} // namespace convoy::apiserver
