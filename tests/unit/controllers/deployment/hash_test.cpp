#include <boost/test/unit_test.hpp>

#include "actors/controllers/deployment/core/new_replica_set.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::deployment;
using namespace convoy::controllers::deployment::test;

BOOST_AUTO_TEST_SUITE(deployment_hash)

BOOST_AUTO_TEST_CASE(same_template_same_hash_whatever_map_order) {
  auto a = make_template("nginx:1");
  auto b = make_template("nginx:1");
  (*a.mutable_metadata()->mutable_labels())["tier"] = "front";
  (*a.mutable_metadata()->mutable_labels())["zone"] = "z1";
  (*b.mutable_metadata()->mutable_labels())["zone"] = "z1";
  (*b.mutable_metadata()->mutable_labels())["tier"] = "front";
  BOOST_TEST(pod_template_hash(a, 0) == pod_template_hash(b, 0));
  BOOST_TEST(pod_template_hash(a, 0) == pod_template_hash(a, 0));
}

BOOST_AUTO_TEST_CASE(any_change_changes_the_hash) {
  auto base = make_template("nginx:1");
  auto image = make_template("nginx:2");
  auto label = base;
  (*label.mutable_metadata()->mutable_labels())["extra"] = "1";
  auto env = base;
  env.mutable_spec()->mutable_containers(0)->add_args("--verbose");
  std::string h = pod_template_hash(base, 0);
  BOOST_TEST(h != pod_template_hash(image, 0));
  BOOST_TEST(h != pod_template_hash(label, 0));
  BOOST_TEST(h != pod_template_hash(env, 0));
  BOOST_TEST(h != pod_template_hash(base, 1));
  BOOST_TEST(pod_template_hash(base, 1) != pod_template_hash(base, 2));
}

BOOST_AUTO_TEST_CASE(hash_uses_the_safe_alphabet) {
  std::string h = pod_template_hash(make_template("nginx:1"), 0);
  BOOST_TEST(!h.empty());
  BOOST_TEST(h.size() <= 10u);
  // Decimal digits map onto "456789bcdf" (SafeEncodeString of the number).
  BOOST_TEST(h.find_first_not_of("456789bcdf") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(equal_ignore_hash_ignores_only_the_hash_label) {
  auto a = make_template("nginx:1");
  auto b = a;
  (*b.mutable_metadata()->mutable_labels())[pod_template_hash_label] = "abc";
  BOOST_TEST(equal_ignore_hash(a, b));
  (*b.mutable_metadata()->mutable_labels())["other"] = "x";
  BOOST_TEST(!equal_ignore_hash(a, b));
}

BOOST_AUTO_TEST_CASE(new_replica_set_is_named_labelled_owned_and_annotated) {
  auto d = make_deployment(4);
  set_rolling(d, int_value(1), int_value(0));
  (*d.mutable_metadata()->mutable_annotations())["kubernetes.io/change-cause"] = "v1";
  (*d.mutable_metadata()->mutable_annotations())[last_applied_annotation] = "{}";
  (*d.mutable_metadata()->mutable_annotations())[revision_annotation] = "7";
  d.mutable_spec()->set_min_ready_seconds(5);
  auto rs = new_replica_set(d, "abc12", 3);
  BOOST_TEST(rs.metadata().name() == "web-abc12");
  BOOST_TEST(rs.metadata().namespace_() == "default");
  BOOST_TEST(rs.metadata().labels().at(pod_template_hash_label) == "abc12");
  BOOST_TEST(rs.metadata().labels().at("app") == "web");
  BOOST_TEST(rs.spec().selector().match_labels().at(pod_template_hash_label) == "abc12");
  BOOST_TEST(rs.spec().template_().metadata().labels().at(pod_template_hash_label) == "abc12");
  BOOST_TEST(rs.spec().min_ready_seconds() == 5);
  BOOST_REQUIRE(rs.metadata().owner_references_size() == 1);
  const auto& owner = rs.metadata().owner_references(0);
  BOOST_TEST(owner.uid() == "d-uid");
  BOOST_TEST(owner.kind() == "Deployment");
  BOOST_TEST(owner.controller());
  const auto& a = rs.metadata().annotations();
  BOOST_TEST(a.at(revision_annotation) == "3");
  BOOST_TEST(a.at(desired_replicas_annotation) == "4");
  BOOST_TEST(a.at(max_replicas_annotation) == "5");
  BOOST_TEST(a.at("kubernetes.io/change-cause") == "v1");
  BOOST_TEST(a.count(last_applied_annotation) == 0u);
  // The deployment's own template has no hash label.
  BOOST_TEST(d.spec().template_().metadata().labels().count(pod_template_hash_label) == 0u);
}

BOOST_AUTO_TEST_CASE(reused_replica_set_gets_a_higher_revision_and_remembers_the_old) {
  auto d = make_deployment(2);
  auto rs = new_replica_set(d, "h", 2);
  BOOST_TEST(set_new_replica_set_annotations(d, rs, 5, true));
  BOOST_TEST(rs.metadata().annotations().at(revision_annotation) == "5");
  BOOST_TEST(rs.metadata().annotations().at(revision_history_annotation) == "2");
  BOOST_TEST(set_new_replica_set_annotations(d, rs, 8, true));
  BOOST_TEST(rs.metadata().annotations().at(revision_history_annotation) == "2,5");
  // Never lowered.
  BOOST_TEST(!set_new_replica_set_annotations(d, rs, 3, true));
  BOOST_TEST(rs.metadata().annotations().at(revision_annotation) == "8");
}

struct fencepost_case {
  int32_t replicas;
  api::IntOrString surge;
  api::IntOrString unavailable;
  int32_t want_surge;
  int32_t want_unavailable;
};

BOOST_AUTO_TEST_CASE(fenceposts_round_surge_up_and_unavailable_down) {
  const std::vector<fencepost_case> cases = {
    {10, str_value("25%"), str_value("25%"), 3, 2},
    {4, str_value("25%"), str_value("25%"), 1, 1},
    {1, str_value("25%"), str_value("25%"), 1, 0},
    {3, int_value(0), str_value("10%"), 0, 1},  // both 0: unavailable 1
    {10, int_value(2), int_value(0), 2, 0},
    {5, str_value("100%"), int_value(9), 5, 5}, // unavailable capped at replicas
  };
  for (const auto& c : cases) {
    auto d = make_deployment(c.replicas);
    set_rolling(d, c.surge, c.unavailable);
    BOOST_TEST(max_surge(d) == c.want_surge);
    BOOST_TEST(max_unavailable(d) == c.want_unavailable);
  }
  auto defaults = make_deployment(10);
  BOOST_TEST(max_surge(defaults) == 3);       // 25% default
  BOOST_TEST(max_unavailable(defaults) == 2);
  auto recreate = make_deployment(10);
  recreate.mutable_spec()->mutable_strategy()->set_type("Recreate");
  BOOST_TEST(max_surge(recreate) == 0);
  BOOST_TEST(max_unavailable(recreate) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
