#pragma once

#include <cstddef>
#include <string_view>

#include "actors/apiserver/patch/patch_result.hpp"

namespace convoy::apiserver {

/// Most operations one JSON patch may carry; Kubernetes refuses more with
/// 413 (maxJSONPatchOperations).
inline constexpr std::size_t max_json_patch_operations = 10000;

/// Applies a JSON patch (RFC 6902; Content-Type application/json-patch+json,
/// `kubectl patch --type=json`): a list of add / remove / replace / move /
/// copy / test operations whose `path` and `from` are RFC 6901 JSON Pointers.
/// Atomic: if any operation fails (a `test` mismatch, a missing path) nothing
/// applies. The error names the operation's index, op and path. Operations
/// are all checked for shape before any applies, so a malformed patch is
/// always reported as malformed.
patch_result apply_json_patch(std::string_view original_json, std::string_view patch_json);

} // namespace convoy::apiserver
