#pragma once

// The two kinds the replication shell runs over: what differs between a
// ReplicaSet and a ReplicationController is only types and names.

#include "api/workload.pb.h"

namespace convoy::controllers::replication {

struct replica_set_kind {
  using object = api::ReplicaSet;
  using list = api::ReplicaSetList;
  static constexpr const char* kind = "ReplicaSet";
  static constexpr const char* resource = "replicasets";
  static constexpr const char* controller_name = "replicaset";
  static constexpr const char* event_source = "replicaset-controller";
};

struct replication_controller_kind {
  using object = api::ReplicationController;
  using list = api::ReplicationControllerList;
  static constexpr const char* kind = "ReplicationController";
  static constexpr const char* resource = "replicationcontrollers";
  static constexpr const char* controller_name = "replicationcontroller";
  static constexpr const char* event_source = "replication-controller";
};

} // namespace convoy::controllers::replication
