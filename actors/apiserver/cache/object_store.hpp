#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/apiserver/cache/watch_event.hpp"

namespace convoy::apiserver {

class field_table;
struct field_accessor;

/// The watch cache's current objects: sorted by store key (lists are
/// returned in key order and continue tokens are keys), plus optional
/// indexes on selectable fields so a kubelet's list with
/// spec.nodeName=N reads its few pods instead of scanning every pod
/// (Kubernetes' cacher indexers).
class object_store {
public:
  // -- member types ----------------------------------------------------------

  struct entry {
    cached_object object;
    int64_t mod_revision = 0;
  };

  using map_type = std::map<std::string, entry, std::less<>>;
  using key_set = std::set<std::string_view>;

  // -- construction ----------------------------------------------------------

  /// Indexes those of `index_fields` that `table` (the kind's selectable
  /// fields, may be nullptr) has; the others are ignored.
  object_store(const field_table* table, const std::vector<std::string>& index_fields);

  object_store(object_store&&) = default;
  object_store(const object_store&) = delete;
  object_store& operator=(const object_store&) = delete;

  // -- access ----------------------------------------------------------------

  const entry* find(std::string_view key) const;

  const map_type& objects() const noexcept { return objects_; }

  size_t size() const noexcept { return objects_.size(); }

  /// Whether `field` is indexed.
  bool indexed(std::string_view field) const noexcept;

  /// The keys (sorted) whose `field` equals `value`; nullptr when `field`
  /// is not indexed, an empty set when no object has that value.
  const key_set* indexed_keys(std::string_view field, std::string_view value) const;

  // -- modifiers -------------------------------------------------------------

  /// Inserts or replaces `key`; returns the previous object (empty if new).
  cached_object put(std::string_view key, cached_object object, int64_t mod_revision);

  /// Removes `key`; returns what it held (empty if absent).
  cached_object erase(std::string_view key);

  void clear();

private:
  struct field_index {
    std::string field;
    const field_accessor* accessor = nullptr;
    std::unordered_map<std::string, key_set> keys_by_value;
  };

  void index_insert(std::string_view key, const cached_object& object);
  void index_remove(std::string_view key, const cached_object& object);

  map_type objects_;
  std::vector<field_index> indexes_;
  std::string scratch_;
  std::string value_;
};

} // namespace convoy::apiserver
