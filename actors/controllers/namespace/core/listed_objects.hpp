#pragma once

// What the namespace controller reads off a List answer of any resource
// (it empties every namespaced resource, so it cannot name one List type):
// the objects' names and whether each is already being deleted.

#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/any.pb.h>

namespace convoy::controllers::namespaces {

/// One object of a listed resource.
struct listed_object {
  std::string name;
  /// Has a deletionTimestamp: a delete was accepted and is under way
  /// (graceful termination, finalizers); deleting it again changes nothing.
  bool deleting = false;
};

/// The objects of the `resource` List packed in `list` (the apiserver's
/// answer to a ListRequest), or nullopt when `resource` is unknown or
/// `list` holds something else.
std::optional<std::vector<listed_object>> listed_objects(const std::string& resource,
                                                         const google::protobuf::Any& list);

} // namespace convoy::controllers::namespaces
