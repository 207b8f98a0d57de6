#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/patch/json_text.hpp"
#include "actors/apiserver/patch/list_order.hpp"
#include "actors/apiserver/patch/patch_result.hpp"
#include "actors/apiserver/patch/strategic_schema.hpp"

namespace convoy::apiserver {

/// Kubernetes' strategic merge patch over a JSON DOM (apimachinery
/// strategicpatch.StrategicMergePatch, server side): maps merge, null
/// deletes, lists with patchStrategy "merge" merge by their merge key (sets
/// for primitives), other lists replace; directives `$patch` (replace /
/// delete / merge), `$retainKeys`, `$setElementOrder/<list>` and
/// `$deleteFromPrimitiveList/<list>` are honoured and never reach the result.
///
/// Deliberate differences from Kubernetes, all on inputs kubectl never
/// sends: values added where the live object has nothing are merged into
/// an empty value (so their nulls and directives are dropped, not stored);
/// `$patch: merge` on a map is accepted as the default it is; a
/// `$deleteFromPrimitiveList` for an absent list does nothing.
class strategic_merger {
public:
  /// Merges `patch` (an object; consumed) into `target` as struct `type`
  /// (nullptr: no metadata). False on error, see code() and error().
  bool merge_object(json& target, json& patch, const strategic_type* type);

  patch_errc code() const noexcept { return code_; }

  /// The message, prefixed by the path it concerns ("spec.containers[1]: ...").
  const std::string& error() const noexcept { return error_; }

private:
  /// Appends a path segment for its lifetime.
  class path_scope {
  public:
    path_scope(std::string& path, std::string_view field);
    path_scope(std::string& path, std::size_t index);
    path_scope(const path_scope&) = delete;
    path_scope& operator=(const path_scope&) = delete;
    ~path_scope() { path_.resize(size_); }

  private:
    std::string& path_;
    std::size_t size_;
  };

  bool merge_fields(json& target, json& patch, const strategic_type* type);
  bool merge_field(json& target, const std::string& key, json& value, const strategic_type* type);
  bool fresh_value(json& out, json& value, const strategic_field* field);
  bool merge_list(json& target, json& patch, const strategic_field& field);
  bool merge_primitives(json& target, const json& patch);
  bool merge_objects(json& target, json& patch, const strategic_field& field);
  bool split_directives(json& patch, const list_matcher& matcher, json& kept,
                        std::vector<std::size_t>& kept_at, json& deletes, bool& replace);
  bool retain_keys(json& target, const json& patch, const json& keys);
  bool set_element_order(json& target, json& patch, const std::string& directive,
                         const strategic_type* type);
  bool check_order(const json& list, const json& order, const list_matcher& matcher);
  bool delete_from_primitive_list(json& target, const std::string& field, const json& values);
  bool element_kinds(const json& a, const json& b, bool& objects);
  bool missing_key(const list_matcher& matcher);
  bool fail(patch_errc code, std::string message);

  std::string path_;
  patch_errc code_ = patch_errc::malformed;
  std::string error_;
};

} // namespace convoy::apiserver
