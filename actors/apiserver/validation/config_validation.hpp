#pragma once

#include "actors/apiserver/validation/field_error.hpp"
#include "api/config.pb.h"

/// Validation of core/v1 ConfigMap, Secret, ServiceAccount and Namespace
/// (and their updates), as in Kubernetes' pkg/apis/core/validation.
namespace convoy::apiserver {

/// Total bytes of data a ConfigMap or Secret may hold (1 MiB).
constexpr size_t max_secret_size_bytes = 1024 * 1024;

/// Name a DNS subdomain; data/binaryData keys valid config keys and not in
/// both; total size <= 1 MiB.
field_error_list validate_config_map(const api::ConfigMap& config_map);

/// ...and once `immutable` is true: it stays true and data/binaryData do not
/// change.
field_error_list validate_config_map_update(const api::ConfigMap& updated,
                                            const api::ConfigMap& old);

/// Name a DNS subdomain; data keys valid config keys; total size <= 1 MiB;
/// the keys a type requires (service-account-token: the service-account
/// name annotation; basic-auth: username or password; ssh-auth:
/// ssh-privatekey; tls: tls.crt and tls.key). stringData is expected to be
/// merged into data already (defaulting does that) but is checked too.
field_error_list validate_secret(const api::Secret& secret);

/// ...and `type` immutable, `immutable` secrets frozen.
field_error_list validate_secret_update(const api::Secret& updated, const api::Secret& old);

/// Name a DNS subdomain, namespaced.
field_error_list validate_service_account(const api::ServiceAccount& account);
field_error_list validate_service_account_update(const api::ServiceAccount& updated,
                                                 const api::ServiceAccount& old);

/// Name a DNS label, cluster-scoped; spec.finalizers valid finalizer names.
field_error_list validate_namespace(const api::Namespace& ns);
field_error_list validate_namespace_update(const api::Namespace& updated,
                                           const api::Namespace& old);

} // namespace convoy::apiserver
