#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "messages/codec/decode_error.hpp"

namespace google::protobuf {
class Message;
} // namespace google::protobuf

/// The one place convoy turns API objects into Kubernetes JSON/YAML and back.
/// Generic over protobuf reflection; the only per-type knowledge is the
/// JSON form of Timestamp and IntOrString and two small field tables
/// (quantities, always-emitted fields) in message_info.cpp.
///
/// Encoding (always succeeds):
/// - JSON names, declaration order, map keys sorted (deterministic bytes);
/// - int64 as JSON numbers (Kubernetes), not strings (protobuf's mapping);
/// - IntOrString as a bare number or string, Timestamp as RFC 3339 UTC,
///   bytes as base64;
/// - omitted: unset messages, empty lists/maps, zero scalars without explicit
///   presence; kept: `optional` fields that are set (even to 0/false/""),
///   and the always-emit fields (e.g. containerStatuses[].ready: false,
///   every List's `items`, as `[]` when empty).
///
/// Decoding (Kubernetes strict field validation): unknown or duplicate fields
/// and type mismatches are errors naming the field path; a quoted "80" is not
/// an integer; null means unset; quantities accept numbers and are stored in
/// canonical form ("0.5" -> "500m"). Nothing throws; on error the target
/// message is left cleared.
namespace convoy::codec {

// -- encoding ------------------------------------------------------------------

/// Kubernetes JSON; `pretty` indents by 4 spaces like `kubectl get -o json`.
std::string to_json(const google::protobuf::Message& msg, bool pretty = false);

/// Appends the JSON to `out` (reuse one buffer on hot paths).
void append_json(const google::protobuf::Message& msg, std::string& out, bool pretty = false);

/// Block-style YAML like `kubectl get -o yaml`; ends with a newline.
std::string to_yaml(const google::protobuf::Message& msg);

// -- decoding ------------------------------------------------------------------

/// Decodes one YAML (or JSON) document into `out`. More than one document,
/// or none, is an error.
status from_yaml(std::string_view text, google::protobuf::Message& out);

/// Decodes one JSON object into `out` (same rules; the text must be an
/// object, so YAML sent as JSON is rejected).
status from_json(std::string_view text, google::protobuf::Message& out);

/// One object of a manifest stream, before its type is chosen. Copyable and
/// sortable (e.g. namespaces first).
struct document {
  std::string api_version; ///< "v1", "apps/v1", ...
  std::string kind;        ///< "Pod", ...
  /// The whole object (a map). Behind a pointer because assigning a
  /// YAML::Node overwrites the node it refers to instead of rebinding, which
  /// would corrupt the parsed tree when documents are sorted or assigned.
  std::shared_ptr<const YAML::Node> node;
  int index = 0;           ///< 0-based position of its YAML document
  int item = -1;           ///< position in a `kind: List`'s items, or -1
  size_t node_budget = 0;  ///< alias-expansion cap for decode()
};

/// Splits a manifest stream: `---`-separated YAML documents or JSON objects;
/// empty documents are skipped; a `kind: List` expands into its items. Each
/// document must be an object with string `apiVersion` and `kind`.
result<std::vector<document>> decode_documents(std::string_view text);

/// Decodes a document into `out` (choose the type from doc.kind, e.g. with
/// resource_registry). Errors carry the document's index and item.
status decode(const document& doc, google::protobuf::Message& out);

} // namespace convoy::codec
