#include "actors/apiserver/validation/rbac_validation.hpp"

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

const char* const rbac_group = "rbac.authorization.k8s.io";

namespace {

const field_path metadata_path{"metadata"};

void validate_rule(const api::PolicyRule& rule, bool namespaced, const field_path& path,
                   field_error_list& errs) {
  if (rule.verbs().empty())
    errs.push_back(required(path.child("verbs"), "verbs must contain at least one value"));
  if (!rule.non_resource_urls().empty()) {
    const auto urls = path.child("nonResourceURLs");
    auto rendered = [&] {
      return bad_value::raw(
        go_string_slice({rule.non_resource_urls().begin(), rule.non_resource_urls().end()}));
    };
    if (namespaced)
      errs.push_back(invalid(urls, rendered(), "namespaced rules cannot apply to non-resource URLs"));
    if (!rule.api_groups().empty() || !rule.resources().empty() || !rule.resource_names().empty())
      errs.push_back(invalid(urls, rendered(),
                             "rules cannot apply to both regular resources and non-resource URLs"));
    return;
  }
  if (rule.api_groups().empty())
    errs.push_back(required(path.child("apiGroups"),
                            "resource rules must supply at least one api group"));
  if (rule.resources().empty())
    errs.push_back(required(path.child("resources"),
                            "resource rules must supply at least one resource"));
}

void validate_rules(const google::protobuf::RepeatedPtrField<api::PolicyRule>& rules,
                    bool namespaced, field_error_list& errs) {
  const field_path path{"rules"};
  for (int i = 0; i < rules.size(); ++i)
    validate_rule(rules[i], namespaced, path.index(static_cast<size_t>(i)), errs);
}

void validate_subject(const api::Subject& subject, bool namespaced, const field_path& path,
                      field_error_list& errs) {
  if (subject.name().empty())
    errs.push_back(required(path.child("name")));
  const auto api_group = path.child("apiGroup");
  if (subject.kind() == "ServiceAccount") {
    if (!subject.name().empty())
      validate_name_with(name_is_dns_subdomain, subject.name(), path.child("name"), errs);
    if (!subject.api_group().empty())
      errs.push_back(not_supported(api_group, subject.api_group(), {""}));
    if (!namespaced && subject.namespace_().empty())
      errs.push_back(required(path.child("namespace")));
  } else if (subject.kind() == "User" || subject.kind() == "Group") {
    if (subject.api_group() != rbac_group)
      errs.push_back(not_supported(api_group, subject.api_group(), {rbac_group}));
  } else {
    errs.push_back(
      not_supported(path.child("kind"), subject.kind(), {"ServiceAccount", "User", "Group"}));
  }
}

template <class Binding>
void validate_binding(const Binding& binding, bool namespaced, field_error_list& errs) {
  validate_object_meta(binding.metadata(), namespaced, name_is_path_segment, metadata_path, errs);
  const field_path role_ref{"roleRef"};
  const auto& ref = binding.role_ref();
  if (ref.api_group() != rbac_group)
    errs.push_back(not_supported(role_ref.child("apiGroup"), ref.api_group(), {rbac_group}));
  if (namespaced) {
    if (ref.kind() != "Role" && ref.kind() != "ClusterRole")
      errs.push_back(not_supported(role_ref.child("kind"), ref.kind(), {"Role", "ClusterRole"}));
  } else if (ref.kind() != "ClusterRole") {
    errs.push_back(not_supported(role_ref.child("kind"), ref.kind(), {"ClusterRole"}));
  }
  if (ref.name().empty())
    errs.push_back(required(role_ref.child("name")));
  else
    validate_name_with(name_is_path_segment, ref.name(), role_ref.child("name"), errs);
  const field_path subjects{"subjects"};
  for (int i = 0; i < binding.subjects_size(); ++i)
    validate_subject(binding.subjects(i), namespaced, subjects.index(static_cast<size_t>(i)), errs);
}

template <class Binding>
void validate_role_ref_unchanged(const Binding& updated, const Binding& old,
                                 field_error_list& errs) {
  const auto& x = updated.role_ref();
  const auto& y = old.role_ref();
  if (x.api_group() == y.api_group() && x.kind() == y.kind() && x.name() == y.name())
    return;
  errs.push_back(invalid(field_path{"roleRef"},
                         bad_value::raw("rbac.RoleRef{APIGroup:" + bad_value::quote(x.api_group())
                                        + ", Kind:" + bad_value::quote(x.kind()) + ", Name:"
                                        + bad_value::quote(x.name()) + "}"),
                         "cannot change roleRef"));
}

} // namespace

field_error_list validate_role(const api::Role& role) {
  field_error_list errs;
  validate_object_meta(role.metadata(), true, name_is_path_segment, metadata_path, errs);
  validate_rules(role.rules(), true, errs);
  return errs;
}

field_error_list validate_role_update(const api::Role& updated, const api::Role& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_rules(updated.rules(), true, errs);
  return errs;
}

field_error_list validate_cluster_role(const api::ClusterRole& role) {
  field_error_list errs;
  validate_object_meta(role.metadata(), false, name_is_path_segment, metadata_path, errs);
  validate_rules(role.rules(), false, errs);
  if (role.has_aggregation_rule()) {
    const field_path selectors{"aggregationRule.clusterRoleSelectors"};
    const auto& rule = role.aggregation_rule();
    if (rule.cluster_role_selectors().empty())
      errs.push_back(required(selectors, "at least one clusterRoleSelector required if "
                                         "aggregationRule is non-nil"));
    for (int i = 0; i < rule.cluster_role_selectors_size(); ++i)
      validate_label_selector(rule.cluster_role_selectors(i),
                              selectors.index(static_cast<size_t>(i)), errs);
  }
  return errs;
}

field_error_list validate_cluster_role_update(const api::ClusterRole& updated,
                                              const api::ClusterRole& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  auto more = validate_cluster_role(updated);
  errs.insert(errs.end(), more.begin(), more.end());
  return errs;
}

field_error_list validate_role_binding(const api::RoleBinding& binding) {
  field_error_list errs;
  validate_binding(binding, true, errs);
  return errs;
}

field_error_list validate_role_binding_update(const api::RoleBinding& updated,
                                              const api::RoleBinding& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_role_ref_unchanged(updated, old, errs);
  validate_binding(updated, true, errs);
  return errs;
}

field_error_list validate_cluster_role_binding(const api::ClusterRoleBinding& binding) {
  field_error_list errs;
  validate_binding(binding, false, errs);
  return errs;
}

field_error_list validate_cluster_role_binding_update(const api::ClusterRoleBinding& updated,
                                                      const api::ClusterRoleBinding& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_role_ref_unchanged(updated, old, errs);
  validate_binding(updated, false, errs);
  return errs;
}

} // namespace convoy::apiserver
