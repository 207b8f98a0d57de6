#include "actors/scheduler/plugins/pod_topology_spread/pod_topology_spread.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include "actors/scheduler/helpers/node_selectors.hpp"
#include "actors/scheduler/plugins/pod_topology_spread/spread_state.hpp"

namespace convoy::scheduler::plugins {

namespace {

constexpr const char* missing_label_reason =
  "node(s) didn't match pod topology spread constraints (missing required label)";
constexpr const char* skew_reason = "node(s) didn't match pod topology spread constraints";

/// Adds the matching pods of `info` to its domain of every constraint the
/// node is eligible for; with `only_known`, to domains already present
/// (the pre-score counts only the feasible nodes' domains).
void count_node(const spread_constraints& constraints, std::vector<domain_counts>& counts,
                const pod_info& pod, const node_info& info, bool only_known) {
  const api::Node* node = info.node();
  if (node == nullptr)
    return;
  const auto& labels = node->metadata().labels();
  if (!has_all_keys(labels, constraints))
    return;
  bool affinity_ok = !any_honors_affinity(constraints) ||
                     matches_node_selector_and_affinity(pod.spec(), *node);
  for (size_t i = 0; i < constraints.size(); ++i) {
    const auto& c = constraints[i];
    if (!c.includes(pod.spec(), *node, affinity_ok))
      continue;
    const auto& value = labels.find(c.topology_key)->second;
    int64_t* slot = nullptr;
    if (!only_known) {
      slot = &counts[i][value];
    } else if (auto it = counts[i].find(value); it != counts[i].end()) {
      slot = &it->second;
    } else {
      continue;
    }
    *slot += count_matching_pods(info, c.selector, pod.meta().namespace_());
  }
}

/// The global minimum: the least count over the eligible domains, or 0
/// when there are fewer than minDomains of them (or none).
int64_t min_count(const domain_counts& counts, int32_t min_domains) {
  if (counts.empty() || counts.size() < static_cast<size_t>(std::max(min_domains, 0)))
    return 0;
  int64_t out = std::numeric_limits<int64_t>::max();
  for (const auto& [domain, count] : counts)
    out = std::min(out, count);
  return out;
}

std::shared_ptr<const spread_filter_state>
make_filter_state(spread_constraints constraints, const pod_info& pod, const node_snapshot& nodes) {
  auto out = std::make_shared<spread_filter_state>();
  out->counts.resize(constraints.size());
  for (size_t i = 0; i < constraints.size(); ++i)
    if (constraints[i].per_node())
      out->counts[i].reserve(nodes.size());
  out->constraints = std::move(constraints);
  for (const auto* info : nodes.nodes())
    count_node(out->constraints, out->counts, pod, *info, false);
  out->min_counts.reserve(out->counts.size());
  for (size_t i = 0; i < out->counts.size(); ++i)
    out->min_counts.push_back(min_count(out->counts[i], out->constraints[i].min_domains));
  return out;
}

/// Registers the domains of the feasible nodes that have every key (at
/// count 0) and sets the constraints' weights from their numbers.
void init_score_domains(spread_score_state& s, const std::vector<const node_info*>& feasible) {
  size_t with_keys = 0;
  for (const auto* info : feasible) {
    const api::Node* node = info->node();
    if (node == nullptr || !has_all_keys(node->metadata().labels(), s.constraints))
      continue;
    ++with_keys;
    for (size_t i = 0; i < s.constraints.size(); ++i)
      if (!s.constraints[i].per_node())
        s.counts[i].emplace(node->metadata().labels().find(s.constraints[i].topology_key)->second,
                            0);
  }
  for (size_t i = 0; i < s.constraints.size(); ++i) {
    size_t domains = s.constraints[i].per_node() ? with_keys : s.counts[i].size();
    s.weights.push_back(std::log(static_cast<double>(domains + 2)));
  }
}

std::shared_ptr<const spread_score_state>
make_score_state(spread_constraints constraints, const pod_info& pod,
                 const std::vector<const node_info*>& feasible,
                 const std::vector<const node_info*>& all) {
  auto out = std::make_shared<spread_score_state>();
  out->counts.resize(constraints.size());
  out->constraints = std::move(constraints);
  init_score_domains(*out, feasible);
  for (const auto* info : all)
    count_node(out->constraints, out->counts, pod, *info, true);
  return out;
}

int64_t lookup(const domain_counts& counts, const std::string& domain) {
  auto it = counts.find(domain);
  return it == counts.end() ? 0 : it->second;
}

const pod_topology_spread_state* read_state(const cycle_state& state, size_t slot) {
  return state.read<pod_topology_spread_state>(slot);
}

} // namespace

status pod_topology_spread::pre_filter(cycle_state& state, const pod_info& pod,
                                       const node_snapshot& nodes) const {
  auto out = std::make_unique<pod_topology_spread_state>();
  out->nodes = &nodes;
  auto parsed = parse_spread_constraints(*pod.pod, "DoNotSchedule");
  status result;
  if (!parsed)
    result = status::unresolvable(std::move(parsed.error));
  else if (parsed.value->empty())
    result = status::skip();
  else
    out->filter = make_filter_state(std::move(*parsed.value), pod, nodes);
  state.write(slot(), std::move(out));
  return result;
}

status pod_topology_spread::filter(const cycle_state& state, const pod_info& /*pod*/,
                                   const node_info& node) const {
  const auto* st = read_state(state, slot());
  if (st == nullptr || st->filter == nullptr)
    return status::error("PodTopologySpread: filter without pre-filter state");
  if (node.node() == nullptr)
    return status::error("node not found");
  const auto& labels = node.node()->metadata().labels();
  const auto& f = *st->filter;
  for (size_t i = 0; i < f.constraints.size(); ++i) {
    const auto& c = f.constraints[i];
    auto it = labels.find(c.topology_key);
    if (it == labels.end())
      return status::unresolvable(missing_label_reason);
    int64_t skew = lookup(f.counts[i], it->second) + c.self_match - f.min_counts[i];
    if (skew > c.max_skew)
      return status::unschedulable(skew_reason);
  }
  return status::ok();
}

status pod_topology_spread::pre_score(cycle_state& state, const pod_info& pod,
                                      const std::vector<const node_info*>& feasible) const {
  const auto* prior = read_state(state, slot());
  // Without a pre-filter (never in a full cycle) only the feasible nodes
  // are known; count over them.
  const auto& all = prior != nullptr && prior->nodes != nullptr ? prior->nodes->nodes() : feasible;
  if (all.empty())
    return status::skip();
  auto parsed = parse_spread_constraints(*pod.pod, "ScheduleAnyway");
  if (!parsed)
    return status::error(std::move(parsed.error));
  if (parsed.value->empty())
    return status::skip();
  auto out = std::make_unique<pod_topology_spread_state>();
  if (prior != nullptr) {
    out->nodes = prior->nodes;
    out->filter = prior->filter;
  }
  out->score = make_score_state(std::move(*parsed.value), pod, feasible, all);
  state.write(slot(), std::move(out));
  return status::ok();
}

int64_t pod_topology_spread::score(const cycle_state& state, const pod_info& pod,
                                   const node_info& node) const {
  const auto* st = read_state(state, slot());
  if (st == nullptr || st->score == nullptr || node.node() == nullptr)
    return ignored_node_score;
  const auto& s = *st->score;
  const auto& labels = node.node()->metadata().labels();
  if (!has_all_keys(labels, s.constraints))
    return ignored_node_score;
  double total = 0;
  for (size_t i = 0; i < s.constraints.size(); ++i) {
    const auto& c = s.constraints[i];
    int64_t count = c.per_node()
                      ? count_matching_pods(node, c.selector, pod.meta().namespace_())
                      : lookup(s.counts[i], labels.find(c.topology_key)->second);
    // Kubernetes' scoreForCount: maxSkew - 1 waters down small differences.
    total += static_cast<double>(count) * s.weights[i] + static_cast<double>(c.max_skew - 1);
  }
  return static_cast<int64_t>(std::llround(total));
}

void pod_topology_spread::normalize(const cycle_state& /*state*/, const pod_info& /*pod*/,
                                    std::vector<int64_t>& scores) const {
  int64_t min = std::numeric_limits<int64_t>::max();
  int64_t max = 0;
  for (auto s : scores) {
    if (s == ignored_node_score)
      continue;
    min = std::min(min, s);
    max = std::max(max, s);
  }
  for (auto& s : scores) {
    if (s == ignored_node_score)
      s = 0;
    else if (max == 0)
      s = max_node_score;
    else
      s = max_node_score * (max + min - s) / max;
  }
}

} // namespace convoy::scheduler::plugins
