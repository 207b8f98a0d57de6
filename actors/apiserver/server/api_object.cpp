#include "actors/apiserver/server/api_object.hpp"

#include <charconv>

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

namespace convoy::apiserver {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* message_field(const Message& obj, std::string_view name) {
  auto* f = obj.GetDescriptor()->FindFieldByName(std::string{name});
  if (!f || f->type() != FieldDescriptor::TYPE_MESSAGE || f->is_repeated())
    return nullptr;
  return f;
}

void set_string_field(Message& obj, std::string_view name, std::string_view value) {
  auto* f = obj.GetDescriptor()->FindFieldByName(std::string{name});
  if (f && f->type() == FieldDescriptor::TYPE_STRING && !f->is_repeated())
    obj.GetReflection()->SetString(&obj, f, std::string{value});
}

} // namespace

bool api_object::has_part(const Message& obj, std::string_view name) {
  return message_field(obj, name) != nullptr;
}

bool api_object::spec_changed(const Message& a, const Message& b) {
  auto* f = message_field(a, "spec");
  if (!f)
    return false;
  return !google::protobuf::util::MessageDifferencer::Equals(
    a.GetReflection()->GetMessage(a, f), b.GetReflection()->GetMessage(b, f));
}

void api_object::copy_part(const Message& from, Message& to, std::string_view name) {
  auto* f = message_field(from, name);
  if (!f)
    return;
  to.GetReflection()->MutableMessage(&to, f)->CopyFrom(from.GetReflection()->GetMessage(from, f));
}

std::string api_object::new_uid(std::mt19937_64& rng) {
  uint64_t hi = rng();
  uint64_t lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; // variant 10
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xffff),
                static_cast<unsigned>(hi & 0xffff), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::string api_object::random_suffix(std::mt19937_64& rng) {
  static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (int i = 0; i < 5; ++i)
    out += alphabet[rng() % alphabet.size()];
  return out;
}

void api_object::stamp_create(Message& obj, std::string_view kind, std::string_view api_version,
                               std::string uid, std::chrono::system_clock::time_point now) {
  set_string_field(obj, "kind", kind);
  set_string_field(obj, "api_version", api_version);
  auto* m = mutable_object_meta(obj);
  if (!m)
    return;
  m->set_uid(std::move(uid));
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch());
  // Kubernetes timestamps have second precision.
  *m->mutable_creation_timestamp() =
    google::protobuf::util::TimeUtil::SecondsToTimestamp(ns.count() / 1000000000);
  m->clear_resource_version();
  m->clear_deletion_timestamp();
  m->clear_deletion_grace_period_seconds();
  if (has_part(obj, "spec"))
    m->set_generation(1);
}

void api_object::stamp_update(Message& updated, const Message& old, std::string_view kind,
                               std::string_view api_version) {
  set_string_field(updated, "kind", kind);
  set_string_field(updated, "api_version", api_version);
  auto* m = mutable_object_meta(updated);
  const auto* o = object_meta(old);
  if (!m || !o)
    return;
  m->set_uid(o->uid());
  *m->mutable_creation_timestamp() = o->creation_timestamp();
  if (o->has_deletion_timestamp())
    *m->mutable_deletion_timestamp() = o->deletion_timestamp();
  else
    m->clear_deletion_timestamp();
  if (o->has_deletion_grace_period_seconds())
    m->set_deletion_grace_period_seconds(o->deletion_grace_period_seconds());
  m->set_generation(o->generation() + (spec_changed(updated, old) ? 1 : 0));
}

void api_object::set_resource_version(Message& obj, int64_t revision) {
  if (auto* m = mutable_object_meta(obj))
    m->set_resource_version(std::to_string(revision));
}

int64_t api_object::resource_version(const Message& obj) {
  const auto* m = object_meta(obj);
  if (!m)
    return 0;
  int64_t rv = 0;
  const auto& s = m->resource_version();
  std::from_chars(s.data(), s.data() + s.size(), rv);
  return rv;
}

} // namespace convoy::apiserver
