#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "api/meta.pb.h"

namespace convoy::controllers {

/// Secondary indexes over an informer's objects (pods, ReplicaSets), so a
/// sync looks at the objects that concern it instead of scanning all of
/// them: by namespace, by the uid of their controller, and the orphans (no
/// controller) of each namespace. Keys are the informer's "namespace/name".
class owner_index {
public:
  using key_set = std::unordered_set<std::string>;

  /// Adds the object with `meta` under `key`, or moves it if its
  /// controller changed.
  void upsert(const std::string& key, const api::ObjectMeta& meta);

  void remove(const std::string& key);

  /// Keys of the objects whose controller has `uid`.
  const key_set& controlled_by(const std::string& uid) const;

  /// Keys of the objects in `ns` without a controller.
  const key_set& orphans_in(const std::string& ns) const;

  /// Keys of all objects in `ns`.
  const key_set& in_namespace(const std::string& ns) const;

  /// The cached objects a controller with `uid` in `ns` may claim: those
  /// it controls and the orphans of its namespace, looked up in `objects`
  /// (an informer's key -> shared_ptr map).
  template <class Map>
  std::vector<typename Map::mapped_type> claim_candidates(const Map& objects,
                                                          const std::string& uid,
                                                          const std::string& ns) const {
    std::vector<typename Map::mapped_type> out;
    for (const auto* keys : {&controlled_by(uid), &orphans_in(ns)})
      for (const auto& key : *keys)
        if (auto it = objects.find(key); it != objects.end())
          out.push_back(it->second);
    return out;
  }

  size_t size() const noexcept {
    return entries_.size();
  }

private:
  struct entry {
    std::string ns;
    std::string controller_uid; ///< empty: an orphan
  };

  static const key_set& find(const std::unordered_map<std::string, key_set>& map,
                             const std::string& at);

  std::unordered_map<std::string, entry> entries_;
  std::unordered_map<std::string, key_set> by_controller_;
  std::unordered_map<std::string, key_set> orphans_;
  std::unordered_map<std::string, key_set> by_namespace_;
};

} // namespace convoy::controllers
