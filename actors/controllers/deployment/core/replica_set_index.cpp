#include "actors/controllers/deployment/core/replica_set_index.hpp"

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers::deployment {

namespace {

using key_set = replica_set_index::key_set;

void erase_from(std::unordered_map<std::string, key_set>& map, const std::string& at,
                const std::string& key) {
  auto it = map.find(at);
  if (it == map.end())
    return;
  it->second.erase(key);
  if (it->second.empty())
    map.erase(it);
}

const key_set& find_in(const std::unordered_map<std::string, key_set>& map,
                       const std::string& at) {
  static const key_set empty;
  auto it = map.find(at);
  return it == map.end() ? empty : it->second;
}

} // namespace

void replica_set_index::upsert(const std::string& key, const api::ObjectMeta& meta) {
  const auto* ref = controller_of(meta);
  entry fresh{meta.namespace_(), ref ? ref->uid() : std::string{}};
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (it->second.ns == fresh.ns && it->second.controller_uid == fresh.controller_uid)
      return;
    remove(key);
  }
  if (fresh.controller_uid.empty())
    orphans_[fresh.ns].insert(key);
  else
    by_controller_[fresh.controller_uid].insert(key);
  entries_.emplace(key, std::move(fresh));
}

void replica_set_index::remove(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return;
  if (it->second.controller_uid.empty())
    erase_from(orphans_, it->second.ns, key);
  else
    erase_from(by_controller_, it->second.controller_uid, key);
  entries_.erase(it);
}

const key_set& replica_set_index::controlled_by(const std::string& uid) const {
  return find_in(by_controller_, uid);
}

const key_set& replica_set_index::orphans_in(const std::string& ns) const {
  return find_in(orphans_, ns);
}

} // namespace convoy::controllers::deployment
