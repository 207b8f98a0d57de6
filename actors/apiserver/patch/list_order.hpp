#pragma once

// Identity, lookup and ordering of list items for strategic merge patch.
// Internal to the patch library.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "actors/apiserver/patch/json_text.hpp"

namespace convoy::apiserver {

/// How items of one list are identified: by a merge key member (objects)
/// or by their whole value (primitives, when the key is empty).
class list_matcher {
public:
  list_matcher() = default;
  list_matcher(std::string_view key, std::string_view second_key)
    : key_(key), second_key_(second_key) {}

  bool by_key() const noexcept { return !key_.empty(); }
  const std::string& key() const noexcept { return key_; }

  /// The value identifying `item`: its merge key member, or the item itself
  /// without a key. nullptr when the item is not an object or lacks the key.
  const json* identity(const json& item) const noexcept;

  /// Whether `a` and `b` name the same item: equal identities and, when
  /// both carry the second key, equal second keys.
  bool same(const json& a, const json& b) const;

  /// An object with just the identifying members of `item` (for ordering
  /// after `item` itself was consumed by a merge). `item` must have one.
  json probe(const json& item) const;

private:
  std::string key_;
  std::string second_key_;
};

/// A hash index from item identity to position, so matching a patch list
/// against a live list is linear rather than quadratic.
class position_index {
public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Indexes the first `count` items of the array `list`; `list` must
  /// outlive the index (it may grow: positions are re-read on lookup).
  position_index(const json& list, const list_matcher& matcher, std::size_t count);
  position_index(const json& list, const list_matcher& matcher)
    : position_index(list, matcher, list.size()) {}

  /// The first indexed position whose item is the same as `probe`, or npos.
  std::size_t find(const json& probe) const;

  /// Indexes `list[pos]` (an item the caller just appended).
  void add(std::size_t pos);

private:
  const json& list_;
  const list_matcher& matcher_;
  std::unordered_multimap<std::size_t, std::size_t> positions_;
};

/// Puts a merged list in Kubernetes' order (normalizeElementOrder): items
/// named in `order` come in that order; the others ("server-only") keep
/// their order in `server` and are interleaved so each sits before the
/// first patch item that followed it on the server. Only the first
/// `server_count` items of `server` count; `server` may be `list` itself.
void reorder(json& list, const json& order, const json& server, std::size_t server_count,
             const list_matcher& matcher);

} // namespace convoy::apiserver
