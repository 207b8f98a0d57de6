#include "actors/apiserver/validation/field_error.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace convoy::apiserver {

const char* to_string(error_type type) noexcept {
  switch (type) {
    case error_type::not_found:
      return "Not found";
    case error_type::required:
      return "Required value";
    case error_type::duplicate:
      return "Duplicate value";
    case error_type::invalid:
      return "Invalid value";
    case error_type::not_supported:
      return "Unsupported value";
    case error_type::forbidden:
      return "Forbidden";
    case error_type::too_long:
      return "Too long";
    case error_type::too_many:
      return "Too many";
    case error_type::internal:
      return "Internal error";
  }
  return "Internal error";
}

const char* cause_reason(error_type type) noexcept {
  switch (type) {
    case error_type::not_found:
      return "FieldValueNotFound";
    case error_type::required:
      return "FieldValueRequired";
    case error_type::duplicate:
      return "FieldValueDuplicate";
    case error_type::invalid:
      return "FieldValueInvalid";
    case error_type::not_supported:
      return "FieldValueNotSupported";
    case error_type::forbidden:
      return "FieldValueForbidden";
    case error_type::too_long:
      return "FieldValueTooLong";
    case error_type::too_many:
      return "FieldValueTooMany";
    case error_type::internal:
      return "InternalError";
  }
  return "InternalError";
}

std::string bad_value::quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (unsigned char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", ch);
          out += buf;
        } else {
          // UTF-8 bytes pass through, as Go keeps printable runes.
          out += static_cast<char>(ch);
        }
    }
  }
  out += '"';
  return out;
}

std::string field_error::body() const {
  std::string out = apiserver::to_string(type);
  if (value) {
    out += ": ";
    out += *value;
  }
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

std::string field_error::to_string() const {
  std::string out = field;
  out += ": ";
  out += body();
  return out;
}

namespace {

field_error make(error_type type, const field_path& path, std::optional<std::string> value,
                 std::string detail) {
  return field_error{type, path.to_string(), std::move(value), std::move(detail)};
}

std::string supported_detail(const std::string_view* first, const std::string_view* last) {
  if (first == last)
    return {};
  std::string out = "supported values: ";
  for (auto it = first; it != last; ++it) {
    if (it != first)
      out += ", ";
    out += bad_value::quote(*it);
  }
  return out;
}

} // namespace

field_error required(const field_path& path, std::string detail) {
  return make(error_type::required, path, std::nullopt, std::move(detail));
}

field_error invalid(const field_path& path, bad_value value, std::string detail) {
  return make(error_type::invalid, path, std::move(value).release(), std::move(detail));
}

field_error duplicate(const field_path& path, bad_value value) {
  return make(error_type::duplicate, path, std::move(value).release(), {});
}

field_error not_found(const field_path& path, bad_value value) {
  return make(error_type::not_found, path, std::move(value).release(), {});
}

field_error forbidden(const field_path& path, std::string detail) {
  return make(error_type::forbidden, path, std::nullopt, std::move(detail));
}

field_error too_long(const field_path& path, size_t max_bytes) {
  return make(error_type::too_long, path, std::nullopt,
              "must have at most " + std::to_string(max_bytes) + " bytes");
}

field_error too_many(const field_path& path, size_t actual, size_t max_items) {
  return make(error_type::too_many, path, std::to_string(actual),
              "must have at most " + std::to_string(max_items) + " items");
}

field_error internal_error(const field_path& path, std::string detail) {
  return make(error_type::internal, path, std::nullopt, std::move(detail));
}

field_error not_supported(const field_path& path, bad_value value,
                          std::initializer_list<std::string_view> supported) {
  return make(error_type::not_supported, path, std::move(value).release(),
              supported_detail(supported.begin(), supported.end()));
}

field_error not_supported(const field_path& path, bad_value value,
                          const std::vector<std::string_view>& supported) {
  return make(error_type::not_supported, path, std::move(value).release(),
              supported_detail(supported.data(), supported.data() + supported.size()));
}

std::string to_aggregate_string(const field_error_list& errors) {
  if (errors.empty())
    return {};
  if (errors.size() == 1)
    return errors.front().to_string();
  std::set<std::string> seen;
  std::string result;
  for (const auto& err : errors) {
    auto msg = err.to_string();
    if (!seen.insert(msg).second)
      continue;
    if (seen.size() > 1)
      result += ", ";
    result += msg;
  }
  if (seen.size() == 1)
    return result;
  return "[" + result + "]";
}

std::string go_string_slice(const std::vector<std::string>& values) {
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += bad_value::quote(values[i]);
  }
  out += '}';
  return out;
}

namespace detail {

std::string go_string_map_sorted(std::vector<std::pair<std::string_view, std::string_view>> entries) {
  std::sort(entries.begin(), entries.end());
  std::string out = "map[string]string{";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += bad_value::quote(entries[i].first);
    out += ':';
    out += bad_value::quote(entries[i].second);
  }
  out += '}';
  return out;
}

} // namespace detail

} // namespace convoy::apiserver
