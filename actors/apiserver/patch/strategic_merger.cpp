#include "actors/apiserver/patch/strategic_merger.hpp"

#include <unordered_set>

namespace convoy::apiserver {

namespace {

constexpr std::string_view directive_marker = "$patch";
constexpr std::string_view retain_keys_directive = "$retainKeys";
constexpr std::string_view set_order_prefix = "$setElementOrder";
constexpr std::string_view delete_primitives_prefix = "$deleteFromPrimitiveList";

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

/// The list a "$prefix/<list>" key names, or empty when the key is malformed.
std::string_view directive_target(std::string_view key, std::string_view prefix) noexcept {
  if (key.size() <= prefix.size() + 1 || key[prefix.size()] != '/')
    return {};
  return key.substr(prefix.size() + 1);
}

/// 0 object, 1 array, 2 anything else: Kubernetes replaces a value whose
/// shape differs from the live one instead of merging.
int shape(const json& value) noexcept {
  return value.is_object() ? 0 : value.is_array() ? 1 : 2;
}

bool is_delete_directive(const json& value) {
  if (!value.is_object())
    return false;
  auto it = value.find(directive_marker);
  return it != value.end() && *it == "delete";
}

} // namespace

// -- path scopes --------------------------------------------------------------

strategic_merger::path_scope::path_scope(std::string& path, std::string_view field)
  : path_(path), size_(path.size()) {
  if (!path_.empty())
    path_.push_back('.');
  path_.append(field);
}

strategic_merger::path_scope::path_scope(std::string& path, std::size_t index)
  : path_(path), size_(path.size()) {
  path_.push_back('[');
  path_.append(std::to_string(index));
  path_.push_back(']');
}

bool strategic_merger::fail(patch_errc code, std::string message) {
  code_ = code;
  error_ = path_.empty() ? std::move(message) : path_ + ": " + message;
  return false;
}

bool strategic_merger::missing_key(const list_matcher& matcher) {
  return fail(patch_errc::unprocessable, "merge key \"" + matcher.key() + "\" missing");
}

// -- maps ---------------------------------------------------------------------

bool strategic_merger::merge_object(json& target, json& patch, const strategic_type* type) {
  if (!target.is_object())
    target = json::object();
  auto marker = patch.find(directive_marker);
  if (marker == patch.end())
    return merge_fields(target, patch, type);
  if (!marker->is_string())
    return fail(patch_errc::malformed, "$patch must be a string");
  std::string directive = marker->get<std::string>();
  patch.erase(marker);
  if (directive == "delete") {
    target = json::object();
    return true;
  }
  if (directive == "replace") {
    json fresh = json::object();
    if (!merge_fields(fresh, patch, type))
      return false;
    target = std::move(fresh);
    return true;
  }
  if (directive != "merge")
    return fail(patch_errc::malformed,
                "unknown $patch directive \"" + directive + "\" (want replace, delete or merge)");
  return merge_fields(target, patch, type);
}

bool strategic_merger::merge_fields(json& target, json& patch, const strategic_type* type) {
  if (auto keys = patch.find(retain_keys_directive); keys != patch.end()) {
    json list = std::move(*keys);
    patch.erase(keys);
    if (!retain_keys(target, patch, list))
      return false;
  }
  std::vector<std::string> orders;
  for (auto it = patch.begin(); it != patch.end(); ++it)
    if (starts_with(it.key(), set_order_prefix))
      orders.push_back(it.key());
  for (const auto& directive : orders)
    if (!set_element_order(target, patch, directive, type))
      return false;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    if (starts_with(key, delete_primitives_prefix)) {
      if (!delete_from_primitive_list(target, key, *it))
        return false;
    } else if (!merge_field(target, key, *it, type)) {
      return false;
    }
  }
  return true;
}

bool strategic_merger::merge_field(json& target, const std::string& key, json& value,
                                   const strategic_type* type) {
  path_scope scope{path_, key};
  const strategic_field* field = type != nullptr ? type->field(key) : nullptr;
  if (value.is_null()) {
    target.erase(key);
    return true;
  }
  auto live = target.find(key);
  if (live == target.end() || shape(*live) != shape(value)) {
    if (live == target.end() && is_delete_directive(value))
      return true;
    json fresh;
    if (!fresh_value(fresh, value, field))
      return false;
    target[key] = std::move(fresh);
    return true;
  }
  if (value.is_object())
    return merge_object(*live, value, field != nullptr ? field->type : nullptr);
  if (value.is_array() && field != nullptr && field->merge)
    return merge_list(*live, value, *field);
  *live = std::move(value);
  return true;
}

bool strategic_merger::fresh_value(json& out, json& value, const strategic_field* field) {
  if (value.is_object()) {
    out = json::object();
    return merge_object(out, value, field != nullptr ? field->type : nullptr);
  }
  if (value.is_array() && field != nullptr && field->merge) {
    out = json::array();
    return merge_list(out, value, *field);
  }
  out = std::move(value);
  return true;
}

bool strategic_merger::retain_keys(json& target, const json& patch, const json& keys) {
  path_scope scope{path_, retain_keys_directive};
  if (!keys.is_array())
    return fail(patch_errc::malformed, "must be a list of field names");
  std::unordered_set<std::string_view> retained;
  for (const auto& key : keys)
    if (key.is_string())
      retained.insert(key.get_ref<const std::string&>());
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    if (it->is_null() || starts_with(key, delete_primitives_prefix)
        || starts_with(key, set_order_prefix) || retained.count(key) > 0)
      continue;
    return fail(patch_errc::malformed, "the patch sets \"" + key + "\" but does not retain it");
  }
  for (auto it = target.begin(); it != target.end();)
    it = retained.count(it.key()) > 0 ? std::next(it) : target.erase(it);
  return true;
}

// -- directives on lists ------------------------------------------------------

bool strategic_merger::set_element_order(json& target, json& patch, const std::string& directive,
                                         const strategic_type* type) {
  const std::string name{directive_target(directive, set_order_prefix)};
  json order;
  {
    path_scope scope{path_, directive};
    if (name.empty())
      return fail(patch_errc::malformed, "want $setElementOrder/<list field>");
    order = std::move(patch[directive]);
    patch.erase(directive);
    if (!order.is_array())
      return fail(patch_errc::malformed, "must be a list");
  }
  const strategic_field* field = type != nullptr ? type->field(name) : nullptr;
  list_matcher matcher;
  if (field != nullptr && field->merge)
    matcher = list_matcher{field->merge_key, field->second_key};
  auto live = target.find(name);
  bool in_target = live != target.end() && !live->is_null();
  auto list = patch.find(name);
  bool in_patch = list != patch.end();
  if (in_patch && list->is_null())
    return true; // the list is deleted; its order is moot
  {
    path_scope scope{path_, name};
    if (in_target && !live->is_array())
      return fail(patch_errc::unprocessable, "$setElementOrder needs a list here, not "
                                               + std::string{json_type_name(*live)});
    if (in_patch && !list->is_array())
      return fail(patch_errc::malformed, "must be a list to go with $setElementOrder");
  }
  if (!in_target && !in_patch)
    return true;
  {
    path_scope scope{path_, directive};
    if (!check_order(in_patch ? *list : json::array(), order, matcher))
      return false;
  }
  json server = in_target ? *live : json::array();
  json merged;
  {
    path_scope scope{path_, name};
    bool ok = true;
    if (!in_patch) {
      merged = std::move(*live);
    } else if (!in_target) {
      ok = fresh_value(merged, *list, field);
    } else if (field != nullptr && field->merge) {
      merged = std::move(*live);
      ok = merge_list(merged, *list, *field);
    } else {
      merged = std::move(*list);
    }
    if (!ok)
      return false;
  }
  reorder(merged, order, server, server.size(), matcher);
  target[name] = std::move(merged);
  patch.erase(name);
  return true;
}

bool strategic_merger::check_order(const json& list, const json& order,
                                   const list_matcher& matcher) {
  if (matcher.by_key())
    for (std::size_t i = 0; i < order.size(); ++i)
      if (matcher.identity(order[i]) == nullptr) {
        path_scope scope{path_, i};
        return missing_key(matcher);
      }
  // Kubernetes' validatePatchWithSetOrderList: the patch's items must appear
  // in the order list, in the same relative order (directive items aside).
  std::size_t oi = 0;
  for (std::size_t pi = 0; pi < list.size(); ++pi) {
    const json& item = list[pi];
    if (item.is_object() && item.contains(directive_marker))
      continue;
    if (matcher.by_key() && matcher.identity(item) == nullptr)
      continue; // reported with its index by the merge
    while (oi < order.size() && !matcher.same(item, order[oi]))
      ++oi;
    if (oi == order.size())
      return fail(patch_errc::unprocessable,
                  "the patch's list items are missing from this order or in another order");
    ++oi;
  }
  return true;
}

bool strategic_merger::delete_from_primitive_list(json& target, const std::string& key,
                                                  const json& values) {
  path_scope scope{path_, key};
  auto name = directive_target(key, delete_primitives_prefix);
  if (name.empty())
    return fail(patch_errc::malformed, "want $deleteFromPrimitiveList/<list field>");
  if (!values.is_array())
    return fail(patch_errc::malformed, "must be a list");
  auto live = target.find(name);
  if (live == target.end() || !live->is_array())
    return true;
  bool objects = false;
  if (!element_kinds(*live, values, objects))
    return false;
  if (objects)
    return fail(patch_errc::unprocessable, "applies only to lists of primitives");
  list_matcher matcher;
  position_index doomed{values, matcher};
  json kept = json::array();
  for (auto& item : *live)
    if (doomed.find(item) == position_index::npos)
      kept.push_back(std::move(item));
  *live = std::move(kept);
  return true;
}

// -- lists --------------------------------------------------------------------

bool strategic_merger::element_kinds(const json& a, const json& b, bool& objects) {
  std::size_t object_count = 0;
  std::size_t other_count = 0;
  for (const json* list : {&a, &b})
    for (const auto& item : *list) {
      if (item.is_array())
        return fail(patch_errc::unprocessable, "lists of lists cannot be merged");
      ++(item.is_object() ? object_count : other_count);
    }
  if (object_count > 0 && other_count > 0)
    return fail(patch_errc::unprocessable,
                "list items must be all objects or all primitives to be merged");
  objects = object_count > 0;
  return true;
}

bool strategic_merger::merge_list(json& target, json& patch, const strategic_field& field) {
  if (target.empty() && patch.empty())
    return true;
  bool objects = false;
  if (!element_kinds(target, patch, objects))
    return false;
  if (!objects)
    return merge_primitives(target, patch);
  if (field.merge_key.empty())
    return fail(patch_errc::unprocessable, "cannot merge a list of objects without a merge key");
  return merge_objects(target, patch, field);
}

bool strategic_merger::merge_primitives(json& target, const json& patch) {
  // A set union that keeps the first occurrence, then Kubernetes' order.
  list_matcher matcher;
  json merged = json::array();
  position_index seen{merged, matcher};
  for (const json* list : {static_cast<const json*>(&target), &patch})
    for (const auto& item : *list)
      if (seen.find(item) == position_index::npos) {
        merged.push_back(item);
        seen.add(merged.size() - 1);
      }
  reorder(merged, patch, target, target.size(), matcher);
  target = std::move(merged);
  return true;
}

bool strategic_merger::split_directives(json& patch, const list_matcher& matcher, json& kept,
                                        std::vector<std::size_t>& kept_at, json& deletes,
                                        bool& replace) {
  for (std::size_t i = 0; i < patch.size(); ++i) {
    path_scope scope{path_, i};
    json& item = patch[i];
    auto marker = item.find(directive_marker);
    if (marker != item.end()) {
      if (!marker->is_string())
        return fail(patch_errc::malformed, "$patch must be a string");
      const auto& directive = marker->get_ref<const std::string&>();
      if (directive == "delete") {
        if (matcher.identity(item) == nullptr)
          return missing_key(matcher);
        deletes.push_back(std::move(item));
        continue;
      }
      if (directive == "replace") {
        replace = true;
        continue;
      }
      if (directive != "merge")
        return fail(patch_errc::malformed, "unknown $patch directive \"" + directive
                                             + "\" (want replace, delete or merge)");
      item.erase(marker);
      if (item.empty())
        continue;
    }
    kept.push_back(std::move(item));
    kept_at.push_back(i);
  }
  return true;
}

bool strategic_merger::merge_objects(json& target, json& patch, const strategic_field& field) {
  list_matcher matcher{field.merge_key, field.second_key};
  json kept = json::array();
  std::vector<std::size_t> kept_at;
  json deletes = json::array();
  bool replace = false;
  if (!split_directives(patch, matcher, kept, kept_at, deletes, replace))
    return false;
  if (replace) { // the patch's items, without directives, become the list
    json fresh_list = json::array();
    for (std::size_t k = 0; k < kept.size(); ++k) {
      path_scope scope{path_, kept_at[k]};
      json fresh = json::object();
      if (!merge_object(fresh, kept[k], field.type))
        return false;
      fresh_list.push_back(std::move(fresh));
    }
    target = std::move(fresh_list);
    return true;
  }
  if (!deletes.empty()) { // every live item matching a delete goes
    position_index doomed{deletes, matcher};
    json survivors = json::array();
    for (auto& item : target)
      if (doomed.find(item) == position_index::npos)
        survivors.push_back(std::move(item));
    target = std::move(survivors);
  }
  json order = json::array();
  for (std::size_t k = 0; k < kept.size(); ++k) {
    if (matcher.identity(kept[k]) == nullptr) {
      path_scope scope{path_, kept_at[k]};
      return missing_key(matcher);
    }
    order.push_back(matcher.probe(kept[k]));
  }
  const std::size_t server_count = target.size();
  position_index live{target, matcher};
  for (std::size_t k = 0; k < kept.size(); ++k) {
    path_scope scope{path_, kept_at[k]};
    auto pos = live.find(kept[k]);
    if (pos != position_index::npos) {
      if (!merge_object(target[pos], kept[k], field.type))
        return false;
      continue;
    }
    json fresh = json::object();
    if (!merge_object(fresh, kept[k], field.type))
      return false;
    target.push_back(std::move(fresh));
    live.add(target.size() - 1);
  }
  reorder(target, order, target, server_count, matcher);
  return true;
}

} // namespace convoy::apiserver
