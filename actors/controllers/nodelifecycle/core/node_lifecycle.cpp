#include "actors/controllers/nodelifecycle/core/node_lifecycle.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"
#include "actors/controllers/nodelifecycle/core/node_taints.hpp"

namespace convoy::controllers::nodelifecycle {

node_lifecycle::node_lifecycle(lifecycle_options opts) : opts_(std::move(opts)) {}

node_lifecycle::result node_lifecycle::monitor(duration now, int64_t wall_now_seconds,
                                               const std::vector<node_ptr>& nodes) {
  result out;
  std::unordered_set<std::string> names;
  for (const auto& n : nodes)
    names.insert(n->metadata().name());
  health_.retain([&](const std::string& name) { return names.count(name) > 0; });

  std::vector<api::Node> current;
  current.reserve(nodes.size());
  for (const auto& n : nodes)
    current.push_back(*n);
  update_health(now, wall_now_seconds, current, out);
  update_zones(now, current);

  pending_map pending;
  for (size_t i = 0; i < current.size(); ++i) {
    sync_condition_taints(current[i], wall_now_seconds);
    process_no_execute(current[i], i, wall_now_seconds, pending);
  }
  drain_queues(now, wall_now_seconds, current, pending);

  for (size_t i = 0; i < current.size(); ++i) {
    if (current[i].spec().taints().size() == nodes[i]->spec().taints().size()
        && std::equal(current[i].spec().taints().begin(), current[i].spec().taints().end(),
                      nodes[i]->spec().taints().begin(),
                      [](const api::Taint& a, const api::Taint& b) {
                        return a.SerializeAsString() == b.SerializeAsString();
                      }))
      continue;
    api::Node update = *nodes[i];
    *update.mutable_spec()->mutable_taints() = current[i].spec().taints();
    out.taint_updates.push_back(std::move(update));
  }
  out.zones = zones();
  return out;
}

/// tryUpdateNodeHealth: a node silent for longer than its grace period
/// (the startup one while it never posted Ready) is marked Unknown.
void node_lifecycle::update_health(duration now, int64_t wall_now_seconds,
                                   std::vector<api::Node>& current, result& out) {
  for (auto& node : current) {
    health_.observe_node(node, now);
    auto grace = ready_condition(node) != nullptr ? opts_.node_monitor_grace_period
                                                  : opts_.node_startup_grace_period;
    auto probe = health_.probe_time(node.metadata().name());
    if (!probe || now <= *probe + grace)
      continue;
    if (mark_status_unknown(node, wall_now_seconds)) {
      health_.record_written(node);
      out.status_updates.push_back(node);
    }
  }
}

/// handleDisruption: recompute every zone's state and its tainting rate;
/// when every zone is fully disrupted stop tainting, and when leaving that
/// mode give every node a fresh grace period.
void node_lifecycle::update_zones(duration now, const std::vector<api::Node>& current) {
  std::map<std::string, std::pair<int, int>> counts; // zone -> nodes, unhealthy
  for (const auto& node : current) {
    auto& c = counts[zone_of(node)];
    ++c.first;
    c.second += is_node_ready(node) ? 0 : 1;
  }
  bool all_are = true;
  std::map<std::string, zone_health> fresh;
  for (const auto& [zone, c] : counts) {
    auto health = compute_zone_health(c.first, c.second, opts_.unhealthy_zone_threshold);
    fresh[zone] = health;
    all_are = all_are && health == zone_health::full_disruption;
    auto& entry = zones_.try_emplace(zone, opts_.node_eviction_rate).first->second;
    entry.nodes = c.first;
    entry.unhealthy = c.second;
  }
  bool all_was = true;
  for (auto it = zones_.begin(); it != zones_.end();) {
    if (fresh.count(it->first) == 0) {
      it = zones_.erase(it);
      continue;
    }
    all_was = all_was && it->second.state == zone_health::full_disruption;
    ++it;
  }
  if (all_are && all_was)
    return;
  if (all_are) { // entering disruption mode
    for (auto& [zone, entry] : zones_) {
      entry.bucket.set_qps(0, now);
      entry.state = zone_health::full_disruption;
    }
    return;
  }
  if (all_was) // leaving it: nobody was heard from meanwhile, restart the clocks
    for (const auto& node : current)
      health_.reset_probe(node.metadata().name(), now);
  for (auto& [zone, entry] : zones_)
    if (all_was || entry.state != fresh[zone])
      set_limiter(entry, fresh[zone], now);
}

/// setLimiterInZone: partial disruption slows tainting (to nothing in a
/// small zone, where the rest of the cluster cannot absorb the pods); a
/// fully disrupted zone among healthy ones is tainted at the normal rate.
void node_lifecycle::set_limiter(zone_entry& zone, zone_health state, duration now) {
  double qps = opts_.node_eviction_rate;
  if (state == zone_health::partial_disruption)
    qps = zone.nodes > opts_.large_cluster_size_threshold ? opts_.secondary_node_eviction_rate : 0;
  zone.bucket.set_qps(qps, now);
  zone.state = state;
}

/// processTaintBaseEviction: Ready True (or disruption mode) removes the
/// NoExecute pair at once, a not-ready/unreachable swap happens at once,
/// a fresh taint waits in the zone's queue for a token.
void node_lifecycle::process_no_execute(api::Node& node, size_t index, int64_t wall_now_seconds,
                                        pending_map& pending) {
  const auto& name = node.metadata().name();
  const char* want = no_execute_key_for(node);
  if (ready_condition(node) == nullptr && !in_full_disruption())
    return; // still within the startup grace period: nothing to decide
  if (want == nullptr || in_full_disruption()) {
    remove_taint(node, not_ready_taint, no_execute);
    remove_taint(node, unreachable_taint, no_execute);
    dequeue(zone_of(node), name);
    return;
  }
  if (remove_taint(node, opposite_key(want), no_execute) || has_taint(node, want, no_execute)) {
    add_taint(node, want, no_execute, wall_now_seconds);
    dequeue(zone_of(node), name);
    return;
  }
  auto& queue = zones_.at(zone_of(node)).queue;
  if (std::find(queue.begin(), queue.end(), name) == queue.end())
    queue.push_back(name);
  pending[name] = index;
}

/// doNoExecuteTaintingPass: each zone taints its queued nodes in order
/// while its bucket has tokens; nodes that no longer want a taint leave the
/// queue without using one.
void node_lifecycle::drain_queues(duration now, int64_t wall_now_seconds,
                                  std::vector<api::Node>& current, const pending_map& pending) {
  for (auto& [zone, entry] : zones_) {
    auto& queue = entry.queue;
    while (!queue.empty()) {
      auto it = pending.find(queue.front());
      if (it == pending.end()) {
        queue.pop_front();
        continue;
      }
      if (!entry.bucket.try_accept(now))
        break;
      auto& node = current[it->second];
      add_taint(node, no_execute_key_for(node), no_execute, wall_now_seconds);
      queue.pop_front();
    }
  }
}

void node_lifecycle::dequeue(const std::string& zone, const std::string& name) {
  auto it = zones_.find(zone);
  if (it == zones_.end())
    return;
  auto& queue = it->second.queue;
  queue.erase(std::remove(queue.begin(), queue.end(), name), queue.end());
}

bool node_lifecycle::in_full_disruption() const {
  if (zones_.empty())
    return false;
  return std::all_of(zones_.begin(), zones_.end(), [](const auto& z) {
    return z.second.state == zone_health::full_disruption;
  });
}

std::vector<zone_state> node_lifecycle::zones() const {
  std::vector<zone_state> out;
  for (const auto& [zone, entry] : zones_)
    out.push_back({zone, entry.nodes, entry.unhealthy, entry.state});
  return out;
}

} // namespace convoy::controllers::nodelifecycle
