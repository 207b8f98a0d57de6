#include "actors/apiserver/patch/strategic_merge_patch.hpp"

#include <exception>
#include <string>

#include "actors/apiserver/patch/json_text.hpp"
#include "actors/apiserver/patch/strategic_merger.hpp"

namespace convoy::apiserver {

namespace {

patch_result run(std::string_view original_json, std::string_view patch_json,
                 const strategic_schema& schema, std::string_view kind) {
  json doc;
  json patch;
  if (auto failed = parse_documents(original_json, patch_json, doc, patch))
    return std::move(*failed);
  if (!doc.is_object())
    return patch_result::fail(patch_errc::malformed,
                              std::string{"the object must be a JSON object, not "}
                                + json_type_name(doc));
  if (!patch.is_object())
    return patch_result::fail(patch_errc::malformed,
                              std::string{"a strategic merge patch must be a JSON object, not "}
                                + json_type_name(patch));
  strategic_merger merger;
  if (!merger.merge_object(doc, patch, schema.root(kind)))
    return patch_result::fail(merger.code(), merger.error());
  return patch_result::ok(dump_json(doc));
}

} // namespace

patch_result apply_strategic_merge_patch(std::string_view original_json,
                                         std::string_view patch_json, std::string_view kind) {
  return apply_strategic_merge_patch(original_json, patch_json, strategic_schema::kubernetes(),
                                     kind);
}

patch_result apply_strategic_merge_patch(std::string_view original_json,
                                         std::string_view patch_json,
                                         const strategic_schema& schema, std::string_view kind) {
  try {
    return run(original_json, patch_json, schema, kind);
  } catch (const std::exception& e) {
    return patch_result::fail(patch_errc::unprocessable,
                              std::string{"strategic merge patch failed: "} + e.what());
  }
}

} // namespace convoy::apiserver
