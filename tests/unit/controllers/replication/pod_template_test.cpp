// pod_from_template: GetPodFromTemplate's copy of the template plus the
// namespace, generateName and controller reference.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/replication/core/claim.hpp"
#include "actors/controllers/replication/core/pod_template.hpp"
#include "tests/unit/controllers/replication/builders.hpp"

using namespace convoy;
using namespace convoy::controllers::replication;
using namespace convoy::controllers::replication::test;

BOOST_AUTO_TEST_SUITE(pod_template_suite)

BOOST_AUTO_TEST_CASE(copies_the_template_and_points_at_the_owner) {
  auto rs = rs_builder().template_label("tier", "front").rs;
  auto* tmeta = rs.mutable_spec()->mutable_template_()->mutable_metadata();
  (*tmeta->mutable_annotations())["note"] = "x";
  tmeta->add_finalizers("example.com/keep");
  tmeta->set_name("ignored");
  auto* c = rs.mutable_spec()->mutable_template_()->mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("nginx");
  rs.mutable_spec()->mutable_template_()->mutable_spec()->set_restart_policy("Always");

  auto pod = pod_from_template(owner_of(rs));
  BOOST_CHECK_EQUAL(pod.kind(), "Pod");
  BOOST_CHECK_EQUAL(pod.metadata().namespace_(), "default");
  BOOST_CHECK_EQUAL(pod.metadata().generate_name(), "web-");
  BOOST_CHECK(pod.metadata().name().empty()); // the apiserver generates it
  BOOST_CHECK_EQUAL(pod.metadata().labels().size(), 2u);
  BOOST_CHECK_EQUAL(pod.metadata().labels().at("tier"), "front");
  BOOST_CHECK_EQUAL(pod.metadata().annotations().at("note"), "x");
  BOOST_REQUIRE_EQUAL(pod.metadata().finalizers_size(), 1);
  BOOST_CHECK_EQUAL(pod.metadata().finalizers(0), "example.com/keep");
  BOOST_REQUIRE_EQUAL(pod.spec().containers_size(), 1);
  BOOST_CHECK_EQUAL(pod.spec().containers(0).image(), "nginx");
  BOOST_CHECK_EQUAL(pod.spec().restart_policy(), "Always");
  BOOST_REQUIRE_EQUAL(pod.metadata().owner_references_size(), 1);
  const auto& ref = pod.metadata().owner_references(0);
  BOOST_CHECK_EQUAL(ref.kind(), "ReplicaSet");
  BOOST_CHECK_EQUAL(ref.uid(), "rs-uid");
  BOOST_CHECK(ref.controller() && ref.block_owner_deletion());
  // What it creates, it owns.
  BOOST_CHECK_EQUAL(claim_pods(owner_of(rs), {&pod}).owned.size(), 1u);
}

BOOST_AUTO_TEST_CASE(replication_controller_pods_reference_the_rc) {
  api::ReplicationController rc;
  rc.mutable_metadata()->set_name("fe");
  rc.mutable_metadata()->set_namespace_("prod");
  rc.mutable_metadata()->set_uid("rc-uid");
  (*rc.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels())["app"] = "fe";
  auto pod = pod_from_template(owner_of(rc));
  BOOST_CHECK_EQUAL(pod.metadata().namespace_(), "prod");
  BOOST_CHECK_EQUAL(pod.metadata().generate_name(), "fe-");
  BOOST_CHECK_EQUAL(pod.metadata().owner_references(0).kind(), "ReplicationController");
  BOOST_CHECK_EQUAL(pod.metadata().owner_references(0).api_version(), "v1");
}

BOOST_AUTO_TEST_CASE(a_name_at_the_length_limit_gets_no_dash) {
  BOOST_CHECK_EQUAL(pod_name_prefix("web"), "web-");
  BOOST_CHECK_EQUAL(pod_name_prefix(std::string(252, 'a')), std::string(252, 'a') + "-");
  BOOST_CHECK_EQUAL(pod_name_prefix(std::string(253, 'a')), std::string(253, 'a'));
}

BOOST_AUTO_TEST_SUITE_END()
