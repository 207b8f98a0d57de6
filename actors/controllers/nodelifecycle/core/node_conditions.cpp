#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"

namespace convoy::controllers::nodelifecycle {

namespace {

/// The conditions a silent node's kubelet can no longer vouch for.
constexpr const char* monitored_conditions[] = {"Ready", "MemoryPressure", "DiskPressure",
                                                "PIDPressure"};

api::NodeCondition* mutable_condition(api::NodeStatus& status, const std::string& type) {
  for (auto& c : *status.mutable_conditions())
    if (c.type() == type)
      return &c;
  return nullptr;
}

bool mark_one_unknown(api::Node& node, const std::string& type, int64_t wall_now_seconds) {
  auto* status = node.mutable_status();
  auto* condition = mutable_condition(*status, type);
  if (condition == nullptr) {
    condition = status->add_conditions();
    condition->set_type(type);
    condition->set_status("Unknown");
    condition->set_reason("NodeStatusNeverUpdated");
    condition->set_message("Kubelet never posted node status.");
    *condition->mutable_last_heartbeat_time() = node.metadata().creation_timestamp();
  } else if (condition->status() != "Unknown") {
    condition->set_status("Unknown");
    condition->set_reason("NodeStatusUnknown");
    condition->set_message("Kubelet stopped posting node status.");
  } else {
    return false;
  }
  condition->mutable_last_transition_time()->set_seconds(wall_now_seconds);
  condition->mutable_last_transition_time()->set_nanos(0);
  return true;
}

} // namespace

const api::NodeCondition* node_condition(const api::NodeStatus& status, const std::string& type) {
  for (const auto& c : status.conditions())
    if (c.type() == type)
      return &c;
  return nullptr;
}

const api::NodeCondition* ready_condition(const api::Node& node) {
  return node_condition(node.status(), "Ready");
}

bool is_node_ready(const api::Node& node) {
  const auto* ready = ready_condition(node);
  return ready != nullptr && ready->status() == "True";
}

std::string zone_of(const api::Node& node) {
  const auto& labels = node.metadata().labels();
  auto it = labels.find(zone_label);
  return it == labels.end() ? std::string{} : it->second;
}

bool mark_status_unknown(api::Node& node, int64_t wall_now_seconds) {
  bool changed = false;
  for (const char* type : monitored_conditions)
    changed = mark_one_unknown(node, type, wall_now_seconds) || changed;
  return changed;
}

} // namespace convoy::controllers::nodelifecycle
