#include "actors/apiserver/cache/object_meta.hpp"

#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

namespace convoy::apiserver {

namespace {

const google::protobuf::FieldDescriptor* meta_field(const google::protobuf::Descriptor* type) {
  if (type == nullptr)
    return nullptr;
  const auto* field = type->FindFieldByName("metadata");
  if (field == nullptr || field->is_repeated() ||
      field->message_type() != api::ObjectMeta::descriptor())
    return nullptr;
  return field;
}

} // namespace

bool has_object_meta(const google::protobuf::Descriptor* type) {
  return meta_field(type) != nullptr;
}

const api::ObjectMeta* object_meta(const google::protobuf::Message& object) {
  const auto* field = meta_field(object.GetDescriptor());
  if (field == nullptr)
    return nullptr;
  // Generated types only (the cache makes objects with the generated
  // factory), so the reflected message is an api::ObjectMeta.
  return static_cast<const api::ObjectMeta*>(&object.GetReflection()->GetMessage(object, field));
}

api::ObjectMeta* mutable_object_meta(google::protobuf::Message& object) {
  const auto* field = meta_field(object.GetDescriptor());
  if (field == nullptr)
    return nullptr;
  return static_cast<api::ObjectMeta*>(object.GetReflection()->MutableMessage(&object, field));
}

std::shared_ptr<const google::protobuf::Message>
copy_at_revision(const google::protobuf::Message& object, int64_t revision) {
  std::shared_ptr<google::protobuf::Message> copy{object.New()};
  copy->CopyFrom(object);
  if (auto* meta = mutable_object_meta(*copy))
    meta->set_resource_version(std::to_string(revision));
  return copy;
}

} // namespace convoy::apiserver
