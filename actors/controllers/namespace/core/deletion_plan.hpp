#pragma once

// Kubernetes' namespace deleter (pkg/controller/namespace/deletion) as a
// pure function: what one sync of a deleted namespace does. The shell
// counts what remains per resource, deletes what the plan says, writes the
// status, and once nothing remains writes the finalize subresource; the
// apiserver then removes the namespace.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/config.pb.h"

namespace convoy::controllers::namespaces {

/// The spec.finalizers entry this controller owns.
inline constexpr const char* kubernetes_finalizer = "kubernetes";

/// One sync's work for a deleted namespace.
struct namespace_plan {
  /// Resources whose objects in the namespace must be deleted, in
  /// namespaced_resources() order (unknown ones after, by name).
  std::vector<std::string> delete_contents_of;
  /// Every condition the namespace deleter maintains, as they should be.
  std::vector<api::NamespaceCondition> conditions;
  /// The namespace with phase Terminating and `conditions`, when that
  /// differs from what it has: the shell writes it to status.
  std::optional<api::Namespace> status_update;
  /// Present when nothing remains (and no deletion failed): the namespace
  /// without the "kubernetes" finalizer, to write to the finalize
  /// subresource.
  std::optional<api::Namespace> finalized;
};

/// The plan for `ns`, given how many objects of each resource remain in it
/// (`remaining_per_resource`, by plural resource name; zero entries may be
/// omitted) and the messages of deletions that failed this sync
/// (`delete_errors`). Empty when `ns` is not being deleted or is already
/// finalized by this controller. Conditions follow Kubernetes: the five
/// deletion condition types, True with a reason and message when failing,
/// otherwise False with their "ok" reason; lastTransitionTime moves to
/// `now_seconds` only when a status changes.
namespace_plan plan_deletion(const api::Namespace& ns,
                             const std::map<std::string, int>& remaining_per_resource,
                             int64_t now_seconds,
                             const std::vector<std::string>& delete_errors = {});

} // namespace convoy::controllers::namespaces
