// ReplicationController, ReplicaSet, Deployment and Scale validation tables.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/validation/workload_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

const char* mismatch
  = R"(spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`)";

api::ReplicationController valid_rc() {
  api::ReplicationController rc;
  rc.mutable_metadata()->set_name("web");
  *rc.mutable_spec()->mutable_template_() = test::valid_template();
  apply_defaults(rc);
  return rc;
}

api::ReplicaSet valid_rs() {
  api::ReplicaSet rs;
  rs.mutable_metadata()->set_name("web");
  (*rs.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  *rs.mutable_spec()->mutable_template_() = test::valid_template();
  apply_defaults(rs);
  return rs;
}

api::Deployment valid_deployment() {
  api::Deployment d;
  d.mutable_metadata()->set_name("web");
  (*d.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  *d.mutable_spec()->mutable_template_() = test::valid_template();
  apply_defaults(d);
  return d;
}

void set_int(api::IntOrString* v, int32_t n) {
  v->set_type(0);
  v->set_int_val(n);
  v->clear_str_val();
}

void set_str(api::IntOrString* v, const char* s) {
  v->set_type(1);
  v->set_str_val(s);
}

} // namespace

BOOST_AUTO_TEST_SUITE(workload_validation_tests)

BOOST_AUTO_TEST_CASE(replication_controllers) {
  using rc_t = api::ReplicationController;
  const std::vector<test::validation_case<rc_t>> cases = {
    {"valid", [](rc_t&) {}, {}},
    {"negative replicas", [](rc_t& rc) { rc.mutable_spec()->set_replicas(-1); },
     {"spec.replicas: Invalid value: -1: must be greater than or equal to 0"}},
    {"zero replicas", [](rc_t& rc) { rc.mutable_spec()->set_replicas(0); }, {}},
    {"selector does not match",
     [](rc_t& rc) { (*rc.mutable_spec()->mutable_selector())["app"] = "db"; }, {mismatch}},
    {"no selector", [](rc_t& rc) { rc.mutable_spec()->clear_selector(); },
     {"spec.selector: Required value"}},
    {"no template", [](rc_t& rc) { rc.mutable_spec()->clear_template_(); },
     {"spec.template: Required value"}},
    {"template restart policy",
     [](rc_t& rc) { rc.mutable_spec()->mutable_template_()->mutable_spec()->set_restart_policy("OnFailure"); },
     {R"(spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always")"}},
    {"template without containers",
     [](rc_t& rc) { rc.mutable_spec()->mutable_template_()->mutable_spec()->clear_containers(); },
     {"spec.template.spec.containers: Required value"}},
    {"template container path",
     [](rc_t& rc) {
       rc.mutable_spec()->mutable_template_()->mutable_spec()->mutable_containers(0)->clear_image();
     },
     {"spec.template.spec.containers[0].image: Required value"}},
    {"template label",
     [](rc_t& rc) {
       (*rc.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels())["t"] = "-x";
     },
     {R"(spec.template.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'))"}},
    {"active deadline",
     [](rc_t& rc) {
       rc.mutable_spec()->mutable_template_()->mutable_spec()->set_active_deadline_seconds(10);
     },
     {"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in "
      "ReplicationController is not Supported"}},
    {"bad name", [](rc_t& rc) { rc.mutable_metadata()->set_name("Web"); },
     {"metadata.name: Invalid value: \"Web\": " + test::subdomain_msg()}},
  };
  test::run_cases(valid_rc(), cases, validate_replication_controller);

  auto old = valid_rc();
  old.mutable_metadata()->set_resource_version("3");
  auto scaled = old;
  scaled.mutable_spec()->set_replicas(5);
  (*scaled.mutable_spec()->mutable_selector())["app"] = "web"; // RC selectors may change
  BOOST_TEST(validate_replication_controller_update(scaled, old).empty());
}

BOOST_AUTO_TEST_CASE(replica_sets) {
  using rs_t = api::ReplicaSet;
  const std::vector<test::validation_case<rs_t>> cases = {
    {"valid", [](rs_t&) {}, {}},
    {"no selector", [](rs_t& rs) { rs.mutable_spec()->clear_selector(); },
     {"spec.selector: Required value", mismatch}},
    {"empty selector",
     [](rs_t& rs) { rs.mutable_spec()->mutable_selector()->clear_match_labels(); },
     {"spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},"
      "MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for "
      "deployment"}},
    {"selector mismatch",
     [](rs_t& rs) {
       auto* e = rs.mutable_spec()->mutable_selector()->add_match_expressions();
       e->set_key("tier");
       e->set_operator_("Exists");
     },
     {mismatch}},
    {"bad operator",
     [](rs_t& rs) {
       auto* e = rs.mutable_spec()->mutable_selector()->add_match_expressions();
       e->set_key("k");
       e->set_operator_("Foo");
     },
     {"spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector "
      "operator",
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,},"
      "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:Foo,"
      "Values:[],},},}: invalid label selector"}},
    {"negative replicas", [](rs_t& rs) { rs.mutable_spec()->set_replicas(-2); },
     {"spec.replicas: Invalid value: -2: must be greater than or equal to 0"}},
    {"template restart policy",
     [](rs_t& rs) { rs.mutable_spec()->mutable_template_()->mutable_spec()->set_restart_policy("Never"); },
     {R"(spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always")"}},
  };
  test::run_cases(valid_rs(), cases, validate_replica_set);

  auto old = valid_rs();
  old.mutable_metadata()->set_resource_version("3");
  auto scaled = old;
  scaled.mutable_spec()->set_replicas(3);
  BOOST_TEST(validate_replica_set_update(scaled, old).empty());
  auto reselected = old;
  auto* e = reselected.mutable_spec()->mutable_selector()->add_match_expressions();
  e->set_key("app");
  e->set_operator_("In");
  e->add_values("web");
  auto got = test::render(validate_replica_set_update(reselected, old));
  std::vector<std::string> expected = {
    "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,},"
    "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:app,Operator:In,"
    "Values:[web],},},}: field is immutable"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(deployments) {
  using d_t = api::Deployment;
  const std::string ru = "spec.strategy.rollingUpdate.";
  auto rolling = [](d_t& d) { return d.mutable_spec()->mutable_strategy()->mutable_rolling_update(); };
  const std::vector<test::validation_case<d_t>> cases = {
    {"valid", [](d_t&) {}, {}},
    {"recreate", [](d_t& d) {
       d.mutable_spec()->mutable_strategy()->set_type("Recreate");
       d.mutable_spec()->mutable_strategy()->clear_rolling_update();
     },
     {}},
    {"recreate with rollingUpdate",
     [](d_t& d) { d.mutable_spec()->mutable_strategy()->set_type("Recreate"); },
     {"spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is "
      "'Recreate'"}},
    {"unknown strategy", [](d_t& d) { d.mutable_spec()->mutable_strategy()->set_type("Blue"); },
     {R"(spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Blue"}: supported values: "Recreate", "RollingUpdate")"}},
    {"rolling update without parameters",
     [](d_t& d) { d.mutable_spec()->mutable_strategy()->clear_rolling_update(); },
     {"spec.strategy.rollingUpdate: Required value: this should be defaulted and never be nil"}},
    {"both zero",
     [&](d_t& d) {
       set_int(rolling(d)->mutable_max_unavailable(), 0);
       set_int(rolling(d)->mutable_max_surge(), 0);
     },
     {ru + "maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"}},
    {"zero percent and zero",
     [&](d_t& d) {
       set_str(rolling(d)->mutable_max_unavailable(), "0%");
       set_int(rolling(d)->mutable_max_surge(), 0);
     },
     {ru + "maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0"}},
    {"over 100%", [&](d_t& d) { set_str(rolling(d)->mutable_max_unavailable(), "150%"); },
     {ru + "maxUnavailable: Invalid value: 150%: must not be greater than 100%"}},
    {"bad percent", [&](d_t& d) { set_str(rolling(d)->mutable_max_surge(), "abc"); },
     {ru + "maxSurge: Invalid value: abc: a valid percent string must be a numeric string "
           "followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is "
           "'[0-9]+%')"}},
    {"negative surge", [&](d_t& d) { set_int(rolling(d)->mutable_max_surge(), -1); },
     {ru + "maxSurge: Invalid value: -1: must be greater than or equal to 0"}},
    {"absolute numbers",
     [&](d_t& d) {
       set_int(rolling(d)->mutable_max_unavailable(), 1);
       set_int(rolling(d)->mutable_max_surge(), 0);
     },
     {}},
    {"history limit", [](d_t& d) { d.mutable_spec()->set_revision_history_limit(-1); },
     {"spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"}},
    {"progress deadline",
     [](d_t& d) {
       d.mutable_spec()->set_min_ready_seconds(10);
       d.mutable_spec()->set_progress_deadline_seconds(5);
     },
     {"spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds"}},
    {"selector mismatch",
     [](d_t& d) { (*d.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "db"; },
     {mismatch}},
    {"template deadline",
     [](d_t& d) {
       d.mutable_spec()->mutable_template_()->mutable_spec()->set_active_deadline_seconds(5);
     },
     {"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in Deployment "
      "is not Supported"}},
  };
  test::run_cases(valid_deployment(), cases, validate_deployment);

  auto old = valid_deployment();
  old.mutable_metadata()->set_resource_version("9");
  auto rolled = old;
  rolled.mutable_spec()->mutable_template_()->mutable_spec()->mutable_containers(0)->set_image("nginx:2");
  rolled.mutable_spec()->set_replicas(4);
  BOOST_TEST(validate_deployment_update(rolled, old).empty());
  auto reselected = old;
  reselected.mutable_spec()->clear_selector();
  auto errs = test::render(validate_deployment_update(reselected, old));
  BOOST_TEST(errs.size() == 3u); // required, mismatch, immutable
  BOOST_TEST(errs.back().find("spec.selector: Invalid value: ") == 0u);
  BOOST_TEST(errs.back().find("field is immutable") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(scale) {
  api::Scale s;
  s.mutable_metadata()->set_name("web");
  s.mutable_metadata()->set_namespace_("default");
  s.mutable_spec()->set_replicas(3);
  BOOST_TEST(validate_scale(s).empty());
  s.mutable_spec()->set_replicas(-1);
  auto got = test::render(validate_scale(s));
  std::vector<std::string> expected = {
    "spec.replicas: Invalid value: -1: must be greater than or equal to 0"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
