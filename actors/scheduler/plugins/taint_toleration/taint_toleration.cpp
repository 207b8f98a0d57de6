#include "actors/scheduler/plugins/taint_toleration/taint_toleration.hpp"

#include <memory>
#include <string>
#include <utility>

#include "messages/tolerations.hpp"

namespace convoy::scheduler::plugins {

namespace {

constexpr std::string_view prefer_no_schedule = "PreferNoSchedule";

/// The pod's tolerations that matter to scoring, computed by pre_score.
struct pre_score_state : state_data {
  toleration_list tolerations;
};

bool rejects(const std::string& effect) {
  return effect == "NoSchedule" || effect == "NoExecute";
}

int64_t count_untolerated_prefer_no_schedule(const taint_list& taints,
                                             const toleration_list& tolerations) {
  int64_t count = 0;
  for (const auto& taint : taints)
    if (taint.effect() == prefer_no_schedule && !tolerated(tolerations, taint))
      ++count;
  return count;
}

} // namespace

status taint_toleration::filter(const cycle_state& /*state*/, const pod_info& pod,
                                const node_info& node) const {
  const auto* n = node.node();
  if (n == nullptr)
    return status::error("invalid nodeInfo");
  const auto* taint = find_untolerated(n->spec().taints(), pod.spec().tolerations(), rejects);
  if (taint == nullptr)
    return status::ok();
  // Kubernetes' exact wording: users and tools grep for it.
  return status::unresolvable("node(s) had untolerated taint {" + taint->key() + ": " +
                              taint->value() + "}");
}

status taint_toleration::pre_score(cycle_state& state, const pod_info& pod,
                                   const std::vector<const node_info*>& /*feasible*/) const {
  auto s = std::make_unique<pre_score_state>();
  for (const auto& t : pod.spec().tolerations())
    if (t.effect().empty() || t.effect() == prefer_no_schedule)
      *s->tolerations.Add() = t;
  state.write(slot(), std::move(s));
  return status::ok();
}

int64_t taint_toleration::score(const cycle_state& state, const pod_info& pod,
                                const node_info& node) const {
  const auto* n = node.node();
  if (n == nullptr)
    return 0;
  // Without pre_score's state, all tolerations give the same count (one
  // with another effect never tolerates a PreferNoSchedule taint), only
  // slower.
  const auto* s = state.read<pre_score_state>(slot());
  const auto& tolerations = s != nullptr ? s->tolerations : pod.spec().tolerations();
  return count_untolerated_prefer_no_schedule(n->spec().taints(), tolerations);
}

void taint_toleration::normalize(const cycle_state& /*state*/, const pod_info& /*pod*/,
                                 std::vector<int64_t>& scores) const {
  default_normalize(scores, /*reverse=*/true);
}

} // namespace convoy::scheduler::plugins
