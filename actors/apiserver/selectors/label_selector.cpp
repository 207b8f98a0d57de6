#include "actors/apiserver/selectors/label_selector.hpp"

#include <algorithm>

#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

namespace {

std::string join(const messages& msgs, std::string_view sep) {
  std::string out;
  for (const auto& msg : msgs) {
    if (!out.empty())
      out += sep;
    out += msg;
  }
  return out;
}

void check_values_count(selector_op op, const std::vector<std::string>& values,
                        const field_path& path, field_error_list& errs) {
  auto rendered = [&] { return bad_value::raw(go_string_slice(values)); };
  switch (op) {
    case selector_op::in:
    case selector_op::not_in:
      if (values.empty())
        errs.push_back(invalid(path, rendered(),
                               "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case selector_op::equals:
    case selector_op::double_equals:
    case selector_op::not_equals:
      if (values.size() != 1)
        errs.push_back(invalid(path, rendered(),
                               "exact-match compatibility requires one single value"));
      break;
    case selector_op::exists:
    case selector_op::does_not_exist:
      if (!values.empty())
        errs.push_back(invalid(path, rendered(),
                               "values set must be empty for exists and does not exist"));
      break;
    case selector_op::greater_than:
    case selector_op::less_than:
      if (values.size() != 1)
        errs.push_back(invalid(path, rendered(),
                               "for 'Gt', 'Lt' operators, exactly one value is required"));
      for (size_t i = 0; i < values.size(); ++i) {
        int64_t ignored = 0;
        if (!parse_int64(values[i], ignored))
          errs.push_back(invalid(path.index(i), values[i],
                                 "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
      break;
  }
}

bool contains_sorted(const std::vector<std::string>& values, const std::string& value) {
  return std::binary_search(values.begin(), values.end(), value);
}

} // namespace

const char* to_string(selector_op op) noexcept {
  switch (op) {
    case selector_op::equals:
      return "=";
    case selector_op::double_equals:
      return "==";
    case selector_op::not_equals:
      return "!=";
    case selector_op::in:
      return "in";
    case selector_op::not_in:
      return "notin";
    case selector_op::exists:
      return "exists";
    case selector_op::does_not_exist:
      return "!";
    case selector_op::greater_than:
      return "gt";
    case selector_op::less_than:
      return "lt";
  }
  return "?";
}

selector_result<label_requirement>
label_requirement::make(std::string key, selector_op op, std::vector<std::string> values) {
  field_error_list errs;
  if (auto msgs = is_qualified_name(key); !msgs.empty())
    errs.push_back(invalid(field_path{"key"}, key, join(msgs, "; ")));
  const field_path values_path{"values"};
  check_values_count(op, values, values_path, errs);
  for (size_t i = 0; i < values.size(); ++i) {
    if (auto msgs = is_valid_label_value(values[i]); !msgs.empty()) {
      const auto at = values_path.index(i);
      errs.push_back(invalid(at.key(key), values[i], join(msgs, "; ")));
    }
  }
  if (!errs.empty())
    return {std::nullopt, to_aggregate_string(errs)};
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  label_requirement req{std::move(key), op, std::move(values)};
  if (op == selector_op::greater_than || op == selector_op::less_than)
    parse_int64(req.values_.front(), req.int_value_);
  return {std::move(req), {}};
}

bool label_requirement::matches_value(const std::string* value) const {
  switch (op_) {
    case selector_op::equals:
    case selector_op::double_equals:
    case selector_op::in:
      return value != nullptr && contains_sorted(values_, *value);
    case selector_op::not_equals:
    case selector_op::not_in:
      return value == nullptr || !contains_sorted(values_, *value);
    case selector_op::exists:
      return value != nullptr;
    case selector_op::does_not_exist:
      return value == nullptr;
    case selector_op::greater_than:
    case selector_op::less_than: {
      int64_t actual = 0;
      if (value == nullptr || !parse_int64(*value, actual))
        return false;
      return op_ == selector_op::greater_than ? actual > int_value_ : actual < int_value_;
    }
  }
  return false;
}

void label_requirement::append_to(std::string& out) const {
  if (op_ == selector_op::does_not_exist)
    out += '!';
  out += key_;
  switch (op_) {
    case selector_op::exists:
    case selector_op::does_not_exist:
      return;
    case selector_op::in:
      out += " in (";
      break;
    case selector_op::not_in:
      out += " notin (";
      break;
    case selector_op::greater_than:
      out += '>';
      break;
    case selector_op::less_than:
      out += '<';
      break;
    default:
      out += to_string(op_);
  }
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i > 0)
      out += ',';
    out += values_[i];
  }
  if (op_ == selector_op::in || op_ == selector_op::not_in)
    out += ')';
}

label_selector label_selector::nothing() {
  label_selector result;
  result.nothing_ = true;
  return result;
}

label_selector label_selector::from_requirements(std::vector<label_requirement> requirements) {
  label_selector result;
  result.requirements_ = std::move(requirements);
  std::stable_sort(result.requirements_.begin(), result.requirements_.end(),
                   [](const label_requirement& x, const label_requirement& y) {
                     return x.key() < y.key();
                   });
  return result;
}

selector_result<label_selector> label_selector::from_message(const api::LabelSelector& selector) {
  std::vector<label_requirement> reqs;
  reqs.reserve(selector.match_labels_size() + selector.match_expressions_size());
  // Map order is unspecified; go by key so the first error is stable.
  std::vector<std::pair<std::string, std::string>> labels(selector.match_labels().begin(),
                                                          selector.match_labels().end());
  std::sort(labels.begin(), labels.end());
  for (auto& [key, value] : labels) {
    auto req = label_requirement::make(key, selector_op::equals, {value});
    if (!req)
      return {std::nullopt, std::move(req.error)};
    reqs.push_back(std::move(*req.value));
  }
  for (const auto& expr : selector.match_expressions()) {
    selector_op op;
    const auto& name = expr.operator_();
    if (name == "In")
      op = selector_op::in;
    else if (name == "NotIn")
      op = selector_op::not_in;
    else if (name == "Exists")
      op = selector_op::exists;
    else if (name == "DoesNotExist")
      op = selector_op::does_not_exist;
    else
      return {std::nullopt, bad_value::quote(name) + " is not a valid label selector operator"};
    auto req = label_requirement::make(expr.key(), op, {expr.values().begin(), expr.values().end()});
    if (!req)
      return {std::nullopt, std::move(req.error)};
    reqs.push_back(std::move(*req.value));
  }
  return {from_requirements(std::move(reqs)), {}};
}

label_selector
label_selector::from_map(const google::protobuf::Map<std::string, std::string>& labels) {
  std::vector<label_requirement> reqs;
  reqs.reserve(labels.size());
  for (const auto& [key, value] : labels)
    reqs.push_back(label_requirement{key, selector_op::equals, {value}});
  return from_requirements(std::move(reqs));
}

bool label_selector::matches(const google::protobuf::Map<std::string, std::string>& labels) const {
  return matches_map(labels);
}

bool label_selector::matches(const std::map<std::string, std::string>& labels) const {
  return matches_map(labels);
}

std::optional<std::string_view> label_selector::requires_exact_match(std::string_view key) const {
  for (const auto& req : requirements_) {
    if (req.key() != key)
      continue;
    switch (req.op()) {
      case selector_op::equals:
      case selector_op::double_equals:
      case selector_op::in:
        if (req.values().size() == 1)
          return std::string_view{req.values().front()};
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string label_selector::to_string() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0)
      out += ',';
    requirements_[i].append_to(out);
  }
  return out;
}

} // namespace convoy::apiserver
