#pragma once

// Secondary indexes over the ReplicaSet informer's cache, so a deployment's
// sync and the event handlers look only at the ReplicaSets that concern
// them instead of scanning all: by the uid of their controller, and the
// orphans (no controller) of each namespace. Keys are the informer's
// "namespace/name". Pure; the pods have common/pod_index.

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/meta.pb.h"

namespace convoy::controllers::deployment {

class replica_set_index {
public:
  using key_set = std::unordered_set<std::string>;

  /// Adds the object with `meta` under `key`, or moves it if its
  /// controller changed.
  void upsert(const std::string& key, const api::ObjectMeta& meta);

  void remove(const std::string& key);

  /// Keys of the ReplicaSets whose controller has `uid`.
  const key_set& controlled_by(const std::string& uid) const;

  /// Keys of the ReplicaSets in `ns` without a controller.
  const key_set& orphans_in(const std::string& ns) const;

  size_t size() const noexcept { return entries_.size(); }

private:
  struct entry {
    std::string ns;
    std::string controller_uid; ///< empty: an orphan
  };

  std::unordered_map<std::string, entry> entries_;
  std::unordered_map<std::string, key_set> by_controller_;
  std::unordered_map<std::string, key_set> orphans_;
};

} // namespace convoy::controllers::deployment
