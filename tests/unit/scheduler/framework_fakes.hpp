#pragma once

// Fakes and helpers shared by the framework tests (framework_test.cpp:
// diagnosis and the filter loop; framework_score_test.cpp: scoring, the
// tie-break, reserve and the default plugins): small plugins that record
// what the cycle asked them, and a cluster of plain nodes.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/scheduler/framework/framework.hpp"
#include "builders.hpp"

namespace convoy::scheduler::test {

inline std::string node_name(size_t i) {
  return "n" + std::to_string(i);
}

/// Node infos and the snapshot over them, in the given order.
struct cluster {
  std::vector<std::unique_ptr<node_info>> infos;
  node_snapshot snapshot;

  cluster() = default;

  /// `n` plain nodes n0..n{n-1} of 4 cpu and 8Gi.
  explicit cluster(size_t n) {
    for (size_t i = 0; i < n; ++i)
      infos.push_back(node_builder(node_name(i)).allocatable("4", "8Gi").info());
    refresh();
  }

  void add(std::unique_ptr<node_info> info) {
    infos.push_back(std::move(info));
    refresh();
  }

  void refresh() {
    std::vector<const node_info*> list;
    for (const auto& i : infos)
      list.push_back(i.get());
    snapshot.assign(std::move(list));
  }
};

/// A filter that rejects the named nodes with the given status and records
/// every node it was asked about.
class fake_filter : public filter_plugin {
public:
  explicit fake_filter(std::string name = "FakeFilter")
      : name_(std::move(name)) {}

  std::string_view name() const override { return name_; }

  fake_filter& reject(const std::string& node, status st) {
    rejections_[node] = std::move(st);
    return *this;
  }

  status filter(const cycle_state&, const pod_info&, const node_info& node) const override {
    seen.push_back(node.name());
    auto it = rejections_.find(node.name());
    return it == rejections_.end() ? status::ok() : it->second;
  }

  mutable std::vector<std::string> seen;

private:
  std::string name_;
  std::map<std::string, status> rejections_;
};

/// A scorer with fixed raw scores per node (0 for the others), optionally
/// normalized with default_normalize(reverse = true), which counts its calls.
class fake_scorer : public score_plugin {
public:
  explicit fake_scorer(std::string name, std::map<std::string, int64_t> scores = {},
                       bool reverse = false)
      : name_(std::move(name))
      , scores_(std::move(scores))
      , reverse_(reverse) {}

  std::string_view name() const override { return name_; }

  int64_t score(const cycle_state&, const pod_info&, const node_info& node) const override {
    ++score_calls;
    auto it = scores_.find(node.name());
    return it == scores_.end() ? 0 : it->second;
  }

  void normalize(const cycle_state&, const pod_info&, std::vector<int64_t>& scores) const override {
    ++normalize_calls;
    if (reverse_)
      default_normalize(scores, true);
  }

  mutable size_t score_calls = 0;
  mutable size_t normalize_calls = 0;

private:
  std::string name_;
  std::map<std::string, int64_t> scores_;
  bool reverse_;
};

/// A scorer whose pre-score answers `pre` (skip: its score must not count).
class fake_pre_scorer : public pre_score_plugin, public fake_scorer {
public:
  fake_pre_scorer(std::string name, std::map<std::string, int64_t> scores, status pre)
      : fake_scorer(std::move(name), std::move(scores))
      , pre_(std::move(pre)) {}

  std::string_view name() const override { return fake_scorer::name(); }

  status pre_score(cycle_state&, const pod_info&,
                   const std::vector<const node_info*>& feasible) const override {
    ++pre_score_calls;
    last_feasible = feasible.size();
    return pre_;
  }

  mutable size_t pre_score_calls = 0;
  mutable size_t last_feasible = 0;

private:
  status pre_;
};

/// A pre-filter answering `answer` whose filter rejects every node.
class fake_pre_filter : public pre_filter_plugin, public filter_plugin {
public:
  explicit fake_pre_filter(std::string name = "FakePreFilter")
      : name_(std::move(name)) {}

  std::string_view name() const override { return name_; }

  status pre_filter(cycle_state&, const pod_info&, const node_snapshot&) const override {
    ++pre_filter_calls;
    return answer;
  }

  status filter(const cycle_state&, const pod_info&, const node_info&) const override {
    ++filter_calls;
    return status::unschedulable("rejected by " + name_);
  }

  status answer;
  mutable size_t pre_filter_calls = 0;
  mutable size_t filter_calls = 0;

private:
  std::string name_;
};

/// A reserve plugin appending "<name> reserve <node>" / "<name> unreserve
/// <node>" to a shared log; fails its reserve when `fail` is set.
class fake_reserve : public reserve_plugin {
public:
  fake_reserve(std::string name, std::vector<std::string>& log, bool fail = false)
      : name_(std::move(name))
      , log_(log)
      , fail_(fail) {}

  std::string_view name() const override { return name_; }

  status reserve(cycle_state&, const pod_info&, const std::string& node) override {
    log_.push_back(name_ + " reserve " + node);
    return fail_ ? status::error("no room in " + name_) : status::ok();
  }

  void unreserve(cycle_state&, const pod_info&, const std::string& node) override {
    log_.push_back(name_ + " unreserve " + node);
  }

private:
  std::string name_;
  std::vector<std::string>& log_;
  bool fail_;
};

/// Adds a plugin of type P to `plugins` and returns it (owned by the list).
template <class P, class... Args>
P* add(std::vector<plugin_entry>& plugins, int64_t weight, Args&&... args) {
  auto p = std::make_unique<P>(std::forward<Args>(args)...);
  auto* raw = p.get();
  plugins.push_back(plugin_entry{std::move(p), weight});
  return raw;
}

inline framework_options seeded(uint64_t seed, uint32_t percentage = 0) {
  framework_options o;
  o.seed = seed;
  o.percentage_of_nodes_to_score = percentage;
  return o;
}

inline pod_info_ptr a_pod() {
  return pod_builder("p").container("100m", "100Mi").info();
}

/// The only reason of `s` ("" if it has none or several).
inline std::string only_reason(const status& s) {
  return s.reasons().size() == 1 ? s.reasons().front() : std::string{};
}

} // namespace convoy::scheduler::test
