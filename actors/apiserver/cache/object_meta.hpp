#pragma once

#include <cstdint>
#include <memory>

#include "api/meta.pb.h"

namespace google::protobuf {
class Descriptor;
class Message;
} // namespace google::protobuf

namespace convoy::apiserver {

/// The ObjectMeta of any API object (its `metadata` field), found by
/// reflection: the cache is generic over kinds. nullptr when the type has
/// no `metadata` of type convoy.api.ObjectMeta.
const api::ObjectMeta* object_meta(const google::protobuf::Message& object);
api::ObjectMeta* mutable_object_meta(google::protobuf::Message& object);

/// Whether objects of `type` carry a convoy.api.ObjectMeta `metadata`.
bool has_object_meta(const google::protobuf::Descriptor* type);

/// A copy of `object` whose metadata.resourceVersion is `revision`: what
/// Kubernetes sends for a deletion (the last state at the deletion's
/// revision). One copy per event, shared by every watcher that gets it.
std::shared_ptr<const google::protobuf::Message>
copy_at_revision(const google::protobuf::Message& object, int64_t revision);

} // namespace convoy::apiserver
