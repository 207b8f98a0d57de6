#pragma once

// JSON text <-> DOM for the patch functions (nlohmann::json, Debian's
// nlohmann-json3-dev). Internal to the patch library: its public headers
// speak JSON text only.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "actors/apiserver/patch/patch_result.hpp"

namespace convoy::apiserver {

using json = nlohmann::json;

/// Deepest nesting of arrays/objects a document may have. The patch code and
/// the serializer recurse once per level, so unbounded depth from a client
/// would exhaust the stack; real API objects stay far below this.
inline constexpr std::size_t max_json_depth = 1000;

/// Parses `text` into `out`. On failure returns false and sets `error` to a
/// message that starts with `role` ("the patch", "the object"): invalid JSON
/// (with line and column) or nesting deeper than max_json_depth.
bool parse_json(std::string_view text, std::string_view role, json& out, std::string& error);

/// Parses the object and the patch of a patch call; the malformed result
/// if either is not JSON.
std::optional<patch_result> parse_documents(std::string_view original_json,
                                            std::string_view patch_json, json& doc, json& patch);

/// Compact JSON text of `doc`. Never throws: invalid UTF-8 (impossible for
/// parsed input) would be replaced by U+FFFD.
std::string dump_json(const json& doc);

/// The JSON type name used in error messages: "object", "array", "string",
/// "number", "boolean" or "null".
const char* json_type_name(const json& value) noexcept;

} // namespace convoy::apiserver
