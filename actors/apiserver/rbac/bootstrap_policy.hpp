#pragma once

#include <vector>

#include "api/rbac.pb.h"

namespace convoy::apiserver {

class rbac_authorizer;

/// The RBAC objects a fresh cluster starts with, after Kubernetes'
/// bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy):
///
///   cluster-admin                   everything; bound to group system:masters
///   admin / edit / view             namespace roles for users (their
///                                   aggregated rules written out in full)
///   system:basic-user               self-review APIs; group system:authenticated
///   system:discovery                /api, /apis, /version, ...; system:authenticated
///   system:public-info-viewer       /healthz, /livez, /readyz, /version;
///                                   system:authenticated and system:unauthenticated
///   system:kube-scheduler           user system:kube-scheduler
///   system:kube-controller-manager  user system:kube-controller-manager
///   system:node                     group system:nodes (see below)
///   system:node-proxier             user system:kube-proxy
///
/// Differences from Kubernetes, because convoy runs fewer identities:
/// - system:node is bound to the group system:nodes (Kubernetes >= 1.8 relies
///   on its Node authorizer instead, which convoy does not have); a kubelet
///   is then confined to its own Node, Lease and pods by node_restriction().
/// - system:kube-controller-manager also carries the rules of the
///   per-controller roles (system:controller:*) of the controllers convoy
///   runs (node lifecycle, replication, replica set, deployment, endpoints,
///   namespace, garbage collector), since convoy runs them all under the
///   controller manager's identity rather than one service account each.
/// Every object is labelled kubernetes.io/bootstrapping=rbac-defaults and
/// annotated rbac.authorization.kubernetes.io/autoupdate=true.
struct bootstrap_policy {
  std::vector<api::ClusterRole> cluster_roles;
  std::vector<api::ClusterRoleBinding> cluster_role_bindings;
};

/// Builds the bootstrap roles and bindings (deterministic order).
bootstrap_policy make_bootstrap_policy();

/// Loads `policy` into `authorizer` (upserts every role and binding).
void install(const bootstrap_policy& policy, rbac_authorizer& authorizer);

} // namespace convoy::apiserver
