#include <boost/test/unit_test.hpp>

#include "actors/controllers/deployment/core/conditions.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::deployment;
using namespace convoy::controllers::deployment::test;

namespace {

cluster settled(api::Deployment d) {
  cluster c;
  c.d = std::move(d);
  for (int i = 0; i < 5; ++i) {
    c.apply(c.plan());
    c.all_available();
  }
  c.apply(c.plan());
  return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(deployment_strategies)

BOOST_AUTO_TEST_CASE(recreate_scales_old_down_waits_then_creates_new) {
  auto d = make_deployment(3);
  d.mutable_spec()->mutable_strategy()->set_type("Recreate");
  auto c = settled(d);
  BOOST_REQUIRE(c.rss.size() == 1u);
  c.set_image("nginx:2");

  auto down = c.plan();
  BOOST_TEST(down.create.empty());
  BOOST_REQUIRE(down.update.size() == 1u);
  BOOST_TEST(down.update[0].spec().replicas() == 0);
  c.apply(down);

  auto waiting = c.plan(/*old_pods_running=*/true);
  BOOST_TEST(waiting.create.empty());
  BOOST_TEST(waiting.update.empty());

  c.rss[0].mutable_status()->set_replicas(2); // status still reports pods
  BOOST_TEST(c.plan(false).create.empty());
  c.rss[0].mutable_status()->set_replicas(0);

  auto up = c.plan(false);
  BOOST_REQUIRE(up.create.size() == 1u);
  BOOST_TEST(up.create[0].spec().replicas() == 3);
  BOOST_TEST(up.create[0].spec().template_().spec().containers(0).image() == "nginx:2");
}

BOOST_AUTO_TEST_CASE(status_counts_and_available_condition) {
  cluster c;
  c.d = make_deployment(10);
  set_rolling(c.d, int_value(2), int_value(2));
  c.d.mutable_metadata()->set_generation(4);
  auto old_rs = make_rs("web-old", 1, 6, 6, 10);
  old_rs.mutable_status()->set_ready_replicas(6);
  c.rss.push_back(old_rs);
  auto p = c.plan();
  BOOST_REQUIRE(p.create.size() == 1u);
  c.apply(p);
  auto& fresh = c.rss[1];
  fresh.mutable_status()->set_replicas(6);
  fresh.mutable_status()->set_ready_replicas(3);
  fresh.mutable_status()->set_available_replicas(1);
  auto s = c.plan();
  BOOST_REQUIRE(s.status_update.has_value());
  const auto& st = s.status_update->status();
  BOOST_TEST(st.observed_generation() == 4);
  BOOST_TEST(st.replicas() == 12);
  BOOST_TEST(st.updated_replicas() == 6);
  BOOST_TEST(st.ready_replicas() == 9);
  BOOST_TEST(st.available_replicas() == 7);
  const auto* available = get_condition(st, "Available");
  BOOST_REQUIRE(available != nullptr);
  BOOST_TEST(available->status() == "False"); // 7 < 10 - 2
  BOOST_TEST(available->reason() == reason::min_unavailable);
  BOOST_TEST(available->message() == "Deployment does not have minimum availability.");
}

BOOST_AUTO_TEST_CASE(progress_deadline_exceeded_after_deadline_without_progress) {
  auto c = settled(make_deployment(2));
  c.d.mutable_spec()->set_progress_deadline_seconds(60);
  c.set_image("nginx:2");
  c.apply(c.plan()); // new RS created; its pods never become available
  c.apply(c.plan());
  const auto* progressing = get_condition(c.d.status(), "Progressing");
  BOOST_REQUIRE(progressing != nullptr);
  BOOST_TEST(progressing->status() == "True");
  int64_t last = progressing->last_update_time().seconds();

  auto idle = c.plan();
  BOOST_TEST(!idle.status_update.has_value());
  BOOST_REQUIRE(idle.requeue_after_seconds.has_value());
  BOOST_TEST(*idle.requeue_after_seconds == last + 60 - c.now + 1);

  c.now = last + 61;
  auto late = c.plan();
  BOOST_REQUIRE(late.status_update.has_value());
  const auto* timed_out = get_condition(late.status_update->status(), "Progressing");
  BOOST_REQUIRE(timed_out != nullptr);
  BOOST_TEST(timed_out->status() == "False");
  BOOST_TEST(timed_out->reason() == reason::timed_out);
  BOOST_TEST(timed_out->message().find("has timed out progressing.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(paused_deployment_does_not_roll_out_but_scales) {
  auto c = settled(make_deployment(2));
  c.d.mutable_spec()->set_paused(true);
  c.set_image("nginx:2");
  auto p = c.plan();
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(p.status_update.has_value());
  const auto* progressing = get_condition(p.status_update->status(), "Progressing");
  BOOST_REQUIRE(progressing != nullptr);
  BOOST_TEST(progressing->status() == "Unknown");
  BOOST_TEST(progressing->reason() == reason::paused);
  c.apply(p);

  c.d.mutable_spec()->set_replicas(5);
  auto scaled = c.plan();
  BOOST_TEST(scaled.create.empty());
  BOOST_REQUIRE(scaled.update.size() == 1u);
  BOOST_TEST(scaled.update[0].spec().replicas() == 5);
  BOOST_TEST(scaled.update[0].metadata().annotations().at(desired_replicas_annotation) == "5");

  c.apply(scaled);
  c.d.mutable_spec()->set_paused(false);
  auto resumed = c.plan();
  BOOST_REQUIRE(resumed.create.size() == 1u); // the rollout starts on resume
}

BOOST_AUTO_TEST_CASE(scaling_a_single_active_replica_set) {
  auto c = settled(make_deployment(3));
  c.d.mutable_spec()->set_replicas(6);
  auto p = c.plan();
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(p.update.size() == 1u);
  BOOST_TEST(p.update[0].spec().replicas() == 6);
  BOOST_TEST(p.events.at(0).find("Scaled up replica set") == 0u);
}

BOOST_AUTO_TEST_CASE(scaling_mid_rollout_is_proportional) {
  cluster c;
  c.d = make_deployment(20);
  set_rolling(c.d, int_value(3), int_value(2)); // max before the scale: 10 + 3
  auto old_rs = make_rs("web-old", 1, 8, 8, 10);
  auto new_rs = make_rs("web-new", 2, 5, 0, 20);
  *new_rs.mutable_spec()->mutable_template_() = c.d.spec().template_();
  for (auto* rs : {&old_rs, &new_rs}) {
    (*rs->mutable_metadata()->mutable_annotations())[desired_replicas_annotation] = "10";
    (*rs->mutable_metadata()->mutable_annotations())[max_replicas_annotation] = "13";
  }
  c.rss = {old_rs, new_rs};
  set_rolling(c.d, str_value("25%"), int_value(2)); // now 20 + 5 = 25 allowed
  auto p = c.plan();
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(p.update.size() == 2u);
  c.apply(p);
  BOOST_TEST(c.find("web-old")->spec().replicas() == 15); // round(8 * 25 / 13)
  BOOST_TEST(c.find("web-new")->spec().replicas() == 10); // the remaining 5
  BOOST_TEST(c.find("web-new")->metadata().annotations().at(max_replicas_annotation) == "25");
}

BOOST_AUTO_TEST_CASE(hash_collision_bumps_collision_count_then_renames) {
  auto d = make_deployment(2);
  std::string hash = pod_template_hash(d.spec().template_(), 0);
  cluster c;
  c.d = d;
  c.rss.push_back(make_rs("web-" + hash, 1, 2, 2, 10)); // other template, same name
  auto p = c.plan();
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(p.status_update.has_value());
  BOOST_TEST(p.status_update->status().collision_count() == 1);
  c.apply(p);
  auto retry = c.plan();
  BOOST_REQUIRE(retry.create.size() == 1u);
  BOOST_TEST(retry.create[0].metadata().name() == "web-" + pod_template_hash(d.spec().template_(), 1));
  BOOST_TEST(bump_collision_count(c.d).status().collision_count() == 2);
}

BOOST_AUTO_TEST_CASE(selector_matching_everything_is_left_alone) {
  auto d = make_deployment(2);
  d.mutable_spec()->mutable_selector()->Clear();
  d.mutable_metadata()->set_generation(3);
  auto p = plan_sync(d, {}, false, 100);
  BOOST_TEST(p.create.empty());
  BOOST_REQUIRE(p.status_update.has_value());
  BOOST_TEST(p.status_update->status().observed_generation() == 3);
}

BOOST_AUTO_TEST_SUITE_END()
