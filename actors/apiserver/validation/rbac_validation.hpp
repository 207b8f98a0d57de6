#pragma once

#include "actors/apiserver/validation/field_error.hpp"
#include "api/rbac.pb.h"

/// Validation of rbac.authorization.k8s.io/v1 objects, as Kubernetes'
/// pkg/apis/rbac/validation. RBAC names are URL path segments (not "."
/// or "..", no '/' or '%'), so "system:node" is a valid name.
namespace convoy::apiserver {

/// The API group of RBAC objects and of User/Group subjects.
extern const char* const rbac_group;

/// Namespaced; every rule has verbs, and resource rules have apiGroups and
/// resources; nonResourceURLs are not allowed in a Role.
field_error_list validate_role(const api::Role& role);
field_error_list validate_role_update(const api::Role& updated, const api::Role& old);

/// Cluster-scoped; rules as for roles, nonResourceURLs allowed (but not
/// mixed with resources); an aggregationRule needs selectors.
field_error_list validate_cluster_role(const api::ClusterRole& role);
field_error_list validate_cluster_role_update(const api::ClusterRole& updated,
                                              const api::ClusterRole& old);

/// roleRef.apiGroup rbac.authorization.k8s.io, kind Role or ClusterRole,
/// name required; subjects User/Group (apiGroup rbac.authorization.k8s.io)
/// or ServiceAccount (apiGroup "", a valid name).
field_error_list validate_role_binding(const api::RoleBinding& binding);

/// ...and roleRef immutable ("cannot change roleRef").
field_error_list validate_role_binding_update(const api::RoleBinding& updated,
                                              const api::RoleBinding& old);

/// As RoleBinding, but roleRef.kind must be ClusterRole and ServiceAccount
/// subjects need a namespace.
field_error_list validate_cluster_role_binding(const api::ClusterRoleBinding& binding);
field_error_list validate_cluster_role_binding_update(const api::ClusterRoleBinding& updated,
                                                      const api::ClusterRoleBinding& old);

} // namespace convoy::apiserver
