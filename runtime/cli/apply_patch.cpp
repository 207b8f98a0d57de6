#include "runtime/cli/apply_patch.hpp"

#include <array>
#include <optional>

namespace convoy::cli::apply_patch {

namespace {

/// patchMergeKey of Kubernetes' API types, by the list's field name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> keys_by_field{{
  {"containers", "name"},
  {"initContainers", "name"},
  {"ephemeralContainers", "name"},
  {"volumes", "name"},
  {"imagePullSecrets", "name"},
  {"hostAliases", "ip"},
  {"topologySpreadConstraints", "topologyKey"},
  {"schedulingGates", "name"},
  {"env", "name"},
  {"volumeMounts", "mountPath"},
  {"volumeDevices", "devicePath"},
  {"ownerReferences", "uid"},
  {"secrets", "name"}, // ServiceAccount.secrets
}};

std::string_view last_segment(std::string_view path) {
  auto dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

std::string_view parent_segment(std::string_view path) {
  auto dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : last_segment(path.substr(0, dot));
}

std::string child_path(std::string_view path, std::string_view field) {
  std::string out{path};
  if (!out.empty())
    out += '.';
  out += field;
  return out;
}

/// True if every item is an object that has `key` (else the list cannot be
/// merged by key and is replaced as a whole).
bool keyed(const json_tree& list, std::string_view key) {
  for (const auto& item : list.items())
    if (!item.is_object() || item.find(key) == nullptr)
      return false;
  return true;
}

const json_tree* find_item(const json_tree* list, std::string_view key, const json_tree& value) {
  if (list == nullptr)
    return nullptr;
  for (const auto& item : list->items()) {
    const auto* v = item.find(key);
    if (v != nullptr && *v == value)
      return &item;
  }
  return nullptr;
}

json_tree diff_object(const json_tree* original, const json_tree& modified,
                      const json_tree& current, const std::string& path);

json_tree diff_list(const json_tree* original, const json_tree& modified,
                    const json_tree& current, std::string_view key, const std::string& path) {
  auto out = json_tree::make_array();
  for (const auto& m : modified.items()) {
    const auto& id = *m.find(key);
    const auto* c = find_item(&current, key, id);
    if (c == nullptr) {
      out.push_back(m);
      continue;
    }
    auto sub = diff_object(find_item(original, key, id), m, *c, path);
    if (!sub.empty()) {
      sub.prepend(std::string{key}, id);
      out.push_back(std::move(sub));
    }
  }
  if (original == nullptr)
    return out;
  for (const auto& o : original->items()) {
    const auto& id = *o.find(key);
    if (find_item(&modified, key, id) == nullptr && find_item(&current, key, id) != nullptr) {
      auto gone = json_tree::make_object();
      gone.set(std::string{key}, id);
      gone.set("$patch", json_tree::make_string("delete"));
      out.push_back(std::move(gone));
    }
  }
  return out;
}

/// The patch for one field present in both `modified` and `current`, or a
/// null tree (kind null) when nothing changes.
std::optional<json_tree> diff_member(const json_tree* original, const json_tree& m,
                                     const json_tree& c, const std::string& path) {
  if (m.is_object() && c.is_object()) {
    auto sub = diff_object(original && original->is_object() ? original : nullptr, m, c, path);
    if (sub.empty())
      return std::nullopt;
    return sub;
  }
  auto key = merge_key(path);
  if (m.is_array() && c.is_array() && !key.empty() && keyed(m, key) && keyed(c, key)) {
    const auto* o = original && original->is_array() && keyed(*original, key) ? original
                                                                              : nullptr;
    auto sub = diff_list(o, m, c, key, path);
    if (sub.empty())
      return std::nullopt;
    return sub;
  }
  if (m == c)
    return std::nullopt;
  return m;
}

json_tree diff_object(const json_tree* original, const json_tree& modified,
                      const json_tree& current, const std::string& path) {
  auto patch = json_tree::make_object();
  for (const auto& [name, m] : modified.members()) {
    const auto* c = current.find(name);
    if (c == nullptr) {
      patch.set(name, m);
      continue;
    }
    const auto* o = original ? original->find(name) : nullptr;
    if (auto sub = diff_member(o, m, *c, child_path(path, name)))
      patch.set(name, std::move(*sub));
  }
  if (original == nullptr)
    return patch;
  for (const auto& [name, o] : original->members()) {
    (void) o;
    if (modified.find(name) == nullptr && current.find(name) != nullptr)
      patch.set(name, json_tree{});
  }
  return patch;
}

} // namespace

void strip_server_fields(json_tree& object) {
  object.erase("status");
  auto* meta = object.find("metadata");
  if (meta == nullptr || !meta->is_object())
    return;
  for (auto field : {"resourceVersion", "uid", "creationTimestamp", "deletionTimestamp",
                     "deletionGracePeriodSeconds", "generation", "selfLink", "managedFields"})
    meta->erase(field);
}

std::string_view merge_key(std::string_view path) {
  auto field = last_segment(path);
  if (field == "ports") {
    auto parent = parent_segment(path);
    if (parent == "containers" || parent == "initContainers" || parent == "ephemeralContainers")
      return "containerPort";
    return path == "spec.ports" ? "port" : std::string_view{};
  }
  for (const auto& [name, key] : keys_by_field)
    if (name == field)
      return key;
  return {};
}

json_tree three_way(const json_tree* original, const json_tree& modified,
                    const json_tree& current) {
  if (original != nullptr && !original->is_object())
    original = nullptr;
  return diff_object(original, modified, current, std::string{});
}

} // namespace convoy::cli::apply_patch
