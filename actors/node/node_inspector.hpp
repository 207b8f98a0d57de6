#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/inspect/core/actor_window.hpp"
#include "actors/inspect/core/probe_registry.hpp"
#include "actors/inspect/core/trace_session.hpp"
#include "node/inspect.pb.h"

namespace convoy {

/// "X" or "X@NODE" as the inspection verbs take it: X is an actor id, name
/// or component.
struct actor_ref {
  std::string actor;
  std::string node; ///< empty: any node

  static actor_ref parse(const std::string& text);
};

/// The node actor's inspector, without CAF: turns the probes of the node's
/// actors into ActorStats (sampling them periodically for rates), resolves
/// actor references and turns trace records into TraceEvents.
class node_inspector {
public:
  using clock_ns = std::chrono::nanoseconds;

  node_inspector(std::string node_name, inspect::probe_registry& registry);

  const std::string& node_name() const noexcept { return node_; }

  /// Takes one sample of every probe (the node actor calls it every second).
  void sample(clock_ns now);

  /// The role an actor registered with (shown next to it).
  void set_role(uint64_t id, std::string role) { roles_[id] = std::move(role); }

  /// Every actor of the node.
  std::vector<node::ActorStats> list(clock_ns now) const;

  /// The stats of one probe.
  node::ActorStats stats_of(const inspect::actor_probe& probe, clock_ns now) const;

  /// The actors `actor` (id, name or component) names, by id.
  std::vector<std::shared_ptr<inspect::actor_probe>> resolve(const std::string& actor) const;

  /// Every actor except `except` (the node actor, which serves the trace).
  std::vector<std::shared_ptr<inspect::actor_probe>> all_but(uint64_t except) const;

  /// `records` as events relative to `started_ns`. `peer_names` maps remote
  /// node ids (as CAF prints them) to node names.
  std::vector<node::TraceEvent>
  events(std::vector<inspect::trace_record> records, uint64_t started_ns,
         const std::map<std::string, std::string>& peer_names) const;

private:
  std::string sender_text(const inspect::trace_record& r,
                          const std::map<std::string, std::string>& peer_names) const;

  std::string node_;
  inspect::probe_registry& registry_;
  std::map<uint64_t, inspect::actor_window> windows_;
  std::map<uint64_t, std::string> roles_;
};

} // namespace convoy
