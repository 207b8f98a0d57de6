#include "actors/controllers/deployment/core/claim.hpp"

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers::deployment {

namespace {

enum class verdict { ignore, owned, adopt, release };

/// BaseControllerRefManager.ClaimObject without the writes.
verdict claim_one(const api::Deployment& d, const apiserver::label_selector& selector,
                  const api::ReplicaSet& rs) {
  const auto& meta = rs.metadata();
  bool deleting = d.metadata().has_deletion_timestamp();
  bool matches = selector.matches(meta.labels());
  if (const auto* ref = controller_of(meta)) {
    if (ref->uid() != d.metadata().uid())
      return verdict::ignore; // someone else's
    if (matches)
      return verdict::owned;
    return deleting ? verdict::ignore : verdict::release;
  }
  if (deleting || !matches || meta.has_deletion_timestamp())
    return verdict::ignore;
  return verdict::adopt;
}

} // namespace

replica_set_claim claim_replica_sets(const api::Deployment& d,
                                     const apiserver::label_selector& selector,
                                     const std::vector<const api::ReplicaSet*>& candidates) {
  replica_set_claim out;
  for (const auto* rs : candidates) {
    if (rs == nullptr || rs->metadata().namespace_() != d.metadata().namespace_())
      continue;
    switch (claim_one(d, selector, *rs)) {
    case verdict::owned:
      out.owned.push_back(rs);
      break;
    case verdict::adopt:
      out.adopt.push_back(rs);
      break;
    case verdict::release:
      out.release.push_back(rs);
      break;
    case verdict::ignore:
      break;
    }
  }
  return out;
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
  auto ref = deployment_ref(d);
  auto* refs = out.mutable_metadata()->mutable_owner_references();
  for (auto& existing : *refs) {
    if (existing.uid() == d.metadata().uid()) {
      existing = std::move(ref);
      return out;
    }
  }
  *refs->Add() = std::move(ref);
  return out;
}

api::ReplicaSet released(const api::ReplicaSet& rs, const api::Deployment& d) {
  api::ReplicaSet out = rs;
  auto* refs = out.mutable_metadata()->mutable_owner_references();
  for (int i = refs->size() - 1; i >= 0; --i)
    if (refs->Get(i).uid() == d.metadata().uid())
      refs->DeleteSubrange(i, 1);
  return out;
}

} // namespace convoy::controllers::deployment
