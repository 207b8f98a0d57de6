#include "actors/apiserver/patch/json_text.hpp"

namespace convoy::apiserver {

namespace {

/// Deepest bracket nesting of `text`, brackets inside strings excluded.
/// Linear and allocation-free, so it runs before the parser builds anything.
std::size_t nesting_depth(std::string_view text) noexcept {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest)
        deepest = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

/// nlohmann's what() without its "[json.exception.parse_error.101] " tag.
std::string strip_exception_tag(const char* what) {
  std::string_view text{what};
  if (!text.empty() && text.front() == '[') {
    auto end = text.find("] ");
    if (end != std::string_view::npos)
      text.remove_prefix(end + 2);
  }
  return std::string{text};
}

} // namespace

bool parse_json(std::string_view text, std::string_view role, json& out, std::string& error) {
  if (nesting_depth(text) > max_json_depth) {
    error = std::string{role} + " nests arrays/objects deeper than "
            + std::to_string(max_json_depth) + " levels";
    return false;
  }
  try {
    out = json::parse(text.begin(), text.end());
    return true;
  } catch (const json::exception& e) {
    error = std::string{role} + " is not valid JSON: " + strip_exception_tag(e.what());
  }
  return false;
}

std::optional<patch_result> parse_documents(std::string_view original_json,
                                            std::string_view patch_json, json& doc, json& patch) {
  std::string error;
  if (!parse_json(original_json, "the object", doc, error)
      || !parse_json(patch_json, "the patch", patch, error))
    return patch_result::fail(patch_errc::malformed, std::move(error));
  return std::nullopt;
}

std::string dump_json(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

const char* json_type_name(const json& value) noexcept {
  switch (value.type()) {
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "number";
    default:
      return "null";
  }
}

} // namespace convoy::apiserver
