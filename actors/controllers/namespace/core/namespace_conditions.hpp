#pragma once

// The status conditions of a deleted namespace (Kubernetes'
// status_condition_utils.go): they tell `kubectl describe ns` why a
// namespace stays Terminating.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "api/config.pb.h"

namespace convoy::controllers::namespaces {

/// The condition types the namespace deleter owns, in the order it writes
/// them. Discovery and group-version parsing cannot fail in convoy (its
/// resource list is fixed), and no content finalizer is tracked, so those
/// three are always in their "ok" state; they are written all the same, as
/// Kubernetes does, so clients see the full set.
const std::vector<std::string>& deletion_condition_types();

/// The failing conditions for this sync: NamespaceContentRemaining (reason
/// SomeResourcesRemain, "Some resources are remaining: pods has 3 resource
/// instances, ...", sorted) when anything remains, and
/// NamespaceDeletionContentFailure (reason ContentDeletionFailed) when a
/// deletion failed. Types not listed are ok.
std::vector<api::NamespaceCondition>
deletion_conditions(const std::map<std::string, int>& remaining_per_resource,
                    const std::vector<std::string>& delete_errors);

/// Kubernetes' updateConditions: sets every deletion condition type on
/// `status` to its failing version from `failing`, or to its ok version.
/// An existing condition keeps its lastTransitionTime unless its status
/// flips (then `now_seconds`). Returns whether anything changed.
bool merge_conditions(api::NamespaceStatus& status,
                      const std::vector<api::NamespaceCondition>& failing, int64_t now_seconds);

} // namespace convoy::controllers::namespaces
