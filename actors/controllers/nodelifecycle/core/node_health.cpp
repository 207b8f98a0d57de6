#include "actors/controllers/nodelifecycle/core/node_health.hpp"

#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"

namespace convoy::controllers::nodelifecycle {

namespace {

bool same_time(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() == b.seconds() && a.nanos() == b.nanos();
}

bool before(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() != b.seconds() ? a.seconds() < b.seconds() : a.nanos() < b.nanos();
}

std::optional<google::protobuf::Timestamp> heartbeat_of(const api::Node& node) {
  const auto* ready = ready_condition(node);
  if (ready == nullptr)
    return std::nullopt;
  return ready->last_heartbeat_time();
}

} // namespace

void node_health::observe_node(const api::Node& node, duration now) {
  auto& e = nodes_[node.metadata().name()];
  auto heartbeat = heartbeat_of(node);
  bool heard = !e.node_seen || heartbeat.has_value() != e.ready_heartbeat.has_value()
               || (heartbeat && !same_time(*heartbeat, *e.ready_heartbeat));
  e.node_seen = true;
  e.ready_heartbeat = heartbeat;
  if (heard)
    e.probe = now;
}

void node_health::observe_lease(const api::Lease& lease, duration now) {
  if (lease.metadata().namespace_() != lease_namespace || !lease.spec().has_renew_time())
    return;
  auto& e = nodes_[lease.metadata().name()];
  const auto& renew = lease.spec().renew_time();
  if (e.lease_renew && !before(*e.lease_renew, renew))
    return;
  e.lease_renew = renew;
  e.probe = now;
}

void node_health::record_written(const api::Node& node) {
  auto it = nodes_.find(node.metadata().name());
  if (it != nodes_.end())
    it->second.ready_heartbeat = heartbeat_of(node);
}

void node_health::reset_probe(const std::string& name, duration now) {
  auto it = nodes_.find(name);
  if (it != nodes_.end())
    it->second.probe = now;
}

std::optional<node_health::duration> node_health::probe_time(const std::string& name) const {
  auto it = nodes_.find(name);
  if (it == nodes_.end())
    return std::nullopt;
  return it->second.probe;
}

void node_health::forget(const std::string& name) {
  nodes_.erase(name);
}

} // namespace convoy::controllers::nodelifecycle
