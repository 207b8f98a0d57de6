#include "actors/controllers/common/owner_index.hpp"

#include "actors/controllers/common/pod_state.hpp"

namespace convoy::controllers {

namespace {

void erase_from(std::unordered_map<std::string, owner_index::key_set>& map, const std::string& at,
                const std::string& key) {
  auto it = map.find(at);
  if (it == map.end())
    return;
  it->second.erase(key);
  if (it->second.empty())
    map.erase(it);
}

} // namespace

void owner_index::upsert(const std::string& key, const api::ObjectMeta& meta) {
  const auto* ref = controller_of(meta);
  entry fresh{meta.namespace_(), ref ? ref->uid() : std::string{}};
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (it->second.ns == fresh.ns && it->second.controller_uid == fresh.controller_uid)
      return;
    remove(key);
  }
  by_namespace_[fresh.ns].insert(key);
  if (fresh.controller_uid.empty())
    orphans_[fresh.ns].insert(key);
  else
    by_controller_[fresh.controller_uid].insert(key);
  entries_.emplace(key, std::move(fresh));
}

void owner_index::remove(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return;
  const auto& e = it->second;
  erase_from(by_namespace_, e.ns, key);
  if (e.controller_uid.empty())
    erase_from(orphans_, e.ns, key);
  else
    erase_from(by_controller_, e.controller_uid, key);
  entries_.erase(it);
}

const owner_index::key_set& owner_index::find(const std::unordered_map<std::string, key_set>& map,
                                          const std::string& at) {
  static const key_set empty;
  auto it = map.find(at);
  return it == map.end() ? empty : it->second;
}

const owner_index::key_set& owner_index::controlled_by(const std::string& uid) const {
  return find(by_controller_, uid);
}

const owner_index::key_set& owner_index::orphans_in(const std::string& ns) const {
  return find(orphans_, ns);
}

const owner_index::key_set& owner_index::in_namespace(const std::string& ns) const {
  return find(by_namespace_, ns);
}

} // namespace convoy::controllers
