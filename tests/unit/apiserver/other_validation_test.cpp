// Validation tables for ConfigMap, Secret, ServiceAccount, Namespace, Node,
// Lease, Event, the RBAC kinds, and the by-type dispatch.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/validation/config_validation.hpp"
#include "actors/apiserver/validation/node_validation.hpp"
#include "actors/apiserver/validation/object_validation.hpp"
#include "actors/apiserver/validation/pod_validation.hpp"
#include "actors/apiserver/validation/rbac_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

template <class T>
T named(const char* name, const char* ns = "default") {
  T obj;
  obj.mutable_metadata()->set_name(name);
  obj.mutable_metadata()->set_namespace_(ns);
  return obj;
}

const char* config_key_msg
  = R"(a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'))";

api::PolicyRule pods_rule() {
  api::PolicyRule rule;
  rule.add_verbs("get");
  rule.add_api_groups("");
  rule.add_resources("pods");
  return rule;
}

api::Subject subject(const char* kind, const char* name, const char* group = "") {
  api::Subject s;
  s.set_kind(kind);
  s.set_name(name);
  s.set_api_group(group);
  return s;
}

api::RoleBinding valid_role_binding() {
  auto b = named<api::RoleBinding>("read-pods");
  b.mutable_role_ref()->set_api_group("rbac.authorization.k8s.io");
  b.mutable_role_ref()->set_kind("Role");
  b.mutable_role_ref()->set_name("pod-reader");
  *b.add_subjects() = subject("User", "alice", "rbac.authorization.k8s.io");
  *b.add_subjects() = subject("ServiceAccount", "builder");
  return b;
}

} // namespace

BOOST_AUTO_TEST_SUITE(other_validation_tests)

BOOST_AUTO_TEST_CASE(config_maps) {
  using cm_t = api::ConfigMap;
  auto base = named<cm_t>("settings");
  (*base.mutable_data())["app.conf"] = "x=1";
  const std::vector<test::validation_case<cm_t>> cases = {
    {"valid", [](cm_t&) {}, {}},
    {"bad key", [](cm_t& c) { (*c.mutable_data())["a/b"] = "x"; },
     {std::string{"data[a/b]: Invalid value: \"a/b\": "} + config_key_msg}},
    {"key in both", [](cm_t& c) { (*c.mutable_binary_data())["app.conf"] = "x"; },
     {"data[app.conf]: Invalid value: \"app.conf\": duplicate of key present in binaryData"}},
    {"bad binary key", [](cm_t& c) { (*c.mutable_binary_data())[".."] = "x"; },
     {"binaryData[..]: Invalid value: \"..\": must not be '..'"}},
    {"too large", [](cm_t& c) { (*c.mutable_data())["big"] = std::string(1024 * 1024, 'x'); },
     {": Too long: must have at most 1048576 bytes"}},
  };
  test::run_cases(base, cases, validate_config_map);

  base.mutable_metadata()->set_resource_version("1");
  base.set_immutable(true);
  auto changed = base;
  (*changed.mutable_data())["app.conf"] = "x=2";
  changed.set_immutable(false);
  auto got = test::render(validate_config_map_update(changed, base));
  std::vector<std::string> expected = {
    "immutable: Forbidden: field is immutable when `immutable` is set",
    "data: Forbidden: field is immutable when `immutable` is set"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  auto relabelled = base;
  (*relabelled.mutable_metadata()->mutable_labels())["a"] = "b";
  BOOST_TEST(validate_config_map_update(relabelled, base).empty());
}

BOOST_AUTO_TEST_CASE(secrets) {
  using s_t = api::Secret;
  auto base = named<s_t>("creds");
  base.set_type("Opaque");
  (*base.mutable_data())["password"] = "hunter2";
  const std::vector<test::validation_case<s_t>> cases = {
    {"valid", [](s_t&) {}, {}},
    {"bad key", [](s_t& s) { (*s.mutable_data())["a b"] = "x"; },
     {std::string{"data[a b]: Invalid value: \"a b\": "} + config_key_msg}},
    {"tls needs cert and key", [](s_t& s) { s.set_type("kubernetes.io/tls"); },
     {"data[tls.crt]: Required value", "data[tls.key]: Required value"}},
    {"sa token needs annotation",
     [](s_t& s) { s.set_type("kubernetes.io/service-account-token"); },
     {"metadata.annotations[kubernetes.io/service-account.name]: Required value"}},
    {"basic auth",
     [](s_t& s) {
       s.set_type("kubernetes.io/basic-auth");
       s.clear_data();
     },
     {"data[username]: Required value", "data[password]: Required value"}},
    {"too large", [](s_t& s) { (*s.mutable_data())["big"] = std::string(1024 * 1024, 'x'); },
     {"data: Too long: must have at most 1048576 bytes"}},
  };
  test::run_cases(base, cases, validate_secret);

  base.mutable_metadata()->set_resource_version("1");
  auto retyped = base;
  retyped.set_type("kubernetes.io/ssh-auth");
  (*retyped.mutable_data())["ssh-privatekey"] = "k";
  auto got = test::render(validate_secret_update(retyped, base));
  std::vector<std::string> expected = {
    "type: Invalid value: \"kubernetes.io/ssh-auth\": field is immutable"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(namespaces_and_service_accounts) {
  auto ns = named<api::Namespace>("team-a", "");
  BOOST_TEST(validate_namespace(ns).empty());
  auto bad = named<api::Namespace>("Team.A", "other");
  bad.mutable_spec()->add_finalizers("custom");
  auto got = test::render(validate_namespace(bad));
  std::vector<std::string> expected = {
    "metadata.name: Invalid value: \"Team.A\": " + test::label_msg(),
    "metadata.namespace: Forbidden: not allowed on this type",
    "spec.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name "
    "nor is it fully qualified"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());

  auto sa = named<api::ServiceAccount>("builder");
  BOOST_TEST(validate_service_account(sa).empty());
  sa.mutable_metadata()->clear_namespace_();
  BOOST_TEST(test::render(validate_service_account(sa))
             == std::vector<std::string>{"metadata.namespace: Required value"});
}

BOOST_AUTO_TEST_CASE(nodes) {
  using n_t = api::Node;
  auto base = named<n_t>("n1", "");
  base.mutable_spec()->set_pod_cidr("10.244.1.0/24");
  (*base.mutable_status()->mutable_capacity())["cpu"] = "4";
  (*base.mutable_status()->mutable_capacity())["memory"] = "8Gi";
  auto taint = [](n_t& n, const char* key, const char* effect) {
    auto* t = n.mutable_spec()->add_taints();
    t->set_key(key);
    t->set_value("v");
    t->set_effect(effect);
  };
  const std::vector<test::validation_case<n_t>> cases = {
    {"valid", [](n_t&) {}, {}},
    {"namespaced", [](n_t& n) { n.mutable_metadata()->set_namespace_("default"); },
     {"metadata.namespace: Forbidden: not allowed on this type"}},
    {"taint", [&](n_t& n) { taint(n, "dedicated", "NoSchedule"); }, {}},
    {"taint without effect", [&](n_t& n) { taint(n, "k", ""); },
     {"spec.taints[0].effect: Required value"}},
    {"taint bad effect", [&](n_t& n) { taint(n, "k", "Never"); },
     {R"(spec.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute")"}},
    {"duplicate taint",
     [&](n_t& n) {
       taint(n, "k", "NoSchedule");
       taint(n, "k", "NoSchedule");
     },
     {R"(spec.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"v", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair)"}},
    {"same key other effect",
     [&](n_t& n) {
       taint(n, "k", "NoSchedule");
       taint(n, "k", "NoExecute");
     },
     {}},
    {"bad pod CIDR", [](n_t& n) { n.mutable_spec()->set_pod_cidr("10.244.1.0"); },
     {"spec.podCIDR: Invalid value: \"10.244.1.0\": must be a valid CIDR value, (e.g. "
      "10.9.8.0/24 or 2001:db8::/64)"}},
    {"bad capacity", [](n_t& n) { (*n.mutable_status()->mutable_capacity())["cpu"] = "-1"; },
     {"status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0"}},
  };
  test::run_cases(base, cases, validate_node);

  base.mutable_metadata()->set_resource_version("2");
  auto moved = base;
  moved.mutable_spec()->set_pod_cidr("10.244.2.0/24");
  BOOST_TEST(test::render(validate_node_update(moved, base))
             == std::vector<std::string>{"spec.podCIDR: Forbidden: node updates may not change "
                                         "podCIDR except from \"\" to valid"});
  auto unassigned = base;
  unassigned.mutable_spec()->clear_pod_cidr();
  BOOST_TEST(validate_node_update(base, unassigned).empty());
  auto cordoned = base;
  cordoned.mutable_spec()->set_unschedulable(true);
  BOOST_TEST(validate_node_update(cordoned, base).empty());
}

BOOST_AUTO_TEST_CASE(leases_and_events) {
  auto lease = named<api::Lease>("n1", "kube-node-lease");
  lease.mutable_spec()->set_holder_identity("n1");
  lease.mutable_spec()->set_lease_duration_seconds(40);
  BOOST_TEST(validate_lease(lease).empty());
  lease.mutable_spec()->set_lease_duration_seconds(0);
  lease.mutable_spec()->set_lease_transitions(-1);
  std::vector<std::string> lease_errors = {
    "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
    "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"};
  BOOST_TEST(test::render(validate_lease(lease)) == lease_errors, boost::test_tools::per_element());

  auto ev = named<api::Event>("web.17a8");
  ev.mutable_involved_object()->set_kind("Pod");
  ev.mutable_involved_object()->set_name("web");
  ev.mutable_involved_object()->set_namespace_("default");
  ev.set_reason("Scheduled");
  BOOST_TEST(validate_event(ev).empty());
  auto elsewhere = ev;
  elsewhere.mutable_involved_object()->set_namespace_("other");
  BOOST_TEST(test::render(validate_event(elsewhere))
             == std::vector<std::string>{"involvedObject.namespace: Invalid value: \"other\": "
                                         "does not match event.namespace"});
  auto node_event = ev;
  node_event.mutable_involved_object()->clear_namespace_(); // a Node's event in "default"
  BOOST_TEST(validate_event(node_event).empty());
  auto modern = ev;
  modern.mutable_event_time()->set_seconds(1);
  modern.clear_reason();
  std::vector<std::string> modern_errors = {
    "reportingComponent: Required value",
    "reportingComponent: Invalid value: \"\": name part must be non-empty",
    "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, "
    "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
    "'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    "reportingInstance: Required value", "action: Required value", "reason: Required value"};
  BOOST_TEST(test::render(validate_event(modern)) == modern_errors,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rbac_objects) {
  auto role = named<api::Role>("pod-reader");
  *role.add_rules() = pods_rule();
  BOOST_TEST(validate_role(role).empty());
  auto bad_role = named<api::Role>("a/b");
  bad_role.add_rules()->add_non_resource_urls("/healthz");
  std::vector<std::string> role_errors = {
    "metadata.name: Invalid value: \"a/b\": may not contain '/'",
    "rules[0].verbs: Required value: verbs must contain at least one value",
    R"(rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs)"};
  BOOST_TEST(test::render(validate_role(bad_role)) == role_errors,
             boost::test_tools::per_element());

  auto cr = named<api::ClusterRole>("system:node-reader", "");
  auto* url_rule = cr.add_rules();
  url_rule->add_verbs("get");
  url_rule->add_non_resource_urls("/healthz");
  BOOST_TEST(validate_cluster_role(cr).empty());
  url_rule->add_resources("pods");
  cr.add_rules()->add_verbs("get");
  std::vector<std::string> cr_errors = {
    R"(rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs)",
    "rules[1].apiGroups: Required value: resource rules must supply at least one api group",
    "rules[1].resources: Required value: resource rules must supply at least one resource"};
  BOOST_TEST(test::render(validate_cluster_role(cr)) == cr_errors,
             boost::test_tools::per_element());

  using rb_t = api::RoleBinding;
  const std::vector<test::validation_case<rb_t>> cases = {
    {"valid", [](rb_t&) {}, {}},
    {"clusterrole ref", [](rb_t& b) { b.mutable_role_ref()->set_kind("ClusterRole"); }, {}},
    {"bad ref kind", [](rb_t& b) { b.mutable_role_ref()->set_kind("User"); },
     {R"(roleRef.kind: Unsupported value: "User": supported values: "Role", "ClusterRole")"}},
    {"bad ref group", [](rb_t& b) { b.mutable_role_ref()->clear_api_group(); },
     {R"(roleRef.apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io")"}},
    {"no ref name", [](rb_t& b) { b.mutable_role_ref()->clear_name(); },
     {"roleRef.name: Required value"}},
    {"bad subject kind", [](rb_t& b) { *b.add_subjects() = subject("Robot", "r2"); },
     {R"(subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group")"}},
    {"sa with group",
     [](rb_t& b) { b.mutable_subjects(1)->set_api_group("rbac.authorization.k8s.io"); },
     {R"(subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: "")"}},
    {"user without group", [](rb_t& b) { b.mutable_subjects(0)->clear_api_group(); },
     {R"(subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io")"}},
    {"subject without name", [](rb_t& b) { b.mutable_subjects(0)->clear_name(); },
     {"subjects[0].name: Required value"}},
  };
  test::run_cases(valid_role_binding(), cases, validate_role_binding);

  auto crb = named<api::ClusterRoleBinding>("builders", "");
  crb.mutable_role_ref()->set_api_group("rbac.authorization.k8s.io");
  crb.mutable_role_ref()->set_kind("Role");
  crb.mutable_role_ref()->set_name("edit");
  *crb.add_subjects() = subject("ServiceAccount", "builder");
  std::vector<std::string> crb_errors = {
    R"(roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole")",
    "subjects[0].namespace: Required value"};
  BOOST_TEST(test::render(validate_cluster_role_binding(crb)) == crb_errors,
             boost::test_tools::per_element());

  auto old = valid_role_binding();
  old.mutable_metadata()->set_resource_version("1");
  auto rebound = old;
  rebound.mutable_role_ref()->set_kind("ClusterRole");
  rebound.mutable_role_ref()->set_name("edit");
  BOOST_TEST(test::render(validate_role_binding_update(rebound, old))
             == std::vector<std::string>{
               R"(roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef)"});
  auto more_subjects = old;
  *more_subjects.add_subjects() = subject("Group", "devs", "rbac.authorization.k8s.io");
  BOOST_TEST(validate_role_binding_update(more_subjects, old).empty());
}

BOOST_AUTO_TEST_CASE(dispatch_by_type) {
  auto pod = test::valid_pod();
  BOOST_TEST(has_validation(api::Pod::descriptor()));
  BOOST_TEST(!has_validation(api::Status::descriptor()));
  BOOST_TEST(validate_create(pod).empty());
  pod.mutable_spec()->mutable_containers(0)->clear_image();
  BOOST_TEST(test::render(validate_create(pod)) == test::render(validate_pod(pod)));

  auto svc = test::valid_service();
  svc.mutable_spec()->set_type("NodePort");
  svc.mutable_spec()->set_external_traffic_policy("Cluster");
  svc.mutable_spec()->mutable_ports(0)->set_node_port(8080);
  validation_options opts;
  BOOST_TEST(validate_create(svc, opts).size() == 1u);
  opts.services.node_port_min = 8000;
  BOOST_TEST(validate_create(svc, opts).empty());

  api::Status status;
  auto unknown = test::render(validate_create(status));
  BOOST_TEST(unknown == std::vector<std::string>{
                          ": Internal error: no validation for message type convoy.api.Status"});
  auto mixed = validate_update(test::valid_pod(), test::valid_service());
  BOOST_REQUIRE_EQUAL(mixed.size(), 1u);
  BOOST_TEST((mixed[0].type == error_type::internal));

  auto old = test::valid_pod();
  old.mutable_metadata()->set_resource_version("1");
  auto renamed = old;
  renamed.mutable_metadata()->set_name("other");
  BOOST_TEST(validate_update(renamed, old).size() == 1u);

  api::Binding binding;
  BOOST_TEST(validate_create(binding).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
