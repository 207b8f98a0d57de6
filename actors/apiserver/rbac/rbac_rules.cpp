#include "actors/apiserver/rbac/rbac_rules.hpp"

#include <algorithm>

#include "actors/apiserver/validation/field_error.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view sa_prefix = "system:serviceaccount:";

template <class Items>
bool contains_or_star(const Items& items, std::string_view value) {
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& item) { return item == "*" || item == value; });
}

// `rule_resource` == resource + "/" + subresource, without building it.
bool equals_combined(std::string_view rule_resource, std::string_view resource,
                     std::string_view subresource) {
  return rule_resource.size() == resource.size() + 1 + subresource.size()
         && rule_resource.substr(0, resource.size()) == resource
         && rule_resource[resource.size()] == '/'
         && rule_resource.substr(resource.size() + 1) == subresource;
}

bool resource_matches_parts(const api::PolicyRule& rule, std::string_view resource,
                            std::string_view subresource) {
  for (const auto& res : rule.resources()) {
    std::string_view r{res};
    if (r == "*")
      return true;
    if (subresource.empty()) {
      if (r == resource)
        return true;
      continue;
    }
    if (equals_combined(r, resource, subresource))
      return true;
    if (r.size() == subresource.size() + 2 && r.substr(0, 2) == "*/" && r.substr(2) == subresource)
      return true;
  }
  return false;
}

} // namespace

request_attributes request_attributes::resource_call(std::string verb, std::string api_group,
                                                     std::string resource, std::string namespace_,
                                                     std::string name, std::string subresource) {
  request_attributes r;
  r.verb = std::move(verb);
  r.api_group = std::move(api_group);
  r.resource = std::move(resource);
  r.namespace_ = std::move(namespace_);
  r.name = std::move(name);
  r.subresource = std::move(subresource);
  return r;
}

request_attributes request_attributes::path_call(std::string verb, std::string path) {
  request_attributes r;
  r.resource_request = false;
  r.verb = std::move(verb);
  r.path = std::move(path);
  return r;
}

bool verb_matches(const api::PolicyRule& rule, std::string_view verb) {
  return contains_or_star(rule.verbs(), verb);
}

bool api_group_matches(const api::PolicyRule& rule, std::string_view group) {
  return contains_or_star(rule.api_groups(), group);
}

bool resource_matches(const api::PolicyRule& rule, std::string_view combined,
                      std::string_view subresource) {
  for (const auto& res : rule.resources()) {
    if (res == "*" || res == combined)
      return true;
    if (subresource.empty())
      continue;
    std::string_view r{res};
    if (r.size() == subresource.size() + 2 && r.substr(0, 2) == "*/" && r.substr(2) == subresource)
      return true;
  }
  return false;
}

bool resource_name_matches(const api::PolicyRule& rule, std::string_view name) {
  if (rule.resource_names().empty())
    return true;
  return std::any_of(rule.resource_names().begin(), rule.resource_names().end(),
                     [&](const std::string& n) { return n == name; });
}

bool non_resource_url_matches(const api::PolicyRule& rule, std::string_view path) {
  for (const auto& url : rule.non_resource_urls()) {
    if (url == "*" || url == path)
      return true;
    std::string_view u{url};
    if (!u.empty() && u.back() == '*') {
      auto prefix = u.substr(0, u.find_last_not_of('*') + 1);
      if (path.substr(0, prefix.size()) == prefix)
        return true;
    }
  }
  return false;
}

bool rule_allows(const request_attributes& request, const api::PolicyRule& rule) {
  if (!verb_matches(rule, request.verb))
    return false;
  if (!request.resource_request)
    return non_resource_url_matches(rule, request.path);
  if (!api_group_matches(rule, request.api_group))
    return false;
  if (!resource_matches_parts(rule, request.resource, request.subresource))
    return false;
  return resource_name_matches(rule, request.name);
}

std::string service_account_username(std::string_view ns, std::string_view name) {
  std::string out{sa_prefix};
  out += ns;
  out += ':';
  out += name;
  return out;
}

bool parse_service_account_username(std::string_view user, std::string_view& ns,
                                    std::string_view& name) {
  if (user.substr(0, sa_prefix.size()) != sa_prefix)
    return false;
  auto rest = user.substr(sa_prefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size()
      || rest.find(':', colon + 1) != std::string_view::npos)
    return false;
  ns = rest.substr(0, colon);
  name = rest.substr(colon + 1);
  return true;
}

user_info service_account_user(std::string_view ns, std::string_view name) {
  user_info user;
  user.name = service_account_username(ns, name);
  user.groups.emplace_back(group_service_accounts);
  user.groups.push_back(std::string{group_service_accounts} + ":" + std::string{ns});
  user.groups.emplace_back(group_authenticated);
  return user;
}

std::string forbidden_message(const user_info& user, const request_attributes& request,
                              std::string_view reason) {
  std::string detail = "User " + bad_value::quote(user.name) + " cannot " + request.verb;
  std::string prefix;
  if (!request.resource_request) {
    detail += " path " + bad_value::quote(request.path);
    prefix = "forbidden: ";
  } else {
    auto resource = request.resource;
    if (!request.subresource.empty())
      resource += "/" + request.subresource;
    detail += " resource " + bad_value::quote(resource) + " in API group "
              + bad_value::quote(request.api_group);
    detail += request.namespace_.empty()
                ? std::string{" at the cluster scope"}
                : " in the namespace " + bad_value::quote(request.namespace_);
    auto qualified = request.resource;
    if (!request.api_group.empty())
      qualified += "." + request.api_group;
    prefix = request.name.empty() ? qualified + " is forbidden: "
                                  : qualified + " " + bad_value::quote(request.name)
                                      + " is forbidden: ";
  }
  if (!reason.empty()) {
    detail += ": ";
    detail += reason;
  }
  return prefix + detail;
}

} // namespace convoy::apiserver
