#include "actors/kubelet/core/object_cache.hpp"

namespace convoy::kubelet {

std::string object_cache::key(std::string_view resource, std::string_view ns,
                              std::string_view name) {
  std::string out{resource};
  out.append(1, '/').append(ns).append(1, '/').append(name);
  return out;
}

bool object_cache::known(const std::string& key) const {
  auto it = entries_.find(key);
  return it != entries_.end() && it->second.known;
}

object_cache::object_ptr object_cache::get(const std::string& key, clock_time now) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return nullptr;
  it->second.used_at = now;
  return it->second.object;
}

bool object_cache::start_fetch(const std::string& key, clock_time now) {
  auto& e = entries_[key];
  e.used_at = now;
  if (e.in_flight || (e.known && now - e.fetched_at < (e.object ? ttl_ : missing_ttl_)))
    return false;
  e.in_flight = true;
  return true;
}

void object_cache::fetched(const std::string& key, object_ptr object, clock_time now) {
  auto& e = entries_[key];
  e.object = std::move(object);
  e.known = true;
  e.in_flight = false;
  e.fetched_at = now;
}

void object_cache::failed(const std::string& key) {
  if (auto it = entries_.find(key); it != entries_.end())
    it->second.in_flight = false;
}

size_t object_cache::evict_idle(clock_time now) {
  size_t dropped = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!it->second.in_flight && now - it->second.used_at >= idle_) {
      it = entries_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

} // namespace convoy::kubelet
