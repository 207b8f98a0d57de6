#include <boost/test/unit_test.hpp>

#include "actors/controllers/deployment/core/conditions.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::deployment;
using namespace convoy::controllers::deployment::test;

namespace {

/// A deployment rolled out once and fully available at image nginx:1.
cluster settled(int32_t replicas, const api::IntOrString& surge,
                const api::IntOrString& unavailable) {
  cluster c;
  c.d = make_deployment(replicas);
  set_rolling(c.d, surge, unavailable);
  for (int i = 0; i < 10; ++i) {
    c.apply(c.plan());
    c.all_available();
  }
  c.apply(c.plan());
  return c;
}

struct rollout_case {
  int32_t replicas;
  api::IntOrString surge;
  api::IntOrString unavailable;
};

} // namespace

BOOST_AUTO_TEST_SUITE(deployment_rolling)

BOOST_AUTO_TEST_CASE(first_sync_creates_the_new_replica_set_at_full_size) {
  cluster c;
  c.d = make_deployment(3);
  auto p = c.plan();
  BOOST_REQUIRE(p.create.size() == 1u);
  const auto& rs = p.create[0];
  BOOST_TEST(rs.metadata().name().rfind("web-", 0) == 0u);
  BOOST_TEST(rs.spec().replicas() == 3);
  BOOST_TEST(rs.metadata().annotations().at(revision_annotation) == "1");
  BOOST_REQUIRE(p.status_update.has_value());
  BOOST_TEST(p.status_update->metadata().annotations().at(revision_annotation) == "1");
  const auto* progressing = get_condition(p.status_update->status(), "Progressing");
  BOOST_REQUIRE(progressing != nullptr);
  BOOST_TEST(progressing->reason() == reason::new_rs_created);
  BOOST_TEST(progressing->message() == "Created new replica set \"" + rs.metadata().name() + "\"");
  BOOST_TEST(progressing->last_update_time().seconds() == c.now);
}

BOOST_AUTO_TEST_CASE(first_step_of_a_rollout_surges_and_scales_old_down) {
  auto c = settled(10, str_value("25%"), str_value("25%"));
  BOOST_REQUIRE(c.rss.size() == 1u);
  std::string old_name = c.rss[0].metadata().name();
  c.set_image("nginx:2");
  auto p = c.plan();
  BOOST_REQUIRE(p.create.size() == 1u);
  BOOST_TEST(p.create[0].spec().replicas() == 3); // maxSurge 25% of 10, rounded up
  BOOST_TEST(p.create[0].metadata().annotations().at(revision_annotation) == "2");
  BOOST_REQUIRE(p.update.size() == 1u);
  BOOST_TEST(p.update[0].metadata().name() == old_name);
  BOOST_TEST(p.update[0].spec().replicas() == 8); // maxUnavailable 25% of 10, rounded down
}

BOOST_AUTO_TEST_CASE(rollout_respects_surge_and_availability_at_every_step) {
  const std::vector<rollout_case> cases = {
    {10, str_value("25%"), str_value("25%")}, {10, int_value(3), int_value(0)},
    {10, int_value(0), int_value(2)},         {5, str_value("50%"), str_value("0%")},
    {3, str_value("0%"), str_value("0%")},    {1, str_value("25%"), str_value("25%")},
    {7, int_value(1), int_value(1)},
  };
  for (const auto& rc : cases) {
    auto c = settled(rc.replicas, rc.surge, rc.unavailable);
    int32_t surge = max_surge(c.d);
    int32_t unavailable = max_unavailable(c.d);
    c.set_image("nginx:2");
    int steps = 0;
    for (; steps < 60; ++steps) {
      auto p = c.plan();
      if (p.empty())
        break;
      c.apply(p);
      BOOST_TEST(c.total_spec() <= rc.replicas + surge);
      BOOST_TEST(c.total_available() >= rc.replicas - unavailable);
      c.all_available();
    }
    BOOST_TEST(steps < 60);
    BOOST_REQUIRE(c.rss.size() == 2u);
    const auto& newest = c.rss[1];
    BOOST_TEST(newest.spec().replicas() == rc.replicas);
    BOOST_TEST(c.rss[0].spec().replicas() == 0);
    BOOST_TEST(newest.spec().template_().spec().containers(0).image() == "nginx:2");
    BOOST_TEST(c.d.status().updated_replicas() == rc.replicas);
    BOOST_TEST(c.d.status().available_replicas() == rc.replicas);
    BOOST_TEST(c.d.status().observed_generation() == 2);
    BOOST_TEST(c.d.metadata().annotations().at(revision_annotation) == "2");
    const auto* progressing = get_condition(c.d.status(), "Progressing");
    BOOST_REQUIRE(progressing != nullptr);
    BOOST_TEST(progressing->reason() == reason::new_rs_available);
    BOOST_TEST(progressing->message()
               == "ReplicaSet \"" + newest.metadata().name() + "\" has successfully progressed.");
  }
}

BOOST_AUTO_TEST_CASE(old_replica_sets_scale_down_only_as_new_pods_become_available) {
  auto c = settled(4, int_value(1), int_value(0));
  c.set_image("nginx:2");
  c.apply(c.plan()); // new RS at 1, nothing available yet
  BOOST_TEST(c.rss[1].spec().replicas() == 1);
  BOOST_TEST(c.rss[0].spec().replicas() == 4);
  auto stalled = c.plan();
  BOOST_TEST(stalled.create.empty());
  BOOST_TEST(stalled.update.empty()); // no availability headroom: wait
  c.all_available();
  auto p = c.plan();
  BOOST_REQUIRE(p.update.size() == 1u);
  BOOST_TEST(p.update[0].metadata().name() == c.rss[0].metadata().name());
  BOOST_TEST(p.update[0].spec().replicas() == 3);
}

BOOST_AUTO_TEST_CASE(unhealthy_old_replicas_are_cleaned_up_first) {
  cluster c;
  c.d = make_deployment(4);
  set_rolling(c.d, int_value(0), int_value(1));
  // Two old generations; the older has 2 unavailable pods.
  c.rss.push_back(make_rs("web-old1", 1, 2, 0, 10));
  c.rss.push_back(make_rs("web-old2", 2, 2, 2, 20));
  auto p = c.plan();
  BOOST_REQUIRE(p.create.size() == 1u);
  BOOST_TEST(p.create[0].spec().replicas() == 0); // total 4 = replicas + surge 0
  // maxScaledDown = 4 - 3 - 0 = 1: one unhealthy pod of web-old1 goes.
  BOOST_REQUIRE(p.update.size() == 1u);
  BOOST_TEST(p.update[0].metadata().name() == "web-old1");
  BOOST_TEST(p.update[0].spec().replicas() == 1);
}

BOOST_AUTO_TEST_CASE(history_beyond_the_limit_is_deleted_once_complete) {
  cluster c;
  c.d = make_deployment(2);
  c.d.mutable_spec()->set_revision_history_limit(2);
  for (int i = 1; i <= 5; ++i)
    c.rss.push_back(make_rs("web-r" + std::to_string(i), i, 0, 0, 10 * i));
  // Revision 2 has a spec change its ReplicaSet controller has not seen yet.
  c.rss[1].mutable_metadata()->set_generation(3);
  c.rss[1].mutable_status()->set_observed_generation(2);
  for (int i = 0; i < 6; ++i) {
    c.apply(c.plan());
    c.all_available();
  }
  std::vector<std::string> names;
  for (const auto& rs : c.rss)
    names.push_back(rs.metadata().name());
  // The two lowest revisions that may go (1 and 3) are deleted; 2 is kept.
  BOOST_TEST(std::count(names.begin(), names.end(), "web-r1") == 0);
  BOOST_TEST(std::count(names.begin(), names.end(), "web-r3") == 0);
  BOOST_TEST(std::count(names.begin(), names.end(), "web-r2") == 1);
  BOOST_TEST(std::count(names.begin(), names.end(), "web-r4") == 1);
  BOOST_TEST(std::count(names.begin(), names.end(), "web-r5") == 1);
  BOOST_TEST(c.d.metadata().annotations().at(revision_annotation) == "6");
}

BOOST_AUTO_TEST_SUITE_END()
