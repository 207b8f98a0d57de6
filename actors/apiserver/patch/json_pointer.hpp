#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/patch/json_text.hpp"

namespace convoy::apiserver {

/// An RFC 6901 JSON Pointer ("/spec/containers/0/image"), parsed once into
/// unescaped reference tokens ("~1" is "/", "~0" is "~"). Lookups never throw
/// and never insert: a missing member or an out-of-range index is "absent".
class json_pointer {
public:
  /// Parses `text`; false with `error` set when it is neither empty nor
  /// starts with '/', or has a '~' not followed by '0' or '1'.
  static bool parse(std::string_view text, json_pointer& out, std::string& error);

  /// The pointer as written, for error messages.
  const std::string& text() const noexcept { return text_; }
  const std::vector<std::string>& tokens() const noexcept { return tokens_; }
  bool is_root() const noexcept { return tokens_.empty(); }

  /// Whether `other` names a location strictly inside this one (RFC 6902:
  /// a value cannot be moved into one of its children).
  bool is_proper_prefix_of(const json_pointer& other) const noexcept;

  /// The value this pointer names, or nullptr.
  json* find(json& doc) const noexcept;

  /// The object or array that holds (or would hold) the last token, or
  /// nullptr when it is absent or not a container. Not for the root.
  json* find_parent(json& doc) const noexcept;

  /// The pointer text of the parent location ("/a/b" -> "/a").
  std::string parent_text() const;

  /// An array index token per RFC 6901: "0" or digits without a leading
  /// zero, within size_t. "-" and anything else give nullopt.
  static std::optional<std::size_t> array_index(std::string_view token) noexcept;

private:
  static json* step(json& node, const std::string& token) noexcept;

  std::string text_;
  std::vector<std::string> tokens_;
};

} // namespace convoy::apiserver
