#include "actors/scheduler/cache/scheduler_cache.hpp"

#include <algorithm>

namespace convoy::scheduler {

node_info& scheduler_cache::node_slot(const std::string& name) {
  auto& slot = nodes_[name];
  if (!slot)
    slot = std::make_unique<node_info>(name);
  return *slot;
}

void scheduler_cache::add_or_update_node(std::shared_ptr<const api::Node> node) {
  const auto& name = node->metadata().name();
  auto& info = node_slot(name);
  if (info.node() == nullptr) {
    node_order_.push_back(name);
    snapshot_stale_ = true;
  }
  info.set_node(std::move(node));
}

void scheduler_cache::remove_node(const std::string& name) {
  auto it = nodes_.find(name);
  if (it == nodes_.end() || it->second->node() == nullptr)
    return;
  // Pods may still name the node; its info stays (without the Node, out of
  // the snapshot) until they are gone.
  it->second->set_node(nullptr);
  node_order_.erase(std::find(node_order_.begin(), node_order_.end(), name));
  snapshot_stale_ = true;
  drop_if_empty_ghost(name);
}

void scheduler_cache::drop_if_empty_ghost(const std::string& name) {
  auto it = nodes_.find(name);
  if (it != nodes_.end() && it->second->node() == nullptr && it->second->pods().empty())
    nodes_.erase(it);
}

void scheduler_cache::place(pod_state& state) {
  node_slot(state.node).add_pod(state.info);
}

void scheduler_cache::unplace(const pod_state& state) {
  auto it = nodes_.find(state.node);
  if (it == nodes_.end())
    return;
  it->second->remove_pod(state.info->key);
  drop_if_empty_ghost(state.node);
}

void scheduler_cache::add_or_update_pod(pod_info_ptr pod, const std::string& node) {
  auto& state = pods_[pod->key];
  if (state.info)
    unplace(state);
  if (state.assumed)
    --assumed_;
  state = pod_state{std::move(pod), node};
  place(state);
}

void scheduler_cache::remove_pod(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end())
    return;
  unplace(it->second);
  if (it->second.assumed)
    --assumed_;
  pods_.erase(it);
}

bool scheduler_cache::assume(pod_info_ptr pod, const std::string& node) {
  auto [it, fresh] = pods_.try_emplace(pod->key);
  if (!fresh)
    return false;
  it->second = pod_state{std::move(pod), node, true};
  ++assumed_;
  place(it->second);
  return true;
}

void scheduler_cache::finish_binding(const std::string& key, queue_time now) {
  auto it = pods_.find(key);
  if (it == pods_.end() || !it->second.assumed)
    return;
  it->second.binding_finished = true;
  it->second.deadline = now + options_.assumed_ttl;
}

void scheduler_cache::forget(const std::string& key) {
  auto it = pods_.find(key);
  if (it != pods_.end() && it->second.assumed)
    remove_pod(key);
}

std::vector<std::string> scheduler_cache::cleanup_expired(queue_time now) {
  std::vector<std::string> expired;
  if (assumed_ == 0)
    return expired;
  for (const auto& [key, state] : pods_)
    if (state.assumed && state.binding_finished && state.deadline <= now)
      expired.push_back(key);
  for (const auto& key : expired)
    remove_pod(key);
  return expired;
}

bool scheduler_cache::is_assumed(const std::string& key) const {
  auto it = pods_.find(key);
  return it != pods_.end() && it->second.assumed;
}

const node_snapshot& scheduler_cache::snapshot() {
  if (snapshot_stale_) {
    std::vector<const node_info*> list;
    list.reserve(node_order_.size());
    for (const auto& name : node_order_)
      list.push_back(nodes_.at(name).get());
    snapshot_.assign(std::move(list));
    snapshot_stale_ = false;
  }
  return snapshot_;
}

const node_info* scheduler_cache::node(const std::string& name) const {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : it->second.get();
}

} // namespace convoy::scheduler
