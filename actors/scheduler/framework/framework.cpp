#include "actors/scheduler/framework/framework.hpp"

#include <algorithm>

namespace convoy::scheduler {

namespace {

/// Kubernetes' minFeasibleNodesToFind and minFeasibleNodesPercentageToFind.
constexpr size_t min_feasible_nodes = 100;
constexpr size_t min_feasible_percentage = 5;

} // namespace

framework::framework(std::vector<plugin_entry> plugins, framework_options options)
  : plugins_(std::move(plugins)),
    options_(options),
    state_(plugins_.size()),
    rng_(options.seed) {
  for (size_t i = 0; i < plugins_.size(); ++i) {
    auto* p = plugins_[i].instance.get();
    p->set_slot(i);
    if (auto* x = dynamic_cast<const pre_filter_plugin*>(p))
      pre_filters_.push_back(x);
    if (auto* x = dynamic_cast<const filter_plugin*>(p))
      filters_.push_back(x);
    if (auto* x = dynamic_cast<const pre_score_plugin*>(p))
      pre_scores_.push_back(x);
    if (auto* x = dynamic_cast<const score_plugin*>(p))
      scores_.push_back({x, plugins_[i].weight});
    if (auto* x = dynamic_cast<reserve_plugin*>(p))
      reserves_.push_back(x);
  }
}

size_t framework::num_feasible_nodes_to_find(size_t all) const {
  if (all < min_feasible_nodes || options_.percentage_of_nodes_to_score >= 100)
    return all;
  size_t pct = options_.percentage_of_nodes_to_score;
  if (pct == 0) {
    auto adaptive = 50 - static_cast<int64_t>(all / 125);
    pct = static_cast<size_t>(std::max<int64_t>(adaptive, min_feasible_percentage));
  }
  return std::max(all * pct / 100, min_feasible_nodes);
}

std::vector<std::string> framework::plugin_names() const {
  std::vector<std::string> out;
  for (const auto& p : plugins_)
    out.emplace_back(p.instance->name());
  return out;
}

schedule_result framework::schedule(const pod_info& pod, const node_snapshot& nodes) {
  schedule_result out;
  out.diag.num_all_nodes = nodes.size();
  state_.reset();
  if (nodes.size() == 0) {
    out.failure = status::unschedulable("no nodes available to schedule pods");
    return out;
  }
  out.failure = run_pre_filter(pod, nodes, out.diag);
  if (!out.failure.is_success())
    return out;
  find_feasible(pod, nodes, out);
  if (!out.failure.is_success())
    return out;
  if (feasible_.empty()) {
    out.failure = out.diag.resolvable ? status::unschedulable(out.diag.message())
                                      : status::unresolvable(out.diag.message());
    return out;
  }
  out.node = feasible_.size() == 1 ? feasible_.front()->name() : pick_best(pod);
  return out;
}

status framework::run_pre_filter(const pod_info& pod, const node_snapshot& nodes,
                                 diagnosis& diag) {
  for (const auto* p : pre_filters_) {
    auto st = p->pre_filter(state_, pod, nodes);
    if (st.is_skip()) {
      state_.set_skip_filter(p->slot());
      continue;
    }
    if (st.is_success())
      continue;
    st.set_plugin(std::string{p->name()});
    if (st.is_rejected()) {
      diag.pre_filter_msg = st.reasons().empty() ? std::string{p->name()} : st.reasons().front();
      diag.unschedulable_plugins.insert(st.plugin());
      return status::unresolvable(diag.message());
    }
    return st;
  }
  return status::ok();
}

status framework::run_filters(const pod_info& pod, const node_info& node) const {
  for (const auto* p : filters_) {
    if (state_.skip_filter(p->slot()))
      continue;
    auto st = p->filter(state_, pod, node);
    if (!st.is_success()) {
      st.set_plugin(std::string{p->name()});
      return st;
    }
  }
  return status::ok();
}

void framework::find_feasible(const pod_info& pod, const node_snapshot& nodes,
                              schedule_result& out) {
  feasible_.clear();
  const auto& all = nodes.nodes();
  auto wanted = num_feasible_nodes_to_find(all.size());
  size_t start = next_start_node_index_ % all.size();
  size_t processed = 0;
  while (processed < all.size() && feasible_.size() < wanted) {
    const auto* node = all[(start + processed) % all.size()];
    ++processed;
    auto st = run_filters(pod, *node);
    if (st.is_success()) {
      feasible_.push_back(node);
    } else if (st.get_code() == code::error) {
      // Not a rejection: the cycle fails as an error (the pod backs off).
      out.failure = std::move(st);
      break;
    } else {
      out.diag.add(st);
    }
  }
  next_start_node_index_ = (start + processed) % all.size();
  out.evaluated_nodes = processed;
  out.feasible_nodes = feasible_.size();
}

std::string framework::pick_best(const pod_info& pod) {
  for (const auto* p : pre_scores_) {
    auto st = p->pre_score(state_, pod, feasible_);
    if (st.is_skip())
      state_.set_skip_score(p->slot());
  }
  totals_.assign(feasible_.size(), 0);
  for (const auto& entry : scores_)
    if (!state_.skip_score(entry.plugin->slot()))
      add_scores(entry, pod);
  // Reservoir sampling over the best: each of k equal maxima wins with
  // probability 1/k, reproducibly under the seed.
  size_t best = 0;
  size_t ties = 1;
  for (size_t i = 1; i < totals_.size(); ++i) {
    if (totals_[i] > totals_[best]) {
      best = i;
      ties = 1;
    } else if (totals_[i] == totals_[best] && rng_() % ++ties == 0) {
      best = i;
    }
  }
  return feasible_[best]->name();
}

void framework::add_scores(const score_entry& entry, const pod_info& pod) {
  plugin_scores_.resize(feasible_.size());
  for (size_t i = 0; i < feasible_.size(); ++i)
    plugin_scores_[i] = entry.plugin->score(state_, pod, *feasible_[i]);
  entry.plugin->normalize(state_, pod, plugin_scores_);
  for (size_t i = 0; i < feasible_.size(); ++i)
    totals_[i] += plugin_scores_[i] * entry.weight;
}

status framework::reserve(const pod_info& pod, const std::string& node) {
  for (size_t i = 0; i < reserves_.size(); ++i) {
    auto st = reserves_[i]->reserve(state_, pod, node);
    if (!st.is_success()) {
      // Only the plugins that reserved (before the failing one) undo.
      for (size_t j = i; j-- > 0;)
        reserves_[j]->unreserve(state_, pod, node);
      st.set_plugin(std::string{reserves_[i]->name()});
      return st;
    }
  }
  return status::ok();
}

void framework::unreserve(const pod_info& pod, const std::string& node) {
  for (size_t j = reserves_.size(); j-- > 0;)
    reserves_[j]->unreserve(state_, pod, node);
}

} // namespace convoy::scheduler
