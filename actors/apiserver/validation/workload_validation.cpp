#include "actors/apiserver/validation/workload_validation.hpp"

#include <google/protobuf/util/message_differencer.h>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "actors/apiserver/validation/pod_validation.hpp"

namespace convoy::apiserver {

namespace {

const field_path metadata_path{"metadata"};
const field_path spec_path{"spec"};

// The gogo-protobuf String() Kubernetes prints for a *metav1.LabelSelector.
std::string render_selector(const api::LabelSelector& sel) {
  std::vector<std::pair<std::string, std::string>> labels(sel.match_labels().begin(),
                                                          sel.match_labels().end());
  std::sort(labels.begin(), labels.end());
  std::string out = "&LabelSelector{MatchLabels:map[string]string{";
  for (const auto& [key, value] : labels)
    out += key + ": " + value + ",";
  out += "},MatchExpressions:[]LabelSelectorRequirement{";
  for (const auto& expr : sel.match_expressions()) {
    out += "LabelSelectorRequirement{Key:" + expr.key() + ",Operator:" + expr.operator_()
           + ",Values:[";
    for (int i = 0; i < expr.values_size(); ++i)
      out += (i > 0 ? " " : "") + expr.values(i);
    out += "],},";
  }
  out += "},}";
  return out;
}

/// The template checks shared by RCs, ReplicaSets and Deployments.
void validate_template_for(const api::PodTemplateSpec& tmpl, const label_selector& selector,
                           std::string_view owner_kind, const field_path& path,
                           field_error_list& errs) {
  if (!selector.empty() && !selector.matches(tmpl.metadata().labels()))
    errs.push_back(invalid(path.child("metadata.labels"),
                           bad_value::raw(go_string_map(tmpl.metadata().labels())),
                           "`selector` does not match template `labels`"));
  validate_pod_template_spec(tmpl, path, errs);
  const auto spec = path.child("spec");
  if (tmpl.spec().restart_policy() != "Always")
    errs.push_back(not_supported(spec.child("restartPolicy"), tmpl.spec().restart_policy(),
                                 {"Always"}));
  if (tmpl.spec().has_active_deadline_seconds())
    errs.push_back(forbidden(spec.child("activeDeadlineSeconds"),
                             "activeDeadlineSeconds in " + std::string{owner_kind}
                               + " is not Supported"));
}

void validate_rc_spec(const api::ReplicationControllerSpec& spec, const field_path& path,
                      field_error_list& errs) {
  validate_nonnegative(spec.min_ready_seconds(), path.child("minReadySeconds"), errs);
  if (spec.selector().empty())
    errs.push_back(required(path.child("selector")));
  else
    validate_labels(spec.selector(), path.child("selector"), errs);
  if (spec.has_replicas())
    validate_nonnegative(spec.replicas(), path.child("replicas"), errs);
  if (!spec.has_template_()) {
    errs.push_back(required(path.child("template")));
    return;
  }
  validate_template_for(spec.template_(), label_selector::from_map(spec.selector()),
                        "ReplicationController", path.child("template"), errs);
}

/// ReplicaSet and Deployment share selector + template rules.
template <class Spec>
void validate_selector_and_template(const Spec& spec, std::string_view owner_kind,
                                    const field_path& path, field_error_list& errs) {
  const auto selector_path = path.child("selector");
  if (!spec.has_selector()) {
    errs.push_back(required(selector_path));
  } else {
    validate_label_selector(spec.selector(), selector_path, errs);
    if (spec.selector().match_labels().empty() && spec.selector().match_expressions().empty())
      errs.push_back(invalid(selector_path, bad_value::raw(render_selector(spec.selector())),
                             "empty selector is invalid for deployment"));
  }
  auto selector = spec.has_selector() ? label_selector::from_message(spec.selector())
                                      : selector_result<label_selector>{label_selector::nothing(), {}};
  if (!selector)
    errs.push_back(invalid(selector_path, bad_value::raw(render_selector(spec.selector())),
                           "invalid label selector"));
  else
    validate_template_for(spec.template_(), *selector.value, owner_kind, path.child("template"),
                          errs);
}

void validate_rs_spec(const api::ReplicaSetSpec& spec, const field_path& path,
                      field_error_list& errs) {
  if (spec.has_replicas())
    validate_nonnegative(spec.replicas(), path.child("replicas"), errs);
  validate_nonnegative(spec.min_ready_seconds(), path.child("minReadySeconds"), errs);
  validate_selector_and_template(spec, "ReplicaSet", path, errs);
}

// A percentage's number, or the int (Kubernetes' getIntOrPercentValue).
int64_t int_or_percent_value(const api::IntOrString& value) {
  int64_t number = 0;
  if (value.type() == 1) {
    const auto& text = value.str_val();
    if (is_valid_percent(text).empty())
      parse_int64(std::string_view{text}.substr(0, text.size() - 1), number);
    else
      parse_int64(text, number);
    return number;
  }
  return value.int_val();
}

void validate_positive_int_or_percent(const api::IntOrString& value, const field_path& path,
                                      field_error_list& errs) {
  const auto rendered = render_int_or_string(value);
  if (value.type() == 1) {
    for (auto& msg : is_valid_percent(value.str_val()))
      errs.push_back(invalid(path, bad_value::raw(rendered), std::move(msg)));
  } else if (value.type() == 0) {
    validate_nonnegative(value.int_val(), path, errs);
  } else {
    errs.push_back(invalid(path, bad_value::raw(rendered),
                           "must be an integer or percentage (e.g '5%')"));
  }
}

void validate_rolling_update(const api::RollingUpdateDeployment& ru, const field_path& path,
                             field_error_list& errs) {
  const auto unavailable = path.child("maxUnavailable");
  validate_positive_int_or_percent(ru.max_unavailable(), unavailable, errs);
  validate_positive_int_or_percent(ru.max_surge(), path.child("maxSurge"), errs);
  const auto rendered = render_int_or_string(ru.max_unavailable());
  if (int_or_percent_value(ru.max_unavailable()) == 0 && int_or_percent_value(ru.max_surge()) == 0)
    errs.push_back(invalid(unavailable, bad_value::raw(rendered), "may not be 0 when `maxSurge` is 0"));
  if (ru.max_unavailable().type() == 1 && is_valid_percent(ru.max_unavailable().str_val()).empty()
      && int_or_percent_value(ru.max_unavailable()) > 100)
    errs.push_back(invalid(unavailable, bad_value::raw(rendered), "must not be greater than 100%"));
}

void validate_strategy(const api::DeploymentStrategy& strategy, const field_path& path,
                       field_error_list& errs) {
  if (strategy.type() == "Recreate") {
    if (strategy.has_rolling_update())
      errs.push_back(forbidden(path.child("rollingUpdate"),
                               "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy.type() == "RollingUpdate") {
    if (!strategy.has_rolling_update())
      errs.push_back(required(path.child("rollingUpdate"),
                              "this should be defaulted and never be nil"));
    else
      validate_rolling_update(strategy.rolling_update(), path.child("rollingUpdate"), errs);
  } else {
    errs.push_back(not_supported(
      path, bad_value::raw("apps.DeploymentStrategy{Type:" + bad_value::quote(strategy.type()) + "}"),
      {"Recreate", "RollingUpdate"}));
  }
}

void validate_deployment_spec(const api::DeploymentSpec& spec, const field_path& path,
                              field_error_list& errs) {
  if (spec.has_replicas())
    validate_nonnegative(spec.replicas(), path.child("replicas"), errs);
  validate_selector_and_template(spec, "Deployment", path, errs);
  validate_strategy(spec.strategy(), path.child("strategy"), errs);
  validate_nonnegative(spec.min_ready_seconds(), path.child("minReadySeconds"), errs);
  if (spec.has_revision_history_limit())
    validate_nonnegative(spec.revision_history_limit(), path.child("revisionHistoryLimit"), errs);
  if (spec.has_progress_deadline_seconds()) {
    const auto at = path.child("progressDeadlineSeconds");
    validate_nonnegative(spec.progress_deadline_seconds(), at, errs);
    if (spec.progress_deadline_seconds() <= spec.min_ready_seconds())
      errs.push_back(invalid(at, spec.progress_deadline_seconds(),
                             "must be greater than minReadySeconds"));
  }
}

template <class Spec>
void validate_selector_immutable(const Spec& updated, const Spec& old, field_error_list& errs) {
  bool same = updated.has_selector() == old.has_selector()
              && google::protobuf::util::MessageDifferencer::Equivalent(updated.selector(),
                                                                        old.selector());
  if (!same)
    errs.push_back(invalid(spec_path.child("selector"),
                           bad_value::raw(render_selector(updated.selector())),
                           field_immutable_error_msg));
}

} // namespace

field_error_list validate_replication_controller(const api::ReplicationController& rc) {
  field_error_list errs;
  validate_object_meta(rc.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_rc_spec(rc.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_replication_controller_update(const api::ReplicationController& updated,
                                                        const api::ReplicationController& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_rc_spec(updated.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_replica_set(const api::ReplicaSet& rs) {
  field_error_list errs;
  validate_object_meta(rs.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_rs_spec(rs.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_replica_set_update(const api::ReplicaSet& updated,
                                             const api::ReplicaSet& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_rs_spec(updated.spec(), spec_path, errs);
  validate_selector_immutable(updated.spec(), old.spec(), errs);
  return errs;
}

field_error_list validate_deployment(const api::Deployment& deployment) {
  field_error_list errs;
  validate_object_meta(deployment.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_deployment_spec(deployment.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_deployment_update(const api::Deployment& updated,
                                            const api::Deployment& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_deployment_spec(updated.spec(), spec_path, errs);
  validate_selector_immutable(updated.spec(), old.spec(), errs);
  return errs;
}

field_error_list validate_scale(const api::Scale& scale) {
  field_error_list errs;
  validate_object_meta(scale.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_nonnegative(scale.spec().replicas(), spec_path.child("replicas"), errs);
  return errs;
}

} // namespace convoy::apiserver
