#pragma once

// The identity of an object in the garbage collector's graph (Kubernetes'
// objectReference: OwnerReference fields plus namespace).

#include <string>

#include "api/meta.pb.h"

namespace convoy::controllers::gc {

/// Enough to find the object in an informer cache and to address a write to
/// it; `uid` is what the graph is keyed by (a recreated object is another node).
struct object_ref {
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  std::string uid;

  friend bool operator==(const object_ref& a, const object_ref& b) {
    return a.uid == b.uid && a.api_version == b.api_version && a.kind == b.kind
           && a.namespace_ == b.namespace_ && a.name == b.name;
  }
  friend bool operator!=(const object_ref& a, const object_ref& b) { return !(a == b); }
};

/// The owner an owner reference of a dependent in `dependent_namespace` names.
/// Owners share the dependent's namespace (Kubernetes forbids cross-namespace
/// owners); a cluster-scoped owner is looked up by name alone by the shell.
inline object_ref owner_ref(const api::OwnerReference& ref,
                            const std::string& dependent_namespace) {
  return object_ref{ref.api_version(), ref.kind(), dependent_namespace, ref.name(), ref.uid()};
}

/// Finalizers the apiserver sets from a delete's propagationPolicy.
inline constexpr const char* orphan_finalizer = "orphan";
inline constexpr const char* foreground_finalizer = "foregroundDeletion";

} // namespace convoy::controllers::gc
