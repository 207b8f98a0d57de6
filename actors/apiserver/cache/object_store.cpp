#include "actors/apiserver/cache/object_store.hpp"

#include <utility>

#include "actors/apiserver/selectors/field_accessors.hpp"

namespace convoy::apiserver {

object_store::object_store(const field_table* table, const std::vector<std::string>& index_fields) {
  if (table == nullptr)
    return;
  for (const auto& field : index_fields)
    if (const auto* accessor = table->accessor(field); accessor != nullptr && !indexed(field))
      indexes_.push_back(field_index{field, accessor, {}});
}

const object_store::entry* object_store::find(std::string_view key) const {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : &it->second;
}

bool object_store::indexed(std::string_view field) const noexcept {
  for (const auto& index : indexes_)
    if (index.field == field)
      return true;
  return false;
}

const object_store::key_set* object_store::indexed_keys(std::string_view field,
                                                        std::string_view value) const {
  static const key_set empty;
  for (const auto& index : indexes_) {
    if (index.field != field)
      continue;
    auto it = index.keys_by_value.find(std::string{value});
    return it == index.keys_by_value.end() ? &empty : &it->second;
  }
  return nullptr;
}

cached_object object_store::put(std::string_view key, cached_object object, int64_t mod_revision) {
  auto it = objects_.find(key);
  if (it == objects_.end()) {
    it = objects_.emplace(std::string{key}, entry{std::move(object), mod_revision}).first;
    index_insert(it->first, it->second.object);
    return {};
  }
  // Index entries view the map's key, which stays put across replacement.
  index_remove(it->first, it->second.object);
  cached_object previous = std::exchange(it->second.object, std::move(object));
  it->second.mod_revision = mod_revision;
  index_insert(it->first, it->second.object);
  return previous;
}

cached_object object_store::erase(std::string_view key) {
  auto it = objects_.find(key);
  if (it == objects_.end())
    return {};
  index_remove(it->first, it->second.object);
  cached_object previous = std::move(it->second.object);
  objects_.erase(it);
  return previous;
}

void object_store::clear() {
  for (auto& index : indexes_)
    index.keys_by_value.clear();
  objects_.clear();
}

void object_store::index_insert(std::string_view key, const cached_object& object) {
  for (auto& index : indexes_) {
    value_.assign(index.accessor->get(*object.message, scratch_));
    index.keys_by_value[value_].insert(key);
  }
}

void object_store::index_remove(std::string_view key, const cached_object& object) {
  for (auto& index : indexes_) {
    value_.assign(index.accessor->get(*object.message, scratch_));
    auto it = index.keys_by_value.find(value_);
    if (it == index.keys_by_value.end())
      continue;
    it->second.erase(key);
    if (it->second.empty())
      index.keys_by_value.erase(it);
  }
}

} // namespace convoy::apiserver
