#include "actors/controllers/replication/core/claim.hpp"

namespace convoy::controllers::replication {

claimant claimant_of(const replica_owner& owner) {
  return claimant{owner.namespace_, owner.uid, &owner.selector, owner.deleting};
}

claim_result claim_pods(const replica_owner& owner, const std::vector<const api::Pod*>& pods) {
  return claim_objects(claimant_of(owner), pods);
}

api::Pod adopted(const api::Pod& pod, const replica_owner& owner) {
  api::Pod out = pod;
  set_controller_ref(*out.mutable_metadata(), controller_ref(owner));
  return out;
}

api::Pod released(const api::Pod& pod, const replica_owner& owner) {
  api::Pod out = pod;
  remove_owner_ref(*out.mutable_metadata(), owner.uid);
  return out;
}

} // namespace convoy::controllers::replication
