#include "messages/codec/message_walker.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "messages/codec/message_info.hpp"
#include "messages/codec/scalar_text.hpp"

namespace convoy::codec {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

template <class T>
std::string_view to_text(char (&buf)[32], T value) {
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  (void) ec;
  return {buf, static_cast<size_t>(end - buf)};
}

} // namespace

void message_walker::write(const Message& msg, uint8_t flags) {
  const auto& info = message_info::of(msg.GetDescriptor());
  if (info.special() == message_info::special_kind::none)
    write_object(msg, info);
  else
    write_special(msg, info, flags);
}

void message_walker::write_object(const Message& msg, const message_info& info) {
  const auto* type = msg.GetDescriptor();
  out_.begin_object();
  for (int i = 0; i < type->field_count(); ++i) {
    const auto* f = type->field(i);
    write_field(msg, f, info.flags(f));
  }
  out_.end_object();
}

void message_walker::write_field(const Message& msg, field f, uint8_t flags) {
  const auto* refl = msg.GetReflection();
  bool always = (flags & message_info::always_emit) != 0;
  if (f->is_repeated()) {
    if (refl->FieldSize(msg, f) == 0 && !always)
      return;
    out_.key(f->json_name());
    if (f->is_map())
      write_map(msg, f, flags);
    else
      write_repeated(msg, f, flags);
    return;
  }
  // HasField: presence for messages and `optional` scalars; non-zero for
  // implicit-presence scalars (proto3), which is exactly omitempty.
  bool present = refl->HasField(msg, f);
  if (!present && (!always || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE))
    return;
  out_.key(f->json_name());
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
    write(refl->GetMessage(msg, f), flags);
  else
    write_scalar(msg, f, -1);
}

void message_walker::write_repeated(const Message& msg, field f, uint8_t flags) {
  const auto* refl = msg.GetReflection();
  int n = refl->FieldSize(msg, f);
  out_.begin_array();
  for (int i = 0; i < n; ++i) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
      write(refl->GetRepeatedMessage(msg, f, i), flags);
    else
      write_scalar(msg, f, i);
  }
  out_.end_array();
}

std::string_view message_walker::key_text(const Message& entry, field key) {
  const auto* refl = entry.GetReflection();
  if (key->cpp_type() == FieldDescriptor::CPPTYPE_STRING)
    return refl->GetStringReference(entry, key, &key_scratch_);
  char buf[32];
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      key_scratch_ = to_text(buf, refl->GetInt32(entry, key));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      key_scratch_ = to_text(buf, refl->GetInt64(entry, key));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      key_scratch_ = to_text(buf, refl->GetUInt32(entry, key));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      key_scratch_ = to_text(buf, refl->GetUInt64(entry, key));
      break;
    default:
      key_scratch_ = refl->GetBool(entry, key) ? "true" : "false";
  }
  return key_scratch_;
}

void message_walker::write_map(const Message& msg, field f, uint8_t flags) {
  const auto* refl = msg.GetReflection();
  const auto* entry_type = f->message_type();
  const auto* key_field = entry_type->map_key();
  const auto* value_field = entry_type->map_value();
  int n = refl->FieldSize(msg, f);
  // Keys as views; copies only when the key is not a stored string (a view
  // into key_scratch_ would be overwritten by the next key).
  std::vector<std::pair<std::string_view, const Message*>> entries;
  std::vector<std::unique_ptr<std::string>> owned;
  entries.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& entry = refl->GetRepeatedMessage(msg, f, i);
    auto text = key_text(entry, key_field);
    if (text.data() == key_scratch_.data()) {
      owned.push_back(std::make_unique<std::string>(text));
      text = *owned.back();
    }
    entries.emplace_back(text, &entry);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  out_.begin_object();
  for (const auto& [key, entry] : entries) {
    out_.key(key);
    if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
      write(entry->GetReflection()->GetMessage(*entry, value_field), flags);
    else
      write_scalar(*entry, value_field, -1);
  }
  out_.end_object();
}

void message_walker::write_integer(long long value) {
  char buf[32];
  out_.raw_value(to_text(buf, value));
}

void message_walker::write_unsigned(unsigned long long value) {
  char buf[32];
  out_.raw_value(to_text(buf, value));
}

void message_walker::write_double(double value) {
  if (std::isnan(value)) {
    out_.string_value("NaN");
  } else if (std::isinf(value)) {
    out_.string_value(value > 0 ? "Infinity" : "-Infinity");
  } else {
    scratch_.clear();
    scalar_text::append_double(scratch_, value);
    out_.raw_value(scratch_);
  }
}

void message_walker::write_scalar(const Message& msg, field f, int i) {
  const auto* r = msg.GetReflection();
  bool rep = i >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return write_integer(rep ? r->GetRepeatedInt32(msg, f, i) : r->GetInt32(msg, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return write_integer(rep ? r->GetRepeatedInt64(msg, f, i) : r->GetInt64(msg, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return write_unsigned(rep ? r->GetRepeatedUInt32(msg, f, i) : r->GetUInt32(msg, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return write_unsigned(rep ? r->GetRepeatedUInt64(msg, f, i) : r->GetUInt64(msg, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return write_double(rep ? r->GetRepeatedDouble(msg, f, i) : r->GetDouble(msg, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return write_double(rep ? r->GetRepeatedFloat(msg, f, i) : r->GetFloat(msg, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return out_.raw_value((rep ? r->GetRepeatedBool(msg, f, i) : r->GetBool(msg, f)) ? "true"
                                                                                       : "false");
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = rep ? r->GetRepeatedEnumValue(msg, f, i) : r->GetEnumValue(msg, f);
      if (const auto* v = f->enum_type()->FindValueByNumber(number))
        return out_.string_value(v->name());
      return write_integer(number);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      const auto& text = rep ? r->GetRepeatedStringReference(msg, f, i, &scratch_)
                             : r->GetStringReference(msg, f, &scratch_);
      if (f->type() != FieldDescriptor::TYPE_BYTES)
        return out_.string_value(text);
      std::string encoded;
      scalar_text::append_base64(encoded, text);
      return out_.string_value(encoded);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return; // not a scalar; callers never get here
  }
}

void message_walker::write_special(const Message& msg, const message_info& info,
                                   uint8_t flags) {
  const auto* r = msg.GetReflection();
  if (info.special() == message_info::special_kind::timestamp) {
    scratch_.clear();
    scalar_text::append_timestamp(scratch_, r->GetInt64(msg, info.special_field(0)),
                                  r->GetInt32(msg, info.special_field(1)),
                                  (flags & message_info::micro_time) != 0);
    out_.string_value(scratch_);
    return;
  }
  // IntOrString: type 1 is a string, anything else the integer.
  if (r->GetInt32(msg, info.special_field(0)) == 1)
    out_.string_value(r->GetStringReference(msg, info.special_field(2), &scratch_));
  else
    write_integer(r->GetInt32(msg, info.special_field(1)));
}

} // namespace convoy::codec
