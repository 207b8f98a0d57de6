#pragma once

#include <google/protobuf/message.h>

#include "actors/apiserver/defaulting/pod_defaults.hpp"
#include "api/config.pb.h"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/rbac.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

/// Kubernetes' defaulting of every kind convoy stores (SetDefaults_* of
/// core/v1, apps/v1, rbac/v1, plus what v1 conversion fills in), as pure
/// functions filling unset fields in place; idempotent. Namespaced kinds
/// get metadata.namespace "default" when it is empty. The apiserver runs
/// apply_defaults on every create and update body before validation, and
/// prepare_for_create only on creates (it sets what a user may not choose).
namespace convoy::apiserver {

/// The namespace objects land in when the request names none.
inline constexpr std::string_view default_namespace_name = "default";

/// Sets meta.namespace to `ns` when empty.
void default_namespace(api::ObjectMeta& meta, std::string_view ns = default_namespace_name);

/// Pods: default_pod (see pod_defaults.hpp).
void apply_defaults(api::Pod& pod);

/// selector and metadata.labels default to the template's labels,
/// replicas 1, template pod spec defaulted.
void apply_defaults(api::ReplicationController& rc);

/// replicas 1, template pod spec defaulted.
void apply_defaults(api::ReplicaSet& rs);

/// replicas 1, strategy RollingUpdate with maxUnavailable and maxSurge
/// 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, template pod
/// spec defaulted.
void apply_defaults(api::Deployment& deployment);

/// type ClusterIP, sessionAffinity None (ClientIP gets a 10800 s timeout
/// config; None drops the config), port protocol TCP, targetPort = port
/// when unset or zero/empty, externalTrafficPolicy Cluster for NodePort,
/// internalTrafficPolicy Cluster, clusterIP/clusterIPs kept consistent.
void apply_defaults(api::Service& service);

/// Port protocols TCP.
void apply_defaults(api::Endpoints& endpoints);

/// type Opaque; stringData merged into data (stringData wins) and cleared,
/// as Kubernetes' conversion does.
void apply_defaults(api::Secret& secret);

void apply_defaults(api::ConfigMap& config_map);
void apply_defaults(api::ServiceAccount& account);
void apply_defaults(api::Lease& lease);
void apply_defaults(api::Event& event);

/// The kubernetes.io/metadata.name label set to the name.
void apply_defaults(api::Namespace& ns);

/// status.allocatable defaults to status.capacity.
void apply_defaults(api::Node& node);

/// User/Group subjects get apiGroup rbac.authorization.k8s.io.
void apply_defaults(api::Role& role);
void apply_defaults(api::ClusterRole& role);
void apply_defaults(api::RoleBinding& binding);
void apply_defaults(api::ClusterRoleBinding& binding);

/// Dispatches on the message type; false for a type without defaults.
bool apply_defaults(google::protobuf::Message& object);

/// Create-only preparation (Kubernetes' strategies' PrepareForCreate): pods
/// get status {phase Pending, qosClass}, namespaces status {phase Active}
/// and the "kubernetes" finalizer. No-op for other kinds.
void prepare_for_create(google::protobuf::Message& object);

/// Kubernetes' patchAllocatedValues for service updates: a clusterIP(s) or
/// nodePort the update leaves empty keeps the allocated old value (so
/// `apply` of a manifest without them is not a forbidden change).
void carry_over_service_allocations(api::Service& updated, const api::Service& old);

} // namespace convoy::apiserver
