#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/rbac/rbac_rules.hpp"
#include "api/rbac.pb.h"

namespace convoy::apiserver {

/// The outcome of an authorization check and why, e.g. `RBAC: allowed by
/// ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to
/// Group "system:masters"`.
struct authorization_decision {
  bool allowed = false;
  std::string reason;
};

/// Kubernetes' RBAC authorizer over an in-memory copy of the RBAC objects
/// (which the apiserver keeps current from its watch on them).
///
/// Semantics (k8s plugin/pkg/auth/authorizer/rbac): deny by default; a
/// request is allowed if any rule reachable from a binding whose subjects
/// include the user (by name, by one of its groups, or as a service
/// account "system:serviceaccount:NS:NAME") allows it. ClusterRoleBindings
/// apply everywhere; RoleBindings (to a Role, or to a ClusterRole) only
/// within their own namespace. A binding to a missing role grants nothing
/// and its error is reported in the denial reason.
///
/// Bindings are indexed by subject (user name / group name, cluster-wide
/// and per namespace), so a check looks at only the bindings of the
/// requesting user and its groups: O((1 + groups) * log bindings + rules of
/// those bindings), never every rule. Roles are looked up by name when a
/// binding is evaluated, so changing a role needs no re-indexing.
class rbac_authorizer {
public:
  // -- policy updates ----------------------------------------------------------

  /// Adds or replaces (by namespace/name) a Role.
  void upsert(const api::Role& role);
  void upsert(const api::ClusterRole& role);
  void upsert(const api::RoleBinding& binding);
  void upsert(const api::ClusterRoleBinding& binding);

  void remove_role(std::string_view ns, std::string_view name);
  void remove_cluster_role(std::string_view name);
  void remove_role_binding(std::string_view ns, std::string_view name);
  void remove_cluster_role_binding(std::string_view name);

  // -- decisions ---------------------------------------------------------------

  authorization_decision authorize(const user_info& user, const request_attributes& request) const;

  /// Every rule that applies to `user` in `ns` (cluster-wide rules first),
  /// e.g. for `can-i --list` or a SelfSubjectRulesReview.
  std::vector<api::PolicyRule> rules_for(const user_info& user, std::string_view ns) const;

  // -- introspection -------------------------------------------------------------

  size_t role_count() const noexcept;
  size_t binding_count() const noexcept;

  /// How many index entries (binding, subject) exist; a binding with two
  /// subjects counts twice.
  size_t index_size() const noexcept;

private:
  /// One (binding, subject) pair under a subject key.
  template <class Binding>
  struct grant {
    const Binding* binding;
    int subject;
  };

  /// Bindings reachable from a user name or a group name.
  template <class Binding>
  struct subject_index {
    std::map<std::string, std::vector<grant<Binding>>, std::less<>> users;
    std::map<std::string, std::vector<grant<Binding>>, std::less<>> groups;
  };

  template <class Binding>
  static void index_binding(const Binding& binding, std::string_view ns,
                            subject_index<Binding>& index);

  template <class Binding>
  static void unindex_binding(const Binding& binding, std::string_view ns,
                              subject_index<Binding>& index);

  const google::protobuf::RepeatedPtrField<api::PolicyRule>*
  rules_of(const api::RoleRef& ref, std::string_view binding_ns, std::string& error) const;

  /// Visits the rules granted to `user` in `ns` as Kubernetes' VisitRulesFor:
  /// cluster role bindings, then role bindings of `ns`; each binding once.
  /// `visitor(binding, subject_index, rule)` returns false to stop.
  template <class Visitor>
  void visit(const user_info& user, std::string_view ns, std::vector<std::string>& errors,
             Visitor&& visitor) const;

  template <class Binding, class Visitor>
  bool visit_index(const subject_index<Binding>& index, const user_info& user,
                   std::string_view binding_ns, std::vector<std::string>& errors,
                   Visitor& visitor) const;

  std::map<std::string, api::ClusterRole, std::less<>> cluster_roles_;
  std::map<std::string, std::map<std::string, api::Role, std::less<>>, std::less<>> roles_;
  std::map<std::string, api::ClusterRoleBinding, std::less<>> cluster_bindings_;
  std::map<std::string, std::map<std::string, api::RoleBinding, std::less<>>, std::less<>>
    role_bindings_;
  subject_index<api::ClusterRoleBinding> cluster_index_;
  std::map<std::string, subject_index<api::RoleBinding>, std::less<>> namespace_index_;
};

} // namespace convoy::apiserver
