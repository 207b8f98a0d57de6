#include "actors/inspect/core/flatten_message.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

namespace convoy::inspect {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void flatten(const Message& msg, const std::string& prefix, node::ComponentSummary& out);

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// A scalar field (index < 0: singular) as text.
std::string scalar_text(const Message& msg, const FieldDescriptor* f, int index) {
  const Reflection* r = msg.GetReflection();
  bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(msg, f, index) : r->GetInt32(msg, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(rep ? r->GetRepeatedInt64(msg, f, index) : r->GetInt64(msg, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(msg, f, index) : r->GetUInt32(msg, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(msg, f, index) : r->GetUInt64(msg, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return number_text(rep ? r->GetRepeatedDouble(msg, f, index) : r->GetDouble(msg, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return number_text(rep ? r->GetRepeatedFloat(msg, f, index) : r->GetFloat(msg, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(msg, f, index) : r->GetBool(msg, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(msg, f, index) : r->GetEnum(msg, f))->name();
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(msg, f, index) : r->GetString(msg, f);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return {};
}

void add(node::ComponentSummary& out, std::string key, std::string value) {
  auto* field = out.add_fields();
  field->set_key(std::move(key));
  field->set_value(std::move(value));
}

/// Map entries become "name[key]" (and "name[key].sub" for message values).
void flatten_map(const Message& msg, const FieldDescriptor* f, const std::string& path,
                 node::ComponentSummary& out) {
  const Reflection* r = msg.GetReflection();
  for (int i = 0; i < r->FieldSize(msg, f); ++i) {
    const Message& entry = r->GetRepeatedMessage(msg, f, i);
    const auto* key_field = entry.GetDescriptor()->map_key();
    const auto* value_field = entry.GetDescriptor()->map_value();
    auto key = path + "[" + scalar_text(entry, key_field, -1) + "]";
    if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
      flatten(entry.GetReflection()->GetMessage(entry, value_field), key, out);
    else
      add(out, key, scalar_text(entry, value_field, -1));
  }
}

void flatten_field(const Message& msg, const FieldDescriptor* f, const std::string& path,
                   node::ComponentSummary& out) {
  const Reflection* r = msg.GetReflection();
  if (f->is_map())
    return flatten_map(msg, f, path, out);
  bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  if (!f->is_repeated()) {
    if (is_message)
      flatten(r->GetMessage(msg, f), path, out);
    else
      add(out, path, scalar_text(msg, f, -1));
    return;
  }
  if (!is_message) {
    std::string joined;
    for (int i = 0; i < r->FieldSize(msg, f); ++i)
      joined += (i ? "," : "") + scalar_text(msg, f, i);
    add(out, path, joined);
    return;
  }
  for (int i = 0; i < r->FieldSize(msg, f); ++i)
    flatten(r->GetRepeatedMessage(msg, f, i), path + "[" + std::to_string(i) + "]", out);
}

/// Numbers and flags are shown even when zero (an idle rate reads 0, not
/// nothing); empty strings, lists, maps and unset messages are left out.
bool shown(const Message& msg, const FieldDescriptor* f) {
  const Reflection* r = msg.GetReflection();
  if (f->is_repeated())
    return r->FieldSize(msg, f) > 0;
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
      || f->cpp_type() == FieldDescriptor::CPPTYPE_STRING || f->real_containing_oneof())
    return r->HasField(msg, f);
  return true;
}

void flatten(const Message& msg, const std::string& prefix, node::ComponentSummary& out) {
  const auto* type = msg.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const auto* f = type->field(i);
    if (shown(msg, f))
      flatten_field(msg, f, prefix.empty() ? f->name() : prefix + "." + f->name(), out);
  }
}

} // namespace

void flatten_message(const Message& msg, node::ComponentSummary& out) {
  out.set_type(msg.GetDescriptor()->full_name());
  flatten(msg, "", out);
}

} // namespace convoy::inspect
