#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "actors/scheduler/framework/node_info.hpp"

namespace convoy::scheduler {

/// The nodes one scheduling cycle sees, in a stable order (the order filters
/// walk them). The scheduler runs its cycle inside one actor, so the
/// snapshot points at the cache's node infos instead of copying them; the
/// cache rebuilds the list only when nodes join or leave (incremental: a
/// cycle that follows a pod or node change costs nothing here).
class node_snapshot {
public:
  const std::vector<const node_info*>& nodes() const noexcept {
    return nodes_;
  }
  size_t size() const noexcept {
    return nodes_.size();
  }
  /// The node named `name`, or nullptr.
  const node_info* find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }

  /// Replaces the list (used by the cache and by tests).
  void assign(std::vector<const node_info*> nodes) {
    nodes_ = std::move(nodes);
    by_name_.clear();
    by_name_.reserve(nodes_.size());
    for (const auto* n : nodes_)
      by_name_.emplace(n->name(), n);
  }

private:
  std::vector<const node_info*> nodes_;
  std::unordered_map<std::string, const node_info*> by_name_;
};

} // namespace convoy::scheduler
