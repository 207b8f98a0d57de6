#include "actors/controllers/garbagecollector/core/garbage_collector.hpp"

#include <algorithm>

namespace convoy::controllers::gc {

namespace {

/// Sorted and unique, so the shell enqueues each uid once per event.
std::vector<std::string> unique(std::vector<std::string> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

/// The propagation a delete of an ownerless object keeps from its own
/// finalizers (Kubernetes honours an orphan or foreground request already
/// made on it), else Background.
std::string own_propagation(const gc_node& node) {
  if (node.has_finalizer(orphan_finalizer))
    return "Orphan";
  if (node.has_finalizer(foreground_finalizer))
    return "Foreground";
  return "Background";
}

} // namespace

std::vector<std::string> garbage_collector::on_upsert(const object_ref& ref,
                                                      const api::ObjectMeta& meta) {
  return on_upsert(ref, {meta.owner_references().begin(), meta.owner_references().end()},
                   meta.has_deletion_timestamp(),
                   {meta.finalizers().begin(), meta.finalizers().end()});
}

std::vector<std::string> garbage_collector::on_upsert(
  const object_ref& ref, const std::vector<api::OwnerReference>& owners, bool deleting,
  std::vector<std::string> finalizers) {
  const auto* before = graph_.find(ref.uid);
  bool was_deleting_dependents = before && before->deleting_dependents();
  // Owners whose edges stay may still have changed blockOwnerDeletion, so
  // every current and former owner that waits is a candidate.
  std::vector<std::string> owner_uids;
  if (before)
    for (const auto& r : before->owners)
      owner_uids.push_back(r.uid());
  auto changed = graph_.upsert(ref, owners, deleting, std::move(finalizers));
  owner_uids.insert(owner_uids.end(), changed.begin(), changed.end());
  for (const auto& r : owners)
    owner_uids.push_back(r.uid());

  std::vector<std::string> out;
  const auto& node = *graph_.find(ref.uid);
  if (!owners.empty() || node.orphaning() || node.deleting_dependents())
    out.push_back(ref.uid);
  // Kubernetes' startsWaitingForDependentsDeleted: each dependent now has
  // an owner waiting for it and must be decided again.
  if (node.deleting_dependents() && !was_deleting_dependents)
    out.insert(out.end(), node.dependents.begin(), node.dependents.end());
  add_waiting_owners(owner_uids, out);
  return unique(std::move(out));
}

std::vector<std::string> garbage_collector::on_remove(const std::string& uid) {
  std::vector<std::string> out;
  if (const auto* node = graph_.find(uid))
    out.assign(node->dependents.begin(), node->dependents.end());
  auto owners = graph_.remove(uid);
  add_waiting_owners(owners, out);
  return unique(std::move(out));
}

void garbage_collector::add_waiting_owners(const std::vector<std::string>& owner_uids,
                                           std::vector<std::string>& out) const {
  for (const auto& uid : owner_uids) {
    const auto* owner = graph_.find(uid);
    if (owner && (owner->orphaning() || owner->deleting_dependents()))
      out.push_back(uid);
  }
}

gc_action garbage_collector::decide(const std::string& uid,
                                    const owner_lookup& owner_exists) const {
  const auto* node = graph_.find(uid);
  // A virtual node is no object: its dependents are decided on their own.
  if (!node || !node->observed)
    return {};
  if (node->orphaning())
    return decide_orphaning(*node);
  if (node->deleting_dependents())
    return decide_deleting_dependents(*node);
  // Being deleted already: whatever holds it is not the collector's.
  if (node->deleting || node->owners.empty())
    return {};
  return decide_dependent(*node, owner_exists);
}

gc_action garbage_collector::decide_dependent(const gc_node& node,
                                              const owner_lookup& owner_exists) const {
  // Kubernetes' classifyReferences.
  std::vector<std::string> solid, gone_or_waiting;
  bool waiting = false;
  for (const auto& r : node.owners) {
    if (owner_exists(owner_ref(r, node.ref.namespace_)) == owner_presence::absent) {
      gone_or_waiting.push_back(r.uid());
      continue;
    }
    const auto* owner = graph_.find(r.uid());
    if (owner && owner->deleting_dependents()) {
      gone_or_waiting.push_back(r.uid());
      waiting = true;
    } else {
      solid.push_back(r.uid());
    }
  }
  gc_action action;
  action.target = node.ref;
  if (!solid.empty()) {
    // A live owner keeps the object; only references that can no longer
    // hold it go.
    if (gone_or_waiting.empty())
      return {};
    action.kind = gc_action_kind::remove_owner_references;
    action.owner_uids = unique(std::move(gone_or_waiting));
    return action;
  }
  action.kind = gc_action_kind::delete_object;
  if (waiting && !node.dependents.empty()) {
    // Its owner waits for the whole subtree: delete it in foreground too.
    // A dependent already deleting in foreground may wait on this object
    // in turn; unblocking our references breaks that cycle.
    action.propagation = "Foreground";
    action.unblock_owner_references =
      std::any_of(node.dependents.begin(), node.dependents.end(), [&](const std::string& d) {
        const auto* dep = graph_.find(d);
        return dep && dep->deleting_dependents();
      });
    return action;
  }
  action.propagation = own_propagation(node);
  return action;
}

gc_action garbage_collector::decide_orphaning(const gc_node& node) const {
  gc_action action;
  action.target = node.ref;
  if (node.dependents.empty()) {
    action.kind = gc_action_kind::remove_finalizer;
    action.finalizer = orphan_finalizer;
    return action;
  }
  action.kind = gc_action_kind::orphan_dependents;
  for (const auto& d : node.dependents)
    if (const auto* dep = graph_.find(d))
      action.dependents.push_back(dep->ref);
  std::sort(action.dependents.begin(), action.dependents.end(),
            [](const object_ref& a, const object_ref& b) { return a.uid < b.uid; });
  return action;
}

gc_action garbage_collector::decide_deleting_dependents(const gc_node& node) const {
  // Kubernetes' processDeletingDependentsItem: only dependents whose
  // reference to this owner has blockOwnerDeletion=true hold it.
  std::vector<std::string> blocking;
  bool any_blocking = false;
  for (const auto& d : node.dependents) {
    const auto* dep = graph_.find(d);
    const auto* ref = dep ? dep->reference_to(node.ref.uid) : nullptr;
    if (!ref || !ref->block_owner_deletion())
      continue;
    any_blocking = true;
    // One deleting in foreground itself finishes on its own.
    if (!dep->deleting_dependents())
      blocking.push_back(d);
  }
  gc_action action;
  action.target = node.ref;
  if (!any_blocking) {
    action.kind = gc_action_kind::remove_finalizer;
    action.finalizer = foreground_finalizer;
    return action;
  }
  action.kind = gc_action_kind::wait_for_dependents;
  action.requeue = unique(std::move(blocking));
  return action;
}

} // namespace convoy::controllers::gc
