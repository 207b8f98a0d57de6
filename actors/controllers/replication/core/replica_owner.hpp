#pragma once

// The kind-neutral view of a ReplicaSet or ReplicationController. Kubernetes
// runs RCs through the ReplicaSet controller by converting them; convoy
// converts both kinds to this one struct instead, so every other function
// in core/ is written once.

#include <cstdint>
#include <string>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "api/meta.pb.h"
#include "api/pod.pb.h"
#include "api/workload.pb.h"

namespace convoy::controllers::replication {

/// What the controller needs of an RC or RS, kind-neutral.
struct replica_owner {
  std::string kind;        ///< "ReplicaSet" | "ReplicationController"
  std::string api_version; ///< "apps/v1" | "v1"
  std::string namespace_, name, uid;
  int64_t generation = 0;
  int32_t replicas = 1; ///< spec.replicas, 1 when unset (API defaulting)
  int32_t min_ready_seconds = 0;
  /// RS: spec.selector (unset or invalid selects nothing); RC: the
  /// spec.selector map, or the template labels when it is empty (what
  /// the apiserver's defaulting does).
  apiserver::label_selector selector;
  /// Why the selector is nothing(): Kubernetes skips syncing such an
  /// owner and logs this; empty when the selector converted.
  std::string selector_error;
  api::PodTemplateSpec pod_template;
  bool deleting = false; ///< metadata.deletionTimestamp set
};

replica_owner owner_of(const api::ReplicaSet& rs);
replica_owner owner_of(const api::ReplicationController& rc);

/// The controller reference pods of `owner` carry (controller=true,
/// blockOwnerDeletion=true), as Kubernetes' NewControllerRef builds it.
api::OwnerReference controller_ref(const replica_owner& owner);

} // namespace convoy::controllers::replication
