#include "actors/controllers/namespace/core/listed_objects.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "api/meta.pb.h"
#include "messages/codec/resource_registry.hpp"

namespace convoy::controllers::namespaces {

std::optional<std::vector<listed_object>> listed_objects(const std::string& resource,
                                                         const google::protobuf::Any& list) {
  const auto* info = codec::resource_registry::builtin().by_resource(resource);
  if (info == nullptr)
    return std::nullopt;
  auto msg = info->make_list();
  if (!msg || !list.UnpackTo(msg.get()))
    return std::nullopt;
  // Every List has `repeated T items`, every T an ObjectMeta `metadata`.
  const auto* items = msg->GetDescriptor()->FindFieldByName("items");
  if (items == nullptr || !items->is_repeated()
      || items->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE)
    return std::nullopt;
  const auto* meta_field = items->message_type()->FindFieldByName("metadata");
  if (meta_field == nullptr || meta_field->message_type() != api::ObjectMeta::descriptor())
    return std::nullopt;
  const auto* refl = msg->GetReflection();
  std::vector<listed_object> out;
  const int n = refl->FieldSize(*msg, items);
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& item = refl->GetRepeatedMessage(*msg, items, i);
    const auto& raw = item.GetReflection()->GetMessage(item, meta_field);
    api::ObjectMeta copy;
    const auto* meta = dynamic_cast<const api::ObjectMeta*>(&raw);
    if (meta == nullptr) { // a dynamic message: same descriptor, other class
      copy.CopyFrom(raw);
      meta = &copy;
    }
    out.push_back({meta->name(), meta->has_deletion_timestamp()});
  }
  return out;
}

} // namespace convoy::controllers::namespaces
