// Pod update and status update validation: which spec fields may change.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/validation/pod_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using pod_case = test::validation_case<api::Pod>;

namespace {

api::Pod stored_pod() {
  auto pod = test::valid_pod();
  pod.mutable_metadata()->set_resource_version("7");
  pod.mutable_metadata()->set_uid("uid-1");
  pod.mutable_metadata()->mutable_creation_timestamp()->set_seconds(1000);
  pod.mutable_spec()->set_node_name("n1");
  auto* t = pod.mutable_spec()->add_tolerations();
  t->set_key("node.kubernetes.io/not-ready");
  t->set_operator_("Exists");
  t->set_effect("NoExecute");
  t->set_toleration_seconds(300);
  pod.mutable_spec()->set_active_deadline_seconds(100);
  return pod;
}

} // namespace

BOOST_AUTO_TEST_SUITE(pod_update_tests)

BOOST_AUTO_TEST_CASE(allowed_and_forbidden_changes) {
  const auto old = stored_pod();
  const std::vector<pod_case> cases = {
    {"no change", [](api::Pod&) {}, {}},
    {"image", [](api::Pod& p) { p.mutable_spec()->mutable_containers(0)->set_image("nginx:2"); },
     {}},
    {"labels and annotations",
     [](api::Pod& p) {
       (*p.mutable_metadata()->mutable_labels())["tier"] = "front";
       (*p.mutable_metadata()->mutable_annotations())["note"] = "x";
     },
     {}},
    {"lower deadline", [](api::Pod& p) { p.mutable_spec()->set_active_deadline_seconds(50); }, {}},
    {"raise deadline", [](api::Pod& p) { p.mutable_spec()->set_active_deadline_seconds(200); },
     {"spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous "
      "value"}},
    {"drop deadline", [](api::Pod& p) { p.mutable_spec()->clear_active_deadline_seconds(); },
     {"spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer "
      "to nil value"}},
    {"add toleration",
     [](api::Pod& p) {
       auto* t = p.mutable_spec()->add_tolerations();
       t->set_key("dedicated");
       t->set_operator_("Exists");
     },
     {}},
    {"change toleration seconds",
     [](api::Pod& p) { p.mutable_spec()->mutable_tolerations(0)->set_toleration_seconds(10); },
     {}},
    {"modify toleration",
     [](api::Pod& p) { p.mutable_spec()->mutable_tolerations(0)->set_key("dedicated"); },
     {"spec.tolerations: Forbidden: existing toleration can not be modified except its "
      "tolerationSeconds"}},
    {"remove toleration", [](api::Pod& p) { p.mutable_spec()->clear_tolerations(); },
     {"spec.tolerations: Forbidden: existing toleration can not be modified except its "
      "tolerationSeconds"}},
    {"add container",
     [](api::Pod& p) {
       auto& c = *p.mutable_spec()->add_containers();
       c = test::container("side", "busybox");
       default_container(c);
     },
     {"spec.containers: Forbidden: pod updates may not add or remove containers"}},
    {"empty image", [](api::Pod& p) { p.mutable_spec()->mutable_containers(0)->clear_image(); },
     {"spec.containers[0].image: Required value", "spec.containers[0].image: Required value"}},
    {"image whitespace",
     [](api::Pod& p) { p.mutable_spec()->mutable_containers(0)->set_image(" nginx"); },
     {"spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing "
      "whitespace"}},
    {"rename", [](api::Pod& p) { p.mutable_metadata()->set_name("web2"); },
     {"metadata.name: Invalid value: \"web2\": field is immutable"}},
    {"move namespace", [](api::Pod& p) { p.mutable_metadata()->set_namespace_("other"); },
     {"metadata.namespace: Invalid value: \"other\": field is immutable"}},
    {"new uid", [](api::Pod& p) { p.mutable_metadata()->set_uid("uid-2"); },
     {"metadata.uid: Invalid value: \"uid-2\": field is immutable"}},
    {"new creation time",
     [](api::Pod& p) { p.mutable_metadata()->mutable_creation_timestamp()->set_seconds(5); },
     {"metadata.creationTimestamp: Invalid value: 1970-01-01T00:00:05Z: field is immutable"}},
    {"no resourceVersion", [](api::Pod& p) { p.mutable_metadata()->clear_resource_version(); },
     {"metadata.resourceVersion: Invalid value: \"\": must be specified for an update"}},
    {"generation decremented", [](api::Pod& p) { p.mutable_metadata()->set_generation(-5); },
     {"metadata.generation: Invalid value: -5: must not be decremented"}},
  };
  test::run_cases(old, cases,
                  [&](const api::Pod& updated) { return validate_pod_update(updated, old); });
}

BOOST_AUTO_TEST_CASE(other_spec_changes_are_forbidden_with_a_diff) {
  const auto old = stored_pod();
  auto changed = old;
  changed.mutable_spec()->set_restart_policy("Never");
  changed.mutable_spec()->mutable_containers(0)->mutable_ports(0)->set_container_port(8080);
  auto errs = validate_pod_update(changed, old);
  BOOST_REQUIRE_EQUAL(errs.size(), 1u);
  const auto text = errs[0].to_string();
  const std::string expected_start
    = "spec: Forbidden: pod updates may not change fields other than "
      "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
      "`spec.tolerations` (only additions to existing tolerations),"
      "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously "
      "negative)\n";
  BOOST_TEST(text.substr(0, expected_start.size()) == expected_start);
  BOOST_TEST(text.find("restart_policy") != std::string::npos);
  BOOST_TEST(text.find("container_port") != std::string::npos);
  BOOST_TEST((errs[0].type == error_type::forbidden));

  auto rebound = old;
  rebound.mutable_spec()->set_node_name("n2");
  BOOST_TEST(validate_pod_update(rebound, old).size() == 1u);

  // terminationGracePeriodSeconds may only go from negative to 1.
  auto negative = old;
  negative.mutable_spec()->set_termination_grace_period_seconds(-1);
  auto one = negative;
  one.mutable_spec()->set_termination_grace_period_seconds(1);
  BOOST_TEST(validate_pod_update(one, negative).empty());
  auto sixty = old;
  sixty.mutable_spec()->set_termination_grace_period_seconds(60);
  BOOST_TEST(validate_pod_update(sixty, old).size() == 1u);
}

BOOST_AUTO_TEST_CASE(status_updates) {
  auto old = stored_pod();
  old.mutable_spec()->set_restart_policy("Never");
  auto* st = old.mutable_status()->add_container_statuses();
  st->set_name("web");
  st->mutable_state()->mutable_terminated()->set_exit_code(1);
  old.mutable_status()->set_qos_class("BestEffort");

  const std::vector<pod_case> cases = {
    {"ips and phase",
     [](api::Pod& p) {
       p.mutable_status()->set_phase("Failed");
       p.mutable_status()->set_pod_ip("10.244.0.5");
       p.mutable_status()->add_pod_ips()->set_ip("10.244.0.5");
       p.mutable_status()->set_host_ip("192.168.1.10");
     },
     {}},
    {"bad pod ip", [](api::Pod& p) { p.mutable_status()->set_pod_ip("10.244.0"); },
     {"status.podIP: Invalid value: \"10.244.0\": must be a valid IP address, (e.g. 10.9.8.7 or "
      "2001:db8::ffff)"}},
    {"terminated comes back",
     [](api::Pod& p) {
       auto* s = p.mutable_status()->mutable_container_statuses(0);
       s->mutable_state()->clear_terminated();
       s->mutable_state()->mutable_running();
     },
     {"status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated "
      "state"}},
    {"qos immutable", [](api::Pod& p) { p.mutable_status()->set_qos_class("Burstable"); },
     {"status.qosClass: Invalid value: \"Burstable\": field is immutable"}},
    {"nominated node", [](api::Pod& p) { p.mutable_status()->set_nominated_node_name("N_1"); },
     {"status.nominatedNodeName: Invalid value: \"N_1\": " + test::subdomain_msg()}},
  };
  test::run_cases(old, cases,
                  [&](const api::Pod& updated) { return validate_pod_status_update(updated, old); });

  // OnFailure lets a failed container restart; Always lets any.
  for (const char* policy : {"OnFailure", "Always"}) {
    auto o = old;
    o.mutable_spec()->set_restart_policy(policy);
    auto n = o;
    n.mutable_status()->mutable_container_statuses(0)->mutable_state()->clear_terminated();
    BOOST_TEST(validate_pod_status_update(n, o).empty(), policy);
  }
}

BOOST_AUTO_TEST_SUITE_END()
