#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace convoy::cli {

/// A parsed JSON value, the tree `convoy ctl apply` diffs (desired, live and
/// last-applied objects) to compute a patch. Objects keep their member order
/// (the codec writes declaration order, and a patch reads best in it);
/// numbers keep their text, which is exact for the codec's canonical output.
class json_tree {
public:
  // -- member types -----------------------------------------------------------

  enum class type : unsigned char { null, boolean, number, string, array, object };

  using member = std::pair<std::string, json_tree>;

  // -- constructors -----------------------------------------------------------

  json_tree() = default;

  static json_tree make_object();
  static json_tree make_array();
  static json_tree make_string(std::string text);
  static json_tree make_number(int64_t n);
  static json_tree make_bool(bool b);

  /// Parses one JSON value (RFC 8259, nesting up to 256); trailing
  /// non-space text is an error. On failure returns nothing and sets `error`.
  static std::optional<json_tree> parse(std::string_view text, std::string& error);

  // -- observers --------------------------------------------------------------

  type kind() const noexcept { return type_; }
  bool is_object() const noexcept { return type_ == type::object; }
  bool is_array() const noexcept { return type_ == type::array; }
  bool is_null() const noexcept { return type_ == type::null; }
  bool is_string() const noexcept { return type_ == type::string; }

  /// Text of a string, number ("80") or boolean ("true").
  const std::string& text() const noexcept { return text_; }

  const std::vector<json_tree>& items() const noexcept { return items_; }
  const std::vector<member>& members() const noexcept { return members_; }

  /// Member `key` of an object; nullptr if absent (or not an object).
  const json_tree* find(std::string_view key) const noexcept;
  json_tree* find(std::string_view key) noexcept;

  /// True for an object or array without members.
  bool empty() const noexcept { return members_.empty() && items_.empty(); }

  /// Deep equality; object member order does not matter.
  friend bool operator==(const json_tree& a, const json_tree& b);
  friend bool operator!=(const json_tree& a, const json_tree& b) { return !(a == b); }

  // -- modifiers --------------------------------------------------------------

  /// Sets member `key` (replacing an existing one) and returns it.
  json_tree& set(std::string key, json_tree value);
  /// Inserts member `key` first (merge keys lead a patch's list items).
  void prepend(std::string key, json_tree value);
  void erase(std::string_view key);
  void push_back(json_tree value) { items_.push_back(std::move(value)); }

  // -- output -----------------------------------------------------------------

  /// Compact JSON.
  std::string dump() const;
  void dump(std::string& out) const;

private:
  friend class json_parser;

  type type_ = type::null;
  std::string text_;
  std::vector<json_tree> items_;
  std::vector<member> members_;
};

} // namespace convoy::cli
