#pragma once

#include <string_view>

#include "actors/apiserver/patch/patch_result.hpp"
#include "actors/apiserver/patch/strategic_schema.hpp"

namespace convoy::apiserver {

/// Applies a Kubernetes strategic merge patch (Content-Type
/// application/strategic-merge-patch+json: `kubectl apply`, `kubectl
/// label/annotate/edit`, the Python client's patch_*) to an object of `kind`
/// ("Pod", "Deployment", ...), using the patch tags of Kubernetes' API types
/// (strategic_schema::kubernetes()): containers merge by name, ports by
/// containerPort, env by name, volumeMounts by mountPath, conditions by type,
/// finalizers as a set, tolerations and taints replace, and so on. Kinds
/// without declared tags (see strategic_schema::has_kind) still merge maps
/// and ObjectMeta lists; their other lists replace. Both texts must be JSON
/// objects.
patch_result apply_strategic_merge_patch(std::string_view original_json,
                                         std::string_view patch_json, std::string_view kind);

/// The same with an explicit schema (tests, custom kinds).
patch_result apply_strategic_merge_patch(std::string_view original_json,
                                         std::string_view patch_json,
                                         const strategic_schema& schema, std::string_view kind);

} // namespace convoy::apiserver
