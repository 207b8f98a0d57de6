#pragma once

// What the garbage collector decided for one object: a plain value the actor
// shell turns into apiserver requests.

#include <string>
#include <vector>

#include "actors/controllers/garbagecollector/core/object_ref.hpp"

namespace convoy::controllers::gc {

enum class gc_action_kind {
  /// Nothing to write (all owners exist, or the object is not ours to touch).
  none,
  /// DELETE `target` with DeleteOptions.propagationPolicy = `propagation`
  /// and preconditions.uid = target.uid (never delete a recreated object).
  delete_object,
  /// Update `target`: ownerReferences minus `owner_uids` (see
  /// without_owners). Its remaining owners exist, so it must not be deleted.
  remove_owner_references,
  /// Update each of `dependents`: ownerReferences minus target.uid. The
  /// owner is deleted with "orphan"; its finalizer goes once none remain.
  orphan_dependents,
  /// Update `target`: finalizers minus `finalizer` (see without_finalizer);
  /// the apiserver then completes the deletion.
  remove_finalizer,
  /// `target` is deleted in foreground and blocking dependents remain:
  /// enqueue `requeue` (each is then decided and deleted).
  wait_for_dependents,
};

struct gc_action {
  gc_action_kind kind = gc_action_kind::none;
  object_ref target;
  /// delete_object: "Background", "Foreground" or "Orphan".
  std::string propagation;
  /// delete_object: first set blockOwnerDeletion=false on all of target's
  /// owner references (see unblocked), breaking a foreground-deletion cycle.
  bool unblock_owner_references = false;
  /// remove_owner_references: the owner uids to drop.
  std::vector<std::string> owner_uids;
  /// orphan_dependents: the objects whose reference to target goes.
  std::vector<object_ref> dependents;
  /// remove_finalizer: which one.
  std::string finalizer;
  /// wait_for_dependents: uids to enqueue.
  std::vector<std::string> requeue;
};

} // namespace convoy::controllers::gc
