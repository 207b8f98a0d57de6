#include "actors/controllers/garbagecollector/core/dependency_graph.hpp"

#include <algorithm>

namespace convoy::controllers::gc {

namespace {

bool references(const std::vector<api::OwnerReference>& owners, const std::string& uid) {
  return std::any_of(owners.begin(), owners.end(),
                     [&](const api::OwnerReference& r) { return r.uid() == uid; });
}

} // namespace

bool gc_node::has_finalizer(const std::string& name) const {
  return std::find(finalizers.begin(), finalizers.end(), name) != finalizers.end();
}

bool gc_node::deleting_dependents() const {
  return observed && deleting && has_finalizer(foreground_finalizer);
}

bool gc_node::orphaning() const {
  return observed && deleting && has_finalizer(orphan_finalizer);
}

const api::OwnerReference* gc_node::reference_to(const std::string& owner_uid) const {
  for (const auto& r : owners)
    if (r.uid() == owner_uid)
      return &r;
  return nullptr;
}

std::vector<std::string> dependency_graph::upsert(const object_ref& ref,
                                                  const std::vector<api::OwnerReference>& owners,
                                                  bool deleting,
                                                  std::vector<std::string> finalizers) {
  auto& node = nodes_[ref.uid];
  auto old_owners = std::move(node.owners);
  node.ref = ref;
  node.observed = true;
  node.deleting = deleting;
  node.finalizers = std::move(finalizers);
  node.owners = owners;
  std::vector<std::string> changed;
  // Edges of owners no longer referenced go; new ones are added. An owner
  // listed twice is one edge (the dependents set dedups).
  for (const auto& old : old_owners)
    if (!references(owners, old.uid())) {
      unlink(ref.uid, old.uid());
      changed.push_back(old.uid());
    }
  for (const auto& owner : owners) {
    if (!references(old_owners, owner.uid()))
      changed.push_back(owner.uid());
    link(ref.uid, owner, ref.namespace_);
  }
  return changed;
}

std::vector<std::string> dependency_graph::remove(const std::string& uid) {
  auto it = nodes_.find(uid);
  if (it == nodes_.end() || !it->second.observed)
    return {};
  auto owners = std::move(it->second.owners);
  it->second.owners.clear();
  it->second.observed = false;
  it->second.deleting = false;
  it->second.finalizers.clear();
  std::vector<std::string> out;
  for (const auto& owner : owners) {
    unlink(uid, owner.uid());
    out.push_back(owner.uid());
  }
  collect_virtual(uid);
  return out;
}

const gc_node* dependency_graph::find(const std::string& uid) const {
  auto it = nodes_.find(uid);
  return it == nodes_.end() ? nullptr : &it->second;
}

void dependency_graph::link(const std::string& dependent, const api::OwnerReference& owner,
                            const std::string& dependent_namespace) {
  auto [it, created] = nodes_.try_emplace(owner.uid());
  if (created)
    it->second.ref = owner_ref(owner, dependent_namespace);
  it->second.dependents.insert(dependent);
}

void dependency_graph::unlink(const std::string& dependent, const std::string& owner_uid) {
  auto it = nodes_.find(owner_uid);
  if (it == nodes_.end())
    return;
  it->second.dependents.erase(dependent);
  collect_virtual(owner_uid);
}

void dependency_graph::collect_virtual(const std::string& uid) {
  auto it = nodes_.find(uid);
  if (it != nodes_.end() && !it->second.observed && it->second.dependents.empty())
    nodes_.erase(it);
}

} // namespace convoy::controllers::gc
