#pragma once

// Kubernetes' BaseControllerRefManager, pure: the one set of rules by which
// a controller (ReplicaSet, ReplicationController, Deployment) claims the
// objects it manages (pods, ReplicaSets) — keep what it controls and still
// selects, adopt matching orphans, release what no longer matches — and
// the ownerReference edits that carry out an adoption or a release.

#include <string>
#include <vector>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "api/meta.pb.h"

namespace convoy::controllers {

/// The controller doing the claiming.
struct claimant {
  std::string namespace_;
  std::string uid;
  const apiserver::label_selector* selector = nullptr;
  /// The controller has a deletionTimestamp: it neither adopts nor releases
  /// (the garbage collector is about to take its objects with it).
  bool deleting = false;
};

enum class claim_verdict { ignore, owned, adopt, release };

/// ClaimObject for one object of the claimant's namespace: ignore what
/// someone else controls; own what we control and select; release what we
/// control but no longer select (unless deleting); adopt a selected orphan
/// unless either side is being deleted.
claim_verdict claim_object(const claimant& c, const api::ObjectMeta& meta);

/// What claim_objects sorted out, in input order, as the pointers it was
/// given (raw in the pure cores, the informer's shared_ptrs in the actors).
/// owned + adopt (once adopted) are the controller's objects for this sync.
template <class Ptr>
struct claimed {
  std::vector<Ptr> owned;
  std::vector<Ptr> adopt;
  std::vector<Ptr> release;
};

/// claim_object over `candidates`; other namespaces and nulls are skipped.
template <class Ptr>
claimed<Ptr> claim_objects(const claimant& c, const std::vector<Ptr>& candidates) {
  claimed<Ptr> out;
  for (const auto& obj : candidates) {
    if (obj == nullptr || obj->metadata().namespace_() != c.namespace_)
      continue;
    switch (claim_object(c, obj->metadata())) {
      case claim_verdict::owned: out.owned.push_back(obj); break;
      case claim_verdict::adopt: out.adopt.push_back(obj); break;
      case claim_verdict::release: out.release.push_back(obj); break;
      case claim_verdict::ignore: break;
    }
  }
  return out;
}

/// Adds `ref` (a controller reference), replacing a reference with the same
/// uid, like the strategic merge patch Kubernetes sends (keyed by uid).
void set_controller_ref(api::ObjectMeta& meta, const api::OwnerReference& ref);

/// Removes every reference to `owner_uid`.
void remove_owner_ref(api::ObjectMeta& meta, const std::string& owner_uid);

} // namespace convoy::controllers
