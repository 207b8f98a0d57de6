#include "actors/controllers/nodelifecycle/core/node_taints.hpp"

#include <set>

#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"

namespace convoy::controllers::nodelifecycle {

namespace {

struct condition_taint {
  const char* condition;
  const char* status;
  const char* key;
};

/// Kubernetes' nodeConditionToTaintKeyStatusMap.
constexpr condition_taint condition_taints[] = {
  {"Ready", "False", not_ready_taint},
  {"Ready", "Unknown", unreachable_taint},
  {"MemoryPressure", "True", "node.kubernetes.io/memory-pressure"},
  {"DiskPressure", "True", "node.kubernetes.io/disk-pressure"},
  {"NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"},
  {"PIDPressure", "True", "node.kubernetes.io/pid-pressure"},
};

constexpr const char* unschedulable_taint = "node.kubernetes.io/unschedulable";

/// The NoSchedule taint keys this controller manages.
bool owned_no_schedule_key(const std::string& key) {
  if (key == unschedulable_taint)
    return true;
  for (const auto& ct : condition_taints)
    if (key == ct.key)
      return true;
  return false;
}

std::set<std::string> wanted_no_schedule_keys(const api::Node& node) {
  std::set<std::string> wanted;
  for (const auto& ct : condition_taints) {
    const auto* c = node_condition(node.status(), ct.condition);
    if (c != nullptr && c->status() == ct.status)
      wanted.insert(ct.key);
  }
  if (node.spec().unschedulable())
    wanted.insert(unschedulable_taint);
  return wanted;
}

} // namespace

bool has_taint(const api::Node& node, const std::string& key, const std::string& effect) {
  for (const auto& t : node.spec().taints())
    if (t.key() == key && t.effect() == effect)
      return true;
  return false;
}

bool add_taint(api::Node& node, const std::string& key, const std::string& effect,
               int64_t wall_now_seconds) {
  if (has_taint(node, key, effect))
    return false;
  auto* taint = node.mutable_spec()->add_taints();
  taint->set_key(key);
  taint->set_effect(effect);
  taint->mutable_time_added()->set_seconds(wall_now_seconds);
  return true;
}

bool remove_taint(api::Node& node, const std::string& key, const std::string& effect) {
  auto* taints = node.mutable_spec()->mutable_taints();
  bool removed = false;
  for (int i = taints->size() - 1; i >= 0; --i) {
    if (taints->Get(i).key() == key && taints->Get(i).effect() == effect) {
      taints->DeleteSubrange(i, 1);
      removed = true;
    }
  }
  return removed;
}

const char* no_execute_key_for(const api::Node& node) {
  const auto* ready = ready_condition(node);
  if (ready == nullptr)
    return nullptr;
  if (ready->status() == "False")
    return not_ready_taint;
  if (ready->status() == "Unknown")
    return unreachable_taint;
  return nullptr;
}

const char* opposite_key(const char* key) {
  return std::string{key} == not_ready_taint ? unreachable_taint : not_ready_taint;
}

bool sync_condition_taints(api::Node& node, int64_t wall_now_seconds) {
  auto wanted = wanted_no_schedule_keys(node);
  std::set<std::string> stale;
  for (const auto& t : node.spec().taints())
    if (t.effect() == no_schedule && owned_no_schedule_key(t.key()) && wanted.count(t.key()) == 0)
      stale.insert(t.key());
  bool changed = false;
  for (const auto& key : stale)
    changed = remove_taint(node, key, no_schedule) || changed;
  for (const auto& key : wanted)
    changed = add_taint(node, key, no_schedule, wall_now_seconds) || changed;
  return changed;
}

} // namespace convoy::controllers::nodelifecycle
