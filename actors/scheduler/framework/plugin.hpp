#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/scheduler/framework/cycle_state.hpp"
#include "actors/scheduler/framework/node_info.hpp"
#include "actors/scheduler/framework/node_snapshot.hpp"
#include "actors/scheduler/framework/pod_info.hpp"
#include "actors/scheduler/framework/status.hpp"

namespace convoy::scheduler {

/// Scores range over [0, max_node_score] after normalization.
inline constexpr int64_t max_node_score = 100;

/// Base of every plugin: a name (used in configuration, logs and the
/// reasons users read) and the cycle-state slot the framework assigned.
/// A plugin implements any number of the extension points below; all but
/// bind are pure over (pod, node, cycle state).
class plugin {
public:
  virtual ~plugin() = default;
  virtual std::string_view name() const = 0;

  size_t slot() const noexcept {
    return slot_;
  }
  void set_slot(size_t slot) noexcept {
    slot_ = slot;
  }

private:
  size_t slot_ = 0;
};

/// Once per cycle before any filter: precompute (into the cycle state), or
/// reject the pod for every node (unresolvable), or skip() this plugin's
/// filter for this pod.
class pre_filter_plugin : public virtual plugin {
public:
  virtual status pre_filter(cycle_state& state, const pod_info& pod,
                            const node_snapshot& nodes) const = 0;
};

/// Can the pod run on this node? Called for nodes until enough feasible
/// ones are found; must not change anything.
class filter_plugin : public virtual plugin {
public:
  virtual status filter(const cycle_state& state, const pod_info& pod,
                        const node_info& node) const = 0;
};

/// Once per cycle after filtering, over the feasible nodes: precompute for
/// scoring, or skip() this plugin's score.
class pre_score_plugin : public virtual plugin {
public:
  virtual status pre_score(cycle_state& state, const pod_info& pod,
                           const std::vector<const node_info*>& feasible) const = 0;
};

/// Ranks a feasible node: a raw score, then normalize() maps all raw scores
/// of the cycle to [0, max_node_score] (default: they already are).
class score_plugin : public virtual plugin {
public:
  virtual int64_t score(const cycle_state& state, const pod_info& pod,
                        const node_info& node) const = 0;

  virtual void normalize(const cycle_state& /*state*/, const pod_info& /*pod*/,
                         std::vector<int64_t>& /*scores*/) const {}
};

/// Told when a node was chosen for the pod (before bind) and, if binding
/// fails, to undo it. The cache's assume step runs first, so reserve
/// plugins see the pod placed.
class reserve_plugin : public virtual plugin {
public:
  virtual status reserve(cycle_state& state, const pod_info& pod, const std::string& node) = 0;
  virtual void unreserve(cycle_state& state, const pod_info& pod, const std::string& node) = 0;
};

/// Maps raw scores to [0, max_node_score] by the largest one (Kubernetes'
/// DefaultNormalizeScore); `reverse` makes the smallest raw score the best.
void default_normalize(std::vector<int64_t>& scores, bool reverse);

} // namespace convoy::scheduler
