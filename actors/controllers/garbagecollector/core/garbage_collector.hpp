#pragma once

// Kubernetes' garbage collector (pkg/controller/garbagecollector) as pure
// logic: the graph builder's event handling (which objects need attention)
// and attemptToDeleteItem / attemptToOrphan / processDeletingDependentsItem
// (what to write for one of them). The actor shell feeds informer events in,
// enqueues the uids it gets back, and executes decide()'s gc_action.

#include <functional>
#include <string>
#include <vector>

#include "actors/controllers/garbagecollector/core/dependency_graph.hpp"
#include "actors/controllers/garbagecollector/core/gc_action.hpp"

namespace convoy::controllers::gc {

/// What the shell's informer caches say about an owner reference.
enum class owner_presence {
  /// An object of that kind with that uid is in the cache.
  present,
  /// The cache of that kind is synced and holds no object with that uid
  /// (gone, or recreated under the same name with another uid).
  absent,
  /// Kind not watched or cache not synced: treated as present, so nothing
  /// is ever deleted on a guess.
  unknown,
};

using owner_lookup = std::function<owner_presence(const object_ref& owner)>;

class garbage_collector {
public:
  /// An informer saw `ref` added or updated. Returns the uids to enqueue:
  /// the object itself when it has owners or a GC finalizer to act on, its
  /// dependents when it starts deleting in foreground, and owners deleting
  /// with a GC finalizer whose dependents changed.
  std::vector<std::string> on_upsert(const object_ref& ref, const api::ObjectMeta& meta);

  /// Same, from the parts of the metadata the graph keeps.
  std::vector<std::string> on_upsert(const object_ref& ref,
                                     const std::vector<api::OwnerReference>& owners,
                                     bool deleting, std::vector<std::string> finalizers);

  /// An informer saw `uid` deleted. Returns its dependents (their owner is
  /// gone) and its owners that wait on their dependents.
  std::vector<std::string> on_remove(const std::string& uid);

  /// What to do now for the object `uid` (a work queue item).
  gc_action decide(const std::string& uid, const owner_lookup& owner_exists) const;

  const dependency_graph& graph() const { return graph_; }

private:
  gc_action decide_dependent(const gc_node& node, const owner_lookup& owner_exists) const;
  gc_action decide_orphaning(const gc_node& node) const;
  gc_action decide_deleting_dependents(const gc_node& node) const;
  /// Appends the owners among `owner_uids` that wait for their dependents.
  void add_waiting_owners(const std::vector<std::string>& owner_uids,
                          std::vector<std::string>& out) const;

  dependency_graph graph_;
};

} // namespace convoy::controllers::gc
