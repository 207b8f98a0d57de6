#pragma once

// The namespaced resources convoy serves, in the order the namespace
// controller empties a deleted namespace.

#include <string>
#include <vector>

namespace convoy::controllers::namespaces {

/// A resource by API group ("" for core) and plural name.
struct namespaced_resource {
  std::string group;
  std::string resource;
};

/// Every namespaced resource convoy serves, in deletion order: workloads
/// (deployments, replicasets, replicationcontrollers) first so that their
/// controllers stop recreating pods, then pods, then the rest, events last
/// because deleting everything else emits events.
const std::vector<namespaced_resource>& namespaced_resources();

/// "pods" for core resources, "deployments.apps" otherwise: how
/// Kubernetes names a resource in namespace condition messages.
std::string qualified_name(const namespaced_resource& r);

/// The group of `resource` ("" if core or unknown).
std::string group_of(const std::string& resource);

} // namespace convoy::controllers::namespaces
