#include "actors/scheduler/plugins/node_affinity/node_affinity.hpp"

#include <algorithm>
#include <string>

#include "actors/scheduler/helpers/node_selectors.hpp"

namespace convoy::scheduler::plugins {

namespace {

const api::NodeAffinity* node_affinity_of(const api::PodSpec& spec) {
  if (!spec.has_affinity() || !spec.affinity().has_node_affinity())
    return nullptr;
  return &spec.affinity().node_affinity();
}

const api::NodeSelector* required_of(const api::PodSpec& spec) {
  const auto* na = node_affinity_of(spec);
  if (na == nullptr || !na->has_required_during_scheduling_ignored_during_execution())
    return nullptr;
  return &na->required_during_scheduling_ignored_during_execution();
}

bool is_name_in(const api::NodeSelectorRequirement& req) {
  return req.key() == "metadata.name" && req.operator_() == "In";
}

/// Whether `name` is in every metadata.name In requirement of `term`.
bool in_all_names(const api::NodeSelectorTerm& term, const std::string& name) {
  for (const auto& req : term.match_fields()) {
    if (!is_name_in(req))
      continue;
    if (std::find(req.values().begin(), req.values().end(), name) == req.values().end())
      return false;
  }
  return true;
}

/// Whether `term` pins the pod by name (metadata.name In) to no node at all
/// (the requirements' values do not intersect). A term without such a
/// requirement pins nothing.
bool pins_to_no_node(const api::NodeSelectorTerm& term) {
  for (const auto& req : term.match_fields()) {
    if (!is_name_in(req))
      continue;
    // The intersection is within the first such requirement's values.
    for (const auto& name : req.values())
      if (in_all_names(term, name))
        return false;
    return true;
  }
  return false;
}

} // namespace

status node_affinity::pre_filter(cycle_state& /*state*/, const pod_info& pod,
                                 const node_snapshot& /*nodes*/) const {
  const auto* required = required_of(pod.spec());
  if (required == nullptr)
    return pod.spec().node_selector().empty() ? status::skip() : status::ok();
  // As Kubernetes: the terms are ORed, so the pod fits no node only when
  // every term pins it to none (a selector without terms is left to the
  // filter, which rejects each node).
  const auto& terms = required->node_selector_terms();
  if (terms.empty() || !std::all_of(terms.begin(), terms.end(), pins_to_no_node))
    return status::ok();
  return status::unresolvable("pod affinity terms conflict");
}

status node_affinity::filter(const cycle_state& /*state*/, const pod_info& pod,
                             const node_info& node) const {
  const auto* n = node.node();
  if (n == nullptr)
    return status::error("node not found");
  if (!matches_node_selector_and_affinity(pod.spec(), *n))
    return status::unresolvable("node(s) didn't match Pod's node affinity/selector");
  return status::ok();
}

status node_affinity::pre_score(cycle_state& /*state*/, const pod_info& pod,
                                const std::vector<const node_info*>& /*feasible*/) const {
  // score reads the terms straight from the immutable pod: nothing to keep.
  const auto* na = node_affinity_of(pod.spec());
  if (na == nullptr || na->preferred_during_scheduling_ignored_during_execution().empty())
    return status::skip();
  return status::ok();
}

int64_t node_affinity::score(const cycle_state& /*state*/, const pod_info& pod,
                             const node_info& node) const {
  const auto* n = node.node();
  const auto* na = node_affinity_of(pod.spec());
  if (n == nullptr || na == nullptr)
    return 0;
  int64_t sum = 0;
  for (const auto& term : na->preferred_during_scheduling_ignored_during_execution())
    if (matches_term(term.preference(), *n))
      sum += term.weight();
  return sum;
}

void node_affinity::normalize(const cycle_state& /*state*/, const pod_info& /*pod*/,
                              std::vector<int64_t>& scores) const {
  default_normalize(scores, /*reverse=*/false);
}

} // namespace convoy::scheduler::plugins
