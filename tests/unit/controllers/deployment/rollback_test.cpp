#include <boost/test/unit_test.hpp>

#include "actors/controllers/deployment/core/history.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::deployment;
using namespace convoy::controllers::deployment::test;

namespace {

/// Rolled out through nginx:1, nginx:2, nginx:3 (revisions 1..3), settled.
cluster three_revisions() {
  cluster c;
  c.d = make_deployment(2);
  (*c.d.mutable_metadata()->mutable_annotations())["kubernetes.io/change-cause"] = "v1";
  for (const char* image : {"nginx:1", "nginx:2", "nginx:3"}) {
    if (std::string(image) != "nginx:1") {
      c.set_image(image);
      (*c.d.mutable_metadata()->mutable_annotations())["kubernetes.io/change-cause"] = image;
    }
    for (int i = 0; i < 8; ++i) {
      c.apply(c.plan());
      c.all_available();
    }
  }
  return c;
}

std::string image_of(const api::Deployment& d) {
  return d.spec().template_().spec().containers(0).image();
}

} // namespace

BOOST_AUTO_TEST_SUITE(deployment_rollback)

BOOST_AUTO_TEST_CASE(rollback_to_a_named_revision) {
  auto c = three_revisions();
  BOOST_REQUIRE(c.rss.size() == 3u);
  auto r = rollback_to(c.d, c.owned(), 1);
  BOOST_TEST(r.error.empty());
  BOOST_REQUIRE(r.deployment.has_value());
  BOOST_TEST(image_of(*r.deployment) == "nginx:1");
  const auto& labels = r.deployment->spec().template_().metadata().labels();
  BOOST_TEST(labels.count(pod_template_hash_label) == 0u);
  BOOST_TEST(labels.at("app") == "web");
  BOOST_TEST(r.deployment->metadata().annotations().at("kubernetes.io/change-cause") == "v1");
  // The controller's own annotations stay the deployment's.
  BOOST_TEST(r.deployment->metadata().annotations().at(revision_annotation) == "3");
}

BOOST_AUTO_TEST_CASE(rollback_to_zero_means_the_previous_revision) {
  auto c = three_revisions();
  auto r = rollback_to(c.d, c.owned(), 0);
  BOOST_REQUIRE(r.deployment.has_value());
  BOOST_TEST(image_of(*r.deployment) == "nginx:2");
}

BOOST_AUTO_TEST_CASE(rollback_errors) {
  auto c = three_revisions();
  auto missing = rollback_to(c.d, c.owned(), 9);
  BOOST_TEST(!missing.deployment.has_value());
  BOOST_TEST(missing.error == "unable to find specified revision 9 in history");

  auto same = rollback_to(c.d, c.owned(), 3);
  BOOST_TEST(!same.deployment.has_value());
  BOOST_TEST(same.error.empty());
  BOOST_TEST(same.message == "skipped rollback (current template already matches revision 3)");

  auto paused = c.d;
  paused.mutable_spec()->set_paused(true);
  BOOST_TEST(rollback_to(paused, c.owned(), 1).error.find("paused") != std::string::npos);

  cluster fresh;
  fresh.d = make_deployment(1);
  fresh.apply(fresh.plan());
  BOOST_TEST(rollback_to(fresh.d, fresh.owned(), 0).error
             == "no rollout history found for deployment \"web\"");
}

BOOST_AUTO_TEST_CASE(rolled_back_template_reuses_its_replica_set_with_a_new_revision) {
  auto c = three_revisions();
  std::string v1_name = c.rss[0].metadata().name();
  auto r = rollback_to(c.d, c.owned(), 1);
  BOOST_REQUIRE(r.deployment.has_value());
  c.d = *r.deployment;
  c.d.mutable_metadata()->set_generation(c.d.metadata().generation() + 1);
  auto p = c.plan();
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(!p.update.empty());
  const auto& reused = p.update[0];
  BOOST_TEST(reused.metadata().name() == v1_name);
  BOOST_TEST(reused.metadata().annotations().at(revision_annotation) == "4");
  BOOST_TEST(reused.metadata().annotations().at(revision_history_annotation) == "1");
  for (int i = 0; i < 8; ++i) {
    c.apply(c.plan());
    c.all_available();
  }
  BOOST_TEST(c.find(v1_name)->spec().replicas() == 2);
  BOOST_TEST(c.d.metadata().annotations().at(revision_annotation) == "4");
}

BOOST_AUTO_TEST_CASE(controller_rollback_annotation_restores_and_clears) {
  auto c = three_revisions();
  (*c.d.mutable_metadata()->mutable_annotations())[rollback_to_annotation] = "2";
  auto p = c.plan();
  BOOST_REQUIRE(p.deployment_update.has_value());
  BOOST_TEST(image_of(*p.deployment_update) == "nginx:2");
  BOOST_TEST(p.deployment_update->metadata().annotations().count(rollback_to_annotation) == 0u);

  (*c.d.mutable_metadata()->mutable_annotations())[rollback_to_annotation] = "42";
  auto missing = c.plan();
  BOOST_REQUIRE(missing.deployment_update.has_value());
  BOOST_TEST(image_of(*missing.deployment_update) == "nginx:3");
  BOOST_TEST(missing.events.back() == "Unable to find the revision to rollback to.");
}

BOOST_AUTO_TEST_SUITE_END()
