#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/map.h>

#include "actors/apiserver/selectors/selector_result.hpp"
#include "api/meta.pb.h"

namespace convoy::apiserver {

/// The operators of Kubernetes' label selectors (k8s.io/apimachinery
/// selection.Operator).
enum class selector_op : uint8_t {
  equals,         ///< key=value
  double_equals,  ///< key==value
  not_equals,     ///< key!=value (also matches when key is absent)
  in,             ///< key in (a,b)
  not_in,         ///< key notin (a,b) (also matches when key is absent)
  exists,         ///< key
  does_not_exist, ///< !key
  greater_than,   ///< key>5 (integers)
  less_than,      ///< key<5 (integers)
};

/// One clause of a label selector: `key <op> values`. Values are kept
/// sorted and unique, so printing and comparing are canonical.
class label_requirement {
public:
  /// Validates like Kubernetes' NewRequirement: the key a qualified name,
  /// each value a label value, In/NotIn with values, =/==/!= with exactly
  /// one, Exists/DoesNotExist with none, Gt/Lt with one integer.
  static selector_result<label_requirement> make(std::string key, selector_op op,
                                                 std::vector<std::string> values);

  const std::string& key() const noexcept { return key_; }
  selector_op op() const noexcept { return op_; }
  const std::vector<std::string>& values() const noexcept { return values_; }

  /// Whether a label set whose value for key() is `value` (nullptr when
  /// the key is absent) satisfies this requirement.
  bool matches_value(const std::string* value) const;

  /// Kubernetes' String(): "a=b", "a!=b", "a in (x,y)", "!a", "a>5".
  void append_to(std::string& out) const;

  friend bool operator==(const label_requirement& x, const label_requirement& y) {
    return x.op_ == y.op_ && x.key_ == y.key_ && x.values_ == y.values_;
  }

private:
  friend class label_selector;

  label_requirement(std::string key, selector_op op, std::vector<std::string> values)
    : key_(std::move(key)), values_(std::move(values)), op_(op) {}

  std::string key_;
  std::vector<std::string> values_;
  selector_op op_;
  int64_t int_value_ = 0; ///< Gt/Lt operand, parsed once
};

/// A Kubernetes label selector: a conjunction of requirements, sorted by
/// key. The empty selector matches everything; nothing() matches nothing
/// (what an absent LabelSelector means).
///
///     auto sel = label_selector::parse("app=web,tier in (front,back),!legacy");
///     if (sel && sel.value->matches(pod.metadata().labels())) ...
class label_selector {
public:
  /// Matches everything.
  label_selector() = default;

  static label_selector everything() { return {}; }
  static label_selector nothing();

  /// Parses Kubernetes' string syntax (labels.Parse): comma-separated
  /// `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`,
  /// `k>n`, `k<n`, whitespace allowed around tokens.
  static selector_result<label_selector> parse(std::string_view text);

  /// From a meta/v1 LabelSelector (LabelSelectorAsSelector): matchLabels
  /// as equality, matchExpressions In/NotIn/Exists/DoesNotExist.
  static selector_result<label_selector> from_message(const api::LabelSelector& selector);

  /// k=v for every entry (SelectorFromSet, e.g. an RC's or Service's
  /// selector map). Unlike from_message, no validation.
  static label_selector from_map(const google::protobuf::Map<std::string, std::string>& labels);

  /// From requirements (sorted here).
  static label_selector from_requirements(std::vector<label_requirement> requirements);

  bool matches(const google::protobuf::Map<std::string, std::string>& labels) const;
  bool matches(const std::map<std::string, std::string>& labels) const;

  /// No requirements: matches everything (false for nothing()).
  bool empty() const noexcept { return !nothing_ && requirements_.empty(); }
  bool is_nothing() const noexcept { return nothing_; }

  const std::vector<label_requirement>& requirements() const noexcept { return requirements_; }

  /// The value `key` must equal (a single =, == or one-value in), if any:
  /// lets callers use an index instead of scanning (k8s RequiresExactMatch).
  std::optional<std::string_view> requires_exact_match(std::string_view key) const;

  /// Canonical string, parseable again: requirements by key, joined by ','.
  /// nothing() prints as "" (like Kubernetes), which parses as everything.
  std::string to_string() const;

  friend bool operator==(const label_selector& x, const label_selector& y) {
    return x.nothing_ == y.nothing_ && x.requirements_ == y.requirements_;
  }

private:
  template <class Map>
  bool matches_map(const Map& labels) const;

  std::vector<label_requirement> requirements_;
  bool nothing_ = false;
};

template <class Map>
bool label_selector::matches_map(const Map& labels) const {
  if (nothing_)
    return false;
  for (const auto& req : requirements_) {
    auto it = labels.find(req.key());
    if (!req.matches_value(it == labels.end() ? nullptr : &it->second))
      return false;
  }
  return true;
}

/// "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!" (k8s names).
const char* to_string(selector_op op) noexcept;

} // namespace convoy::apiserver
