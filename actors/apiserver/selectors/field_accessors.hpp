#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace google::protobuf {
class Descriptor;
class Message;
} // namespace google::protobuf

namespace convoy::apiserver {

/// Reads one selectable field of an object (e.g. a Pod's spec.nodeName) as
/// the string a field selector compares against. String fields are returned
/// as views into the object; other fields are rendered into `scratch`
/// ("true", "3"), so matching does not allocate for the common fields.
using field_getter = std::string_view (*)(const google::protobuf::Message& object,
                                          std::string& scratch);

/// One selectable field of a kind.
struct field_accessor {
  std::string_view name;
  field_getter get;
};

/// The selectable fields of one kind: the accessor table field selectors
/// bind to. Every kind has metadata.name and metadata.namespace; kinds add
/// what Kubernetes lets clients select on (pods: spec.nodeName,
/// status.phase, ...; events: involvedObject.*, reason, type, ...).
class field_table {
public:
  /// The table for `kind` ("Pod", "Event", ...), nullptr for an unknown kind.
  static const field_table* find(std::string_view kind);

  std::string_view kind() const noexcept { return kind_; }

  /// The message type objects of this kind have.
  const google::protobuf::Descriptor* descriptor() const noexcept { return descriptor_; }

  /// The accessor for `field`, nullptr if the field is not selectable.
  const field_accessor* accessor(std::string_view field) const;

  const std::vector<field_accessor>& fields() const noexcept { return fields_; }

  /// The kinds that have a table.
  static std::vector<std::string_view> kinds();

  field_table(std::string_view kind, const google::protobuf::Descriptor* descriptor,
              std::vector<field_accessor> fields)
    : kind_(kind), descriptor_(descriptor), fields_(std::move(fields)) {}

private:
  std::string_view kind_;
  const google::protobuf::Descriptor* descriptor_;
  std::vector<field_accessor> fields_;
};

} // namespace convoy::apiserver
