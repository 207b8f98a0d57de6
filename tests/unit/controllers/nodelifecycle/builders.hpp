#pragma once

// Small builders for the node lifecycle tests: nodes with a Ready condition,
// heartbeat Leases, pods with tolerations.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/controllers/nodelifecycle/core/node_conditions.hpp"
#include "actors/controllers/nodelifecycle/core/node_lifecycle.hpp"
#include "actors/controllers/nodelifecycle/core/node_taints.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::test::nodelifecycle {

/// Wall clock of the tests: an arbitrary epoch plus the monotonic seconds.
inline constexpr int64_t wall_epoch = 1'700'000'000;

inline int64_t wall(std::chrono::nanoseconds now) {
  return wall_epoch + std::chrono::duration_cast<std::chrono::seconds>(now).count();
}

/// A node in `zone` whose Ready condition has `ready` status ("" = none)
/// and heartbeat `heartbeat` (remote seconds).
inline api::Node node(const std::string& name, const std::string& zone = "",
                      const std::string& ready = "True", int64_t heartbeat = 1) {
  api::Node n;
  n.mutable_metadata()->set_name(name);
  n.mutable_metadata()->mutable_creation_timestamp()->set_seconds(wall_epoch - 100);
  if (!zone.empty())
    (*n.mutable_metadata()->mutable_labels())[controllers::nodelifecycle::zone_label] = zone;
  if (!ready.empty()) {
    auto* c = n.mutable_status()->add_conditions();
    c->set_type("Ready");
    c->set_status(ready);
    c->mutable_last_heartbeat_time()->set_seconds(heartbeat);
  }
  return n;
}

inline std::shared_ptr<const api::Node> ptr(api::Node n) {
  return std::make_shared<const api::Node>(std::move(n));
}

inline api::Lease lease(const std::string& node_name, int64_t renew_seconds,
                        const std::string& ns = "kube-node-lease") {
  api::Lease l;
  l.mutable_metadata()->set_name(node_name);
  l.mutable_metadata()->set_namespace_(ns);
  l.mutable_spec()->mutable_renew_time()->set_seconds(renew_seconds);
  return l;
}

inline api::Taint taint(const std::string& key, const std::string& effect,
                        std::optional<int64_t> added = std::nullopt) {
  api::Taint t;
  t.set_key(key);
  t.set_effect(effect);
  if (added)
    t.mutable_time_added()->set_seconds(*added);
  return t;
}

inline api::Toleration toleration(const std::string& key, std::optional<int64_t> seconds,
                                  const std::string& effect = "NoExecute") {
  api::Toleration t;
  t.set_key(key);
  t.set_operator_("Exists");
  t.set_effect(effect);
  if (seconds)
    t.set_toleration_seconds(*seconds);
  return t;
}

inline api::Pod pod(const std::string& name, const std::string& node_name,
                    const std::vector<api::Toleration>& tolerations = {}) {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_("default");
  p.mutable_spec()->set_node_name(node_name);
  for (const auto& t : tolerations)
    *p.mutable_spec()->add_tolerations() = t;
  return p;
}

/// The node named `name` among `nodes`, or nullptr.
inline const api::Node* find(const std::vector<api::Node>& nodes, const std::string& name) {
  for (const auto& n : nodes)
    if (n.metadata().name() == name)
      return &n;
  return nullptr;
}

} // namespace convoy::test::nodelifecycle


namespace convoy::test::nodelifecycle {

/// The apiserver as the shell would drive it: monitor() passes over the
/// stored nodes and every returned update is written back, so the next pass
/// sees the controller's own writes (as its informer would).
struct cluster {
  explicit cluster(controllers::nodelifecycle::lifecycle_options opts = {}) : lifecycle(opts) {}

  void add(api::Node n) {
    auto name = n.metadata().name();
    nodes[name] = std::move(n);
  }

  controllers::nodelifecycle::node_lifecycle::result step(std::chrono::nanoseconds now) {
    if (heartbeats)
      for (const auto& [name, n] : nodes)
        if (silent.count(name) == 0)
          lifecycle.observe_lease(lease(name, wall(now)), now);
    std::vector<std::shared_ptr<const api::Node>> ptrs;
    for (const auto& [name, n] : nodes)
      ptrs.push_back(ptr(n));
    auto out = lifecycle.monitor(now, wall(now), ptrs);
    for (const auto& u : out.status_updates)
      *nodes[u.metadata().name()].mutable_status() = u.status();
    for (const auto& u : out.taint_updates)
      *nodes[u.metadata().name()].mutable_spec() = u.spec();
    return out;
  }

  bool tainted(const std::string& name, const std::string& key,
               const std::string& effect = "NoExecute") const {
    return controllers::nodelifecycle::has_taint(nodes.at(name), key, effect);
  }

  /// How many nodes carry key:effect.
  int count_tainted(const std::string& key, const std::string& effect = "NoExecute") const {
    int n = 0;
    for (const auto& [name, node] : nodes)
      n += controllers::nodelifecycle::has_taint(node, key, effect) ? 1 : 0;
    return n;
  }

  void set_ready(const std::string& name, const std::string& status, int64_t heartbeat) {
    for (auto& c : *nodes[name].mutable_status()->mutable_conditions()) {
      if (c.type() != "Ready")
        continue;
      c.set_status(status);
      c.mutable_last_heartbeat_time()->set_seconds(heartbeat);
    }
  }

  controllers::nodelifecycle::node_lifecycle lifecycle;
  std::map<std::string, api::Node> nodes;
  /// Every node not in `silent` renews its Lease before each pass.
  bool heartbeats = false;
  std::set<std::string> silent;
};

} // namespace convoy::test::nodelifecycle
