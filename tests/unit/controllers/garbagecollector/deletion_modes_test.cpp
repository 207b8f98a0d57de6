// Owners deleted with propagationPolicy Foreground ("foregroundDeletion") and
// Orphan ("orphan"), the graph's virtual owners, and the list edits the shell
// writes.

#include <boost/test/unit_test.hpp>

#include "gc_builders.hpp"

using namespace convoy;
using namespace convoy::controllers::gc;
using namespace convoy::controllers::gc::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(garbage_collector_deletion_modes)

BOOST_AUTO_TEST_CASE(foreground_deletes_dependents_then_drops_the_finalizer) {
  garbage_collector gc;
  auto dep = obj("Deployment", "web", "u-dep");
  auto blocking = obj("ReplicaSet", "web-1", "u-rs1");
  auto loose = obj("ReplicaSet", "web-2", "u-rs2");
  auto pod = obj("Pod", "web-1-a", "u-pod");
  add(gc, dep);
  add(gc, blocking, {owned_by(dep, true)});
  add(gc, loose, {owned_by(dep, false)});
  add(gc, pod, {owned_by(blocking)});
  auto live = caches({"u-dep", "u-rs1", "u-rs2", "u-pod"});

  // Starting to wait for its dependents puts all of them in the queue.
  auto queued = gc.on_upsert(dep, {}, true, {"foregroundDeletion"});
  BOOST_TEST(queued == (uids{"u-dep", "u-rs1", "u-rs2"}), tt::per_element());
  auto wait = gc.decide("u-dep", live);
  BOOST_TEST((wait.kind == gc_action_kind::wait_for_dependents));
  BOOST_TEST(wait.requeue == uids{"u-rs1"}, tt::per_element());

  // A dependent with dependents of its own goes in foreground too; a leaf
  // in background.
  auto rs1 = gc.decide("u-rs1", live);
  BOOST_TEST((rs1.kind == gc_action_kind::delete_object));
  BOOST_TEST(rs1.propagation == "Foreground");
  auto rs2 = gc.decide("u-rs2", live);
  BOOST_TEST((rs2.kind == gc_action_kind::delete_object));
  BOOST_TEST(rs2.propagation == "Background");

  // rs1 deleting in foreground: its pod goes, then rs1, then the owner,
  // which no longer waits for the non-blocking rs2.
  BOOST_TEST(gc.on_upsert(blocking, {owned_by(dep, true)}, true, {"foregroundDeletion"})
               == (uids{"u-dep", "u-pod", "u-rs1"}),
             tt::per_element());
  BOOST_TEST((gc.decide("u-dep", live).kind == gc_action_kind::wait_for_dependents));
  BOOST_TEST(gc.decide("u-dep", live).requeue.empty());
  BOOST_TEST(gc.decide("u-pod", live).propagation == "Background");
  BOOST_TEST(gc.on_remove("u-pod") == uids{"u-rs1"}, tt::per_element());
  auto rs1_done = gc.decide("u-rs1", live);
  BOOST_TEST((rs1_done.kind == gc_action_kind::remove_finalizer));
  BOOST_TEST(rs1_done.finalizer == "foregroundDeletion");
  BOOST_TEST(gc.on_remove("u-rs1") == uids{"u-dep"}, tt::per_element());
  auto done = gc.decide("u-dep", live);
  BOOST_TEST((done.kind == gc_action_kind::remove_finalizer));
  BOOST_TEST((done.target == dep));
  BOOST_TEST(done.finalizer == "foregroundDeletion");
}

BOOST_AUTO_TEST_CASE(solid_owner_keeps_dependent_of_foreground_owner) {
  garbage_collector gc;
  auto going = obj("Deployment", "a", "u-a");
  auto staying = obj("Deployment", "b", "u-b");
  auto rs = obj("ReplicaSet", "shared", "u-rs");
  add(gc, going);
  add(gc, staying);
  add(gc, rs, {owned_by(going), owned_by(staying)});
  gc.on_upsert(going, {}, true, {"foregroundDeletion"});
  auto action = gc.decide("u-rs", caches({"u-a", "u-b", "u-rs"}));
  BOOST_TEST((action.kind == gc_action_kind::remove_owner_references));
  BOOST_TEST(action.owner_uids == uids{"u-a"}, tt::per_element());
  // Written back, the owner is requeued and finishes.
  BOOST_TEST(gc.on_upsert(rs, {owned_by(staying)}, false, {}) == (uids{"u-a", "u-rs"}),
             tt::per_element());
  BOOST_TEST((gc.decide("u-a", caches({"u-a"})).kind == gc_action_kind::remove_finalizer));
}

BOOST_AUTO_TEST_CASE(foreground_cycle_unblocks_before_deleting) {
  garbage_collector gc;
  auto a = obj("ReplicaSet", "a", "u-a");
  auto b = obj("ReplicaSet", "b", "u-b");
  auto c = obj("ReplicaSet", "c", "u-c");
  add(gc, a);
  add(gc, b, {owned_by(a)});
  gc.on_upsert(c, {owned_by(b)}, true, {"foregroundDeletion"});
  gc.on_upsert(a, {}, true, {"foregroundDeletion"});
  auto action = gc.decide("u-b", caches({"u-a", "u-b", "u-c"}));
  BOOST_TEST(action.propagation == "Foreground");
  BOOST_TEST(action.unblock_owner_references);
  api::ObjectMeta meta;
  *meta.add_owner_references() = owned_by(a, true);
  BOOST_TEST(!unblocked(meta.owner_references()).Get(0).block_owner_deletion());
}

BOOST_AUTO_TEST_CASE(orphan_removes_references_then_the_finalizer) {
  garbage_collector gc;
  auto rs = obj("ReplicaSet", "web", "u-rs");
  auto p1 = obj("Pod", "p1", "u-p1");
  auto p2 = obj("Pod", "p2", "u-p2");
  add(gc, rs);
  add(gc, p1, {owned_by(rs)});
  add(gc, p2, {owned_by(rs)});
  auto live = caches({"u-rs", "u-p1", "u-p2"});
  BOOST_TEST(gc.on_upsert(rs, {}, true, {"orphan"}) == uids{"u-rs"}, tt::per_element());
  auto orphan = gc.decide("u-rs", live);
  BOOST_TEST((orphan.kind == gc_action_kind::orphan_dependents));
  BOOST_REQUIRE_EQUAL(orphan.dependents.size(), 2u);
  BOOST_TEST((orphan.dependents[0] == p1));
  BOOST_TEST((orphan.dependents[1] == p2));
  // The dependents stay: never deleted while the owner orphans them.
  BOOST_TEST((gc.decide("u-p1", live).kind == gc_action_kind::none));

  BOOST_TEST(add(gc, p1) == uids{"u-rs"}, tt::per_element());
  BOOST_TEST(gc.decide("u-rs", live).dependents.size() == 1u);
  add(gc, p2);
  auto done = gc.decide("u-rs", live);
  BOOST_TEST((done.kind == gc_action_kind::remove_finalizer));
  BOOST_TEST(done.finalizer == "orphan");

  api::ObjectMeta meta;
  meta.add_finalizers("example.com/keep");
  meta.add_finalizers("orphan");
  auto left = without_finalizer(meta.finalizers(), done.finalizer);
  BOOST_TEST((finalizers(left.begin(), left.end()) == finalizers{"example.com/keep"}));
}

BOOST_AUTO_TEST_CASE(virtual_owner_becomes_real_and_keeps_its_dependents) {
  garbage_collector gc;
  auto rs = obj("ReplicaSet", "web", "u-rs");
  auto pod = obj("Pod", "p", "u-pod");
  add(gc, pod, {owned_by(rs)});
  const auto* owner = gc.graph().find("u-rs");
  BOOST_REQUIRE(owner);
  BOOST_TEST(!owner->observed);
  BOOST_TEST(owner->ref.kind == "ReplicaSet");
  BOOST_TEST((gc.decide("u-rs", caches({})).kind == gc_action_kind::none));

  add(gc, rs);
  owner = gc.graph().find("u-rs");
  BOOST_TEST(owner->observed);
  BOOST_TEST(owner->dependents.count("u-pod") == 1u);
  BOOST_TEST(gc.on_upsert(rs, {}, true, {"foregroundDeletion"}) == (uids{"u-pod", "u-rs"}),
             tt::per_element());
  BOOST_TEST(gc.graph().size() == 2u);
}

BOOST_AUTO_TEST_CASE(unlinking_collects_unreferenced_virtual_owners) {
  garbage_collector gc;
  auto a = obj("ReplicaSet", "a", "u-a");
  auto b = obj("ReplicaSet", "b", "u-b");
  auto pod = obj("Pod", "p", "u-pod");
  add(gc, pod, {owned_by(a)});
  add(gc, pod, {owned_by(b)});
  BOOST_TEST(gc.graph().find("u-a") == nullptr);
  BOOST_TEST(gc.graph().find("u-b")->dependents.count("u-pod") == 1u);
  BOOST_TEST(gc.graph().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
