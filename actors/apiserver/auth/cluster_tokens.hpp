#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/auth/static_token_file.hpp"

namespace convoy::apiserver {

class random_source;

/// Well-known identities of the control plane's own components (the names
/// the bootstrap RBAC policy binds).
inline constexpr std::string_view admin_user = "admin";
inline constexpr std::string_view scheduler_user = "system:kube-scheduler";
inline constexpr std::string_view controller_manager_user = "system:kube-controller-manager";
inline constexpr std::string_view proxy_user = "system:kube-proxy";

/// "system:node:NAME": the user a kubelet acts as.
std::string node_username(std::string_view node_name);

/// The bearer tokens `convoy up` hands out: one per component, each with
/// the identity Kubernetes gives that component, so RBAC's bootstrap
/// policy applies unchanged.
struct cluster_tokens {
  /// "admin" in group system:masters (the `convoy ctl` user).
  static_token admin;
  static_token scheduler;
  static_token controllers;
  /// One token shared by every proxy (Kubernetes' kube-proxy identity is
  /// not per node either).
  static_token proxy;
  /// "system:node:NAME" in group system:nodes, in the order of the names.
  std::vector<static_token> kubelets;

  /// Every token, in file order (admin, scheduler, controllers, proxy,
  /// kubelets).
  std::vector<static_token> all() const;

  /// The kubelet token of `node_name`, or nullptr.
  const static_token* kubelet(std::string_view node_name) const;
};

/// A fresh bearer token: 32 random bytes (256 bits) as base64url, 43
/// characters, no dots (so it is never mistaken for a JWT or a join token).
std::string generate_bearer_token(random_source& random);

/// Fresh tokens for a cluster with kubelets on `node_names` (names must be
/// distinct; throws std::invalid_argument naming a duplicate or empty one).
/// Each uid is the user name, which is unique among these identities.
cluster_tokens generate_cluster_tokens(const std::vector<std::string>& node_names,
                                       random_source& random);

} // namespace convoy::apiserver
