#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/rbac.pb.h"

/// The vocabulary of RBAC decisions: who asks (user_info), what they ask
/// (request_attributes, Kubernetes' authorizer.Attributes) and whether one
/// PolicyRule covers it (Kubernetes' rbac.RuleAllows and its matchers).
namespace convoy::apiserver {

/// Well-known groups (Kubernetes' user package).
inline constexpr std::string_view group_masters = "system:masters";
inline constexpr std::string_view group_authenticated = "system:authenticated";
inline constexpr std::string_view group_unauthenticated = "system:unauthenticated";
inline constexpr std::string_view group_nodes = "system:nodes";
inline constexpr std::string_view group_service_accounts = "system:serviceaccounts";

/// Who makes a request, as authentication established it.
struct user_info {
  std::string name;
  std::vector<std::string> groups;
};

/// What a request does. Resource requests name an API group ("" = core),
/// resource, optional subresource, namespace ("" = cluster scope or all
/// namespaces) and object name ("" for list/watch/create of a collection);
/// other requests name a URL path ("/healthz").
struct request_attributes {
  /// get, list, watch, create, update, patch, delete, deletecollection
  /// (resources); get, post, put, delete, ... (non-resource paths).
  std::string verb;
  bool resource_request = true;
  std::string api_group;
  std::string resource;
  std::string subresource;
  std::string namespace_;
  std::string name;
  std::string path;

  /// A resource request: `verb group/resource[/subresource]` in a namespace.
  static request_attributes resource_call(std::string verb, std::string api_group,
                                          std::string resource, std::string namespace_ = {},
                                          std::string name = {}, std::string subresource = {});

  /// A non-resource request for `path`.
  static request_attributes path_call(std::string verb, std::string path);
};

bool verb_matches(const api::PolicyRule& rule, std::string_view verb);
bool api_group_matches(const api::PolicyRule& rule, std::string_view group);

/// `combined` is "resource" or "resource/subresource"; a rule resource
/// matches if it is "*", equal to `combined`, or "*/subresource".
bool resource_matches(const api::PolicyRule& rule, std::string_view combined,
                      std::string_view subresource);

/// No resourceNames in the rule means any name.
bool resource_name_matches(const api::PolicyRule& rule, std::string_view name);

/// "*" matches everything; "/foo/*" matches every path under /foo/.
bool non_resource_url_matches(const api::PolicyRule& rule, std::string_view path);

/// Whether `rule` allows `request` (Kubernetes' RuleAllows).
bool rule_allows(const request_attributes& request, const api::PolicyRule& rule);

/// "system:serviceaccount:NS:NAME": the user a service account acts as.
std::string service_account_username(std::string_view ns, std::string_view name);

/// Splits a service account user name; false if `user` is not one.
bool parse_service_account_username(std::string_view user, std::string_view& ns,
                                    std::string_view& name);

/// The identity a service account's token authenticates as: its user name
/// and the groups system:serviceaccounts, system:serviceaccounts:NS and
/// system:authenticated.
user_info service_account_user(std::string_view ns, std::string_view name);

/// The text of the 403 Kubernetes returns, e.g. `pods "web" is forbidden:
/// User "alice" cannot get resource "pods" in API group "" in the namespace
/// "default"`, with `: reason` appended when a reason is given.
std::string forbidden_message(const user_info& user, const request_attributes& request,
                              std::string_view reason = {});

} // namespace convoy::apiserver
