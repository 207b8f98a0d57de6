#pragma once

#include <string>
#include <string_view>

#include "runtime/cli/json_tree.hpp"

/// kubectl's client-side apply as pure functions: the last-applied
/// annotation, the server-set fields a manifest must not carry, and the
/// three-way strategic merge patch that turns the live object into the
/// desired one without touching what other writers (defaulting, controllers,
/// `kubectl scale`) set and the user never did.
namespace convoy::cli::apply_patch {

/// The annotation that remembers what `apply` last sent.
inline constexpr std::string_view last_applied_annotation
  = "kubectl.kubernetes.io/last-applied-configuration";

/// Removes what the server owns from an object about to be applied:
/// status, and metadata.{resourceVersion, uid, creationTimestamp,
/// deletionTimestamp, deletionGracePeriodSeconds, generation, selfLink,
/// managedFields}.
void strip_server_fields(json_tree& object);

/// Merge key of the list at `path` ("spec.template.spec.containers" ->
/// "name"), as Kubernetes' patchMergeKey tags declare it; empty for lists
/// that are replaced as a whole (args, tolerations, finalizers, ...).
std::string_view merge_key(std::string_view path);

/// kubectl's CreateThreeWayMergePatch for strategic merge patch:
/// - every field of `modified` that differs from `current` (lists with a
///   merge key are compared item by item, by key);
/// - `null` for every field of `original` (the last-applied object, or
///   nullptr) that `modified` dropped and `current` still has; list items
///   dropped that way become {"KEY": ..., "$patch": "delete"}.
/// Fields only `current` has (defaults, other writers) are left alone. An
/// empty object means "unchanged". `$setElementOrder` is not emitted: new list
/// items go last, as the server appends them.
json_tree three_way(const json_tree* original, const json_tree& modified,
                    const json_tree& current);

} // namespace convoy::cli::apply_patch
