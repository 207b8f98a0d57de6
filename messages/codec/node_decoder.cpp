#include "messages/codec/node_decoder.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <bitset>
#include <limits>
#include <unordered_set>
#include <vector>

#include "messages/codec/json_writer.hpp"
#include "messages/codec/message_info.hpp"
#include "messages/codec/scalar_text.hpp"
#include "messages/quantity.hpp"

namespace convoy::codec {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using scalar_text::plain_kind;

constexpr int max_depth = 64;
constexpr size_t max_shown = 64;

bool is_quoted(const YAML::Node& n) {
  const auto& tag = n.Tag();
  return tag == "!" || tag == "tag:yaml.org,2002:str";
}

plain_kind kind_of(const YAML::Node& n) {
  if (n.IsNull())
    return plain_kind::null;
  return is_quoted(n) ? plain_kind::string : scalar_text::classify_plain(n.Scalar());
}

/// Which fields of one object were seen (duplicate detection) without a heap
/// allocation for ordinary messages.
class field_set {
public:
  explicit field_set(int count) {
    if (count > 256)
      big_.resize(static_cast<size_t>(count));
  }
  /// Marks `index`; false if it was already marked.
  bool insert(int index) {
    auto i = static_cast<size_t>(index);
    if (!big_.empty()) {
      bool fresh = !big_[i];
      big_[i] = true;
      return fresh;
    }
    bool fresh = !small_.test(i);
    small_.set(i);
    return fresh;
  }

private:
  std::bitset<256> small_;
  std::vector<bool> big_;
};

bool in_range(const scalar_text::integer& v, FieldDescriptor::CppType type) {
  constexpr uint64_t int32_max = std::numeric_limits<int32_t>::max();
  constexpr uint64_t int64_max = std::numeric_limits<int64_t>::max();
  switch (type) {
    case FieldDescriptor::CPPTYPE_INT32:
      return v.magnitude <= int32_max + (v.negative ? 1 : 0);
    case FieldDescriptor::CPPTYPE_INT64:
      return v.magnitude <= int64_max + (v.negative ? 1 : 0);
    case FieldDescriptor::CPPTYPE_UINT32:
      return (!v.negative || v.magnitude == 0) && v.magnitude <= std::numeric_limits<uint32_t>::max();
    default:
      return !v.negative || v.magnitude == 0;
  }
}

int64_t as_signed(const scalar_text::integer& v) {
  // Two's complement negation of the magnitude handles INT64_MIN exactly.
  return v.negative ? static_cast<int64_t>(0 - v.magnitude) : static_cast<int64_t>(v.magnitude);
}

void add_default(Message& msg, const FieldDescriptor* f) {
  const auto* r = msg.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return r->AddInt32(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_INT64: return r->AddInt64(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_UINT32: return r->AddUInt32(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_UINT64: return r->AddUInt64(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_DOUBLE: return r->AddDouble(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_FLOAT: return r->AddFloat(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_BOOL: return r->AddBool(&msg, f, false);
    case FieldDescriptor::CPPTYPE_ENUM: return r->AddEnumValue(&msg, f, 0);
    case FieldDescriptor::CPPTYPE_STRING: return r->AddString(&msg, f, std::string{});
    case FieldDescriptor::CPPTYPE_MESSAGE: r->AddMessage(&msg, f); return;
  }
}

const char* type_name(const FieldDescriptor* f) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return "int32";
    case FieldDescriptor::CPPTYPE_INT64: return "int64";
    case FieldDescriptor::CPPTYPE_UINT32: return "uint32";
    default: return "uint64";
  }
}

} // namespace

// -- path, errors ------------------------------------------------------------

node_decoder::path_scope::path_scope(std::string& path, std::string_view segment, bool dotted)
  : path_(path), length_(path.size()) {
  if (dotted) {
    if (!path_.empty())
      path_ += '.';
    path_ += segment;
  } else {
    path_ += '[';
    path_ += segment;
    path_ += ']';
  }
}

std::string node_decoder::describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "object";
    case YAML::NodeType::Sequence: return "array";
    case YAML::NodeType::Scalar: break;
    default: return "null";
  }
  std::string_view text = node.Scalar();
  auto kind = kind_of(node);
  bool cut = text.size() > max_shown;
  if (cut) {
    size_t end = max_shown;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end; // keep whole UTF-8 sequences
    text = text.substr(0, end);
  }
  std::string out;
  if (kind == plain_kind::string)
    json_writer::append_quoted(out, text);
  else
    out = text;
  if (cut)
    out += "...";
  return out;
}

bool node_decoder::fail(const YAML::Node& at, std::string message) {
  error_.path = path_;
  error_.message = std::move(message);
  auto mark = at.Mark();
  error_.line = mark.is_null() ? 0 : mark.line + 1;
  return false;
}

bool node_decoder::mismatch(const YAML::Node& at, std::string_view expected) {
  std::string text = "expected ";
  text += expected;
  text += ", got ";
  text += describe(at);
  return fail(at, std::move(text));
}

bool node_decoder::spend(const YAML::Node& at) {
  if (budget_ == 0)
    return fail(at, "document too large (aliases expand past the node limit)");
  --budget_;
  return true;
}

// -- structure ---------------------------------------------------------------

bool node_decoder::decode(const YAML::Node& node, Message& out) {
  out.Clear();
  path_.clear();
  bool ok = node.IsMap() ? object(node, out, 0) : mismatch(node, "object");
  if (!ok)
    out.Clear();
  return ok;
}

bool node_decoder::object(const YAML::Node& node, Message& msg, int depth) {
  if (depth > max_depth)
    return fail(node, "nesting too deep");
  const auto& info = message_info::of(msg.GetDescriptor());
  field_set seen{msg.GetDescriptor()->field_count()};
  for (auto it = node.begin(); it != node.end(); ++it) {
    YAML::Node key = it->first; // copies: it-> is a temporary proxy
    if (!spend(key))
      return false;
    if (!key.IsScalar())
      return mismatch(key, "string key");
    path_scope scope{path_, key.Scalar(), true};
    field f = info.find_json(key.Scalar());
    if (f == nullptr)
      return fail(key, "unknown field");
    if (!seen.insert(f->index()))
      return fail(key, "duplicate field");
    if (!member(it->second, msg, f, info.flags(f), depth))
      return false;
  }
  return true;
}

bool node_decoder::member(const YAML::Node& value, Message& msg, field f, uint8_t flags,
                          int depth) {
  if (value.IsNull()) { // null means unset, as in Kubernetes
    msg.GetReflection()->ClearField(&msg, f);
    return true;
  }
  if (f->is_map())
    return map(value, msg, f, flags, depth);
  if (f->is_repeated())
    return repeated(value, msg, f, flags, depth);
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
    return message_value(value, *msg.GetReflection()->MutableMessage(&msg, f), depth + 1);
  return scalar(value, msg, f, flags, false);
}

bool node_decoder::repeated(const YAML::Node& node, Message& msg, field f, uint8_t flags,
                            int depth) {
  if (!node.IsSequence())
    return mismatch(node, "array");
  const auto* refl = msg.GetReflection();
  refl->ClearField(&msg, f);
  size_t index = 0;
  for (const auto& item : node) {
    if (!spend(item))
      return false;
    path_scope scope{path_, std::to_string(index++), false};
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!scalar(item, msg, f, flags, true))
        return false;
      continue;
    }
    auto* sub = refl->AddMessage(&msg, f);
    if (!item.IsNull() && !message_value(item, *sub, depth + 1))
      return false;
  }
  return true;
}

bool node_decoder::map(const YAML::Node& node, Message& msg, field f, uint8_t flags, int depth) {
  if (!node.IsMap())
    return mismatch(node, "object");
  const auto* refl = msg.GetReflection();
  refl->ClearField(&msg, f);
  const auto* value_field = f->message_type()->map_value();
  std::unordered_set<std::string_view> keys;
  for (auto it = node.begin(); it != node.end(); ++it) {
    YAML::Node key = it->first; // copies: it-> is a temporary proxy
    YAML::Node value = it->second;
    if (!spend(key))
      return false;
    if (!key.IsScalar())
      return mismatch(key, "string key");
    path_scope scope{path_, key.Scalar(), false};
    if (!keys.insert(key.Scalar()).second)
      return fail(key, "duplicate key");
    auto* entry = refl->AddMessage(&msg, f);
    if (!map_key(key, *entry, f->message_type()->map_key()))
      return false;
    bool ok = value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
                ? value.IsNull()
                    || message_value(value,
                                     *entry->GetReflection()->MutableMessage(entry, value_field),
                                     depth + 1)
                : scalar(value, *entry, value_field, flags, false);
    if (!ok)
      return false;
  }
  return true;
}

bool node_decoder::map_key(const YAML::Node& key, Message& entry, field f) {
  const auto* r = entry.GetReflection();
  const auto& text = key.Scalar();
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    if (!scalar_text::is_valid_utf8(text))
      return fail(key, "invalid UTF-8 in key");
    r->SetString(&entry, f, text);
    return true;
  }
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    auto b = scalar_text::parse_bool(text);
    if (!b)
      return mismatch(key, "boolean key");
    r->SetBool(&entry, f, *b);
    return true;
  }
  auto v = scalar_text::parse_integer(text);
  if (!v || !in_range(*v, f->cpp_type()))
    return mismatch(key, "integer key");
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: r->SetInt32(&entry, f, static_cast<int32_t>(as_signed(*v))); break;
    case FieldDescriptor::CPPTYPE_INT64: r->SetInt64(&entry, f, as_signed(*v)); break;
    case FieldDescriptor::CPPTYPE_UINT32: r->SetUInt32(&entry, f, static_cast<uint32_t>(v->magnitude)); break;
    default: r->SetUInt64(&entry, f, v->magnitude); break;
  }
  return true;
}

bool node_decoder::message_value(const YAML::Node& node, Message& msg, int depth) {
  const auto& info = message_info::of(msg.GetDescriptor());
  if (info.special() != message_info::special_kind::none)
    return special_value(node, msg, info);
  if (!node.IsMap())
    return mismatch(node, "object");
  return object(node, msg, depth);
}

bool node_decoder::special_value(const YAML::Node& node, Message& msg, const message_info& info) {
  const auto* r = msg.GetReflection();
  if (info.special() == message_info::special_kind::timestamp) {
    int64_t seconds = 0;
    int32_t nanos = 0;
    const auto* text = string_text(node);
    if (text == nullptr || !scalar_text::parse_timestamp(*text, seconds, nanos))
      return mismatch(node, "RFC 3339 timestamp");
    r->SetInt64(&msg, info.special_field(0), seconds);
    r->SetInt32(&msg, info.special_field(1), nanos);
    return true;
  }
  if (node.IsScalar() && kind_of(node) == plain_kind::integer) { // IntOrString
    auto v = scalar_text::parse_integer(node.Scalar());
    if (!v || !in_range(*v, FieldDescriptor::CPPTYPE_INT32))
      return fail(node, "value " + node.Scalar() + " out of range for int32");
    r->SetInt32(&msg, info.special_field(0), 0);
    r->SetInt32(&msg, info.special_field(1), static_cast<int32_t>(as_signed(*v)));
    return true;
  }
  const auto* text = string_text(node);
  if (text == nullptr)
    return mismatch(node, "integer or string");
  if (!scalar_text::is_valid_utf8(*text))
    return fail(node, "invalid UTF-8");
  r->SetInt32(&msg, info.special_field(0), 1);
  r->SetString(&msg, info.special_field(2), *text);
  return true;
}

// -- scalars -----------------------------------------------------------------

const std::string* node_decoder::string_text(const YAML::Node& node) const {
  if (!node.IsScalar() || kind_of(node) != plain_kind::string)
    return nullptr;
  return &node.Scalar();
}

bool node_decoder::scalar(const YAML::Node& node, Message& msg, field f, uint8_t flags, bool add) {
  if (node.IsNull() && !(flags & message_info::quantity)) {
    if (add)
      add_default(msg, f);
    else
      msg.GetReflection()->ClearField(&msg, f);
    return true;
  }
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return integer_scalar(node, msg, f, add);
    case FieldDescriptor::CPPTYPE_STRING:
      return string_scalar(node, msg, f, flags, add);
    default:
      return other_scalar(node, msg, f, add);
  }
}

bool node_decoder::integer_scalar(const YAML::Node& node, Message& msg, field f, bool add) {
  if (!node.IsScalar() || kind_of(node) != plain_kind::integer)
    return mismatch(node, "integer");
  auto v = scalar_text::parse_integer(node.Scalar());
  if (!v || !in_range(*v, f->cpp_type()))
    return fail(node, "value " + node.Scalar() + " out of range for " + type_name(f));
  const auto* r = msg.GetReflection();
  int64_t s = as_signed(*v);
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      auto x = static_cast<int32_t>(s);
      add ? r->AddInt32(&msg, f, x) : r->SetInt32(&msg, f, x);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64:
      add ? r->AddInt64(&msg, f, s) : r->SetInt64(&msg, f, s);
      break;
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto x = static_cast<uint32_t>(v->magnitude);
      add ? r->AddUInt32(&msg, f, x) : r->SetUInt32(&msg, f, x);
      break;
    }
    default:
      add ? r->AddUInt64(&msg, f, v->magnitude) : r->SetUInt64(&msg, f, v->magnitude);
  }
  return true;
}

bool node_decoder::string_scalar(const YAML::Node& node, Message& msg, field f, uint8_t flags,
                                 bool add) {
  const std::string* text = string_text(node);
  const auto* r = msg.GetReflection();
  if (flags & message_info::quantity) {
    // Kubernetes quantities also accept JSON/YAML numbers (`cpu: 0.5`).
    // A null quantity is zero, as Kubernetes' Quantity.UnmarshalJSON has it.
    auto kind = node.IsScalar() ? kind_of(node) : plain_kind::null;
    if (kind == plain_kind::integer || kind == plain_kind::floating)
      text = &node.Scalar();
    if (text == nullptr && !node.IsNull())
      return mismatch(node, "quantity");
    auto q = quantity::parse_with_error(text != nullptr ? std::string_view{*text} : "0");
    if (!q)
      return fail(node, q.error);
    scratch_ = q.value->to_string();
  } else {
    if (text == nullptr)
      return mismatch(node, "string");
    if (!scalar_text::is_valid_utf8(*text))
      return fail(node, "invalid UTF-8");
    if (f->type() == FieldDescriptor::TYPE_BYTES) {
      if (!scalar_text::decode_base64(*text, scratch_))
        return fail(node, "invalid base64");
    } else {
      scratch_ = *text;
    }
  }
  add ? r->AddString(&msg, f, scratch_) : r->SetString(&msg, f, scratch_);
  return true;
}

bool node_decoder::other_scalar(const YAML::Node& node, Message& msg, field f, bool add) {
  const auto* r = msg.GetReflection();
  auto kind = node.IsScalar() ? kind_of(node) : plain_kind::null;
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    // Plain true/false (and YAML 1.1 yes/no/on/off); a quoted "true" is a
    // string, which Kubernetes rejects for a bool.
    auto b = node.IsScalar() && !is_quoted(node) ? scalar_text::parse_bool(node.Scalar())
                                                  : std::nullopt;
    if (!b)
      return mismatch(node, "boolean");
    add ? r->AddBool(&msg, f, *b) : r->SetBool(&msg, f, *b);
    return true;
  }
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
    int number = 0;
    if (kind == plain_kind::string) {
      const auto* v = f->enum_type()->FindValueByName(node.Scalar());
      if (v == nullptr)
        return fail(node, "unknown value " + describe(node) + " for " + f->enum_type()->name());
      number = v->number();
    } else if (auto i = scalar_text::parse_integer(node.Scalar());
               kind == plain_kind::integer && i && in_range(*i, FieldDescriptor::CPPTYPE_INT32)) {
      number = static_cast<int32_t>(as_signed(*i));
    } else {
      return mismatch(node, "enum name or integer");
    }
    add ? r->AddEnumValue(&msg, f, number) : r->SetEnumValue(&msg, f, number);
    return true;
  }
  // double / float
  std::optional<double> d;
  if (kind == plain_kind::integer) {
    if (auto i = scalar_text::parse_integer(node.Scalar()))
      d = i->negative ? -static_cast<double>(i->magnitude) : static_cast<double>(i->magnitude);
  } else if (kind == plain_kind::floating) {
    d = scalar_text::parse_double(node.Scalar());
  }
  if (!d)
    return mismatch(node, "number");
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT)
    add ? r->AddFloat(&msg, f, static_cast<float>(*d)) : r->SetFloat(&msg, f, static_cast<float>(*d));
  else
    add ? r->AddDouble(&msg, f, *d) : r->SetDouble(&msg, f, *d);
  return true;
}

} // namespace convoy::codec
