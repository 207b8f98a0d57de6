#include "actors/kubelet/core/container_attempts.hpp"

#include <algorithm>

namespace convoy::kubelet {

std::unordered_map<std::string, attempt_list>
group_attempts(const std::vector<containers::container_status>& observed) {
  std::unordered_map<std::string, attempt_list> groups;
  groups.reserve(observed.size());
  for (const auto& st : observed)
    groups[st.container_name].push_back(&st);
  for (auto& [name, list] : groups)
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return a->attempt < b->attempt; });
  return groups;
}

const containers::container_status* latest_attempt(const attempt_list* list) {
  return list == nullptr || list->empty() ? nullptr : list->back();
}

const containers::container_status* previous_exit(const attempt_list* list) {
  if (list == nullptr || list->size() < 2)
    return nullptr;
  const auto* prev = (*list)[list->size() - 2];
  return is_exited(*prev) ? prev : nullptr;
}

const attempt_list* find_attempts(const std::unordered_map<std::string, attempt_list>& groups,
                                  const std::string& name) {
  auto it = groups.find(name);
  return it == groups.end() ? nullptr : &it->second;
}

bool is_live(const containers::container_status& st) {
  return st.state == containers::container_state::running
         || st.state == containers::container_state::created;
}

bool is_exited(const containers::container_status& st) {
  return st.state == containers::container_state::exited;
}

std::string format_pod(const api::Pod& pod) {
  const auto& m = pod.metadata();
  return m.name() + "_" + m.namespace_() + "(" + m.uid() + ")";
}

std::string go_duration(wall_ms ms) {
  wall_ms s = ms / 1000;
  if (s < 60)
    return std::to_string(s) + "s";
  wall_ms m = s / 60;
  if (m < 60)
    return std::to_string(m) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(m / 60) + "h" + std::to_string(m % 60) + "m" + std::to_string(s % 60)
         + "s";
}

void set_timestamp(google::protobuf::Timestamp& ts, wall_ms ms) {
  wall_ms sec = ms / 1000;
  wall_ms rem = ms % 1000;
  if (rem < 0) {
    --sec;
    rem += 1000;
  }
  ts.set_seconds(sec);
  ts.set_nanos(static_cast<int32_t>(rem * 1'000'000));
}

} // namespace convoy::kubelet
