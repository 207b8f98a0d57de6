#include "actors/apiserver/patch/merge_patch.hpp"

#include <exception>

#include "actors/apiserver/patch/json_text.hpp"

namespace convoy::apiserver {

namespace {

/// RFC 7386 MergePatch(Target, Patch), in place; `patch` is consumed.
/// Recursion depth is bounded by the patch's nesting (max_json_depth).
void merge_into(json& target, json&& patch) {
  if (!patch.is_object()) {
    target = std::move(patch);
    return;
  }
  if (!target.is_object())
    target = json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null())
      target.erase(it.key());
    else
      merge_into(target[it.key()], std::move(*it));
  }
}

} // namespace

patch_result apply_merge_patch(std::string_view original_json, std::string_view patch_json) {
  try {
    json doc;
    json patch;
    if (auto failed = parse_documents(original_json, patch_json, doc, patch))
      return std::move(*failed);
    merge_into(doc, std::move(patch));
    return patch_result::ok(dump_json(doc));
  } catch (const std::exception& e) {
    return patch_result::fail(patch_errc::unprocessable,
                              std::string{"merge patch failed: "} + e.what());
  }
}

} // namespace convoy::apiserver
