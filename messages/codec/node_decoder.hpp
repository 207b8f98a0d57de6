#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "messages/codec/decode_error.hpp"

namespace google::protobuf {
class FieldDescriptor;
class Message;
} // namespace google::protobuf

namespace convoy::codec {

class message_info;

/// Decodes a parsed YAML/JSON node tree into a protobuf message by
/// reflection, with Kubernetes' strict semantics: unknown and duplicate
/// fields are errors, types must match (a quoted "80" is not an integer),
/// null means unset. The first error stops decoding and names the field path.
///
/// `node_budget` caps the nodes visited, so YAML aliases that fan out
/// (a "billion laughs" document) fail instead of running for hours.
class node_decoder {
public:
  explicit node_decoder(size_t node_budget) : budget_(node_budget) {}

  /// Clears `out`, then decodes the object `node` into it. On failure `out`
  /// is cleared again (nothing half-applied) and error() says why.
  bool decode(const YAML::Node& node, google::protobuf::Message& out);

  const decode_error& error() const noexcept { return error_; }

  /// Short description of a node for error messages: `"abc"`, `80`, `object`.
  static std::string describe(const YAML::Node& node);

private:
  using field = const google::protobuf::FieldDescriptor*;
  using message = google::protobuf::Message;

  /// Restores the path to its length at construction.
  struct path_scope {
    path_scope(std::string& path, std::string_view segment, bool dotted);
    ~path_scope() { path_.resize(length_); }
    std::string& path_;
    size_t length_;
  };

  bool object(const YAML::Node& node, message& msg, int depth);
  bool member(const YAML::Node& value, message& msg, field f, uint8_t flags, int depth);
  bool repeated(const YAML::Node& node, message& msg, field f, uint8_t flags, int depth);
  bool map(const YAML::Node& node, message& msg, field f, uint8_t flags, int depth);
  bool map_key(const YAML::Node& key, message& entry, field f);
  bool message_value(const YAML::Node& node, message& msg, int depth);
  bool special_value(const YAML::Node& node, message& msg, const message_info& info);
  /// Parses a scalar for `f` and sets it (or adds it when `add`).
  bool scalar(const YAML::Node& node, message& msg, field f, uint8_t flags, bool add);
  bool integer_scalar(const YAML::Node& node, message& msg, field f, bool add);
  bool string_scalar(const YAML::Node& node, message& msg, field f, uint8_t flags, bool add);
  bool other_scalar(const YAML::Node& node, message& msg, field f, bool add);
  /// The node's text if it is a string (quoted, or a plain scalar that
  /// resolves to a string); nullptr otherwise.
  const std::string* string_text(const YAML::Node& node) const;

  bool fail(const YAML::Node& at, std::string message);
  bool mismatch(const YAML::Node& at, std::string_view expected);
  bool spend(const YAML::Node& at);

  std::string path_;
  decode_error error_;
  size_t budget_;
  std::string scratch_;
};

} // namespace convoy::codec
