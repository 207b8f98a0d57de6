#include "actors/apiserver/validation/scheduling_validation.hpp"

#include <string>

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

namespace {

std::string render_toleration(const api::Toleration& t) {
  std::string out = "core.Toleration{Key:" + bad_value::quote(t.key())
                    + ", Operator:" + bad_value::quote(t.operator_())
                    + ", Value:" + bad_value::quote(t.value())
                    + ", Effect:" + bad_value::quote(t.effect()) + ", TolerationSeconds:";
  out += t.has_toleration_seconds() ? std::to_string(t.toleration_seconds())
                                    : std::string{"(*int64)(nil)"};
  out += '}';
  return out;
}

void validate_toleration(const api::Toleration& t, const field_path& path,
                         field_error_list& errs) {
  if (!t.key().empty())
    validate_label_name(t.key(), path.child("key"), errs);
  const auto op_path = path.child("operator");
  if (t.key().empty() && t.operator_() != "Exists")
    errs.push_back(invalid(op_path, t.operator_(),
                           "operator must be Exists when `key` is empty, which means \"match "
                           "all values and all keys\""));
  if (t.has_toleration_seconds() && t.effect() != "NoExecute")
    errs.push_back(invalid(path.child("effect"), t.effect(),
                           "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  if (t.operator_() == "Equal" || t.operator_().empty()) {
    auto msgs = is_valid_label_value(t.value());
    if (!msgs.empty()) {
      std::string joined;
      for (const auto& msg : msgs)
        joined += (joined.empty() ? "" : ";") + msg;
      errs.push_back(invalid(op_path, t.value(), std::move(joined)));
    }
  } else if (t.operator_() == "Exists") {
    if (!t.value().empty())
      errs.push_back(invalid(op_path, bad_value::raw(render_toleration(t)),
                             "value must be empty when `operator` is 'Exists'"));
  } else {
    errs.push_back(not_supported(op_path, t.operator_(), {"Equal", "Exists"}));
  }
  if (!t.effect().empty())
    validate_taint_effect(t.effect(), true, path.child("effect"), errs);
}

void validate_node_selector_requirement(const api::NodeSelectorRequirement& req,
                                        const field_path& path, field_error_list& errs) {
  const auto& op = req.operator_();
  const auto values = path.child("values");
  if (op == "In" || op == "NotIn") {
    if (req.values().empty())
      errs.push_back(required(values, "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (!req.values().empty())
      errs.push_back(forbidden(values, "may not be specified when `operator` is 'Exists' or "
                                       "'DoesNotExist'"));
  } else if (op == "Gt" || op == "Lt") {
    int64_t ignored = 0;
    if (req.values_size() != 1)
      errs.push_back(required(values, "must be specified single value when `operator` is 'Lt' "
                                      "or 'Gt'"));
    else if (!parse_int64(req.values(0), ignored))
      errs.push_back(invalid(values.index(0), req.values(0), is_not_integer_error_msg));
  } else {
    errs.push_back(invalid(path.child("operator"), op, "not a valid selector operator"));
  }
  validate_label_name(req.key(), path.child("key"), errs);
}

void validate_node_field_requirement(const api::NodeSelectorRequirement& req,
                                     const field_path& path, field_error_list& errs) {
  const auto& op = req.operator_();
  const auto values = path.child("values");
  if (op == "In" || op == "NotIn") {
    if (req.values_size() != 1)
      errs.push_back(required(values, "must be only one value when `operator` is 'In' or "
                                      "'NotIn' for node field selector"));
  } else {
    errs.push_back(invalid(path.child("operator"), op, "not a valid selector operator"));
  }
  if (req.key() != "metadata.name") {
    errs.push_back(invalid(path.child("key"), req.key(), "not a valid field selector key"));
    return;
  }
  for (int i = 0; i < req.values_size(); ++i)
    for (auto& msg : is_dns1123_subdomain(req.values(i)))
      errs.push_back(invalid(values.index(static_cast<size_t>(i)), req.values(i), std::move(msg)));
}

void validate_node_selector_term(const api::NodeSelectorTerm& term, const field_path& path,
                                 field_error_list& errs) {
  const auto exprs = path.child("matchExpressions");
  for (int i = 0; i < term.match_expressions_size(); ++i)
    validate_node_selector_requirement(term.match_expressions(i),
                                       exprs.index(static_cast<size_t>(i)), errs);
  const auto fields = path.child("matchFields");
  for (int i = 0; i < term.match_fields_size(); ++i)
    validate_node_field_requirement(term.match_fields(i), fields.index(static_cast<size_t>(i)),
                                    errs);
}

void validate_weight(int32_t weight, const field_path& path, field_error_list& errs) {
  if (weight <= 0 || weight > 100)
    errs.push_back(invalid(path, weight, "must be in the range 1-100"));
}

void validate_pod_affinity_term(const api::PodAffinityTerm& term, const field_path& path,
                                field_error_list& errs) {
  if (term.has_label_selector())
    validate_label_selector(term.label_selector(), path.child("labelSelector"), errs);
  if (term.has_namespace_selector())
    validate_label_selector(term.namespace_selector(), path.child("namespaceSelector"), errs);
  for (const auto& ns : term.namespaces())
    validate_name_with(name_is_dns_label, ns, path.child("namespace"), errs);
  if (term.topology_key().empty())
    errs.push_back(required(path.child("topologyKey"), "can not be empty"));
  validate_label_name(term.topology_key(), path.child("topologyKey"), errs);
}

template <class Affinity>
void validate_pod_affinity(const Affinity& affinity, const field_path& path,
                           field_error_list& errs) {
  const auto req = path.child("requiredDuringSchedulingIgnoredDuringExecution");
  for (int i = 0; i < affinity.required_during_scheduling_ignored_during_execution_size(); ++i)
    validate_pod_affinity_term(affinity.required_during_scheduling_ignored_during_execution(i),
                               req.index(static_cast<size_t>(i)), errs);
  const auto pref = path.child("preferredDuringSchedulingIgnoredDuringExecution");
  for (int i = 0; i < affinity.preferred_during_scheduling_ignored_during_execution_size(); ++i) {
    const auto& weighted = affinity.preferred_during_scheduling_ignored_during_execution(i);
    const auto at = pref.index(static_cast<size_t>(i));
    validate_weight(weighted.weight(), at.child("weight"), errs);
    validate_pod_affinity_term(weighted.pod_affinity_term(), at.child("podAffinityTerm"), errs);
  }
}

void validate_node_affinity(const api::NodeAffinity& affinity, const field_path& path,
                            field_error_list& errs) {
  if (affinity.has_required_during_scheduling_ignored_during_execution())
    validate_node_selector(affinity.required_during_scheduling_ignored_during_execution(),
                           path.child("requiredDuringSchedulingIgnoredDuringExecution"), errs);
  const auto pref = path.child("preferredDuringSchedulingIgnoredDuringExecution");
  for (int i = 0; i < affinity.preferred_during_scheduling_ignored_during_execution_size(); ++i) {
    const auto& term = affinity.preferred_during_scheduling_ignored_during_execution(i);
    const auto at = pref.index(static_cast<size_t>(i));
    validate_weight(term.weight(), at.child("weight"), errs);
    validate_node_selector_term(term.preference(), at.child("preference"), errs);
  }
}

void validate_node_inclusion_policy(bool present, const std::string& policy,
                                    const field_path& path, field_error_list& errs) {
  if (present && policy != "Honor" && policy != "Ignore")
    errs.push_back(not_supported(path, policy, {"Honor", "Ignore"}));
}

} // namespace

void validate_tolerations(const repeated<api::Toleration>& tolerations, const field_path& path,
                          field_error_list& errs) {
  for (int i = 0; i < tolerations.size(); ++i)
    validate_toleration(tolerations[i], path.index(static_cast<size_t>(i)), errs);
}

void validate_taint_effect(std::string_view effect, bool allow_empty, const field_path& path,
                           field_error_list& errs) {
  if (effect.empty() && !allow_empty) {
    errs.push_back(required(path));
    return;
  }
  if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
    errs.push_back(not_supported(path, effect, {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
}

void validate_node_selector(const api::NodeSelector& selector, const field_path& path,
                            field_error_list& errs) {
  const auto terms = path.child("nodeSelectorTerms");
  if (selector.node_selector_terms().empty()) {
    errs.push_back(required(terms, "must have at least one node selector term"));
    return;
  }
  for (int i = 0; i < selector.node_selector_terms_size(); ++i)
    validate_node_selector_term(selector.node_selector_terms(i), terms.index(static_cast<size_t>(i)),
                                errs);
}

void validate_affinity(const api::Affinity& affinity, const field_path& path,
                       field_error_list& errs) {
  if (affinity.has_node_affinity())
    validate_node_affinity(affinity.node_affinity(), path.child("nodeAffinity"), errs);
  if (affinity.has_pod_affinity())
    validate_pod_affinity(affinity.pod_affinity(), path.child("podAffinity"), errs);
  if (affinity.has_pod_anti_affinity())
    validate_pod_affinity(affinity.pod_anti_affinity(), path.child("podAntiAffinity"), errs);
}

void validate_topology_spread(const repeated<api::TopologySpreadConstraint>& constraints,
                              const field_path& path, field_error_list& errs) {
  for (int i = 0; i < constraints.size(); ++i) {
    const auto& c = constraints[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (c.max_skew() <= 0)
      errs.push_back(invalid(at.child("maxSkew"), c.max_skew(), is_not_positive_error_msg));
    if (c.topology_key().empty())
      errs.push_back(required(at.child("topologyKey"), "can not be empty"));
    const auto& when = c.when_unsatisfiable();
    if (when != "DoNotSchedule" && when != "ScheduleAnyway")
      errs.push_back(not_supported(at.child("whenUnsatisfiable"), when,
                                   {"DoNotSchedule", "ScheduleAnyway"}));
    for (int j = i + 1; j < constraints.size(); ++j) {
      if (constraints[j].topology_key() == c.topology_key()
          && constraints[j].when_unsatisfiable() == when) {
        errs.push_back(duplicate(at.child("{topologyKey, whenUnsatisfiable}"),
                                 "{" + c.topology_key() + ", " + when + "}"));
        break;
      }
    }
    if (c.has_min_domains()) {
      if (c.min_domains() <= 0)
        errs.push_back(invalid(at.child("minDomains"), c.min_domains(), is_not_positive_error_msg));
      if (when != "DoNotSchedule")
        errs.push_back(invalid(at.child("minDomains"), c.min_domains(),
                               "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not "
                                 + when));
    }
    validate_node_inclusion_policy(c.has_node_affinity_policy(), c.node_affinity_policy(),
                                   at.child("nodeAffinityPolicy"), errs);
    validate_node_inclusion_policy(c.has_node_taints_policy(), c.node_taints_policy(),
                                   at.child("nodeTaintsPolicy"), errs);
    if (c.has_label_selector())
      validate_label_selector(c.label_selector(), at.child("labelSelector"), errs);
  }
}

} // namespace convoy::apiserver
