#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/apiserver/rbac/pod_references.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"

namespace convoy::apiserver {

/// Kubernetes' node authorizer graph (plugin/pkg/auth/authorizer/node),
/// reduced to what convoy's kubelet reads: a node may get a Secret,
/// ConfigMap or ServiceAccount only while a pod bound to it references it,
/// and a Secret also while it holds the token of such an account (the
/// account lists it in `secrets`). So a kubelet, or whoever holds its
/// credential, reads the Secrets of its own pods and no others.
///
/// Fed with every change of pods and ServiceAccounts (the apiserver's
/// watch caches); answers in O(1) per question, whatever the cluster size.
/// Pure: no CAF, no store.
class node_graph {
public:
  /// Pod `key` (NS/NAME) is now `pod` (nullptr: deleted). Only pods bound
  /// to a node give edges.
  void set_pod(const std::string& key, const api::Pod* pod);

  /// ServiceAccount `key` (NS/NAME) is now `account` (nullptr: deleted).
  void set_account(const std::string& key, const api::ServiceAccount* account);

  /// Whether `node` may get object `ns`/`name` of `resource` (secrets,
  /// configmaps, serviceaccounts; any other resource: false).
  bool may_get(std::string_view node, std::string_view resource, std::string_view ns,
               std::string_view name) const;

  /// Bound pods in the graph.
  size_t pods() const noexcept { return pods_.size(); }

private:
  struct pod_edges {
    std::string node;
    std::string ns;
    pod_references refs;
  };

  /// Adds (+1) or removes (-1) the edges of one bound pod.
  void count(const pod_edges& pod, int delta);
  void count_edge(const std::string& edge, int delta);
  bool has_edge(std::string_view node, std::string_view resource, std::string_view ns,
                std::string_view name) const;

  /// By pod key, bound pods only.
  std::unordered_map<std::string, pod_edges> pods_;
  /// NODE, RESOURCE, NS, NAME joined by '\n' -> how many bound pods give it.
  std::unordered_map<std::string, int> edges_;
  /// NS/ACCOUNT -> the Secrets the account lists.
  std::unordered_map<std::string, std::vector<std::string>> account_secrets_;
  /// NS/SECRET -> the accounts (names) that list it.
  std::unordered_map<std::string, std::set<std::string>> secret_accounts_;
};

} // namespace convoy::apiserver
