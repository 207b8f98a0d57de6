#pragma once

#include <cstdint>
#include <string>

#include "messages/codec/value_sink.hpp"

namespace google::protobuf {
class FieldDescriptor;
class Message;
class Reflection;
} // namespace google::protobuf

namespace convoy::codec {

class message_info;

/// Walks a message by reflection and emits its Kubernetes JSON form into a
/// value_sink: JSON names, field declaration order, map keys sorted, int64 as
/// numbers, Timestamp as RFC 3339, IntOrString bare, bytes as base64. Unset
/// message fields, empty repeated/map fields and zero scalars without
/// explicit presence are omitted, except the always_emit fields.
class message_walker {
public:
  explicit message_walker(value_sink& out) : out_(out) {}

  /// `flags`: message_info field flags of the field holding `msg` (selects
  /// e.g. the MicroTime form of a Timestamp).
  void write(const google::protobuf::Message& msg, uint8_t flags = 0);

private:
  using field = const google::protobuf::FieldDescriptor*;

  void write_object(const google::protobuf::Message& msg, const message_info& info);
  void write_field(const google::protobuf::Message& msg, field f, uint8_t flags);
  void write_repeated(const google::protobuf::Message& msg, field f, uint8_t flags);
  void write_map(const google::protobuf::Message& msg, field f, uint8_t flags);
  /// One scalar: the singular value (index < 0) or element `index`.
  void write_scalar(const google::protobuf::Message& msg, field f, int index);
  void write_special(const google::protobuf::Message& msg, const message_info& info,
                     uint8_t flags);
  void write_integer(long long value);
  void write_unsigned(unsigned long long value);
  void write_double(double value);
  /// The map key as text (string keys as they are, others printed).
  std::string_view key_text(const google::protobuf::Message& entry, field key);

  value_sink& out_;
  std::string scratch_;
  std::string key_scratch_;
};

} // namespace convoy::codec
