#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "messages/codec/decode_error.hpp"

/// Turns text into yaml-cpp node trees, working around what yaml-cpp 0.7
/// gets wrong for the codec's inputs:
/// - a document that begins with a ',' token ("[1],", "- a\n,") makes
///   YAML::LoadAll loop forever, appending a null document per turn until
///   memory runs out; any client could send such a body. Text that is not
///   plain JSON is first parsed without building nodes, failing on the first
///   document that consumes no input;
/// - JSON's UTF-16 surrogate escapes ("\ud83d\ude00", what Python's json
///   module writes) are rewritten to YAML's \U form;
/// - exceptions become decode_errors (with the line yaml-cpp reports).
namespace convoy::codec::yaml_loader {

/// Every document of `text`, empty ones included (as null nodes).
result<std::vector<YAML::Node>> load_all(std::string_view text);

/// First character that is not JSON/YAML whitespace, or '\0'.
char first_non_space(std::string_view text) noexcept;

/// True if `text` is exactly one valid JSON object or array (RFC 8259,
/// nesting up to 128): then yaml-cpp sees the same tokens, none of them a
/// top-level ',', and the guard pass can be skipped. Exposed for tests.
bool json_shaped(std::string_view text) noexcept;

} // namespace convoy::codec::yaml_loader
