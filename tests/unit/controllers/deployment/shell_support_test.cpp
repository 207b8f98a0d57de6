// The pure pieces the deployment controller's actor shell stands on:
// ReplicaSet claiming, the owner index over ReplicaSets and the write
// expectations.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/common/owner_index.hpp"
#include "actors/controllers/deployment/core/claim.hpp"
#include "actors/controllers/deployment/core/write_expectations.hpp"
#include "builders.hpp"

using namespace convoy;
using namespace convoy::controllers::deployment;
using namespace convoy::controllers::deployment::test;
using namespace std::chrono_literals;

namespace {

apiserver::label_selector app_web() {
  api::LabelSelector s;
  (*s.mutable_match_labels())["app"] = "web";
  return *apiserver::label_selector::from_message(s).value;
}

api::ReplicaSet labelled_rs(const std::string& name, const std::string& app) {
  auto rs = make_rs(name, 1, 1, 1, 100);
  (*rs.mutable_metadata()->mutable_labels())["app"] = app;
  return rs;
}

void control(api::ReplicaSet& rs, const std::string& uid, const std::string& kind = "Deployment") {
  auto* ref = rs.mutable_metadata()->add_owner_references();
  ref->set_kind(kind);
  ref->set_name("owner");
  ref->set_uid(uid);
  ref->set_controller(true);
}

} // namespace

BOOST_AUTO_TEST_SUITE(deployment_claim)

BOOST_AUTO_TEST_CASE(owned_kept_orphans_adopted_mismatches_released_others_ignored) {
  auto d = make_deployment(3);
  auto mine = labelled_rs("mine", "web");
  control(mine, "d-uid");
  auto orphan = labelled_rs("orphan", "web");
  auto stray = labelled_rs("stray", "other"); // orphan, labels do not match
  auto moved = labelled_rs("moved", "other"); // ours, relabelled
  control(moved, "d-uid");
  auto theirs = labelled_rs("theirs", "web");
  control(theirs, "x-uid");
  auto elsewhere = labelled_rs("elsewhere", "web");
  elsewhere.mutable_metadata()->set_namespace_("kube-system");
  auto dying = labelled_rs("dying", "web");
  dying.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(5);

  auto c = claim_replica_sets(d, app_web(),
                              {&mine, &orphan, &stray, &moved, &theirs, &elsewhere, &dying});
  BOOST_TEST(c.owned == (std::vector<const api::ReplicaSet*>{&mine}));
  BOOST_TEST(c.adopt == (std::vector<const api::ReplicaSet*>{&orphan}));
  BOOST_TEST(c.release == (std::vector<const api::ReplicaSet*>{&moved}));
}

BOOST_AUTO_TEST_CASE(a_deleting_deployment_neither_adopts_nor_releases) {
  auto d = make_deployment(3);
  d.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(9);
  auto mine = labelled_rs("mine", "web");
  control(mine, "d-uid");
  auto moved = labelled_rs("moved", "other");
  control(moved, "d-uid");
  auto orphan = labelled_rs("orphan", "web");
  auto c = claim_replica_sets(d, app_web(), {&mine, &moved, &orphan});
  BOOST_TEST(c.owned.size() == 1u);
  BOOST_TEST(c.adopt.empty());
  BOOST_TEST(c.release.empty());
}

BOOST_AUTO_TEST_CASE(adopting_writes_one_controller_ref_and_releasing_drops_it) {
  auto d = make_deployment(3);
  auto rs = labelled_rs("orphan", "web");
  auto* gc_only = rs.mutable_metadata()->add_owner_references(); // not a controller
  gc_only->set_kind("ConfigMap");
  gc_only->set_uid("cm-uid");
  auto adopted_rs = adopted(rs, d);
  BOOST_REQUIRE_EQUAL(adopted_rs.metadata().owner_references_size(), 2);
  const auto& ref = adopted_rs.metadata().owner_references(1);
  BOOST_TEST(ref.kind() == "Deployment");
  BOOST_TEST(ref.api_version() == "apps/v1");
  BOOST_TEST(ref.name() == "web");
  BOOST_TEST(ref.uid() == "d-uid");
  BOOST_TEST(ref.controller());
  BOOST_TEST(ref.block_owner_deletion());
  // Adopting twice does not duplicate the reference.
  BOOST_TEST(adopted(adopted_rs, d).metadata().owner_references_size() == 2);
  auto back = released(adopted_rs, d);
  BOOST_REQUIRE_EQUAL(back.metadata().owner_references_size(), 1);
  BOOST_TEST(back.metadata().owner_references(0).uid() == "cm-uid");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deployment_owner_index)

BOOST_AUTO_TEST_CASE(indexes_by_controller_and_orphans_and_follows_moves) {
  controllers::owner_index idx;
  auto a = labelled_rs("a", "web");
  control(a, "d1");
  auto b = labelled_rs("b", "web");
  idx.upsert("default/a", a.metadata());
  idx.upsert("default/b", b.metadata());
  BOOST_TEST(idx.controlled_by("d1").count("default/a") == 1u);
  BOOST_TEST(idx.orphans_in("default").count("default/b") == 1u);
  BOOST_TEST(idx.orphans_in("kube-system").empty());
  // b adopted, a released.
  control(b, "d1");
  idx.upsert("default/b", b.metadata());
  idx.upsert("default/a", labelled_rs("a", "web").metadata());
  BOOST_TEST(idx.controlled_by("d1").size() == 1u);
  BOOST_TEST(idx.controlled_by("d1").count("default/b") == 1u);
  BOOST_TEST(idx.orphans_in("default").size() == 1u);
  BOOST_TEST(idx.orphans_in("default").count("default/a") == 1u);
  idx.remove("default/a");
  idx.remove("default/b");
  idx.remove("default/missing");
  BOOST_TEST(idx.controlled_by("d1").empty());
  BOOST_TEST(idx.orphans_in("default").empty());
  BOOST_TEST(idx.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deployment_write_expectations)

BOOST_AUTO_TEST_CASE(waits_for_every_write_until_the_cache_shows_it) {
  write_expectations w;
  w.expect_version("default/web", "replicasets:default/web-1", 10, 0s);
  w.expect_version("default/web", "deployments:default/web", 12, 0s);
  w.expect_gone("default/web", "replicasets:default/web-0", 0s);
  BOOST_TEST(!w.satisfied("default/web", 1s));
  BOOST_TEST(w.satisfied("default/other", 1s));
  w.observed("replicasets:default/web-1", 9); // an older event
  BOOST_TEST(w.pending("default/web") == 3u);
  w.observed("replicasets:default/web-1", 11); // a later one counts too
  w.observed("deployments:default/web", 12);
  BOOST_TEST(w.pending("default/web") == 1u);
  w.observed("replicasets:default/web-0", 50); // still there: not gone
  BOOST_TEST(!w.satisfied("default/web", 1s));
  w.observed_gone("replicasets:default/web-0");
  BOOST_TEST(w.satisfied("default/web", 1s));
  BOOST_TEST(w.pending("default/web") == 0u);
}

BOOST_AUTO_TEST_CASE(a_deleted_object_satisfies_a_version_wait) {
  write_expectations w;
  w.expect_version("d", "replicasets:ns/a", 10, 0s);
  w.observed_gone("replicasets:ns/a");
  BOOST_TEST(w.satisfied("d", 0s));
}

BOOST_AUTO_TEST_CASE(expires_after_the_ttl_counted_from_the_last_write) {
  write_expectations w{10s};
  w.expect_version("d", "replicasets:ns/a", 10, 0s);
  w.expect_version("d", "replicasets:ns/b", 10, 4s);
  BOOST_TEST(!w.satisfied("d", 13s));
  BOOST_TEST(w.satisfied("d", 14s));
}

BOOST_AUTO_TEST_CASE(one_timer_per_wait_and_erase_forgets) {
  write_expectations w;
  BOOST_TEST(!w.arm_timer("d")); // nothing awaited
  w.expect_version("d", "replicasets:ns/a", 10, 0s);
  BOOST_TEST(w.arm_timer("d"));
  BOOST_TEST(!w.arm_timer("d"));
  w.observed("replicasets:ns/a", 10);
  w.expect_version("d", "replicasets:ns/a", 20, 1s); // a new wait
  BOOST_TEST(w.arm_timer("d"));
  w.erase("d");
  BOOST_TEST(w.satisfied("d", 1s));
  w.observed("replicasets:ns/a", 30); // nobody waits: no effect
  BOOST_TEST(w.pending("d") == 0u);
}

BOOST_AUTO_TEST_CASE(an_object_has_one_waiter) {
  write_expectations w;
  w.expect_version("d1", "replicasets:ns/a", 10, 0s);
  w.expect_version("d2", "replicasets:ns/a", 11, 0s); // adopted by d2 meanwhile
  BOOST_TEST(w.satisfied("d1", 0s));
  BOOST_TEST(!w.satisfied("d2", 0s));
  w.observed("replicasets:ns/a", 11);
  BOOST_TEST(w.satisfied("d2", 0s));
}

BOOST_AUTO_TEST_SUITE_END()
