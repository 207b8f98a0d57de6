#include "actors/controllers/deployment/core/claim.hpp"

namespace convoy::controllers::deployment {

replica_set_claim claim_replica_sets(const api::Deployment& d,
                                     const apiserver::label_selector& selector,
                                     const std::vector<const api::ReplicaSet*>& candidates) {
  return claim_objects(claimant_of(d, selector), candidates);
}

claimant claimant_of(const api::Deployment& d, const apiserver::label_selector& selector) {
  const auto& meta = d.metadata();
  return claimant{meta.namespace_(), meta.uid(), &selector, meta.has_deletion_timestamp()};
}

api::OwnerReference deployment_ref(const api::Deployment& d) {
  api::OwnerReference ref;
  ref.set_api_version("apps/v1");
  ref.set_kind("Deployment");
  ref.set_name(d.metadata().name());
  ref.set_uid(d.metadata().uid());
  ref.set_controller(true);
  ref.set_block_owner_deletion(true);
  return ref;
}

api::ReplicaSet adopted(const api::ReplicaSet& rs, const api::Deployment& d) {
  api::ReplicaSet out = rs;
  set_controller_ref(*out.mutable_metadata(), deployment_ref(d));
  return out;
}

api::ReplicaSet released(const api::ReplicaSet& rs, const api::Deployment& d) {
  api::ReplicaSet out = rs;
  remove_owner_ref(*out.mutable_metadata(), d.metadata().uid());
  return out;
}

} // namespace convoy::controllers::deployment
