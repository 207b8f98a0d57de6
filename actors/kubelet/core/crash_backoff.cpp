#include "actors/kubelet/core/crash_backoff.hpp"

#include <algorithm>

namespace convoy::kubelet {

std::string backoff_key(const std::string& pod_uid, const std::string& container) {
  std::string key;
  key.reserve(pod_uid.size() + 1 + container.size());
  key += pod_uid;
  key += '/';
  key += container;
  return key;
}

void crash_backoff::record_exit(const std::string& key, wall_ms finished_at,
                                wall_ms started_at) {
  auto [it, inserted] = entries_.try_emplace(key);
  auto& e = it->second;
  if (!inserted && finished_at <= e.last_finished)
    return;
  bool ran_cleanly = started_at > 0 && finished_at - started_at >= reset_after_ms;
  bool quiet = !inserted && finished_at - e.last_finished > reset_after_ms;
  // Kubernetes restarts after the first crash at once (the back-off entry
  // is created then), waits 10 s after the second, then doubles.
  if (inserted || ran_cleanly || quiet)
    e.delay_ms = 0;
  else
    e.delay_ms = e.delay_ms == 0 ? initial_ms : std::min(e.delay_ms * 2, max_ms);
  e.last_finished = finished_at;
}

std::optional<wall_ms> crash_backoff::blocked_until(const std::string& key, wall_ms now) const {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return std::nullopt;
  wall_ms until = it->second.last_finished + it->second.delay_ms;
  if (now >= until)
    return std::nullopt;
  return until;
}

wall_ms crash_backoff::delay(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.delay_ms;
}

void crash_backoff::forget_pod(const std::string& pod_uid) {
  std::string prefix = pod_uid + '/';
  auto first = entries_.lower_bound(prefix);
  auto last = first;
  while (last != entries_.end() && last->first.compare(0, prefix.size(), prefix) == 0)
    ++last;
  entries_.erase(first, last);
}

void crash_backoff::gc(wall_ms now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.last_finished > reset_after_ms)
      it = entries_.erase(it);
    else
      ++it;
  }
}

} // namespace convoy::kubelet
