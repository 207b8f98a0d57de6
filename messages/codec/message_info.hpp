#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace google::protobuf {
class Descriptor;
class FieldDescriptor;
} // namespace google::protobuf

namespace convoy::codec {

/// What the codec needs to know about one message type, computed once per
/// descriptor and cached for the life of the process: the JSON-name lookup
/// (protobuf 3.21 has none), the type's special JSON form, and the per-field
/// exceptions to the generic rules. The exceptions live in two documented
/// tables in message_info.cpp — the only per-type knowledge in the codec.
class message_info {
public:
  // -- member types ----------------------------------------------------------

  /// Types whose JSON form is not an object.
  enum class special_kind : uint8_t {
    none,
    timestamp,     ///< google.protobuf.Timestamp: an RFC 3339 string
    int_or_string, ///< convoy.api.IntOrString: a bare number or a string
  };

  /// Per-field exceptions (bit flags).
  enum field_flag : uint8_t {
    /// A resource quantity (string, or map<string,string> of them): accepts
    /// numbers (`cpu: 1`), is validated and stored in canonical form.
    quantity = 1,
    /// Kubernetes serialises the field even when zero/empty (no omitempty),
    /// and clients (the Python client) reject objects that lack it.
    always_emit = 2,
    /// A Kubernetes MicroTime (Timestamp field): printed with exactly 6
    /// fractional digits, because Go clients parse it with RFC3339Micro,
    /// which requires them.
    micro_time = 4,
  };

  // -- lookup ----------------------------------------------------------------

  /// The cached info of `type` (thread-safe; built on first use).
  static const message_info& of(const google::protobuf::Descriptor* type);

  /// Table entries (full field names) that match no field of any type in
  /// protobuf's generated pool: a renamed field the tables must follow.
  static std::vector<std::string> unresolved_table_entries();

  // -- observers -------------------------------------------------------------

  special_kind special() const noexcept { return special_; }

  /// The field whose json_name is exactly `name` (case-sensitive, as
  /// Kubernetes' strict decoding), or nullptr.
  const google::protobuf::FieldDescriptor* find_json(std::string_view name) const noexcept;

  uint8_t flags(const google::protobuf::FieldDescriptor* field) const noexcept;

  /// IntOrString's fields (type, int_val, str_val); Timestamp's (seconds,
  /// nanos) in slots 0 and 1. Valid only for the matching special_kind.
  const google::protobuf::FieldDescriptor* special_field(int slot) const noexcept {
    return special_fields_[slot];
  }

  explicit message_info(const google::protobuf::Descriptor* type);

private:
  special_kind special_ = special_kind::none;
  /// (json_name, field), sorted by name; names point into the descriptor.
  std::vector<std::pair<std::string_view, const google::protobuf::FieldDescriptor*>> by_json_;
  /// Indexed by FieldDescriptor::index().
  std::vector<uint8_t> flags_;
  const google::protobuf::FieldDescriptor* special_fields_[3] = {nullptr, nullptr, nullptr};
};

} // namespace convoy::codec
