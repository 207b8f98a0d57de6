#include "actors/controllers/replication/core/claim.hpp"

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers::replication {

namespace {

enum class verdict { ignore, owned, adopt, release };

/// BaseControllerRefManager.ClaimObject without the writes.
verdict claim_one(const replica_owner& owner, const api::Pod& pod) {
  const auto& meta = pod.metadata();
  bool matches = owner.selector.matches(meta.labels());
  if (const auto* ref = controller_of(meta)) {
    if (ref->uid() != owner.uid)
      return verdict::ignore; // someone else's
    if (matches)
      return verdict::owned;
    // Ours but the labels moved away: release, unless we are going away.
    return owner.deleting ? verdict::ignore : verdict::release;
  }
  // An orphan: adopt only if it matches and neither side is being deleted.
  if (owner.deleting || !matches || meta.has_deletion_timestamp())
    return verdict::ignore;
  return verdict::adopt;
}

} // namespace

claim_result claim_pods(const replica_owner& owner, const std::vector<const api::Pod*>& pods) {
  claim_result out;
  for (const auto* pod : pods) {
    if (pod == nullptr || pod->metadata().namespace_() != owner.namespace_)
      continue;
    switch (claim_one(owner, *pod)) {
    case verdict::owned:
      out.owned.push_back(pod);
      break;
    case verdict::adopt:
      out.adopt.push_back(pod);
      break;
    case verdict::release:
      out.release.push_back(pod);
      break;
    case verdict::ignore:
      break;
    }
  }
  return out;
}

api::Pod adopted(const api::Pod& pod, const replica_owner& owner) {
  api::Pod out = pod;
  auto ref = controller_ref(owner);
  auto* refs = out.mutable_metadata()->mutable_owner_references();
  for (auto& existing : *refs) {
    if (existing.uid() == owner.uid) {
      existing = std::move(ref);
      return out;
    }
  }
  *refs->Add() = std::move(ref);
  return out;
}

api::Pod released(const api::Pod& pod, const replica_owner& owner) {
  api::Pod out = pod;
  auto* refs = out.mutable_metadata()->mutable_owner_references();
  for (int i = refs->size() - 1; i >= 0; --i)
    if (refs->Get(i).uid() == owner.uid)
      refs->DeleteSubrange(i, 1);
  return out;
}

} // namespace convoy::controllers::replication
