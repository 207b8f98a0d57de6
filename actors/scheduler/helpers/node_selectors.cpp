#include "actors/scheduler/helpers/node_selectors.hpp"

#include <charconv>

namespace convoy::scheduler {

namespace {

bool parse_int(const std::string& text, int64_t& out) {
  auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end && !text.empty();
}

bool contains(const google::protobuf::RepeatedPtrField<std::string>& values,
              const std::string& value) {
  for (const auto& v : values)
    if (v == value)
      return true;
  return false;
}

bool compare_int(const api::NodeSelectorRequirement& req, const std::string* value, bool greater) {
  int64_t have = 0;
  int64_t bound = 0;
  if (value == nullptr || req.values_size() != 1 || !parse_int(*value, have) ||
      !parse_int(req.values(0), bound))
    return false;
  return greater ? have > bound : have < bound;
}

/// matches_requirement on a value that may be absent (nullptr).
bool matches_value(const api::NodeSelectorRequirement& req, const std::string* value) {
  const auto& op = req.operator_();
  if (op == "In")
    return value != nullptr && contains(req.values(), *value);
  if (op == "NotIn")
    return value == nullptr || !contains(req.values(), *value);
  if (op == "Exists")
    return value != nullptr;
  if (op == "DoesNotExist")
    return value == nullptr;
  if (op == "Gt")
    return compare_int(req, value, true);
  if (op == "Lt")
    return compare_int(req, value, false);
  return false;
}

} // namespace

bool matches_requirement(const api::NodeSelectorRequirement& req, const label_map& labels) {
  auto it = labels.find(req.key());
  return matches_value(req, it == labels.end() ? nullptr : &it->second);
}

bool matches_term(const api::NodeSelectorTerm& term, const api::Node& node) {
  if (term.match_expressions().empty() && term.match_fields().empty())
    return false;
  for (const auto& req : term.match_expressions())
    if (!matches_requirement(req, node.metadata().labels()))
      return false;
  for (const auto& req : term.match_fields()) {
    if (req.key() != "metadata.name" || !matches_value(req, &node.metadata().name()))
      return false;
  }
  return true;
}

bool matches_node_selector(const api::NodeSelector& selector, const api::Node& node) {
  for (const auto& term : selector.node_selector_terms())
    if (matches_term(term, node))
      return true;
  return false;
}

bool matches_node_selector_and_affinity(const api::PodSpec& spec, const api::Node& node) {
  const auto& labels = node.metadata().labels();
  for (const auto& [key, value] : spec.node_selector()) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value)
      return false;
  }
  if (spec.has_affinity() && spec.affinity().has_node_affinity()) {
    const auto& na = spec.affinity().node_affinity();
    if (na.has_required_during_scheduling_ignored_during_execution() &&
        !matches_node_selector(na.required_during_scheduling_ignored_during_execution(), node))
      return false;
  }
  return true;
}

} // namespace convoy::scheduler
