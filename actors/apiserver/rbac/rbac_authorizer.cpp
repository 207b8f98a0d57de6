#include "actors/apiserver/rbac/rbac_authorizer.hpp"

#include <algorithm>

#include "actors/apiserver/validation/field_error.hpp"

namespace convoy::apiserver {

namespace {

/// The key a subject is indexed under: its user name (service accounts as
/// system:serviceaccount:NS:NAME) or group name; empty if it never applies.
std::string subject_key(const api::Subject& subject, std::string_view binding_ns, bool& is_group) {
  is_group = subject.kind() == "Group";
  if (subject.kind() == "User" || subject.kind() == "Group")
    return subject.name();
  if (subject.kind() == "ServiceAccount") {
    std::string_view ns = subject.namespace_().empty() ? binding_ns
                                                       : std::string_view{subject.namespace_()};
    if (ns.empty() || subject.name().empty())
      return {};
    return service_account_username(ns, subject.name());
  }
  return {};
}

/// Kubernetes' appliesToUser.
bool applies_to(const user_info& user, const api::Subject& subject, std::string_view binding_ns) {
  if (subject.kind() == "User")
    return user.name == subject.name();
  if (subject.kind() == "Group")
    return std::find(user.groups.begin(), user.groups.end(), subject.name()) != user.groups.end();
  if (subject.kind() == "ServiceAccount") {
    std::string_view ns = subject.namespace_().empty() ? binding_ns
                                                       : std::string_view{subject.namespace_()};
    std::string_view user_ns, user_name;
    return !ns.empty() && parse_service_account_username(user.name, user_ns, user_name)
           && user_ns == ns && user_name == subject.name();
  }
  return false;
}

template <class Binding>
int first_applicable_subject(const Binding& binding, const user_info& user,
                             std::string_view binding_ns) {
  for (int i = 0; i < binding.subjects_size(); ++i)
    if (applies_to(user, binding.subjects(i), binding_ns))
      return i;
  return -1;
}

std::string describe_subject(const api::Subject& subject, std::string_view binding_ns) {
  if (subject.kind() == "ServiceAccount") {
    std::string ns = subject.namespace_().empty() ? std::string{binding_ns} : subject.namespace_();
    return subject.kind() + " " + bad_value::quote(subject.name() + "/" + ns);
  }
  return subject.kind() + " " + bad_value::quote(subject.name());
}

std::string describe(const api::ClusterRoleBinding& b, int subject) {
  return "ClusterRoleBinding " + bad_value::quote(b.metadata().name()) + " of "
         + b.role_ref().kind() + " " + bad_value::quote(b.role_ref().name()) + " to "
         + describe_subject(b.subjects(subject), {});
}

std::string describe(const api::RoleBinding& b, int subject) {
  const auto& ns = b.metadata().namespace_();
  return "RoleBinding " + bad_value::quote(b.metadata().name() + "/" + ns) + " of "
         + b.role_ref().kind() + " " + bad_value::quote(b.role_ref().name()) + " to "
         + describe_subject(b.subjects(subject), ns);
}

std::string join_errors(std::vector<std::string> errors) {
  std::sort(errors.begin(), errors.end());
  errors.erase(std::unique(errors.begin(), errors.end()), errors.end());
  if (errors.size() == 1)
    return errors.front();
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i)
    out += (i > 0 ? ", " : "") + errors[i];
  return out + "]";
}

template <class Map, class Key>
auto find_or_null(const Map& map, const Key& key) -> decltype(&map.begin()->second) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

} // namespace

// -- indexing -----------------------------------------------------------------

template <class Binding>
void rbac_authorizer::index_binding(const Binding& binding, std::string_view ns,
                                    subject_index<Binding>& index) {
  for (int i = 0; i < binding.subjects_size(); ++i) {
    bool is_group = false;
    auto key = subject_key(binding.subjects(i), ns, is_group);
    if (key.empty())
      continue;
    auto& grants = (is_group ? index.groups : index.users)[std::move(key)];
    // Keep grants ordered by binding name so decisions do not depend on
    // the order updates arrived in.
    grant<Binding> g{&binding, i};
    auto pos = std::upper_bound(grants.begin(), grants.end(), g, [](const auto& x, const auto& y) {
      const auto& xn = x.binding->metadata().name();
      const auto& yn = y.binding->metadata().name();
      return xn != yn ? xn < yn : x.subject < y.subject;
    });
    grants.insert(pos, g);
  }
}

template <class Binding>
void rbac_authorizer::unindex_binding(const Binding& binding, std::string_view ns,
                                      subject_index<Binding>& index) {
  for (const auto& subject : binding.subjects()) {
    bool is_group = false;
    auto key = subject_key(subject, ns, is_group);
    auto& map = is_group ? index.groups : index.users;
    auto it = map.find(key);
    if (it == map.end())
      continue;
    auto& grants = it->second;
    grants.erase(std::remove_if(grants.begin(), grants.end(),
                                [&](const auto& g) { return g.binding == &binding; }),
                 grants.end());
    if (grants.empty())
      map.erase(it);
  }
}

void rbac_authorizer::upsert(const api::Role& role) {
  roles_[role.metadata().namespace_()][role.metadata().name()] = role;
}

void rbac_authorizer::upsert(const api::ClusterRole& role) {
  cluster_roles_[role.metadata().name()] = role;
}

void rbac_authorizer::upsert(const api::RoleBinding& binding) {
  const auto& ns = binding.metadata().namespace_();
  auto& stored = role_bindings_[ns][binding.metadata().name()];
  auto& index = namespace_index_[ns];
  unindex_binding(stored, ns, index);
  stored = binding; // same map node: grant pointers stay valid
  index_binding(stored, ns, index);
}

void rbac_authorizer::upsert(const api::ClusterRoleBinding& binding) {
  auto& stored = cluster_bindings_[binding.metadata().name()];
  unindex_binding(stored, {}, cluster_index_);
  stored = binding;
  index_binding(stored, {}, cluster_index_);
}

void rbac_authorizer::remove_role(std::string_view ns, std::string_view name) {
  auto it = roles_.find(ns);
  if (it == roles_.end())
    return;
  if (auto role = it->second.find(name); role != it->second.end())
    it->second.erase(role);
  if (it->second.empty())
    roles_.erase(it);
}

void rbac_authorizer::remove_cluster_role(std::string_view name) {
  if (auto it = cluster_roles_.find(name); it != cluster_roles_.end())
    cluster_roles_.erase(it);
}

void rbac_authorizer::remove_role_binding(std::string_view ns, std::string_view name) {
  auto it = role_bindings_.find(ns);
  if (it == role_bindings_.end())
    return;
  auto binding = it->second.find(name);
  if (binding == it->second.end())
    return;
  auto index = namespace_index_.find(ns);
  if (index != namespace_index_.end()) {
    unindex_binding(binding->second, ns, index->second);
    if (index->second.users.empty() && index->second.groups.empty())
      namespace_index_.erase(index);
  }
  it->second.erase(binding);
  if (it->second.empty())
    role_bindings_.erase(it);
}

void rbac_authorizer::remove_cluster_role_binding(std::string_view name) {
  auto it = cluster_bindings_.find(name);
  if (it == cluster_bindings_.end())
    return;
  unindex_binding(it->second, {}, cluster_index_);
  cluster_bindings_.erase(it);
}

// -- evaluation ---------------------------------------------------------------

const google::protobuf::RepeatedPtrField<api::PolicyRule>*
rbac_authorizer::rules_of(const api::RoleRef& ref, std::string_view binding_ns,
                          std::string& error) const {
  if (ref.kind() == "ClusterRole") {
    if (const auto* role = find_or_null(cluster_roles_, ref.name()))
      return &role->rules();
    error = "clusterrole.rbac.authorization.k8s.io " + bad_value::quote(ref.name()) + " not found";
    return nullptr;
  }
  if (ref.kind() == "Role") {
    if (const auto* roles = find_or_null(roles_, binding_ns))
      if (const auto* role = find_or_null(*roles, ref.name()))
        return &role->rules();
    error = "role.rbac.authorization.k8s.io " + bad_value::quote(ref.name()) + " not found";
    return nullptr;
  }
  error = "unsupported role reference kind: " + bad_value::quote(ref.kind());
  return nullptr;
}

template <class Binding, class Visitor>
bool rbac_authorizer::visit_index(const subject_index<Binding>& index, const user_info& user,
                                  std::string_view binding_ns, std::vector<std::string>& errors,
                                  Visitor& visitor) const {
  auto visit_grants = [&](const std::vector<grant<Binding>>& grants) {
    for (const auto& g : grants) {
      // Visit each binding once, through the subject Kubernetes would pick.
      if (first_applicable_subject(*g.binding, user, binding_ns) != g.subject)
        continue;
      std::string error;
      const auto* rules = rules_of(g.binding->role_ref(), binding_ns, error);
      if (rules == nullptr) {
        errors.push_back(std::move(error));
        continue;
      }
      for (const auto& rule : *rules)
        if (!visitor(*g.binding, g.subject, rule))
          return false;
    }
    return true;
  };
  if (const auto* grants = find_or_null(index.users, user.name))
    if (!visit_grants(*grants))
      return false;
  for (const auto& group : user.groups)
    if (const auto* grants = find_or_null(index.groups, group))
      if (!visit_grants(*grants))
        return false;
  return true;
}

template <class Visitor>
void rbac_authorizer::visit(const user_info& user, std::string_view ns,
                            std::vector<std::string>& errors, Visitor&& visitor) const {
  if (!visit_index(cluster_index_, user, {}, errors, visitor))
    return;
  if (ns.empty())
    return;
  if (const auto* index = find_or_null(namespace_index_, ns))
    visit_index(*index, user, ns, errors, visitor);
}

authorization_decision rbac_authorizer::authorize(const user_info& user,
                                                  const request_attributes& request) const {
  authorization_decision decision;
  std::vector<std::string> errors;
  visit(user, request.namespace_, errors, [&](const auto& binding, int subject,
                                              const api::PolicyRule& rule) {
    if (!rule_allows(request, rule))
      return true;
    decision.allowed = true;
    decision.reason = "RBAC: allowed by " + describe(binding, subject);
    return false;
  });
  if (!decision.allowed)
    decision.reason = errors.empty() ? std::string{"RBAC: no policy rule allows the request"}
                                     : "RBAC: " + join_errors(std::move(errors));
  return decision;
}

std::vector<api::PolicyRule> rbac_authorizer::rules_for(const user_info& user,
                                                        std::string_view ns) const {
  std::vector<api::PolicyRule> rules;
  std::vector<std::string> errors;
  visit(user, ns, errors, [&](const auto&, int, const api::PolicyRule& rule) {
    rules.push_back(rule);
    return true;
  });
  return rules;
}

size_t rbac_authorizer::role_count() const noexcept {
  size_t n = cluster_roles_.size();
  for (const auto& [ns, roles] : roles_)
    n += roles.size();
  return n;
}

size_t rbac_authorizer::binding_count() const noexcept {
  size_t n = cluster_bindings_.size();
  for (const auto& [ns, bindings] : role_bindings_)
    n += bindings.size();
  return n;
}

size_t rbac_authorizer::index_size() const noexcept {
  auto count = [](const auto& index) {
    size_t n = 0;
    for (const auto& [key, grants] : index.users)
      n += grants.size();
    for (const auto& [key, grants] : index.groups)
      n += grants.size();
    return n;
  };
  size_t n = count(cluster_index_);
  for (const auto& [ns, index] : namespace_index_)
    n += count(index);
  return n;
}

} // namespace convoy::apiserver
