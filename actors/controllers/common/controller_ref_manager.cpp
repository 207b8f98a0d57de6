#include "actors/controllers/common/controller_ref_manager.hpp"

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers {

claim_verdict claim_object(const claimant& c, const api::ObjectMeta& meta) {
  bool matches = c.selector != nullptr && c.selector->matches(meta.labels());
  if (const auto* ref = controller_of(meta)) {
    if (ref->uid() != c.uid)
      return claim_verdict::ignore; // someone else's
    if (matches)
      return claim_verdict::owned;
    // Ours but the labels moved away: release, unless we are going away.
    return c.deleting ? claim_verdict::ignore : claim_verdict::release;
  }
  if (c.deleting || !matches || meta.has_deletion_timestamp())
    return claim_verdict::ignore;
  return claim_verdict::adopt;
}

void set_controller_ref(api::ObjectMeta& meta, const api::OwnerReference& ref) {
  for (auto& existing : *meta.mutable_owner_references()) {
    if (existing.uid() == ref.uid()) {
      existing = ref;
      return;
    }
  }
  *meta.add_owner_references() = ref;
}

void remove_owner_ref(api::ObjectMeta& meta, const std::string& owner_uid) {
  auto* refs = meta.mutable_owner_references();
  for (int i = refs->size() - 1; i >= 0; --i)
    if (refs->Get(i).uid() == owner_uid)
      refs->DeleteSubrange(i, 1);
}

} // namespace convoy::controllers
