#include "messages/malformed.hpp"

#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

namespace convoy {

namespace {

/// The largest legal field number; no convoy .proto may use it. Chosen so that
/// a marked message still serializes as valid protobuf.
constexpr int malformed_field = 536870911;

} // namespace

void mark_malformed(google::protobuf::Message& x, std::string_view reason) {
  x.Clear();
  auto* unknown = x.GetReflection()->MutableUnknownFields(&x);
  unknown->AddLengthDelimited(malformed_field, std::string{reason});
}

void parse_or_mark_malformed(google::protobuf::Message& x, std::string_view wire) {
  if (x.ParseFromArray(wire.data(), static_cast<int>(wire.size())))
    return;
  mark_malformed(x, "bytes do not parse as " + x.GetDescriptor()->full_name()
                      + " (" + std::to_string(wire.size()) + " bytes)");
}

std::optional<std::string> malformed_reason(const google::protobuf::Message& x) {
  const auto& unknown = x.GetReflection()->GetUnknownFields(x);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const auto& field = unknown.field(i);
    if (field.number() == malformed_field
        && field.type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
      return field.length_delimited();
  }
  return std::nullopt;
}

} // namespace convoy
