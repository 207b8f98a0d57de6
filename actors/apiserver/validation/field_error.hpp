#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "actors/apiserver/validation/field_path.hpp"

namespace convoy::apiserver {

/// Kubernetes' field.ErrorType: why a field is rejected.
enum class error_type : uint8_t {
  not_found,     ///< "Not found": a reference to something that does not exist
  required,      ///< "Required value": missing or empty
  duplicate,     ///< "Duplicate value": must be unique within its list
  invalid,       ///< "Invalid value": malformed or out of range
  not_supported, ///< "Unsupported value": not one of an enumeration
  forbidden,     ///< "Forbidden": well-formed but not allowed here
  too_long,      ///< "Too long": exceeds a size limit
  too_many,      ///< "Too many": a list exceeds a count limit
  internal,      ///< "Internal error": a bug, never bad input
};

/// Kubernetes' text for the type, e.g. "Required value".
const char* to_string(error_type type) noexcept;

/// Kubernetes' StatusCause reason for the type, e.g. "FieldValueRequired".
const char* cause_reason(error_type type) noexcept;

/// The offending value as Kubernetes prints it: strings Go-quoted ("web"),
/// numbers bare (70000), anything else pre-rendered (raw). Implicit from
/// strings and integers so call sites read like Kubernetes' field.Invalid.
class bad_value {
public:
  bad_value(std::string_view text) : text_(quote(text)) {}
  bad_value(const char* text) : text_(quote(text)) {}
  bad_value(const std::string& text) : text_(quote(text)) {}

  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>
                                        && !std::is_same_v<T, char>,
                                      int> = 0>
  bad_value(T value) : text_(std::to_string(value)) {}

  /// A value printed as-is (maps, lists, structs, quantities).
  static bad_value raw(std::string text) {
    return bad_value{raw_tag{}, std::move(text)};
  }

  /// Go's strconv.Quote (what %q prints): "a\"b\n" for a"b<newline>.
  static std::string quote(std::string_view text);

  std::string&& release() && { return std::move(text_); }
  const std::string& text() const noexcept { return text_; }

private:
  struct raw_tag {};

  bad_value(raw_tag, std::string text) : text_(std::move(text)) {}

  std::string text_;
};

/// One rejected field, as Kubernetes' field.Error.
struct field_error {
  error_type type = error_type::invalid;
  /// Rendered path, e.g. "spec.containers[0].image".
  std::string field;
  /// Rendered bad value; nullopt when the type never prints one.
  std::optional<std::string> value;
  std::string detail;

  /// Kubernetes' ErrorBody(): `Invalid value: 70000: must be between ...`.
  std::string body() const;

  /// Kubernetes' Error(): `spec.ports[0].port: Invalid value: 70000: ...`.
  std::string to_string() const;
};

using field_error_list = std::vector<field_error>;

// -- constructors named after Kubernetes' field package ----------------------

field_error required(const field_path& path, std::string detail = {});
field_error invalid(const field_path& path, bad_value value, std::string detail);
field_error duplicate(const field_path& path, bad_value value);
field_error not_found(const field_path& path, bad_value value);
field_error forbidden(const field_path& path, std::string detail);
field_error too_long(const field_path& path, size_t max_bytes);
field_error too_many(const field_path& path, size_t actual, size_t max_items);
field_error internal_error(const field_path& path, std::string detail);

/// `Unsupported value: "x": supported values: "a", "b"`.
field_error not_supported(const field_path& path, bad_value value,
                          std::initializer_list<std::string_view> supported);
field_error not_supported(const field_path& path, bad_value value,
                          const std::vector<std::string_view>& supported);

/// Kubernetes' aggregate Error(): one message alone, several as
/// "[a, b]" with duplicates dropped; "" for none.
std::string to_aggregate_string(const field_error_list& errors);

// -- Go renderings for composite values --------------------------------------

/// %#v of a []string: `[]string{"a", "b"}`.
std::string go_string_slice(const std::vector<std::string>& values);

/// %#v of a map[string]string with keys sorted: `map[string]string{"a":"b"}`.
/// Works for std::map and google::protobuf::Map.
template <class Map>
std::string go_string_map(const Map& map);

namespace detail {
std::string go_string_map_sorted(std::vector<std::pair<std::string_view, std::string_view>> entries);
} // namespace detail

template <class Map>
std::string go_string_map(const Map& map) {
  std::vector<std::pair<std::string_view, std::string_view>> entries;
  entries.reserve(map.size());
  for (const auto& [key, value] : map)
    entries.emplace_back(key, value);
  return detail::go_string_map_sorted(std::move(entries));
}

} // namespace convoy::apiserver
