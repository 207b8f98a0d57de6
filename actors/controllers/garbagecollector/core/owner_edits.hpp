#pragma once

// The new metadata lists the shell writes for a gc_action: pure functions of
// the object's current lists, so the shell re-applies them to the latest
// version after a Conflict.

#include <string>
#include <vector>

#include "api/meta.pb.h"

namespace convoy::controllers::gc {

using owner_references = google::protobuf::RepeatedPtrField<api::OwnerReference>;
using finalizer_list = google::protobuf::RepeatedPtrField<std::string>;

/// `refs` without the references to any of `owner_uids`, order kept.
owner_references without_owners(const owner_references& refs,
                                 const std::vector<std::string>& owner_uids);

/// `refs` with every blockOwnerDeletion=true turned false (Kubernetes'
/// unblockOwnerReferences), so no owner waits on this object any more.
owner_references unblocked(const owner_references& refs);

/// `finalizers` without every occurrence of `name`, order kept.
finalizer_list without_finalizer(const finalizer_list& finalizers, const std::string& name);

} // namespace convoy::controllers::gc
