#pragma once

#include <set>
#include <string>

#include "api/pod.pb.h"

namespace convoy::apiserver {

/// The objects of its namespace a pod needs on its node: what the kubelet
/// reads to start it and what the node authorizer lets that node read
/// (Kubernetes' node graph edges pod -> secret, configmap, serviceaccount).
struct pod_references {
  std::set<std::string> secrets;
  std::set<std::string> config_maps;
  /// spec.serviceAccountName, "default" when empty (what Kubernetes'
  /// ServiceAccount admission fills in).
  std::string service_account;
};

/// spec.serviceAccountName, or "default" when empty.
const std::string& service_account_of(const api::Pod& pod);

/// Whether the pod gets its account's token (automountServiceAccountToken
/// is not false).
bool mounts_service_account_token(const api::Pod& pod);

/// From env valueFrom and envFrom of every (init) container, volumes
/// (secret, configMap, projected) and imagePullSecrets.
pod_references references_of(const api::Pod& pod);

} // namespace convoy::apiserver
