#pragma once

// The pod a ReplicaSet or ReplicationController creates (Kubernetes'
// GetPodFromTemplate plus the namespace CreatePods writes it into).

#include <string>

#include "actors/controllers/replication/core/replica_owner.hpp"
#include "api/pod.pb.h"

namespace convoy::controllers::replication {

/// "<name>-", or the bare name when the dash would make the prefix longer
/// than a DNS subdomain allows (getPodsPrefix).
std::string pod_name_prefix(const std::string& owner_name);

/// A new pod for the owner: its namespace, generateName pod_name_prefix(),
/// the template's labels, annotations, finalizers and spec, and the
/// controller reference. The name is left to the apiserver.
api::Pod pod_from_template(const replica_owner& owner);

} // namespace convoy::controllers::replication
