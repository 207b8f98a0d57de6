#pragma once

#include <google/protobuf/message.h>

#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/service_validation.hpp"

/// One entry point for the apiserver's generic storage path: validate any
/// stored API object (Pod, ReplicationController, ReplicaSet, Deployment,
/// Service, Endpoints, ConfigMap, Secret, ServiceAccount, Namespace, Node,
/// Lease, Event, Role, ClusterRole, RoleBinding, ClusterRoleBinding, and the
/// Binding and Scale subresources) by its message type.
namespace convoy::apiserver {

struct validation_options {
  service_options services;
  endpoints_options endpoints;
};

/// Whether validate_create/validate_update know `type`.
bool has_validation(const google::protobuf::Descriptor* type);

/// Validates a new object. An unknown type yields one internal error.
field_error_list validate_create(const google::protobuf::Message& object,
                                 const validation_options& opts = {});

/// Validates an update (`updated` replacing the stored `old`, same type).
/// Binding and Scale have no update form and are validated as new.
field_error_list validate_update(const google::protobuf::Message& updated,
                                 const google::protobuf::Message& old,
                                 const validation_options& opts = {});

} // namespace convoy::apiserver
