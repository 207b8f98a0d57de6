#include "actors/scheduler/plugins/pod_topology_spread/spread_constraint.hpp"

#include <utility>

#include "messages/tolerations.hpp"

namespace convoy::scheduler::plugins {

namespace {

using apiserver::label_requirement;
using apiserver::label_selector;
using apiserver::selector_op;
using apiserver::selector_result;

/// An absent labelSelector matches nothing (LabelSelectorAsSelector(nil)).
selector_result<label_selector> parse_selector(const api::TopologySpreadConstraint& c) {
  if (!c.has_label_selector())
    return {label_selector::nothing(), {}};
  return label_selector::from_message(c.label_selector());
}

/// Kubernetes' mergeLabelSetWithSelector: key=value for each of the
/// constraint's matchLabelKeys the pod carries, so e.g. pods of one
/// Deployment revision spread among themselves. Like Kubernetes, a
/// nothing() selector becomes just those requirements.
selector_result<label_selector> merge_match_label_keys(label_selector selector,
                                                       const api::TopologySpreadConstraint& c,
                                                       const label_map& pod_labels) {
  std::vector<label_requirement> added;
  for (const auto& key : c.match_label_keys()) {
    auto it = pod_labels.find(key);
    if (it == pod_labels.end())
      continue;
    auto req = label_requirement::make(key, selector_op::equals, {it->second});
    if (!req)
      return {std::nullopt, std::move(req.error)};
    added.push_back(std::move(*req.value));
  }
  if (added.empty())
    return {std::move(selector), {}};
  if (!selector.is_nothing())
    for (const auto& req : selector.requirements())
      added.push_back(req);
  return {label_selector::from_requirements(std::move(added)), {}};
}

spread_constraint make_constraint(const api::TopologySpreadConstraint& c, label_selector selector,
                                  const label_map& pod_labels) {
  spread_constraint out;
  out.topology_key = c.topology_key();
  out.max_skew = c.max_skew();
  if (c.has_min_domains())
    out.min_domains = c.min_domains();
  if (c.has_node_affinity_policy())
    out.honor_node_affinity = c.node_affinity_policy() == "Honor";
  if (c.has_node_taints_policy())
    out.honor_node_taints = c.node_taints_policy() == "Honor";
  out.self_match = selector.matches(pod_labels) ? 1 : 0;
  out.selector = std::move(selector);
  return out;
}

bool blocks_scheduling(const std::string& effect) {
  return effect == "NoSchedule" || effect == "NoExecute";
}

} // namespace

bool spread_constraint::includes(const api::PodSpec& pod, const api::Node& node,
                                 bool affinity_ok) const {
  if (honor_node_affinity && !affinity_ok)
    return false;
  return !honor_node_taints ||
         find_untolerated(node.spec().taints(), pod.tolerations(), blocks_scheduling) == nullptr;
}

selector_result<spread_constraints> parse_spread_constraints(const api::Pod& pod,
                                                             std::string_view action) {
  spread_constraints out;
  const auto& all = pod.spec().topology_spread_constraints();
  const auto& pod_labels = pod.metadata().labels();
  for (int i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    if (c.when_unsatisfiable() != action)
      continue;
    auto selector = parse_selector(c);
    if (selector)
      selector = merge_match_label_keys(std::move(*selector.value), c, pod_labels);
    if (!selector)
      return {std::nullopt, "spec.topologySpreadConstraints[" + std::to_string(i) +
                              "].labelSelector: " + selector.error};
    out.push_back(make_constraint(c, std::move(*selector.value), pod_labels));
  }
  return {std::move(out), {}};
}

bool has_all_keys(const label_map& labels, const spread_constraints& constraints) {
  for (const auto& c : constraints)
    if (labels.find(c.topology_key) == labels.end())
      return false;
  return true;
}

bool any_honors_affinity(const spread_constraints& constraints) {
  for (const auto& c : constraints)
    if (c.honor_node_affinity)
      return true;
  return false;
}

int64_t count_matching_pods(const node_info& node, const apiserver::label_selector& selector,
                            const std::string& ns) {
  int64_t count = 0;
  for (const auto& p : node.pods()) {
    const auto& meta = p->meta();
    if (meta.has_deletion_timestamp() || meta.namespace_() != ns)
      continue;
    if (selector.matches(meta.labels()))
      ++count;
  }
  return count;
}

} // namespace convoy::scheduler::plugins
