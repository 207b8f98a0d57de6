#pragma once

// Kubernetes' GC uidToNode graph: every object of every watched kind, its
// owners (from ownerReferences) and, indexed by owner uid, its dependents.

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/controllers/garbagecollector/core/object_ref.hpp"
#include "api/meta.pb.h"

namespace convoy::controllers::gc {

/// One object. A "virtual" node is an owner some dependent references but
/// no informer has shown (yet, or any more): it only anchors dependents.
struct gc_node {
  object_ref ref;
  bool observed = false;
  /// deletionTimestamp is set.
  bool deleting = false;
  std::vector<std::string> finalizers;
  std::vector<api::OwnerReference> owners;
  std::unordered_set<std::string> dependents;

  bool has_finalizer(const std::string& name) const;
  /// Deleting and held by "foregroundDeletion" (isDeletingDependents).
  bool deleting_dependents() const;
  /// Deleting and held by "orphan".
  bool orphaning() const;
  /// The owner reference to `owner_uid`, or nullptr.
  const api::OwnerReference* reference_to(const std::string& owner_uid) const;
};

/// Owner and dependent edges kept symmetric on every event, so every
/// question is answered from the node and its neighbours, never by a scan.
class dependency_graph {
public:
  /// Adds or replaces the observed object `ref` (a virtual node of that uid
  /// becomes real and keeps its dependents). Returns the owner uids the
  /// object stopped or started referencing.
  std::vector<std::string> upsert(const object_ref& ref,
                                  const std::vector<api::OwnerReference>& owners, bool deleting,
                                  std::vector<std::string> finalizers);

  /// The object `uid` is gone: it leaves its owners' dependents; it stays
  /// as a virtual node while dependents still reference it. Returns the
  /// owner uids it referenced.
  std::vector<std::string> remove(const std::string& uid);

  /// The node of `uid` (observed or virtual), or nullptr.
  const gc_node* find(const std::string& uid) const;

  size_t size() const { return nodes_.size(); }

private:
  void link(const std::string& dependent, const api::OwnerReference& owner,
            const std::string& dependent_namespace);
  void unlink(const std::string& dependent, const std::string& owner_uid);
  /// Drops `uid` if it is virtual and nothing references it any more.
  void collect_virtual(const std::string& uid);

  std::unordered_map<std::string, gc_node> nodes_;
};

} // namespace convoy::controllers::gc
