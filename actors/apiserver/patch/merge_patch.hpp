#pragma once

#include <string_view>

#include "actors/apiserver/patch/patch_result.hpp"

namespace convoy::apiserver {

/// Applies a JSON merge patch (RFC 7386; Content-Type
/// application/merge-patch+json, what `kubectl scale` and `kubectl patch
/// --type=merge` send): an object patch merges member by member, recursively;
/// a null member deletes; any other value (lists included) replaces. A patch
/// that is not an object replaces the whole document, as the RFC says.
patch_result apply_merge_patch(std::string_view original_json, std::string_view patch_json);

} // namespace convoy::apiserver
