#include "actors/apiserver/patch/json_patch.hpp"
#include "actors/apiserver/patch/merge_patch.hpp"
#include "actors/apiserver/patch/strategic_merge_patch.hpp"
#include "actors/apiserver/server/apiserver_state.hpp"

namespace convoy::apiserver {

patch_result apply_patch(const std::string& type, const std::string& original,
                         const std::string& patch, std::string_view kind) {
  if (type == "merge")
    return apply_merge_patch(original, patch);
  if (type == "strategic")
    return apply_strategic_merge_patch(original, patch, kind);
  if (type == "json")
    return apply_json_patch(original, patch);
  return patch_result::fail(patch_errc::malformed,
                            "patch_type: Unsupported value: \"" + type
                              + "\": supported values: \"merge\", \"strategic\", \"json\"");
}

} // namespace convoy::apiserver
