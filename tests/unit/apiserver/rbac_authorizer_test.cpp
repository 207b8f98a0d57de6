// RBAC evaluation: rule matching tables, binding semantics, reasons, the
// subject index against a brute-force model, and the bootstrap policy.

#include <boost/test/unit_test.hpp>

#include <random>

#include "actors/apiserver/rbac/bootstrap_policy.hpp"
#include "actors/apiserver/rbac/rbac_authorizer.hpp"
#include "actors/apiserver/validation/rbac_validation.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

using strings = std::vector<std::string>;

api::PolicyRule make_rule(strings verbs, strings groups, strings resources, strings names = {},
                          strings urls = {}) {
  api::PolicyRule r;
  for (auto& v : verbs)
    r.add_verbs(v);
  for (auto& g : groups)
    r.add_api_groups(g);
  for (auto& res : resources)
    r.add_resources(res);
  for (auto& n : names)
    r.add_resource_names(n);
  for (auto& u : urls)
    r.add_non_resource_urls(u);
  return r;
}

api::Subject subject(const std::string& kind, const std::string& name, const std::string& ns = {}) {
  api::Subject s;
  s.set_kind(kind);
  s.set_name(name);
  s.set_namespace_(ns);
  if (kind != "ServiceAccount")
    s.set_api_group("rbac.authorization.k8s.io");
  return s;
}

api::Role role(const std::string& ns, const std::string& name, std::vector<api::PolicyRule> rules) {
  api::Role r;
  r.mutable_metadata()->set_namespace_(ns);
  r.mutable_metadata()->set_name(name);
  for (auto& rule : rules)
    *r.add_rules() = rule;
  return r;
}

api::ClusterRole cluster_role(const std::string& name, std::vector<api::PolicyRule> rules) {
  api::ClusterRole r;
  r.mutable_metadata()->set_name(name);
  for (auto& rule : rules)
    *r.add_rules() = rule;
  return r;
}

template <class Binding>
Binding make_binding(const std::string& ns, const std::string& name, const std::string& kind,
                     const std::string& role_name, std::vector<api::Subject> subjects) {
  Binding b;
  b.mutable_metadata()->set_name(name);
  if (!ns.empty())
    b.mutable_metadata()->set_namespace_(ns);
  b.mutable_role_ref()->set_api_group("rbac.authorization.k8s.io");
  b.mutable_role_ref()->set_kind(kind);
  b.mutable_role_ref()->set_name(role_name);
  for (auto& s : subjects)
    *b.add_subjects() = s;
  return b;
}

user_info user(std::string name, strings groups = {}) {
  return user_info{std::move(name), std::move(groups)};
}

request_attributes res(std::string verb, std::string group, std::string resource,
                       std::string ns = {}, std::string name = {}, std::string sub = {}) {
  return request_attributes::resource_call(std::move(verb), std::move(group), std::move(resource),
                                           std::move(ns), std::move(name), std::move(sub));
}

} // namespace

BOOST_AUTO_TEST_SUITE(rbac_tests)

BOOST_AUTO_TEST_CASE(rule_matching) {
  struct row {
    const char* name;
    api::PolicyRule rule;
    request_attributes request;
    bool allowed;
  };
  const std::vector<row> rows = {
    {"exact", make_rule({"get"}, {""}, {"pods"}), res("get", "", "pods"), true},
    {"other verb", make_rule({"get"}, {""}, {"pods"}), res("list", "", "pods"), false},
    {"verb star", make_rule({"*"}, {""}, {"pods"}), res("delete", "", "pods"), true},
    {"other group", make_rule({"get"}, {""}, {"deployments"}), res("get", "apps", "deployments"),
     false},
    {"group star", make_rule({"get"}, {"*"}, {"deployments"}), res("get", "apps", "deployments"),
     true},
    {"resource star", make_rule({"get"}, {""}, {"*"}), res("get", "", "secrets"), true},
    {"star covers subresources", make_rule({"get"}, {""}, {"*"}),
     res("get", "", "pods", "default", "web", "log"), true},
    {"resource does not cover subresource", make_rule({"get"}, {""}, {"pods"}),
     res("get", "", "pods", "default", "web", "log"), false},
    {"subresource", make_rule({"get"}, {""}, {"pods/log"}),
     res("get", "", "pods", "default", "web", "log"), true},
    {"subresource is not the resource", make_rule({"get"}, {""}, {"pods/log"}),
     res("get", "", "pods", "default", "web"), false},
    {"star slash subresource", make_rule({"update"}, {""}, {"*/status"}),
     res("update", "", "nodes", "", "n1", "status"), true},
    {"star slash other subresource", make_rule({"update"}, {""}, {"*/status"}),
     res("update", "", "nodes", "", "n1", "proxy"), false},
    {"resource name", make_rule({"get"}, {""}, {"configmaps"}, {"settings"}),
     res("get", "", "configmaps", "default", "settings"), true},
    {"other resource name", make_rule({"get"}, {""}, {"configmaps"}, {"settings"}),
     res("get", "", "configmaps", "default", "other"), false},
    {"resource names and list", make_rule({"list"}, {""}, {"configmaps"}, {"settings"}),
     res("list", "", "configmaps", "default"), false},
    {"url exact", make_rule({"get"}, {}, {}, {}, {"/healthz"}),
     request_attributes::path_call("get", "/healthz"), true},
    {"url prefix", make_rule({"get"}, {}, {}, {}, {"/apis/*"}),
     request_attributes::path_call("get", "/apis/apps/v1"), true},
    {"url prefix is not the parent", make_rule({"get"}, {}, {}, {}, {"/apis/*"}),
     request_attributes::path_call("get", "/apis"), false},
    {"url star", make_rule({"get"}, {}, {}, {}, {"*"}),
     request_attributes::path_call("get", "/anything"), true},
    {"url rule vs resource request", make_rule({"get"}, {}, {}, {}, {"*"}), res("get", "", "pods"),
     false},
    {"resource rule vs url request", make_rule({"*"}, {"*"}, {"*"}),
     request_attributes::path_call("get", "/healthz"), false},
  };
  for (const auto& r : rows)
    BOOST_TEST(rule_allows(r.request, r.rule) == r.allowed, r.name);
}

BOOST_AUTO_TEST_CASE(bindings_and_reasons) {
  rbac_authorizer authz;
  authz.upsert(role("dev", "pod-reader", {make_rule({"get", "list"}, {""}, {"pods"})}));
  authz.upsert(cluster_role("secret-reader", {make_rule({"get"}, {""}, {"secrets"})}));
  authz.upsert(cluster_role("node-admin", {make_rule({"*"}, {""}, {"nodes"})}));
  authz.upsert(make_binding<api::RoleBinding>("dev", "read-pods", "Role", "pod-reader",
                                              {subject("User", "alice")}));
  authz.upsert(make_binding<api::RoleBinding>("dev", "read-secrets", "ClusterRole",
                                              "secret-reader", {subject("Group", "devs")}));
  authz.upsert(make_binding<api::ClusterRoleBinding>({}, "ops", "ClusterRole", "node-admin",
                                                     {subject("Group", "ops")}));
  authz.upsert(make_binding<api::RoleBinding>("dev", "builder", "ClusterRole", "secret-reader",
                                              {subject("ServiceAccount", "builder")}));
  authz.upsert(make_binding<api::RoleBinding>("dev", "dangling", "Role", "missing",
                                              {subject("User", "carol")}));

  struct row {
    const char* name;
    user_info who;
    request_attributes what;
    bool allowed;
    const char* reason;
  };
  const std::vector<row> rows = {
    {"role in its namespace", user("alice"), res("list", "", "pods", "dev"), true,
     R"(RBAC: allowed by RoleBinding "read-pods/dev" of Role "pod-reader" to User "alice")"},
    {"role elsewhere", user("alice"), res("list", "", "pods", "prod"), false,
     "RBAC: no policy rule allows the request"},
    {"role at cluster scope", user("alice"), res("list", "", "pods"), false,
     "RBAC: no policy rule allows the request"},
    {"verb not granted", user("alice"), res("delete", "", "pods", "dev", "web"), false,
     "RBAC: no policy rule allows the request"},
    {"clusterrole via rolebinding", user("bob", {"devs"}), res("get", "", "secrets", "dev", "s"),
     true,
     R"(RBAC: allowed by RoleBinding "read-secrets/dev" of ClusterRole "secret-reader" to Group "devs")"},
    {"rolebinding of clusterrole stays in namespace", user("bob", {"devs"}),
     res("get", "", "secrets", "prod", "s"), false, "RBAC: no policy rule allows the request"},
    {"clusterrolebinding everywhere", user("eve", {"ops"}), res("delete", "", "nodes", "", "n1"),
     true,
     R"(RBAC: allowed by ClusterRoleBinding "ops" of ClusterRole "node-admin" to Group "ops")"},
    {"service account", service_account_user("dev", "builder"),
     res("get", "", "secrets", "dev", "s"), true,
     R"(RBAC: allowed by RoleBinding "builder/dev" of ClusterRole "secret-reader" to ServiceAccount "builder/dev")"},
    {"service account of another namespace", service_account_user("prod", "builder"),
     res("get", "", "secrets", "dev", "s"), false, "RBAC: no policy rule allows the request"},
    {"user named like a service account without being one",
     user("builder"), res("get", "", "secrets", "dev", "s"), false,
     "RBAC: no policy rule allows the request"},
    {"missing role", user("carol"), res("get", "", "pods", "dev"), false,
     R"(RBAC: role.rbac.authorization.k8s.io "missing" not found)"},
    {"unknown user", user("mallory", {"system:authenticated"}), res("get", "", "pods", "dev"),
     false, "RBAC: no policy rule allows the request"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto d = authz.authorize(r.who, r.what);
      BOOST_TEST(d.allowed == r.allowed);
      BOOST_TEST(d.reason == r.reason);
    }
  }
  BOOST_TEST(authz.binding_count() == 5u);
  BOOST_TEST(authz.role_count() == 3u);
  BOOST_TEST(authz.rules_for(user("bob", {"devs", "ops"}), "dev").size() == 2u);
  BOOST_TEST(authz.rules_for(user("bob", {"devs", "ops"}), "").size() == 1u);
}

BOOST_AUTO_TEST_CASE(updates_reindex) {
  rbac_authorizer authz;
  authz.upsert(cluster_role("view", {make_rule({"get"}, {""}, {"pods"})}));
  auto b = make_binding<api::ClusterRoleBinding>({}, "viewers", "ClusterRole", "view",
                                                 {subject("User", "alice")});
  authz.upsert(b);
  const auto get_pods = res("get", "", "pods", "default", "web");
  BOOST_TEST(authz.authorize(user("alice"), get_pods).allowed);
  // Replace the subjects: alice loses access, bob gains it.
  *b.mutable_subjects(0) = subject("User", "bob");
  authz.upsert(b);
  BOOST_TEST(!authz.authorize(user("alice"), get_pods).allowed);
  BOOST_TEST(authz.authorize(user("bob"), get_pods).allowed);
  BOOST_TEST(authz.index_size() == 1u);
  // Role changes apply without touching bindings.
  authz.upsert(cluster_role("view", {make_rule({"list"}, {""}, {"pods"})}));
  BOOST_TEST(!authz.authorize(user("bob"), get_pods).allowed);
  authz.remove_cluster_role("view");
  auto d = authz.authorize(user("bob"), res("list", "", "pods"));
  BOOST_TEST(!d.allowed);
  BOOST_TEST(d.reason == R"(RBAC: clusterrole.rbac.authorization.k8s.io "view" not found)");
  authz.remove_cluster_role_binding("viewers");
  BOOST_TEST(authz.index_size() == 0u);
  BOOST_TEST(authz.binding_count() == 0u);

  authz.upsert(role("dev", "r", {make_rule({"get"}, {""}, {"pods"})}));
  authz.upsert(make_binding<api::RoleBinding>("dev", "rb", "Role", "r", {subject("User", "x")}));
  BOOST_TEST(authz.authorize(user("x"), res("get", "", "pods", "dev")).allowed);
  authz.remove_role_binding("dev", "rb");
  BOOST_TEST(!authz.authorize(user("x"), res("get", "", "pods", "dev")).allowed);
  BOOST_TEST(authz.index_size() == 0u);
  authz.remove_role("dev", "r");
  authz.remove_role("dev", "absent");
  authz.remove_role_binding("nowhere", "x");
  BOOST_TEST(authz.role_count() == 0u);
}

// The subject index must give exactly the decisions of scanning every
// binding (Kubernetes' VisitRulesFor over listers).
BOOST_AUTO_TEST_CASE(index_agrees_with_brute_force) {
  const uint64_t seed = std::random_device{}();
  BOOST_TEST_MESSAGE("SEED=" << seed);
  std::mt19937_64 rng(seed);
  auto pick = [&](const strings& v) { return v[rng() % v.size()]; };
  const strings namespaces = {"a", "b"};
  const strings users = {"u1", "u2", "u3"};
  const strings groups = {"g1", "g2"};
  const strings verbs = {"get", "list", "delete", "*"};
  const strings resources = {"pods", "secrets", "pods/log", "*"};
  const strings role_names = {"r1", "r2", "r3"};

  for (int round = 0; round < 30; ++round) {
    rbac_authorizer authz;
    std::vector<api::Role> roles;
    std::vector<api::ClusterRole> croles;
    std::map<std::string, api::RoleBinding> rbs;
    std::map<std::string, api::ClusterRoleBinding> crbs;
    auto random_rules = [&] {
      std::vector<api::PolicyRule> rules;
      for (int i = 0, n = 1 + static_cast<int>(rng() % 2); i < n; ++i)
        rules.push_back(make_rule({pick(verbs)}, {""}, {pick(resources)}));
      return rules;
    };
    auto random_subjects = [&] {
      std::vector<api::Subject> out;
      for (int i = 0, n = 1 + static_cast<int>(rng() % 2); i < n; ++i) {
        switch (rng() % 3) {
          case 0: out.push_back(subject("User", pick(users))); break;
          case 1: out.push_back(subject("Group", pick(groups))); break;
          default: out.push_back(subject("ServiceAccount", pick(users), rng() % 2 ? pick(namespaces) : ""));
        }
      }
      return out;
    };
    for (int op = 0; op < 40; ++op) {
      switch (rng() % 5) {
        case 0: {
          auto r = role(pick(namespaces), pick(role_names), random_rules());
          authz.upsert(r);
          roles.erase(std::remove_if(roles.begin(), roles.end(), [&](const api::Role& x) {
                        return x.metadata().name() == r.metadata().name()
                               && x.metadata().namespace_() == r.metadata().namespace_();
                      }), roles.end());
          roles.push_back(r);
          break;
        }
        case 1: {
          auto r = cluster_role(pick(role_names), random_rules());
          authz.upsert(r);
          croles.erase(std::remove_if(croles.begin(), croles.end(), [&](const api::ClusterRole& x) {
                         return x.metadata().name() == r.metadata().name();
                       }), croles.end());
          croles.push_back(r);
          break;
        }
        case 2: {
          auto ns = pick(namespaces);
          auto b = make_binding<api::RoleBinding>(ns, "rb" + std::to_string(rng() % 4),
                                                  rng() % 2 ? "Role" : "ClusterRole",
                                                  pick(role_names), random_subjects());
          authz.upsert(b);
          rbs[ns + "/" + b.metadata().name()] = b;
          break;
        }
        case 3: {
          auto b = make_binding<api::ClusterRoleBinding>({}, "crb" + std::to_string(rng() % 3),
                                                         "ClusterRole", pick(role_names),
                                                         random_subjects());
          authz.upsert(b);
          crbs[b.metadata().name()] = b;
          break;
        }
        default: {
          auto ns = pick(namespaces);
          auto name = "rb" + std::to_string(rng() % 4);
          authz.remove_role_binding(ns, name);
          rbs.erase(ns + "/" + name);
        }
      }
    }
    // Brute force: every binding, every subject, every rule.
    auto brute = [&](const user_info& who, const request_attributes& what) {
      auto applies = [&](const api::Subject& s, const std::string& ns) {
        if (s.kind() == "User")
          return s.name() == who.name;
        if (s.kind() == "Group")
          return std::find(who.groups.begin(), who.groups.end(), s.name()) != who.groups.end();
        std::string sns = s.namespace_().empty() ? ns : s.namespace_();
        return !sns.empty() && who.name == service_account_username(sns, s.name());
      };
      auto rules_allow = [&](const auto& rules) {
        return std::any_of(rules.begin(), rules.end(),
                           [&](const api::PolicyRule& r) { return rule_allows(what, r); });
      };
      auto cluster_rules_allow = [&](const std::string& name) {
        for (const auto& r : croles)
          if (r.metadata().name() == name && rules_allow(r.rules()))
            return true;
        return false;
      };
      for (const auto& [key, b] : crbs)
        for (const auto& s : b.subjects())
          if (applies(s, "") && cluster_rules_allow(b.role_ref().name()))
            return true;
      for (const auto& [key, b] : rbs) {
        const auto& ns = b.metadata().namespace_();
        if (ns != what.namespace_)
          continue;
        for (const auto& s : b.subjects()) {
          if (!applies(s, ns))
            continue;
          if (b.role_ref().kind() == "ClusterRole" && cluster_rules_allow(b.role_ref().name()))
            return true;
          for (const auto& r : roles)
            if (b.role_ref().kind() == "Role" && r.metadata().namespace_() == ns
                && r.metadata().name() == b.role_ref().name() && rules_allow(r.rules()))
              return true;
        }
      }
      return false;
    };
    for (int q = 0; q < 200; ++q) {
      user_info who;
      if (rng() % 3 == 0)
        who = service_account_user(pick(namespaces), pick(users));
      else
        who = user(pick(users), rng() % 2 ? strings{pick(groups)} : strings{});
      auto resource = pick({"pods", "secrets"});
      auto what = res(pick({"get", "list", "delete", "create"}), "", resource,
                      rng() % 4 ? pick(namespaces) : std::string{}, "x",
                      resource == "pods" && rng() % 3 == 0 ? "log" : "");
      auto got = authz.authorize(who, what).allowed;
      BOOST_REQUIRE_MESSAGE(got == brute(who, what), "SEED=" << seed << " round " << round
                                                             << " query " << q << " user "
                                                             << who.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(forbidden_messages) {
  auto alice = user("alice");
  BOOST_TEST(forbidden_message(alice, res("get", "", "pods", "default", "web"))
             == R"(pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default")");
  BOOST_TEST(forbidden_message(alice, res("list", "apps", "deployments"))
             == R"(deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope)");
  BOOST_TEST(forbidden_message(alice, res("get", "", "pods", "dev", "web", "log"), "RBAC: x")
             == R"(pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "dev": RBAC: x)");
  BOOST_TEST(forbidden_message(user("system:anonymous"), request_attributes::path_call("get", "/"))
             == R"(forbidden: User "system:anonymous" cannot get path "/")");
}

BOOST_AUTO_TEST_CASE(service_account_names) {
  auto sa = service_account_user("kube-system", "builder");
  BOOST_TEST(sa.name == "system:serviceaccount:kube-system:builder");
  BOOST_TEST(sa.groups == (strings{"system:serviceaccounts", "system:serviceaccounts:kube-system",
                                   "system:authenticated"}));
  std::string_view ns, name;
  BOOST_TEST((parse_service_account_username(sa.name, ns, name) && ns == "kube-system"
              && name == "builder"));
  for (auto bad : {"alice", "system:serviceaccount:", "system:serviceaccount:ns",
                   "system:serviceaccount::x", "system:serviceaccount:a:b:c"})
    BOOST_TEST(!parse_service_account_username(bad, ns, name), bad);
}

BOOST_AUTO_TEST_CASE(bootstrap_policy_decisions) {
  auto policy = make_bootstrap_policy();
  for (const auto& r : policy.cluster_roles)
    BOOST_TEST(validate_cluster_role(r).empty(), r.metadata().name());
  for (const auto& b : policy.cluster_role_bindings)
    BOOST_TEST(validate_cluster_role_binding(b).empty(), b.metadata().name());
  rbac_authorizer authz;
  install(policy, authz);
  authz.upsert(make_binding<api::RoleBinding>("team-a", "alice-edit", "ClusterRole", "edit",
                                              {subject("User", "alice")}));
  authz.upsert(make_binding<api::RoleBinding>("team-a", "bob-view", "ClusterRole", "view",
                                              {subject("User", "bob")}));
  authz.upsert(make_binding<api::RoleBinding>("team-a", "carol-admin", "ClusterRole", "admin",
                                              {subject("User", "carol")}));
  const strings authed = {"system:authenticated"};
  auto node = user("system:node:n1", {"system:nodes", "system:authenticated"});
  struct row {
    const char* name;
    user_info who;
    request_attributes what;
    bool allowed;
  };
  const std::vector<row> rows = {
    {"masters do anything", user("root", {"system:masters"}), res("delete", "", "nodes", "", "n1"),
     true},
    {"masters non-resource", user("root", {"system:masters"}),
     request_attributes::path_call("post", "/debug"), true},
    {"anyone authenticated: healthz", user("x", authed),
     request_attributes::path_call("get", "/healthz"), true},
    {"unauthenticated: version", user("system:anonymous", {"system:unauthenticated"}),
     request_attributes::path_call("get", "/version"), true},
    {"unauthenticated: api discovery", user("system:anonymous", {"system:unauthenticated"}),
     request_attributes::path_call("get", "/api"), false},
    {"authenticated: api discovery", user("x", authed),
     request_attributes::path_call("get", "/apis/apps/v1"), true},
    {"authenticated: pods", user("x", authed), res("get", "", "pods", "default", "web"), false},
    {"self review", user("x", authed),
     res("create", "authorization.k8s.io", "selfsubjectaccessreviews"), true},
    {"edit: create deployment", user("alice", authed),
     res("create", "apps", "deployments", "team-a"), true},
    {"edit: read secrets", user("alice", authed), res("get", "", "secrets", "team-a", "s"), true},
    {"edit: not other namespaces", user("alice", authed),
     res("create", "apps", "deployments", "team-b"), false},
    {"edit: no roles", user("alice", authed),
     res("create", "rbac.authorization.k8s.io", "rolebindings", "team-a"), false},
    {"admin: roles", user("carol", authed),
     res("create", "rbac.authorization.k8s.io", "rolebindings", "team-a"), true},
    {"view: pods and logs", user("bob", authed), res("get", "", "pods", "team-a", "web", "log"),
     true},
    {"view: no secrets", user("bob", authed), res("get", "", "secrets", "team-a", "s"), false},
    {"view: no writes", user("bob", authed), res("delete", "", "pods", "team-a", "web"), false},
    {"scheduler binds", user("system:kube-scheduler"),
     res("create", "", "pods", "default", "web", "binding"), true},
    {"scheduler watches nodes", user("system:kube-scheduler"), res("watch", "", "nodes"), true},
    {"scheduler cannot create pods", user("system:kube-scheduler"),
     res("create", "", "pods", "default"), false},
    {"scheduler own lease", user("system:kube-scheduler"),
     res("update", "coordination.k8s.io", "leases", "kube-system", "kube-scheduler"), true},
    {"scheduler other lease", user("system:kube-scheduler"),
     res("update", "coordination.k8s.io", "leases", "kube-system", "kube-controller-manager"),
     false},
    {"controllers create pods", user("system:kube-controller-manager"),
     res("create", "", "pods", "default"), true},
    {"controllers update rc status", user("system:kube-controller-manager"),
     res("update", "", "replicationcontrollers", "default", "web", "status"), true},
    {"controllers write endpoints", user("system:kube-controller-manager"),
     res("update", "", "endpoints", "default", "web"), true},
    {"controllers list anything", user("system:kube-controller-manager"),
     res("list", "example.com", "widgets"), true},
    {"kubelet pod status", node, res("patch", "", "pods", "default", "web", "status"), true},
    {"kubelet node status", node, res("update", "", "nodes", "", "n1", "status"), true},
    {"kubelet lease", node, res("update", "coordination.k8s.io", "leases", "kube-node-lease", "n1"),
     true},
    // Which Secrets a kubelet reads is the node authorizer's (node_graph),
    // not RBAC's: its role grants none.
    {"kubelet: no secrets by RBAC", node, res("get", "", "secrets", "default", "s"), false},
    {"kubelet: no configmap list", node, res("list", "", "configmaps", "", ""), false},
    {"kubelet cannot write services", node, res("create", "", "services", "default"), false},
    {"kubelet cannot delete nodes", node, res("delete", "", "nodes", "", "n1"), false},
    {"proxy watches endpoints", user("system:kube-proxy"), res("watch", "", "endpoints"), true},
    {"proxy cannot read secrets", user("system:kube-proxy"), res("get", "", "secrets", "d", "s"),
     false},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto d = authz.authorize(r.who, r.what);
      BOOST_TEST(d.allowed == r.allowed);
      BOOST_TEST(d.reason.rfind("RBAC: ", 0) == 0u);
    }
  }
  auto d = authz.authorize(user("root", {"system:masters"}), res("get", "", "pods"));
  BOOST_TEST(d.reason
             == R"(RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters")");
}

BOOST_AUTO_TEST_SUITE_END()
